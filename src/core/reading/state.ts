/** What the reading pass remembers between syncs (one KeyValueStore key): per book the shelf signal and properties last written, the finished-book notes it wrote, the library Base's hash. */
import type { KeyValueStore } from '../ports';
import { READING_PROPERTY_KEYS, type ReadingProperties } from './properties';

export const READING_STATE_KEY = 'reading';

export interface ReadingBookState {
  /** The shelf's readUpdateTime when the properties were last fetched; a different one means the reader read on. */
  readUpdateTime?: number;
  finished: boolean;
  props: ReadingProperties;
}

export interface ReadingState {
  version: 1;
  books: Record<string, ReadingBookState>;
  /** Notes written for finished books without highlights, by bookId → path, until the book gets notes. */
  finishedNotes: Record<string, string>;
  /** The library Base as last written by us: its path and the hash of its text (another hash: the reader edited it). */
  base?: { path: string; hash: string };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function propsOf(x: unknown): ReadingProperties | null {
  if (!isRecord(x)) return null;
  const out: ReadingProperties = {};
  for (const key of READING_PROPERTY_KEYS) {
    const value = x[key];
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) out[key] = value;
  }
  return out;
}

/** The stored state; anything damaged or of the wrong shape is dropped (losing it only costs requests). */
export async function loadReadingState(state: KeyValueStore): Promise<ReadingState> {
  const empty: ReadingState = { version: 1, books: {}, finishedNotes: {} };
  let raw: unknown;
  try {
    raw = JSON.parse((await state.get(READING_STATE_KEY)) ?? 'null');
  } catch {
    return empty;
  }
  if (!isRecord(raw) || raw.version !== 1) return empty;
  if (isRecord(raw.books))
    for (const [id, b] of Object.entries(raw.books)) {
      const props = isRecord(b) ? propsOf(b.props) : null;
      if (!isRecord(b) || props === null) continue;
      const time = typeof b.readUpdateTime === 'number' ? b.readUpdateTime : undefined;
      empty.books[id] = {
        ...(time !== undefined ? { readUpdateTime: time } : {}),
        finished: b.finished === true,
        props,
      };
    }
  if (isRecord(raw.finishedNotes))
    for (const [id, path] of Object.entries(raw.finishedNotes))
      if (typeof path === 'string' && path !== '') empty.finishedNotes[id] = path;
  const base = raw.base;
  if (isRecord(base) && typeof base.path === 'string' && typeof base.hash === 'string')
    empty.base = { path: base.path, hash: base.hash };
  return empty;
}

export async function saveReadingState(state: KeyValueStore, value: ReadingState): Promise<void> {
  await state.set(READING_STATE_KEY, JSON.stringify(value));
}
