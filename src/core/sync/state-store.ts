/**
 * The compact sync state: one index key and a few data shards, whatever the library size. A shard keeps, per note,
 * what was fetched for it (packed) and the fingerprint it was rendered with, so the merge base is re-rendered, not
 * stored, and a template change re-renders without a request. Shards are written before the index, each whole
 * (the stores replace a key atomically), so a crash at any point leaves a state that loads. Shards and recipes are
 * written compressed where the store offers it (KeyValueStore.setCompressed); plain ones, older states', still load.
 */
import type { Notebook } from '../model/notebook';
import type { KeyValueStore } from '../ports';
import { fullNotebook, keptNotebook } from './fetched-data';
import { blockIdsOf } from './merge';
import { pack, unpack } from './pack';
import { INDEX_KEY, bookKey, hashText, loadIndex, type BookBase, type BookRecord, type StateIndex } from './state';

/** The persisted index's version; version 1 (one key per note) is migrated on load. */
export const STATE_VERSION = 2;
/** Notes are spread over this many data keys; a flush rewrites only the shards that changed. */
export const SHARD_COUNT = 8;
/** How the data of one renderer is kept, so a base rendered by a template no longer active can be re-rendered. */
export const RENDERERS_KEY = 'renderers';

export function shardKey(i: number): string {
  return `data-${i}`;
}

function shardOf(noteKey: string): number {
  return parseInt(hashText(noteKey).slice(-4), 16) % SHARD_COUNT;
}

/** One note's entry in a shard: the fetched notebook it was last rendered from, or (migrated) the base text itself. */
interface StoredNote {
  /** The note's path when it was written. */
  p: string;
  /** NoteRenderer.fingerprint it was rendered with. */
  f: string;
  /** The packed notebook (absent in an entry migrated from version 1). */
  n?: unknown;
  /** Hash of the rendering: a re-rendering that differs (a renderer changed under the same fingerprint) is no base. */
  h?: string;
  /** Version 1's base text, kept until the note is next synced. */
  b?: string;
}

/** Renders a stored notebook as the renderer with that fingerprint did, or null when it is not known any more. */
export type RenderWith = (fingerprint: string, notebook: Notebook) => string | null;

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    // A damaged shard is as good as none: losing state is safe (its notes merge insert-only).
    return null;
  }
}

function isStoredNote(x: unknown): x is StoredNote {
  const r = x as Partial<StoredNote> | null;
  return typeof r === 'object' && r !== null && typeof r.p === 'string' && typeof r.f === 'string';
}

/** The sync state of one vault, loaded once per run. */
export class SyncState {
  /**
   * Loaded shards, each entry kept as its JSON text: a parsed notebook takes several times the memory of its text, and
   * a sync touches each entry once or twice, so entries are parsed on use (memory stays near the state's JSON size).
   */
  private readonly shards = new Map<number, Promise<Map<string, string>>>();
  private readonly dirtyShards = new Set<number>();
  private indexDirty = false;
  private renderersDirty = false;

  private constructor(
    private readonly kv: KeyValueStore,
    readonly index: StateIndex,
    /** Renderer recipes (NoteRenderer.recipe) by fingerprint. */
    readonly renderers: Record<string, string>,
  ) {}

  /** Loads the index; a version-1 state (index + one key per note) is migrated into shards and its keys deleted. */
  static async load(kv: KeyValueStore, opts: { readOnly?: boolean } = {}): Promise<SyncState> {
    const raw = parseObject(await kv.get(INDEX_KEY));
    const index = await loadIndex(kv);
    const renderers = parseObject(await kv.get(RENDERERS_KEY)) ?? {};
    const recipes: Record<string, string> = {};
    for (const [fp, recipe] of Object.entries(renderers)) if (typeof recipe === 'string') recipes[fp] = recipe;
    const state = new SyncState(kv, index, recipes);
    if (raw?.version === 1 && Object.keys(index.books).length) await state.migrate(!opts.readOnly);
    return state;
  }

  /** Moves version 1's per-note keys into shards; read-only (a dry run), only in memory. */
  private async migrate(write: boolean): Promise<void> {
    for (const key of Object.keys(this.index.books)) {
      const old = parseObject(await this.kv.get(bookKey(key)));
      const base = old?.base;
      const record = old?.record as BookRecord | undefined;
      if (old?.bookId !== key || typeof base !== 'string' || !record) continue;
      const stored: StoredNote = { p: record.path, f: record.rendererFingerprint, b: base };
      (await this.shard(shardOf(key))).set(key, JSON.stringify(stored));
      this.dirtyShards.add(shardOf(key));
    }
    this.indexDirty = true;
    if (!write) return;
    await this.flush();
    // Only once the new state is written are the old keys removed: a crash in between migrates again.
    for (const key of Object.keys(this.index.books)) await this.kv.delete(bookKey(key));
  }

