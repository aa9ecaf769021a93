/** The sync state's index in a KeyValueStore (one record per note, read on every sync), its per-note merge of two writers, and version 1's per-note keys. */
import type { KeyValueStore } from '../ports';

/**
 * What the last successful sync of a note saw and wrote; the notebook list is compared against it. A book's note is
 * keyed by its bookId; a 公众号 article's note (`articles: 'per-article'`) by `noteKey(bookId, articleId)` and
 * carries both ids.
 */
export interface BookRecord {
  /** The book's title, or the article's. */
  title: string;
  /** Article notes only: the account the article belongs to. */
  bookId?: string;
  /** Article notes only: the article (refMpInfos reviewId). */
  articleId?: string;
  /** Vault path of the note as last written or found. */
  path: string;
  sort: number;
  noteCount: number;
  reviewCount: number;
  /** NoteRenderer.fingerprint the base was rendered with. */
  rendererFingerprint: string;
  syncedAt: number;
  /** What was fetched for the note is kept in the state (a template change then re-renders it without a request). */
  data?: boolean;
  /** BookSource.fetchFingerprint of that fetch (absent: ''). */
  fetchFingerprint?: string;
  /** The reader deleted the note: it is not written again until restored (a sync of this book alone, or a forced one). */
  deleted?: boolean;
}

/** The per-note key: the rendering the note was last synced from (the merge base) and its block ids. */
export interface BookBase {
  /** The note key (`noteKey`): the bookId for a book's note. */
  bookId: string;
  record: BookRecord;
  base: string;
  ids: string[];
}

/**
 * A 公众号 account synced one note per article: the account's change signals (its notebook-list entry) as last
 * synced, and the articles that had notes then (articles missing from it are vanished).
 */
export interface AccountRecord {
  title: string;
  sort: number;
  noteCount: number;
  reviewCount: number;
  rendererFingerprint: string;
  articleIds: string[];
  syncedAt: number;
}

export interface StateIndex {
  /** 1: one key per note beside the index (migrated on load); 2: the compact state (state-store.ts). */
  version: number;
  /** One record per note, by note key. */
  books: Record<string, BookRecord>;
  /** Accounts synced per article, by bookId. */
  accounts?: Record<string, AccountRecord>;
}

export const INDEX_KEY = 'index';

/** The key of a note in the index: the bookId, or `${bookId}#${articleId}` for a 公众号 article's own note. */
export function noteKey(bookId: string, articleId?: string): string {
  return articleId === undefined ? bookId : `${bookId}#${articleId}`;
}

export function bookKey(bookId: string): string {
  return `book-${bookId}`;
}

function parse<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    // A damaged state file is as good as none: losing state is safe.
    return null;
  }
}

export async function loadIndex(state: KeyValueStore): Promise<StateIndex> {
  return parseIndex(await state.get(INDEX_KEY)) ?? { version: 1, books: {} };
}

/** An index's text as a checked index (records of the wrong shape dropped), or null when it is none. */
export function parseIndex(text: string | null): StateIndex | null {
  const index = parse<StateIndex>(text);
  if (!index || (index.version !== 1 && index.version !== 2) || typeof index.books !== 'object' || index.books === null)
    return null;
  // A record of the wrong shape (hand edit, an older version, a bad merge of a synced folder) is dropped, not trusted:
  // that book is simply treated as never synced, which is safe.
  const books: Record<string, BookRecord> = {};
  for (const [key, record] of Object.entries(index.books)) if (isBookRecord(record)) books[key] = record;
  const accounts: Record<string, AccountRecord> = {};
  if (typeof index.accounts === 'object' && index.accounts !== null)
    for (const [key, record] of Object.entries(index.accounts)) if (isAccountRecord(record)) accounts[key] = record;
  return Object.keys(accounts).length ? { version: 1, books, accounts } : { version: 1, books };
}

/**
 * Two writers' indexes as one, record by record (notes, and accounts as `account:<bookId>`): a record only one has is
 * kept; of two, the later sync (syncedAt) wins, and on a tie the one `mine` changed. So two devices writing one state
 * folder keep each other's notes: last writer wins per note, not per file.
 */
export function mergeIndexes(onDisk: StateIndex, mine: StateIndex, changedByMe: (key: string) => boolean): StateIndex {
  const pick = <T extends { syncedAt: number }>(key: string, theirs: T | undefined, ours: T): T =>
    theirs !== undefined &&
    (theirs.syncedAt > ours.syncedAt || (theirs.syncedAt === ours.syncedAt && !changedByMe(key)))
      ? theirs
      : ours;
  const books: Record<string, BookRecord> = { ...onDisk.books };
  for (const [key, record] of Object.entries(mine.books)) books[key] = pick(key, onDisk.books[key], record);
  const accounts: Record<string, AccountRecord> = { ...onDisk.accounts };
  for (const [key, record] of Object.entries(mine.accounts ?? {}))
    accounts[key] = pick(`account:${key}`, onDisk.accounts?.[key], record);
  return Object.keys(accounts).length ? { version: mine.version, books, accounts } : { version: mine.version, books };
}

function isSignals(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.title === 'string' &&
    typeof r.sort === 'number' &&
    typeof r.noteCount === 'number' &&
    typeof r.reviewCount === 'number' &&
    typeof r.rendererFingerprint === 'string'
  );
}

function isBookRecord(x: unknown): x is BookRecord {
  return isSignals(x) && typeof x.path === 'string' && x.path !== '';
}

function isAccountRecord(x: unknown): x is AccountRecord {
  return isSignals(x) && Array.isArray(x.articleIds) && x.articleIds.every((id) => typeof id === 'string');
}

export async function saveIndex(state: KeyValueStore, index: StateIndex): Promise<void> {
  await state.set(INDEX_KEY, JSON.stringify(index));
}

/** The version-1 per-note key (one file per note); only state-store.ts's migration reads these now. */
export async function saveBookBase(state: KeyValueStore, base: BookBase): Promise<void> {
  await state.set(bookKey(base.bookId), JSON.stringify(base));
}

/** A fast 53-bit string hash (cyrb53), as 14 hex digits; enough to notice changed data, never used for security. */
export function hashText(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
