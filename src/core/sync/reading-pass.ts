/**
 * The reading pass, run after the note sync: asks the shelf once, refreshes the reading properties of exactly the
 * books read since the last sync (one progress request each), writes notes for finished books without highlights,
 * and writes the library Base once. It edits only its own frontmatter keys; the reader's keys and text stay.
 */
import { assembleNotebook } from '../model/assemble';
import type { BookInfo, NotebookEntry } from '../model/notebook';
import type { KeyValueStore, NoteStore } from '../ports';
import { setFrontmatterLines, frontmatterLinesOf } from '../reading/frontmatter-keys';
import { libraryBasePath, libraryBaseText } from '../reading/library-base';
import {
  READING_PROPERTY_KEYS,
  propertyLines,
  readingProperties,
  sameProperties,
  type ReadingProperties,
} from '../reading/properties';
import type { LibraryBaseOutcome, ReadingPassReport } from '../reading/report';
import { loadReadingState, saveReadingState, type ReadingState } from '../reading/state';
import { resolveTimeZone } from '../render/filters';
import type { Settings } from '../settings/settings';

import { redact } from '../weread/redact';
import type { ReadingInfo, ShelfBook } from '../weread/schemas';
import type { NoteRenderer } from './engine';
import { noteKeyOf } from './identity';
import { normalizeNewlines } from './merge';
import type { SyncReport } from './report';
import { hashText, loadIndex } from './state';

/** The WeRead calls the pass makes (the client implements them). */
export interface ReadingSource {
  fetchShelf(): Promise<ShelfBook[]>;
  fetchReadingInfo(bookId: string): Promise<ReadingInfo>;
  fetchBookInfo(entry: NotebookEntry): Promise<BookInfo>;
}

export interface ReadingPassDeps {
  source: ReadingSource;
  renderer: NoteRenderer;
  store: NoteStore;
  state: KeyValueStore;
  settings: Settings;
  /** The note sync's report: which books are listed (have notes) and which notes it just wrote. */
  synced: SyncReport;
  onlyBookIds?: string[];
  /** Progress requests in flight at most (the client paces them anyway). */
  concurrency?: number;
}

const errorText = (e: unknown): string => redact(e instanceof Error ? e.message : String(e));

function isAccount(bookId: string, type?: number): boolean {
  return type === 3 || bookId.startsWith('MP_WXS_');
}

function matches(list: readonly string[], book: ShelfBook): boolean {
  return list.some((x) => x === book.bookId || x === book.title);
}

function entryOf(book: ShelfBook): NotebookEntry {
  return {
    bookId: book.bookId,
    title: book.title ?? book.bookId,
    ...(book.author !== undefined ? { author: book.author } : {}),
    ...(book.cover !== undefined ? { cover: book.cover } : {}),
    bookType: book.type ?? 0,
    noteCount: 0,
    reviewCount: 0,
    bookmarkCount: 0,
    sort: 0,
  };
}

/** Runs `task` over `items` with at most `size` at once. */
async function pool<T>(items: readonly T[], size: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
}

/** Writes the properties into the note at `path` when they differ from what it holds; true when it wrote. */
async function writeProperties(store: NoteStore, path: string, props: ReadingProperties): Promise<boolean | null> {
  const text = await store.read(path);
  if (text === null) return null;
  const lines = propertyLines(props);
  const current = frontmatterLinesOf(text, READING_PROPERTY_KEYS);
  if ([...lines].every(([key, line]) => current.get(key) === line)) return false;
  // `text` is what we edited: a note the reader saved meanwhile is not overwritten (it is updated next time).
  await store.write(path, setFrontmatterLines(text, lines), text);
  return true;
}

/** The pass; never throws for one book (that book is reported and retried next sync). Writes nothing in a dry run. */
export async function runReadingPass(deps: ReadingPassDeps): Promise<ReadingPassReport | undefined> {
  const { settings, store, state } = deps;
  const wantShelf = settings.readingProperties || settings.finishedWithoutNotes;
  if (!wantShelf && !settings.libraryBase) return undefined;
  const report: ReadingPassReport = { shelfBooks: 0, refreshed: 0, updated: [], created: [], failed: [] };
  const rs = await loadReadingState(state);
  if (wantShelf) await refreshFromShelf(deps, rs, report);
  if (settings.libraryBase && !deps.onlyBookIds) report.base = await ensureLibraryBase(store, rs, settings.folder);
  await saveReadingState(state, rs);
  return report;
}