  private shard(i: number): Promise<Map<string, string>> {
    let shard = this.shards.get(i);
    if (!shard) {
      shard = this.kv.get(shardKey(i)).then((text) => {
        const entries = new Map<string, string>();
        for (const [key, value] of Object.entries(parseObject(text) ?? {})) entries.set(key, JSON.stringify(value));
        return entries;
      });
      this.shards.set(i, shard);
    }
    return shard;
  }

  /** A shard's JSON text from its entries' texts (the same document `JSON.stringify` of the object would give). */
  private async shardText(i: number): Promise<string> {
    const parts: string[] = [];
    for (const [key, value] of await this.shard(i)) parts.push(`${JSON.stringify(key)}:${value}`);
    return `{${parts.join(',')}}`;
  }

  private async stored(key: string): Promise<StoredNote | null> {
    const text = (await this.shard(shardOf(key))).get(key);
    const entry: unknown = text === undefined ? undefined : JSON.parse(text);
    return isStoredNote(entry) ? entry : null;
  }

  /** What was fetched for the note when it was last synced, or null. */
  async fetched(key: string): Promise<Notebook | null> {
    const entry = await this.stored(key);
    return entry?.n === undefined ? null : fullNotebook(unpack(entry.n));
  }

  /** The merge base of a note: its last rendering, re-rendered from what was fetched (or version 1's text). */
  async loadBookBase(key: string, renderWith: RenderWith): Promise<BookBase | null> {
    const entry = await this.stored(key);
    if (!entry) return null;
    let base = entry.b ?? null;
    if (base === null && entry.n !== undefined) {
      const rendered = renderWith(entry.f, fullNotebook(unpack(entry.n)));
      base = rendered !== null && hashText(rendered) === entry.h ? rendered : null;
    }
    if (base === null) return null;
    const record: BookRecord = this.index.books[key] ?? {
      title: '',
      path: entry.p,
      sort: 0,
      noteCount: 0,
      reviewCount: 0,
      rendererFingerprint: entry.f,
      syncedAt: 0,
    };
    return {
      bookId: key,
      record: { ...record, path: entry.p, rendererFingerprint: entry.f },
      base,
      ids: blockIdsOf(base),
    };
  }

  /** Records a note as synced: what was fetched for it, the hash of its rendering, and its index record. */
  async saveBookBase(base: BookBase & { notebook: Notebook; recipe?: string }): Promise<void> {
    const { record } = base;
    const entry: StoredNote = {
      p: record.path,
      f: record.rendererFingerprint,
      n: pack(keptNotebook(base.notebook)),
      h: hashText(base.base),
    };
    const i = shardOf(base.bookId);
    (await this.shard(i)).set(base.bookId, JSON.stringify(entry));
    this.dirtyShards.add(i);
    if (base.recipe !== undefined && this.renderers[record.rendererFingerprint] !== base.recipe) {
      this.renderers[record.rendererFingerprint] = base.recipe;
      this.renderersDirty = true;
    }
    this.index.books[base.bookId] = record;
    this.indexDirty = true;
  }

  markIndexDirty(): void {
    this.indexDirty = true;
  }

  /** Writes what changed: renderers, then shards, then the index (so the index never names data not written). */
  async flush(): Promise<void> {
    if (this.renderersDirty) {
      this.renderersDirty = false;
      await this.setLarge(RENDERERS_KEY, JSON.stringify(this.liveRenderers()));
    }
    for (const i of [...this.dirtyShards].sort()) {
      this.dirtyShards.delete(i);
      await this.setLarge(shardKey(i), await this.shardText(i));
    }
    if (this.indexDirty) {
      this.indexDirty = false;
      await this.kv.set(INDEX_KEY, JSON.stringify({ ...this.index, version: STATE_VERSION }));
    }
  }

  /**
   * Shards and recipes are most of the state: compressed where the store can (about a quarter of the JSON), plain
   * otherwise. The index stays plain JSON (small, and read by people and tools).
   */
  private setLarge(key: string, text: string): Promise<void> {
    return this.kv.setCompressed ? this.kv.setCompressed(key, text) : this.kv.set(key, text);
  }

  /** Recipes still named by a note (a template used once and replaced everywhere is forgotten). */
  private liveRenderers(): Record<string, string> {
    const live = new Set(Object.values(this.index.books).map((r) => r.rendererFingerprint));
    return Object.fromEntries(Object.entries(this.renderers).filter(([fp]) => live.has(fp)));
  }
}
