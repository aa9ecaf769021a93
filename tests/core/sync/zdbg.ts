import { mergeNote } from '../../../src/core/sync/merge';
import { applyWeReadChange, renderBook, seedBook } from './merge-book';
import { applyReaderEdit } from './merge-book';
const run = JSON.parse(process.argv[2]!);
let book = seedBook(run.sizes); let base = renderBook(book); let file = base; let n = 0;
for (const round of run.rounds) {
  for (const e of round.reader) file = applyReaderEdit(file, e, ++n);
  for (const c of round.weread) book = applyWeReadChange(book, c);
  const incoming = renderBook(book);
  const r = mergeNote({ base, reader: file, incoming });
  const cut = (t: string) => t.slice(t.indexOf('# 高亮划线'));
  console.log('=== READER\n' + cut(file) + '\n=== INCOMING\n' + cut(incoming) + '\n=== MERGED ' + JSON.stringify(r.conflicts) + '\n' + cut(r.text));
  base = incoming; file = r.text;
}
