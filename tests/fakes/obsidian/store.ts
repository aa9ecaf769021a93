// Owns the backing store contract of the fake vault and its in-memory implementation.

export interface StoreStat {
  type: 'file' | 'folder';
  ctime: number;
  mtime: number;
  size: number;
}

export interface StoreWriteOptions {
  ctime?: number;
  mtime?: number;
}

/**
 * Synchronous storage under the fake vault and its adapter. Paths are vault-relative and normalized;
 * the root is ''. Errors carry a Node-style `code` (ENOENT, EEXIST, ENOTEMPTY, EISDIR, ENOTDIR).
 */
export interface VaultStore {
  stat(path: string): StoreStat | null;
  readText(path: string): string;
  readBytes(path: string): Uint8Array;
  /** The parent folder must exist. Replaces the whole file. */
  write(path: string, data: string | Uint8Array, options?: StoreWriteOptions): void;
  /** Creates missing parents; no error when the folder exists. */
  mkdir(path: string): void;
  removeFile(path: string): void;
  removeFolder(path: string, recursive: boolean): void;
  /** The destination's parent must exist and the destination must not. */
  rename(from: string, to: string): void;
  /** Direct children as full vault-relative paths. */
  list(path: string): { files: string[]; folders: string[] };
}

/** An Error with a Node-style `code`, like the ones Obsidian's FileSystemAdapter passes through. */
export function fsError(
  code: 'ENOENT' | 'EEXIST' | 'ENOTEMPTY' | 'EISDIR' | 'ENOTDIR',
  op: string,
  path: string,
): Error {
  const text: Record<typeof code, string> = {
    ENOENT: 'no such file or directory',
    EEXIST: 'file already exists',
    ENOTEMPTY: 'directory not empty',
    EISDIR: 'illegal operation on a directory',
    ENOTDIR: 'not a directory',
  };
  return Object.assign(new Error(`${code}: ${text[code]}, ${op} '${path}'`), { code });
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface MemoryFile {
  data: string | Uint8Array;
  ctime: number;
  mtime: number;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The default store: everything in memory. */
export class MemoryStore implements VaultStore {
  private files = new Map<string, MemoryFile>();
  private folders = new Map<string, number>([['', Date.now()]]);

  stat(path: string): StoreStat | null {
    const file = this.files.get(path);
    if (file) return { type: 'file', ctime: file.ctime, mtime: file.mtime, size: sizeOf(file.data) };
    const ctime = this.folders.get(path);
    if (ctime !== undefined) return { type: 'folder', ctime, mtime: ctime, size: 0 };
    return null;
  }

  readText(path: string): string {
    const data = this.fileData(path, 'open');
    return typeof data === 'string' ? data : decoder.decode(data);
  }

  readBytes(path: string): Uint8Array {
    const data = this.fileData(path, 'open');
    return typeof data === 'string' ? encoder.encode(data) : data.slice();
  }

  write(path: string, data: string | Uint8Array, options?: StoreWriteOptions): void {
    if (this.folders.has(path)) throw fsError('EISDIR', 'open', path);
    if (!this.folders.has(parentOf(path)))
      throw fsError(this.files.has(parentOf(path)) ? 'ENOTDIR' : 'ENOENT', 'open', path);
    const now = Date.now();
    const previous = this.files.get(path);
    this.files.set(path, {
      data: typeof data === 'string' ? data : data.slice(),
      ctime: options?.ctime ?? previous?.ctime ?? now,
      mtime: options?.mtime ?? now,
    });
  }

  mkdir(path: string): void {
    if (path === '' || this.folders.has(path)) return;
    if (this.files.has(path)) throw fsError('EEXIST', 'mkdir', path);
    this.mkdir(parentOf(path));
    this.folders.set(path, Date.now());
  }

  removeFile(path: string): void {
    if (this.folders.has(path)) throw fsError('EISDIR', 'unlink', path);
    if (!this.files.delete(path)) throw fsError('ENOENT', 'unlink', path);
  }

  removeFolder(path: string, recursive: boolean): void {
    if (!this.folders.has(path) || path === '') throw fsError('ENOENT', 'rmdir', path);
    const { files, folders } = this.list(path);
    if (!recursive && files.length + folders.length > 0) throw fsError('ENOTEMPTY', 'rmdir', path);
    for (const child of folders) this.removeFolder(child, true);
    for (const child of files) this.files.delete(child);
    this.folders.delete(path);
  }

  rename(from: string, to: string): void {
    if (this.stat(from) === null) throw fsError('ENOENT', 'rename', from);
    if (this.stat(to) !== null) throw fsError('EEXIST', 'rename', to);
    if (!this.folders.has(parentOf(to))) throw fsError('ENOENT', 'rename', to);
    const file = this.files.get(from);
    if (file) {
      this.files.delete(from);
      this.files.set(to, file);
      return;
    }
    const prefix = `${from}/`;
    for (const [path, ctime] of [...this.folders]) {
      if (path === from || path.startsWith(prefix)) {
        this.folders.delete(path);
        this.folders.set(to + path.slice(from.length), ctime);
      }
    }
    for (const [path, entry] of [...this.files]) {
      if (path.startsWith(prefix)) {
        this.files.delete(path);
        this.files.set(to + path.slice(from.length), entry);
      }
    }
  }

  list(path: string): { files: string[]; folders: string[] } {
    if (!this.folders.has(path)) throw fsError('ENOENT', 'scandir', path);
    const isChild = (candidate: string) => candidate !== '' && candidate !== path && parentOf(candidate) === path;
    return {
      files: [...this.files.keys()].filter(isChild).sort(),
      folders: [...this.folders.keys()].filter(isChild).sort(),
    };
  }

  private fileData(path: string, op: string): string | Uint8Array {
    const file = this.files.get(path);
    if (file) return file.data;
    throw fsError(this.folders.has(path) ? 'EISDIR' : 'ENOENT', op, path);
  }
}

function sizeOf(data: string | Uint8Array): number {
  return typeof data === 'string' ? encoder.encode(data).byteLength : data.byteLength;
}
