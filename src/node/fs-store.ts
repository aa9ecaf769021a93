/** Filesystem NoteStore and KeyValueStore for the CLI and tests: vault-relative paths, atomic writes (temp file + rename in the same folder), never outside the vault. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { once } from 'node:events';
import { createGzip, gunzip, gzip } from 'node:zlib';
import { scanVaultNotes } from './vault-scan';
import { NoteChangedError, type KeyValueStore, type NoteStore } from '../core/ports';
import { sweepStaleLocks, withFileLock } from './file-lock';
import { assertRealPathInside, errorCode, sweepLeftoverTemps, writeFileAtomic } from './safe-fs';

export { writeFileAtomic } from './safe-fs';

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR') return null;
    throw e;
  }
}

const gzipAsync = promisify(gzip);

/** Gzip of pieces fed one after another: only the compressed output is ever one buffer (a shard is ~4× smaller). */
async function gzipChunks(chunks: readonly Uint8Array[]): Promise<Buffer> {
  const zip = createGzip();
  const out: Buffer[] = [];
  zip.on('data', (c: Buffer) => out.push(c));
  const ended = once(zip, 'end');
  for (const chunk of chunks) if (!zip.write(chunk)) await once(zip, 'drain');
  zip.end();
  await ended;
  return Buffer.concat(out);
}
const gunzipAsync = promisify(gunzip);

/** A gzip stream's first two bytes; JSON text never starts with them, so plain and compressed values share a name. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A file's bytes, gunzipped when it is gzip; null when it is missing or damaged. */
async function readBytesOrGzip(file: string): Promise<Buffer | null> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    if (errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR') return null;
    throw e;
  }
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzipAsync(bytes);
  } catch {
    // A damaged value (its CRC fails) is as good as none: the state is safe to lose.
    return null;
  }
}

async function readTextOrGzip(file: string): Promise<string | null> {
  return (await readBytesOrGzip(file))?.toString('utf8') ?? null;
}

const BLOCK_LINK = /#\^([A-Za-z0-9-]+)/g;

/** A vault on disk. Paths are vault-relative with '/'; anything escaping the root is refused. */
export class FsNoteStore implements NoteStore {
  /** Folders this store made or saw exist; a failed write forgets its folder (it may have been removed). */
  private readonly knownDirs = new Set<string>();
  /** `scanCacheFile`: where the vault scan of `findNotes` keeps what it learnt (e.g. under `.weread-sync/`). */
  constructor(
    readonly root: string,
    private readonly scanCacheFile?: string,
  ) {}

  findNotes(): Promise<Map<string, string[]>> {
    return scanVaultNotes(this.root, this.scanCacheFile);
  }

  private resolve(rel: string): string {
    const full = path.resolve(this.root, ...rel.split('/'));
    const root = path.resolve(this.root);
    if (full !== root && !full.startsWith(root + path.sep)) throw new Error(`Path outside the vault: ${rel}`);
    return full;
  }

  async read(rel: string): Promise<string | null> {
    return readOrNull(this.resolve(rel));
  }

  async exists(rel: string): Promise<boolean> {
    try {
      await fs.access(this.resolve(rel));
      return true;
    } catch {
      return false;
    }
  }

  async write(rel: string, content: string, expected?: string | null): Promise<void> {
    const file = this.resolve(rel);
    // A symlinked folder (or file) may lead out of the vault: the real path must stay inside it.
    await assertRealPathInside(this.root, file);
    // Checked just before the rename: an edit saved during the sync is not overwritten (it merges next time).
    if (expected !== undefined && (await readOrNull(file)) !== expected) throw new NoteChangedError(rel);
    return writeFileAtomic(file, content, { knownDirs: this.knownDirs, sweep: true });
  }

  async listMarkdown(folder: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (rel: string) => {
      let entries;
      try {
        entries = await fs.readdir(this.resolve(rel), { withFileTypes: true });
      } catch (e) {
        if (errorCode(e) === 'ENOENT' || errorCode(e) === 'ENOTDIR') return;
        throw e;
      }
      for (const entry of entries) {
        // Dot folders hold config and state (.obsidian, .weread-sync, .git), never notes.
        if (entry.name.startsWith('.')) continue;
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await walk(child);
        else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) out.push(child);
      }
    };
    await walk(folder.replace(/^\/+|\/+$/g, ''));
    return out.sort();
  }

  async linkedBlockIds(blockIds: string[]): Promise<Set<string>> {
    const wanted = new Set(blockIds);
    const found = new Set<string>();
    if (wanted.size === 0) return found;
    for (const file of await this.listMarkdown('')) {
      const text = await this.read(file);
      if (text === null || text.indexOf('#^') < 0) continue;
      for (const m of text.matchAll(BLOCK_LINK)) {
        if (wanted.has(m[1]!)) found.add(m[1]!);
      }
      if (found.size === wanted.size) break;
    }
    return found;
  }
}

