/** The sync state in a KeyValueStore: a small index (one record per book) read on every sync, and one key per book holding the merge base. */
import type { KeyValueStore } from '../ports';

/** What the last successful sync of a book saw and wrote; the notebook list is compared against it. */
export interface BookRecord {
  title: string;
  /** Vault path of the note as last written or found. */
  path: string;
  sort: number;
  noteCount: number;
  reviewCount: number;
  /** Hash of the fetched Notebook: a refetch that brings the same data renders nothing. */
  dataHash: string;
  /** NoteRenderer.fingerprint the base was rendered with. */
  rendererFingerprint: string;
  syncedAt: number;
}

/** The per-book key: the rendering the note was last synced from (the merge base) and its block ids. */
export interface BookBase {
  bookId: string;
  record: BookRecord;
  base: string;
  ids: string[];
}

export interface StateIndex {
  version: 1;
  books: Record<string, BookRecord>;
}

export const INDEX_KEY = 'index';

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
  const index = parse<StateIndex>(await state.get(INDEX_KEY));
  if (!index || index.version !== 1 || typeof index.books !== 'object' || index.books === null)
    return { version: 1, books: {} };
  return index;
}

export async function saveIndex(state: KeyValueStore, index: StateIndex): Promise<void> {
  await state.set(INDEX_KEY, JSON.stringify(index));
}

export async function loadBookBase(state: KeyValueStore, bookId: string): Promise<BookBase | null> {
  const b = parse<BookBase>(await state.get(bookKey(bookId)));
  if (!b || b.bookId !== bookId || typeof b.base !== 'string' || !Array.isArray(b.ids) || !b.record) return null;
  return b;
}

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