async function refreshFromShelf(deps: ReadingPassDeps, rs: ReadingState, report: ReadingPassReport): Promise<void> {
  const { settings, store, state, source, renderer } = deps;
  const timeZone = resolveTimeZone(settings.timeZone);
  let shelf: ShelfBook[];
  try {
    shelf = await source.fetchShelf();
  } catch (e) {
    report.error = errorText(e);
    return;
  }
  report.shelfBooks = shelf.length;
  const index = await loadIndex(state);
  const listed = new Set(deps.synced.books.map((b) => b.bookId));
  const written = new Set(
    deps.synced.books.filter((b) => b.status === 'created' || b.status === 'updated').map((b) => b.bookId),
  );
  const only = deps.onlyBookIds ? new Set(deps.onlyBookIds) : null;
  // A finished book's note that got highlights is a normal note now: the sync owns it.
  for (const id of Object.keys(rs.finishedNotes)) if (index.books[id]) delete rs.finishedNotes[id];

  const propsFor = async (book: ShelfBook, myRatingOf: () => Promise<string | number | undefined>) => {
    const info = await source.fetchReadingInfo(book.bookId);
    report.refreshed++;
    return readingProperties({ shelf: book, info, myRating: await myRatingOf(), timeZone });
  };
  const cachedRating = async (book: ShelfBook) => {
    try {
      return (await source.fetchBookInfo(entryOf(book))).myRating;
    } catch {
      return undefined; // the rating is a nicety: a book's details failing never holds its progress back
    }
  };

  const refresh: Array<{ book: ShelfBook; path: string }> = [];
  const finished: ShelfBook[] = [];
  for (const book of shelf) {
    if ((only && !only.has(book.bookId)) || isAccount(book.bookId, book.type)) continue;
    const path = index.books[book.bookId]?.path ?? rs.finishedNotes[book.bookId];
    if (path !== undefined) {
      if (settings.readingProperties || rs.finishedNotes[book.bookId] !== undefined) refresh.push({ book, path });
      continue;
    }
    const wanted =
      settings.finishedWithoutNotes &&
      book.finished &&
      !listed.has(book.bookId) &&
      !matches(settings.excludeBooks, book) &&
      (settings.includeBooks.length === 0 || matches(settings.includeBooks, book));
    if (wanted && !only) finished.push(book);
  }

  await pool(refresh, deps.concurrency ?? 4, async ({ book, path }) => {
    const saved = rs.books[book.bookId];
    const readOn = !saved || saved.readUpdateTime !== book.readUpdateTime || saved.finished !== book.finished;
    // Nothing read and the note not rewritten by the sync: not even read from the vault.
    if (!readOn && !written.has(book.bookId)) return;
    try {
      const props = readOn ? await propsFor(book, () => cachedRating(book)) : saved.props;
      const wrote = await writeProperties(store, path, props);
      if (wrote) report.updated.push(path);
      if (readOn || !sameProperties(saved.props, props))
        rs.books[book.bookId] = { readUpdateTime: book.readUpdateTime, finished: book.finished, props };
    } catch (e) {
      report.failed.push({ bookId: book.bookId, error: errorText(e) });
    }
  });

  for (const book of finished) {
    try {
      const entry = entryOf(book);
      const info = await source.fetchBookInfo(entry);
      const props = await propsFor(book, async () => info.myRating);
      const notebook = assembleNotebook(entry, { info, highlights: [], thoughts: [], chapters: [] });
      const rendered = normalizeNewlines(renderer.render(notebook));
      const path = await freePath(store, renderer.target(notebook), book.bookId);
      if (path.existing === null)
        await store.write(path.path, setFrontmatterLines(rendered, propertyLines(props)), null);
      else await writeProperties(store, path.path, props);
      // No merge base is kept: when highlights arrive, the sync finds this note by its bookId and adopts it (insert
      // only, the reader's lines stay), and from then on it merges like any other note.
      rs.finishedNotes[book.bookId] = path.path;
      rs.books[book.bookId] = { readUpdateTime: book.readUpdateTime, finished: book.finished, props };
      if (path.existing === null) report.created.push(path.path);
    } catch (e) {
      report.failed.push({ bookId: book.bookId, error: errorText(e) });
    }
  }
}

/** The note's path: the template's name, else `name (bookId)`…; an existing note of this very book is taken as it is. */
async function freePath(
  store: NoteStore,
  target: { folder: string; fileName: string },
  bookId: string,
): Promise<{ path: string; existing: string | null }> {
  const folder = target.folder.replace(/^\/+|\/+$/g, '');
  for (let n = 0; ; n++) {
    const name =
      n === 0 ? target.fileName : n === 1 ? `${target.fileName} (${bookId})` : `${target.fileName} (${bookId}) ${n}`;
    const path = folder ? `${folder}/${name}.md` : `${name}.md`;
    const existing = await store.read(path);
    if (existing === null || noteKeyOf(existing) === bookId) return { path, existing };
  }
}

/** Writes the Base once; afterwards only while the reader has not edited it (its hash is still ours). */
async function ensureLibraryBase(store: NoteStore, rs: ReadingState, folder: string): Promise<LibraryBaseOutcome> {
  const path = libraryBasePath(folder);
  const text = libraryBaseText(folder);
  const existing = await store.read(path);
  const ours = rs.base?.path === path ? rs.base : undefined;
  if (!ours) {
    // A file we did not record is the reader's (or a lost state's): never overwritten.
    if (existing !== null) {
      if (existing === text) rs.base = { path, hash: hashText(text) };
      return existing === text ? 'unchanged' : 'kept';
    }
    await store.write(path, text, null);
    rs.base = { path, hash: hashText(text) };
    return 'created';
  }
  // Deleted or edited by the reader: theirs (the command re-creates it).
  if (existing === null || hashText(existing) !== ours.hash) return 'kept';
  if (existing === text) return 'unchanged';
  await store.write(path, text, existing);
  rs.base = { path, hash: hashText(text) };
  return 'updated';
}

/** The command "Re-create library base": writes the Base afresh, whatever the file holds, and owns it again. */
export async function recreateLibraryBase(store: NoteStore, state: KeyValueStore, folder: string): Promise<string> {
  const rs = await loadReadingState(state);
  const path = libraryBasePath(folder);
  const text = libraryBaseText(folder);
  await store.write(path, text);
  rs.base = { path, hash: hashText(text) };
  await saveReadingState(state, rs);
  return path;
}
