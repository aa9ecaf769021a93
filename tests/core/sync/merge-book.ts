// A tiny WeRead library for randomized merge tests: chapters, highlights and thoughts, rendered by the real renderer.
import fc from 'fast-check';
import { assembleNotebook } from '../../../src/core/model/assemble';
import type { BookData, NotebookEntry } from '../../../src/core/model/notebook';
import { builtInTemplate, renderNote } from '../../../src/core/render';
import { DEFAULT_SETTINGS } from '../../../src/core/settings/settings';
import { readNote } from './merge-model';

export interface BookThought {
  reviewId: string;
  content: string;
}

export interface BookHighlight {
  /** WeRead bookmarkId (`7_<chapter>_<start>-<end>`); its block id is the same with '-' for '_'. */
  bookmarkId: string;
  chapterUid: number;
  start: number;
  text: string;
  /** Unix seconds; a change re-renders the `⏱` line. */
  time: number;
  thought?: BookThought;
}

export interface Book {
  chapters: number;
  highlights: BookHighlight[];
  /** Counter for fresh ids. */
  serial: number;
}

export const BOOK_ID = '7';
const settings = { ...DEFAULT_SETTINGS, timeZone: 'Asia/Shanghai' };
const template = builtInTemplate('default');

export const blockIdOf = (bookmarkId: string) => bookmarkId.replace(/_/g, '-');

export function renderBook(book: Book): string {
  const entry: NotebookEntry = {
    bookId: BOOK_ID,
    title: '随机书',
    bookType: 0,
    noteCount: book.highlights.length,
    reviewCount: book.highlights.filter((h) => h.thought).length,
    bookmarkCount: 0,
    sort: 1,
  };
  const range = (h: BookHighlight) => `${h.start}-${h.start + 5}`;
  const data: BookData = {
    info: { bookId: BOOK_ID, title: '随机书' },
    chapters: Array.from({ length: book.chapters }, (_, k) => ({
      chapterUid: k + 1,
      chapterIdx: k + 1,
      title: `第${k + 1}章`,
      level: 1,
    })),
    highlights: book.highlights.map((h) => ({
      bookmarkId: h.bookmarkId,
      chapterUid: h.chapterUid,
      range: range(h),
      markText: h.text,
      createTime: h.time,
      colorStyle: 1,
      style: 0,
    })),
    thoughts: book.highlights.flatMap((h) =>
      h.thought
        ? [
            {
              reviewId: h.thought.reviewId,
              type: 1,
              content: h.thought.content,
              abstract: h.text,
              range: range(h),
              chapterUid: h.chapterUid,
              createTime: h.time,
            },
          ]
        : [],
    ),
  };
  return renderNote(assembleNotebook(entry, data), template, settings);
}

/** A WeRead change, chosen by `pick` (a number the generator draws) from what the book has. */
export type WeReadChange = {
  kind: 'add' | 'delete' | 'edit-text' | 'edit-thought' | 'add-thought' | 'retime';
  pick: number;
};

export function applyWeReadChange(book: Book, change: WeReadChange): Book {
  const highlights = book.highlights.map((h) => ({ ...h, ...(h.thought ? { thought: { ...h.thought } } : {}) }));
  const next: Book = { chapters: book.chapters, highlights, serial: book.serial + 1 };
  const n = next.serial;
  const target = highlights.length ? highlights[change.pick % highlights.length] : undefined;
  if (change.kind === 'add' || !target) {
    const chapterUid = (change.pick % book.chapters) + 1;
    const start = (change.pick * 7 + n * 13) % 997;
    const bookmarkId = `${BOOK_ID}_${chapterUid}_${start}-${start + 5}`;
    if (!highlights.some((h) => h.bookmarkId === bookmarkId))
      highlights.push({ bookmarkId, chapterUid, start, text: `新划线${n}`, time: 1600000000 + n * 60 });
  } else if (change.kind === 'delete') highlights.splice(highlights.indexOf(target), 1);
  else if (change.kind === 'edit-text') target.text = `${target.text}改${n}`;
  else if (change.kind === 'retime') target.time += 3600;
  else if (change.kind === 'add-thought' || !target.thought)
    target.thought = { reviewId: `r${n}x${change.pick % 1000}`, content: `想法${n}` };
  else target.thought.content = `${target.thought.content}改${n}`;
  return next;
}

export function seedBook(sizes: number[]): Book {
  const highlights: BookHighlight[] = [];
  sizes.forEach((count, c) => {
    for (let k = 0; k < count; k++) {
      const start = 10 + k * 20;
      highlights.push({
        bookmarkId: `${BOOK_ID}_${c + 1}_${start}-${start + 5}`,
        chapterUid: c + 1,
        start,
        text: `原文${c + 1}.${k}`,
        time: 1600000000 + c * 1000 + k * 10,
        ...(k % 3 === 1 ? { thought: { reviewId: `t${c + 1}x${k}`, content: `旧想法${c + 1}.${k}` } } : {}),
      });
    }
  });
  return { chapters: sizes.length, highlights, serial: 0 };
}

export type ReaderEdit = {
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

/** The random runs of the merge properties: books of `chapters` chapters of up to `chapterSize` highlights, then rounds
 * of reader edits (every kind, column-0 text included) and WeRead changes (every kind), one sync after each round. */
export function runArbitrary(shape: {
  chapterSize: number;
  chapters: number;
  rounds: number;
  edits: number;
  changes: { min: number; max: number };
}) {
  const readerEdit = fc.record({
    kind: fc.constantFrom<ReaderEdit['kind']>(
      'subline',
      'rewrite',
      'rewrite-thought',
      'delete',
      'frontmatter',
      'note-end',
      'para',
      'chapter-end',
    ),
    pick: fc.nat(10000),
  });
  const weReadChange = fc.record({
    kind: fc.constantFrom<WeReadChange['kind']>('add', 'delete', 'edit-text', 'edit-thought', 'add-thought', 'retime'),
    pick: fc.nat(10000),
  });
  const round = fc.record({
    reader: fc.array(readerEdit, { maxLength: shape.edits }),
    weread: fc.array(weReadChange, { minLength: shape.changes.min, maxLength: shape.changes.max }),
  });
  return fc.record({
    sizes: fc.array(fc.integer({ min: 0, max: shape.chapterSize }), { minLength: 1, maxLength: shape.chapters }),
    rounds: fc.array(round, { minLength: 1, maxLength: shape.rounds }),
  });
}
