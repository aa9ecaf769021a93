// A vault as the older WeRead plugin (obsidian-weread-plugin) leaves it: notes of its three themes and of a custom template without bookId, anywhere, plus its data.json.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

const golden = (name: string) => readFileSync(new URL(`../golden/${name}.md`, import.meta.url), 'utf8');

/** A line the reader wrote in a note; it must survive every sync. */
export const READER_LINE = '我自己的读后感：这一段要再读一遍。';

/** One note of the older plugin: where it lies, the book it names and its text. */
export interface OlderNote {
  path: string;
  bookId: string;
  text: string;
  /** The noteCount the fresh rendering carries (the note itself says a stale one); absent from a theme without it. */
  noteCount?: number;
}

/** The note with a stale noteCount (WeRead got more highlights since) and a reader's line after its first block. */
function aged(text: string): { text: string; noteCount?: number } {
  const count = /\nnoteCount: (\d+)\n/.exec(text)?.[1];
  const noteCount = count === undefined ? undefined : Number(count);
  const stale = text.replace(/\nnoteCount: \d+\n/, '\nnoteCount: 1\n');
  const firstBlock = stale.indexOf('\n', stale.search(/ \^[A-Za-z0-9-]+\n/) + 1);
  const withLine = `${stale.slice(0, firstBlock + 1)}${READER_LINE}\n${stale.slice(firstBlock + 1)}`;
  return noteCount === undefined ? { text: withLine } : { text: withLine, noteCount };
}

/**
 * What a custom template of the older plugin writes: its own frontmatter without bookId, to which the older plugin
 * added `doc_type` and `bookId` itself (as it did for every note).
 */
function customTemplate(text: string, bookId: string): string {
  const body = text.slice(text.indexOf('\n---\n') + 5);
  const count = /\nnoteCount: \d+\n/.exec(text)![0];
  return `---\ndoc_type: weread-highlights-reviews\nbookId: "${bookId}"${count}---\n# 我的读书笔记\n\n${body}`;
}

/** The older plugin's notes: at the vault root, in its folder `读书/` and in the reader's own sub-folders. */
export function olderPluginNotes(): OlderNote[] {
  const notes: Array<{ path: string; bookId: string; source: string }> = [
    { path: 'Python深度学习.md', bookId: '26211849', source: golden('26211849.default') },
    { path: '读书/深入理解计算机系统.md', bookId: '822273', source: golden('edge-chapters.separated') },
    {
      path: '读书/我的分类/技术/很多想法.md',
      bookId: '3300089819',
      source: golden('edge-many-thoughts.weread-export'),
    },
    { path: '书房/想法.md', bookId: '811795', source: customTemplate(golden('edge-thoughts.default'), '811795') },
  ];
  return notes.map(({ path, bookId, source }) => ({ path, bookId, ...aged(source) }));
}

/** The older plugin's data.json: its notes under `读书/`, named by title, no sub-folders. */
export const OLDER_PLUGIN_DATA = {
  noteLocation: '读书',
  fileNameType: 'BOOK_NAME',
  subFolderType: '-1',
  noteCountLimit: -1,
  saveArticleToggle: true,
  showEmptyChapterTitleToggle: false,
};

/** Block ids in a note (without `^`). */
export function blockIds(text: string): string[] {
  return [...text.matchAll(/ \^([A-Za-z0-9-]+)$/gm)].map((m) => m[1]!);
}

/**
 * Checks a switch from the older plugin, given the vault's Markdown files (path → text) before and after the first
 * sync: one note per book; each older note adopted where it lies with its block ids, the reader's line and a fresh
 * noteCount; every new book's note under the older plugin's folder `读书/`. Returns the notes the sync created.
 */
export function expectOlderNotesAdopted(before: Map<string, string>, after: Map<string, string>): string[] {
  const older = olderPluginNotes();
  const byBook = new Map<string, string[]>();
  for (const [file, text] of after) {
    const id = /\nbookId: "?([^"\n]+)"?\n/.exec(text)?.[1];
    if (id) byBook.set(id, [...(byBook.get(id) ?? []), file]);
  }
  for (const [id, files] of byBook) expect(files, id).toHaveLength(1);
  for (const note of older) {
    expect(byBook.get(note.bookId)).toEqual([note.path]);
    const text = after.get(note.path)!;
    for (const id of blockIds(note.text)) expect(text, `${note.path} ^${id}`).toContain(`^${id}\n`);
    expect(text).toContain(READER_LINE);
    if (note.noteCount !== undefined) expect(text).toContain(`\nnoteCount: ${note.noteCount}\n`);
  }
  const created = [...after.keys()].filter((f) => !before.has(f));
  expect(created.length).toBe(byBook.size - older.length);
  for (const file of created) expect(file.startsWith('读书/'), file).toBe(true);
  return created;
}
