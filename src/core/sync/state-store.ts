/**
 * The compact sync state: one index key and a few data shards, whatever the library size. A shard keeps, per note,
 * what was fetched for it (packed) and the fingerprint it was rendered with, so the merge base is re-rendered, not
 * stored, and a template change re-renders without a request. Shards are written before the index, each whole
 * (the stores replace a key atomically), so a crash at any point leaves a state that loads. Shards and recipes are
 * written compressed where the store offers it (KeyValueStore.setCompressed); plain ones, older states', still load.
 * Memory stays near one shard: only the entries this run will read are held (released note by note), and what a
 * run saves is held only until it is written. Every write merges with what is on disk per note (the later sync of
 * a note wins), so two devices writing one state folder lose neither's notes (shard-entries.ts).
 */
import type { Notebook } from '../model/notebook';
import type { KeyValueStore } from '../ports';
import { fullNotebook, keptNotebook } from './fetched-data';
import { blockIdsOf, normalizeNewlines } from './merge';
import { pack, unpack } from './pack';
import { concatBytes, entryChunks, mergeEntries, splitEntries } from './shard-entries';
import { exclusively, Serial, setLarge, shardIndex } from './store-writes';
import {
  INDEX_KEY,
  bookKey,
  hashText,
  loadIndex,
  mergeIndexes,
  parseIndex,
  type AccountRecord,
  type BookBase,
  type BookRecord,
  type StateIndex,
} from './state';

/** The persisted index's version; version 1 (one key per note) is migrated on load. */
export const STATE_VERSION = 2;
/** Notes are spread over this many data keys; a flush rewrites only the shards that changed. */
export const SHARD_COUNT = 8;
/** How the data of one renderer is kept, so a base rendered by a template no longer active can be re-rendered. */
export const RENDERERS_KEY = 'renderers';

export function shardKey(i: number): string {
  return `data-${i}`;
}

/** The shard a note's entry is kept in. */
export function shardOf(noteKey: string): number {
  return shardIndex(noteKey, SHARD_COUNT);
}

