/** KeyValueStore files under the plugin's folder in the config dir (`state-*.json`, `cache-*.json`), beside but never inside data.json; large values gzip-compressed, every write temp file then rename. */
import { normalizePath, type DataAdapter } from 'obsidian';
import type { KeyValueStore } from '../core/ports';
import { concatBytes } from '../core/sync/shard-entries';

/** Keys become file names: anything outside [A-Za-z0-9._-] is replaced, so a key never escapes the folder. */
export function keyToFileName(prefix: string, key: string): string {
  return `${prefix}-${key.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')}.json`;
}

/** A gzip stream's first two bytes; JSON text never starts with them, so plain and compressed values share a name. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** CompressionStream exists in Obsidian desktop (Electron) and on current iOS/Android webviews; older ones keep plain text. */
function canCompress(): boolean {
  return typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';
}

/** `bytes` through a (de)compression stream, read back whole. Rejects when the input is damaged. */
async function transformBytes(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // The reader below reports a failure; the writer's own rejection must not surface as unhandled.
  writer
    .write(bytes as Uint8Array<ArrayBuffer>)
    .then(() => writer.close())
    .catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * One KeyValueStore: `${dir}/${prefix}-${key}.json` through the vault adapter (works on desktop and mobile).
 * A write goes to `<file>.tmp`, then replaces the file (adapter.rename refuses an existing target, so the old file
 * is removed first); a read falls back to the temp file when a crash came between the two, so a kill at any moment
 * leaves either the old or the new value (a torn temp file fails its gzip check or its JSON parse: no state).
 */
export class AdapterKeyValueStore implements KeyValueStore {
  constructor(
    private readonly adapter: DataAdapter,
    /** e.g. `${vault.configDir}/plugins/${manifest.id}` */
    private readonly dir: string,
    private readonly prefix: string,
  ) {}

  private path(key: string): string {
    return normalizePath(`${this.dir}/${keyToFileName(this.prefix, key)}`);
  }

  private async readBytes(path: string): Promise<Uint8Array | null> {
    const bytes = new Uint8Array(await this.adapter.readBinary(path));
    if (!isGzip(bytes)) return bytes;
    if (!canCompress()) return null;
    try {
      return await transformBytes(bytes, new DecompressionStream('gzip'));
    } catch {
      // A damaged value is as good as none: the state is safe to lose.
      return null;
    }
  }

  async get(key: string): Promise<string | null> {
    const bytes = await this.getBytes(key);
    return bytes === null ? null : new TextDecoder().decode(bytes);
  }

  /** The UTF-8 bytes of `key` (gunzipped); null when missing, or compressed where this platform cannot decompress. */
  async getBytes(key: string): Promise<Uint8Array | null> {
    const path = this.path(key);
    if (await this.adapter.exists(path)) return this.readBytes(path);
    const temp = `${path}.tmp`;
    return (await this.adapter.exists(temp)) ? this.readBytes(temp) : null;
  }

  /** Writes UTF-8 bytes compressed where the platform can, as `setCompressed` writes text. */
  async setCompressedBytes(key: string, chunks: readonly Uint8Array[]): Promise<void> {
    const bytes = concatBytes(chunks);
    if (!canCompress()) return this.set(key, new TextDecoder().decode(bytes));
    const packed = await transformBytes(bytes, new CompressionStream('gzip'));
    await this.replace(key, (temp) => this.adapter.writeBinary(temp, toArrayBuffer(packed)));
  }

  async set(key: string, value: string): Promise<void> {
    await this.replace(key, (temp) => this.adapter.write(temp, value));
  }

  /** Gzip-compressed when the platform has CompressionStream, plain text otherwise (`get` reads both). */
  async setCompressed(key: string, value: string): Promise<void> {
    if (!canCompress()) return this.set(key, value);
    const packed = await transformBytes(new TextEncoder().encode(value), new CompressionStream('gzip'));
    await this.replace(key, (temp) => this.adapter.writeBinary(temp, toArrayBuffer(packed)));
  }

  private async replace(key: string, writeTemp: (temp: string) => Promise<void>): Promise<void> {
    const dir = normalizePath(this.dir);
    if (!(await this.adapter.exists(dir))) await this.adapter.mkdir(dir);
    const path = this.path(key);
    const temp = `${path}.tmp`;
    await writeTemp(temp);
    if (await this.adapter.exists(path)) await this.adapter.remove(path);
    await this.adapter.rename(temp, path);
  }

  async delete(key: string): Promise<void> {
    const path = this.path(key);
    if (await this.adapter.exists(path)) await this.adapter.remove(path);
    if (await this.adapter.exists(`${path}.tmp`)) await this.adapter.remove(`${path}.tmp`);
  }

  /** Deletes this store's files (`<prefix>-*.json` in the plugin folder) but those of `keys`; nothing else is touched. */
  async retainOnly(keys: readonly string[]): Promise<void> {
    const dir = normalizePath(this.dir);
    if (!(await this.adapter.exists(dir))) return;
    const keep = new Set(keys.map((k) => this.path(k)));
    const ours = `${dir}/${this.prefix}-`;
    for (const file of (await this.adapter.list(dir)).files)
      if (file.startsWith(ours) && file.endsWith('.json') && !keep.has(file)) await this.adapter.remove(file);
  }
}

/** The plugin's own folder inside the config dir (never a hard-coded `.obsidian`). */
export function pluginDataDir(configDir: string, pluginId: string): string {
  return normalizePath(`${configDir}/plugins/${pluginId}`);
}