/** One file per key under `dir` (e.g. `<vault>/.weread-sync/`): JSON text or gzip-compressed JSON, written atomically. */
export class FsKeyValueStore implements KeyValueStore {
  /** The state folder once made, so each write is not also a mkdir (its leftovers are swept by `sweepOnce`). */
  private readonly knownDirs = new Set<string>();
  private checked = false;
  private swept: Promise<void> | undefined;
  /** With `root`, every write first checks that `dir` (symlinks resolved) is still inside it. */
  constructor(
    readonly dir: string,
    readonly root?: string,
  ) {}

  private file(key: string): string {
    // Keys become file names: anything but [A-Za-z0-9._-] is hex-escaped, so keys never make paths.
    const safe = key.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return path.join(this.dir, `${safe}.json`);
  }

  /**
   * Once per store, before its first use: clears what a killed run left in the folder (temp files older than a
   * minute, locks whose holders are gone). Only inside `root`; best effort, never failing a read or a write.
   */
  private sweepOnce(): Promise<void> {
    this.swept ??= this.folderInsideRoot().then(async (inside) => {
      if (!inside) return;
      await sweepLeftoverTemps(this.dir);
      await sweepStaleLocks(this.dir);
    });
    return this.swept;
  }

  private folderInsideRoot(): Promise<boolean> {
    if (this.root === undefined) return Promise.resolve(true);
    return assertRealPathInside(this.root, this.dir).then(
      () => true,
      () => false,
    );
  }

  /** The text of `key`, plain or gzip-compressed on disk. */
  async get(key: string): Promise<string | null> {
    await this.sweepOnce();
    return readTextOrGzip(this.file(key));
  }

  async set(key: string, value: string): Promise<void> {
    return this.write(key, value);
  }

  /** Writes `value` gzip-compressed under the same file name (temp + rename, so never a torn file). */
  async setCompressed(key: string, value: string): Promise<void> {
    return this.write(key, await gzipAsync(Buffer.from(value, 'utf8')));
  }

  /** The UTF-8 bytes of `key`, plain or gzip-compressed on disk. */
  async getBytes(key: string): Promise<Uint8Array | null> {
    await this.sweepOnce();
    return readBytesOrGzip(this.file(key));
  }

  /** Writes UTF-8 bytes gzip-compressed, as `setCompressed` writes text, compressing the pieces as they come. */
  async setCompressedBytes(key: string, chunks: readonly Uint8Array[]): Promise<void> {
    return this.write(key, await gzipChunks(chunks));
  }

  /** The key's file, once checked (symlinks resolved) to be inside `root`: nothing is written outside the vault. */
  private async checkedFile(key: string): Promise<string> {
    const file = this.file(key);
    if (this.root !== undefined && !this.checked) {
      await assertRealPathInside(this.root, file);
      this.checked = true;
    }
    return file;
  }

  private async write(key: string, content: string | Uint8Array): Promise<void> {
    const file = await this.checkedFile(key);
    await this.sweepOnce();
    return writeFileAtomic(file, content, { knownDirs: this.knownDirs });
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }

  /** Deletes the key files of this folder (`*.json`) but those of `keys`; locks and other files stay. */
  async retainOnly(keys: readonly string[]): Promise<void> {
    if (!(await this.folderInsideRoot())) return;
    const keep = new Set(keys.map((k) => path.basename(this.file(k))));
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return;
      throw e;
    }
    for (const name of names)
      if (name.endsWith('.json') && !name.startsWith('.') && !keep.has(name))
        await fs.rm(path.join(this.dir, name), { force: true });
  }

  /** Holds `<key>.json.lock` (O_EXCL) around `work`: two processes (two CLI runs, a shared folder) take turns per key. */
  async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const file = await this.checkedFile(key);
    await this.sweepOnce();
    return withFileLock(`${file}.lock`, work);
  }
}