/** One note's entry in a shard: the fetched notebook it was last rendered from, or (migrated) the base text itself. */
interface StoredNote {
  /** When it was written (ms; BookRecord.syncedAt): of two writers' entries for one note, the later is kept. */
  t?: number;
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

const UTF8 = new TextEncoder();
const TEXT = new TextDecoder();

/** The sync state of one vault, loaded once per run. */
export class SyncState {
  /**
   * Entries read from disk, by shard, each as its JSON text in UTF-8 bytes: a parsed notebook takes several times the
   * memory of its text (an entry is parsed when used), and bytes live outside the script heap, which the engine lets
   * grow to a few times what it holds. Only the entries of `wanted` notes are kept, each released once its note is
   * done, and a shard whose kept entries are all released is dropped.
   */
  private readonly loaded = new Map<number, Promise<Map<string, Uint8Array>>>();
  /** Entries this run saved and has not written yet (UTF-8 JSON), by shard. */
  private readonly pending = new Map<number, Map<string, Uint8Array>>();
  /** Notes whose entries this run will read (null: every note). */
  private wanted: Set<string> | null = null;
  /** Shards are read one after another, so that only one shard's whole text is decoded at a time. */
  private readonly reading = new Serial();
  /** Index records (notes, and accounts as `account:<bookId>`) this run changed. */
  private readonly touched = new Set<string>();
  private touchedAll = false;
  /** The entries of the notes in hand, parsed once (a re-rendered note reads its entry for its data and its base). */
  private readonly inHand = new Map<string, { entry: StoredNote | null; notebook?: Notebook }>();
  /** The packed data a notebook was read from: saved again unchanged, it is not packed (and checked) again. */
  private readonly packedOf = new WeakMap<Notebook, unknown>();
  private indexDirty = false;
  private renderersDirty = false;
  /** Flushes run one after another. */
  private readonly flushing = new Serial();

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
    const recipes = await readRecipes(kv);
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
      this.hold(key, { t: record.syncedAt, p: record.path, f: record.rendererFingerprint, b: base });
    }
    this.indexDirty = true;
    this.touchedAll = true;
    if (!write) return;
    await this.flush();
    // Only once the new state is written are the old keys removed: a crash in between migrates again.
    for (const key of Object.keys(this.index.books)) await this.kv.delete(bookKey(key));
  }

  /**
   * Names the notes whose entries this run will read (the notes it syncs); every other entry is left on disk rather
   * than held. A note not named is still found, by a read of its shard of its own.
   */
  expect(keys: Iterable<string>): void {
    this.wanted = new Set(keys);
  }

  /** The note is done with for this run: its entry read from disk is no longer held. */
  release(key: string): void {
    this.inHand.delete(key);
    const i = shardOf(key);
    const shard = this.loaded.get(i);
    if (!shard) return;
    // A shard that failed to load was reported by the read that awaited it.
    void shard.then(
      (entries) => {
        entries.delete(key);
        if (entries.size === 0 && this.loaded.get(i) === shard) this.loaded.delete(i);
      },
      () => undefined,
    );
    this.wanted?.delete(key);
  }

  /** A shard's UTF-8 JSON from the store, read after the shard read before it (one decoded shard at a time). */
  private readShard(i: number): Promise<Uint8Array | null> {
    return this.reading.run(() => this.shardBytes(shardKey(i)));
  }

  private async shardBytes(key: string): Promise<Uint8Array | null> {
    if (this.kv.getBytes && this.kv.setCompressedBytes) return this.kv.getBytes(key);
    const text = await this.kv.get(key);
    return text === null ? null : UTF8.encode(text);
  }

  /** The wanted entries of shard i, read once (the shard's text itself is not held). */
  private shard(i: number): Promise<Map<string, Uint8Array>> {
    let shard = this.loaded.get(i);
    if (!shard) {
      shard = this.readShard(i).then((bytes) => {
        const kept = new Map<string, Uint8Array>();
        // Copies, so that the shard's bytes are not held by the entries kept.
        for (const [key, entry] of splitEntries(bytes))
          if (!this.wanted || this.wanted.has(key)) kept.set(key, new Uint8Array(entry));
        return kept;
      });
      this.loaded.set(i, shard);
    }
    return shard;
  }

  /** The entry text of a note: this run's unwritten one, else what its shard holds on disk. */
  private async entryText(key: string): Promise<string | undefined> {
    const i = shardOf(key);
    const mine = this.pending.get(i)?.get(key);
    if (mine !== undefined) return TEXT.decode(mine);
    const entry =
      this.wanted && !this.wanted.has(key)
        ? splitEntries(await this.readShard(i)).get(key)
        : (await this.shard(i)).get(key);
    return entry === undefined ? undefined : TEXT.decode(entry);
  }

  private async stored(key: string): Promise<{ entry: StoredNote | null; notebook?: Notebook }> {
    const known = this.inHand.get(key);
    if (known) return known;
    const text = await this.entryText(key);
    let entry: StoredNote | null = null;
    try {
      const value: unknown = text === undefined ? null : JSON.parse(text);
      if (isStoredNote(value)) entry = value;
    } catch {
      // A damaged entry is as good as none: that note merges insert-only.
    }
    const parsed = { entry };
    this.inHand.set(key, parsed);
    return parsed;
  }

  /** The notebook an entry keeps (unpacked once per note in hand), or null. */
  private async notebookOf(key: string): Promise<{ entry: StoredNote | null; notebook: Notebook | null }> {
    const parsed = await this.stored(key);
    const packed = parsed.entry?.n;
    if (packed !== undefined && !parsed.notebook) {
      parsed.notebook = fullNotebook(unpack(packed));
      this.packedOf.set(parsed.notebook, packed);
    }
    return { entry: parsed.entry, notebook: parsed.notebook ?? null };
  }

  /** What was fetched for the note when it was last synced, or null. */
  async fetched(key: string): Promise<Notebook | null> {
    return (await this.notebookOf(key)).notebook;
  }

  /** Where the note was when it was last synced (no rendering), or undefined. */
  async keptPath(key: string): Promise<string | undefined> {
    return (await this.stored(key)).entry?.p;
  }

  /**
   * The merge base of a note: its last rendering, re-rendered from what was fetched (or version 1's text). When the
   * reader's file (`reader`) is still exactly that rendering (its hash), the file is the base and nothing is rendered:
   * most notes of a template change were never edited.
   */
  async loadBookBase(key: string, renderWith: RenderWith, reader?: string | null): Promise<BookBase | null> {
    const { entry, notebook } = await this.notebookOf(key);
    if (!entry) return null;
    let base = entry.b ?? null;
    if (base === null && reader != null && entry.h !== undefined) {
      const asWritten = normalizeNewlines(reader);
      if (hashText(asWritten) === entry.h) base = asWritten;
    }
    if (base === null && notebook) {
      const rendered = renderWith(entry.f, notebook);
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

  /** Holds a note's entry until the next flush (its `t` first, where a merge with another writer looks for it). */
  private hold(key: string, entry: StoredNote): void {
    const i = shardOf(key);
    let mine = this.pending.get(i);
    if (!mine) this.pending.set(i, (mine = new Map<string, Uint8Array>()));
    mine.set(key, UTF8.encode(JSON.stringify(entry)));
    // What was read for it is stale now; a later read finds this entry (held, or on disk once written).
    this.wanted ??= new Set(Object.keys(this.index.books));
    this.release(key);
  }

  /** Records a note as synced: what was fetched for it, the hash of its rendering, and its index record. */
  async saveBookBase(base: BookBase & { notebook: Notebook; recipe?: string }): Promise<void> {
    const { record } = base;
    this.hold(base.bookId, {
      t: record.syncedAt,
      p: record.path,
      f: record.rendererFingerprint,
      n: this.packedOf.get(base.notebook) ?? pack(keptNotebook(base.notebook)),
      h: hashText(base.base),
    });
    if (base.recipe !== undefined && this.renderers[record.rendererFingerprint] !== base.recipe) {
      this.renderers[record.rendererFingerprint] = base.recipe;
      this.renderersDirty = true;
    }
    this.setRecord(base.bookId, record);
  }

  /** Sets a note's index record (written at the next flush). */
  setRecord(key: string, record: BookRecord): void {
    this.index.books[key] = record;
    this.touched.add(key);
    this.indexDirty = true;
  }

  /** Sets the record of an account synced per article (written at the next flush). */
  setAccount(bookId: string, account: AccountRecord): void {
    this.index.accounts ??= {};
    this.index.accounts[bookId] = account;
    this.touched.add(`account:${bookId}`);
    this.indexDirty = true;
  }

  /** The index changed in a way not recorded by setRecord/setAccount: every record is this run's when written. */
  markIndexDirty(): void {
    this.indexDirty = true;
    this.touchedAll = true;
  }

  /**
   * Writes what changed: renderers, then shards, then the index (so the index never names data not written). Each is
   * merged per note with what is on disk now, so a device writing the same folder meanwhile loses none of its notes.
   */
  flush(): Promise<void> {
    // One after another: two at once could each merge a shard with the disk before the other's write landed.
    return this.flushing.run(() => this.writeChanges());
  }

  private async writeChanges(): Promise<void> {
    if (this.renderersDirty) {
      this.renderersDirty = false;
      await exclusively(this.kv, RENDERERS_KEY, async () => {
        const onDisk = await readRecipes(this.kv);
        const index = this.indexDirty ? await this.mergedIndex() : this.index;
        await setLarge(this.kv, RENDERERS_KEY, JSON.stringify(liveRenderers({ ...onDisk, ...this.renderers }, index)));
      });
    }
    for (const i of [...this.pending.keys()].sort()) {
      const mine = this.pending.get(i)!;
      this.pending.delete(i);
      await exclusively(this.kv, shardKey(i), async () => {
        const onDisk = splitEntries(await this.readShard(i));
        await this.setShard(shardKey(i), entryChunks(mergeEntries(onDisk, mine)));
      });
    }
    if (this.indexDirty) {
      this.indexDirty = false;
      await exclusively(this.kv, INDEX_KEY, async () =>
        this.kv.set(INDEX_KEY, JSON.stringify({ ...(await this.mergedIndex()), version: STATE_VERSION })),
      );
    }
  }

  /** This run's index over the one on disk now: per note (and account), the later sync wins. */
  private async mergedIndex(): Promise<StateIndex> {
    const onDisk = parseIndex(await this.kv.get(INDEX_KEY));
    if (!onDisk) return this.index;
    return mergeIndexes(onDisk, this.index, (key) => this.touchedAll || this.touched.has(key));
  }

  /**
   * A shard's UTF-8 JSON, compressed (shards and recipes are most of the state, about a quarter of the JSON so; the
   * index stays plain JSON, small and read by people and tools); as pieces where the store takes them (no buffer or
   * string of the whole shard).
   */
  private setShard(key: string, chunks: Uint8Array[]): Promise<void> {
    if (this.kv.getBytes && this.kv.setCompressedBytes) return this.kv.setCompressedBytes(key, chunks);
    return setLarge(this.kv, key, TEXT.decode(concatBytes(chunks)));
  }
}

async function readRecipes(kv: KeyValueStore): Promise<Record<string, string>> {
  const recipes: Record<string, string> = {};
  for (const [fp, recipe] of Object.entries(parseObject(await kv.get(RENDERERS_KEY)) ?? {}))
    if (typeof recipe === 'string') recipes[fp] = recipe;
  return recipes;
}

/** Recipes still named by a note (a template used once and replaced everywhere is forgotten). */
function liveRenderers(renderers: Record<string, string>, index: StateIndex): Record<string, string> {
  const live = new Set(Object.values(index.books).map((r) => r.rendererFingerprint));
  return Object.fromEntries(Object.entries(renderers).filter(([fp]) => live.has(fp)));
}
