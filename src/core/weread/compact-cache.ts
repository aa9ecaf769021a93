/**
 * The WeRead client's cache (book details, chapter lists, popular passages) kept as a few shard files whatever the
 * library size, instead of a file or two per book: entries are held in memory while a sync runs, written a few
 * hundred at a time and at the end (`flush`), each shard merged per key with what is on disk then.
 */
import type { KeyValueStore } from '../ports';
import { exclusively, Serial, setLarge, shardIndex } from '../sync/store-writes';

/** Shards of the cache: about 2 KB per book, so 1 MB each at 2,000 books (a quarter of that compressed). */
export const CACHE_SHARDS = 4;
/** Entries set before the changed shards are written mid-sync (a cache is safe to lose, so not each one). */
const WRITE_EVERY = 500;

export function cacheShardKey(i: number): string {
  return `shard-${i}`;
}

function shardOfKey(key: string): number {
  return shardIndex(key, CACHE_SHARDS);
}

/** A shard's entries; a missing or damaged shard is an empty one (a cache is safe to lose). */
function parseShard(text: string | null): Map<string, string> {
  const entries = new Map<string, string>();
  if (text === null) return entries;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return entries;
    for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') entries.set(key, entry);
  } catch {
    // Damaged: as good as empty.
  }
  return entries;
}

/** A KeyValueStore of many small entries over a few keys of `backing` (`shard-0` …). */
export class CompactCache implements KeyValueStore {
  /** Shards read this sync, by number. */
  private readonly loaded = new Map<number, Promise<Map<string, string>>>();
  /** What this sync set (a string) or deleted (null) and has not written yet, by shard. */
  private readonly changed = new Map<number, Map<string, string | null>>();
  private unwritten = 0;
  private readonly writing = new Serial();
  private legacyDropped = false;

  constructor(private readonly backing: KeyValueStore) {}

  private shard(i: number): Promise<Map<string, string>> {
    let shard = this.loaded.get(i);
    if (!shard) this.loaded.set(i, (shard = this.backing.get(cacheShardKey(i)).then(parseShard)));
    return shard;
  }

  async get(key: string): Promise<string | null> {
    return (await this.shard(shardOfKey(key))).get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    await this.change(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.change(key, null);
  }

  private async change(key: string, value: string | null): Promise<void> {
    const i = shardOfKey(key);
    const shard = await this.shard(i);
    if (value === null) shard.delete(key);
    else shard.set(key, value);
    let pending = this.changed.get(i);
    if (!pending) this.changed.set(i, (pending = new Map<string, string | null>()));
    pending.set(key, value);
    if (++this.unwritten >= WRITE_EVERY) await this.write();
  }

  /** Writes what changed and lets go of what was read: the next sync reads the shards afresh (another device's too). */
  async flush(): Promise<void> {
    await this.write();
    this.loaded.clear();
  }

  /** Writes the changed shards, one after another; each merged per key with the shard on disk now. */
  private write(): Promise<void> {
    return this.writing.run(() => this.writeChanged());
  }

  private async writeChanged(): Promise<void> {
    this.unwritten = 0;
    if (this.changed.size === 0) return;
    for (const [i, pending] of [...this.changed].sort(([a], [b]) => a - b)) {
      this.changed.delete(i);
      const key = cacheShardKey(i);
      const merge = async () => {
        const onDisk = parseShard(await this.backing.get(key));
        for (const [entry, value] of pending) {
          if (value === null) onDisk.delete(entry);
          else onDisk.set(entry, value);
        }
        await setLarge(this.backing, key, JSON.stringify(Object.fromEntries(onDisk)));
      };
      await exclusively(this.backing, key, merge);
    }
    // Once: the files of the layout before the shards (one or two per book) go.
    if (!this.legacyDropped && this.backing.retainOnly) {
      this.legacyDropped = true;
      await this.backing.retainOnly(Array.from({ length: CACHE_SHARDS }, (_, i) => cacheShardKey(i)));
    }
  }
}
