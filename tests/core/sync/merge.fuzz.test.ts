// Randomized merge test against the outcome model (merge-model.ts): random reader edits × random WeRead changes, several
// sync rounds per run, through the real renderer and the real merge. FUZZ_RUNS / FUZZ_SEED scale and replay it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeNote } from '../../../src/core/sync/merge';
import { applyWeReadChange, renderBook, seedBook, type WeReadChange } from './merge-book';
import { expectedOutcome, readNote, violations } from './merge-model';

type ReaderEdit = {
  kind: 'subline' | 'para' | 'rewrite' | 'rewrite-thought' | 'delete' | 'frontmatter' | 'chapter-end' | 'note-end';
  pick: number;
};

/** Applies one reader edit to the note text; `n` makes every typed line unique. */
export function applyReaderEdit(text: string, edit: ReaderEdit, n: number): string {
  const lines = text.split('\n');
  const note = readNote(text);
  const ids = note.order;
  const startOf = (id: string) =>
    lines.findIndex(
      (l) => (/^\S/.test(l) && l.endsWith(`^${id}`)) || (/^\S/.test(l) && new RegExp(`\\s\\^${id}\\s*$`).test(l)),
    );
  const endOf = (start: number) => {
    let e = start + 1;
    while (e < lines.length && /^\s+\S/.test(lines[e] ?? '')) e++;
    return e;
  };
  const id = ids.length ? ids[edit.pick % ids.length] : undefined;
  const start = id === undefined ? -1 : startOf(id);
  switch (edit.kind) {
    case 'subline':
      if (start >= 0) lines.splice(endOf(start), 0, `    - 读者补充${n}`);
      break;
    case 'para':
      if (start >= 0) lines.splice(endOf(start), 0, '', `读者段落${n}`);
      break;
    case 'rewrite':
      if (start >= 0) lines[start] = (lines[start] ?? '').replace(/^- (📌 )?/, (m) => `${m}读者改${n} `);
      break;
    case 'rewrite-thought': {
      if (start < 0) break;
      const end = endOf(start);
      for (let k = start + 1; k < end; k++)
        if ((lines[k] ?? '').startsWith('    - 💭')) lines[k] = `    - 💭 读者想法${n}`;
      break;
    }
    case 'delete':
      if (start >= 0) lines.splice(start, endOf(start) - start);
      break;
    case 'frontmatter': {
      const close = lines.indexOf('---', 1);
      if (close > 0) lines.splice(close, 0, `reader${n}: 读者键${n}`);
      break;
    }
    case 'chapter-end': {
      const headings = lines.map((l, k) => (/^## /.test(l) ? k : -1)).filter((k) => k > 0);
      const at = headings.length ? (headings[edit.pick % headings.length] ?? lines.length) : lines.length;
      lines.splice(at, 0, '', `读者章末${n}`);
      break;
    }
    case 'note-end':
      lines.splice(lines.length - 1, 0, '', `读者结尾${n}`);
      break;
  }
  return lines.join('\n');
}

const readerEditArb = fc.record({
  kind: fc.constantFrom<ReaderEdit['kind']>(
    'subline',
    'para',
    'rewrite',
    'rewrite-thought',
    'delete',
    'frontmatter',
    'chapter-end',
    'note-end',
  ),
  pick: fc.nat(10000),
});
const weReadChangeArb = fc.record({
  kind: fc.constantFrom<WeReadChange['kind']>('add', 'delete', 'edit-text', 'edit-thought', 'add-thought', 'retime'),
  pick: fc.nat(10000),
});
const roundArb = fc.record({
  reader: fc.array(readerEditArb, { maxLength: 3 }),
  weread: fc.array(weReadChangeArb, { maxLength: 3 }),
});
const runArb = fc.record({
  sizes: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }),
  rounds: fc.array(roundArb, { minLength: 1, maxLength: 5 }),
});

const RUNS = Number(process.env.FUZZ_RUNS ?? 600);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

describe('merge against the outcome model', () => {
  it(`holds over ${RUNS} random runs of several sync rounds`, () => {
    let rounds = 0;
    fc.assert(
      fc.property(runArb, ({ sizes, rounds: plan }) => {
        let book = seedBook(sizes);
        let base = renderBook(book);
        let file = base;
        let n = 0;
        for (const round of plan) {
          for (const edit of round.reader) file = applyReaderEdit(file, edit, ++n);
          for (const change of round.weread) book = applyWeReadChange(book, change);
          const incoming = renderBook(book);
          const result = mergeNote({ base, reader: file, incoming });
          const problems = violations(expectedOutcome(base, file, incoming), result.text, result.conflicts);
          const show = () => `base:\n${base}\n\nreader:\n${file}\n\nincoming:\n${incoming}\n\nmerged:\n${result.text}`;
          if (problems.length) throw new Error(`${problems.join('\n')}\n\n${show()}`);
          // A sync with nothing new changes nothing.
          const again = mergeNote({ base: incoming, reader: result.text, incoming }).text;
          if (again !== result.text) throw new Error(`a sync with nothing new changed the note:\n${again}\n\n${show()}`);
          base = incoming;
          file = result.text;
          rounds++;
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
    expect(rounds).toBeGreaterThan(RUNS);
  });
});
