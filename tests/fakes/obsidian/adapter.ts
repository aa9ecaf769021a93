// Owns the fake DataAdapter (vault.adapter): raw file access, used by plugins for data under vault.configDir.
import type { DataWriteOptions, ListedFiles, Stat } from 'obsidian';
import { normalizePath } from './path';
import { fsError, type VaultStore } from './store';
import { strict } from './strict';

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * The subset of Obsidian's DataAdapter a plugin needs for its own files. Strict: `write` needs the folder
 * (call `mkdir` first), `read`/`remove`/`list` of a missing path reject with ENOENT, `rmdir` of a non-empty
 * folder without `recursive` rejects. Changes to non-hidden paths are reflected in the vault index at once.
 */
export class FakeDataAdapter {
  constructor(
    private readonly store: VaultStore,
    private readonly vaultName: string,
    private readonly onChange: (path: string) => void,
    private readonly requireNormalizedPaths: boolean,
  ) {
    return strict(this, 'DataAdapter');
  }

  getName(): string {
    return this.vaultName;
  }

  async exists(normalizedPath: string, sensitive?: boolean): Promise<boolean> {
    void sensitive;
    return this.store.stat(this.key('exists', normalizedPath)) !== null;
  }

  async stat(normalizedPath: string): Promise<Stat | null> {
    return this.store.stat(this.key('stat', normalizedPath));
  }

  async list(normalizedPath: string): Promise<ListedFiles> {
    return this.store.list(this.key('list', normalizedPath));
  }

  async read(normalizedPath: string): Promise<string> {
    return this.store.readText(this.key('read', normalizedPath));
  }

  async readBinary(normalizedPath: string): Promise<ArrayBuffer> {
    return toArrayBuffer(this.store.readBytes(this.key('readBinary', normalizedPath)));
  }

  async write(normalizedPath: string, data: string, options?: DataWriteOptions): Promise<void> {
    const path = this.key('write', normalizedPath);
    this.store.write(path, data, options);
    this.onChange(path);
  }

  async writeBinary(normalizedPath: string, data: ArrayBuffer, options?: DataWriteOptions): Promise<void> {
    const path = this.key('writeBinary', normalizedPath);
    this.store.write(path, new Uint8Array(data), options);
    this.onChange(path);
  }

  async append(normalizedPath: string, data: string, options?: DataWriteOptions): Promise<void> {
    const path = this.key('append', normalizedPath);
    const before = this.store.stat(path) ? this.store.readText(path) : '';
    this.store.write(path, before + data, options);
    this.onChange(path);
  }

  async process(normalizedPath: string, fn: (data: string) => string, options?: DataWriteOptions): Promise<string> {
    const path = this.key('process', normalizedPath);
    const next = fn(this.store.readText(path));
    this.store.write(path, next, options);
    this.onChange(path);
    return next;
  }

  async mkdir(normalizedPath: string): Promise<void> {
    const path = this.key('mkdir', normalizedPath);
    this.store.mkdir(path);
    this.onChange(path);
  }

  async rmdir(normalizedPath: string, recursive: boolean): Promise<void> {
    const path = this.key('rmdir', normalizedPath);
    this.store.removeFolder(path, recursive);
    this.onChange(path);
  }

  async remove(normalizedPath: string): Promise<void> {
    const path = this.key('remove', normalizedPath);
    this.store.removeFile(path);
    this.onChange(path);
  }

  async rename(normalizedPath: string, normalizedNewPath: string): Promise<void> {
    const from = this.key('rename', normalizedPath);
    const to = this.key('rename', normalizedNewPath);
    this.store.rename(from, to);
    this.onChange(from);
    this.onChange(to);
  }

  async copy(normalizedPath: string, normalizedNewPath: string): Promise<void> {
    const from = this.key('copy', normalizedPath);
    const to = this.key('copy', normalizedNewPath);
    if (this.store.stat(to) !== null) throw fsError('EEXIST', 'copy', to);
    this.store.write(to, this.store.readBytes(from));
    this.onChange(to);
  }

  getResourcePath(normalizedPath: string): string {
    return `app://fake-obsidian/${encodeURI(normalizedPath)}`;
  }

  /** Store key for a path: '' for the root; rejects unnormalized paths when the vault asks for that. */
  private key(op: string, path: string): string {
    const normalized = normalizePath(path);
    if (normalized !== path && path !== '' && this.requireNormalizedPaths) {
      throw new Error(
        `fake obsidian: DataAdapter.${op} got a path that is not normalized: ${JSON.stringify(path)} (normalizePath gives ${JSON.stringify(normalized)})`,
      );
    }
    return normalized === '/' ? '' : normalized;
  }
}
