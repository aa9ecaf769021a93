// Owns the fake vault's store backed by a real folder (Node only; the browser build swaps in disk-store-browser.ts).
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { fsError, type StoreStat, type StoreWriteOptions, type VaultStore } from './store';

/** Files live under `root` on disk, so a test can compare the plugin's output with the CLI's. */
export class DiskStore implements VaultStore {
  constructor(readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  private abs(path: string): string {
    return path === '' ? this.root : nodePath.join(this.root, ...path.split('/'));
  }

  stat(path: string): StoreStat | null {
    try {
      const s = fs.statSync(this.abs(path));
      return {
        type: s.isDirectory() ? 'folder' : 'file',
        ctime: Math.round(s.birthtimeMs || s.ctimeMs),
        mtime: Math.round(s.mtimeMs),
        size: s.isDirectory() ? 0 : s.size,
      };
    } catch {
      return null;
    }
  }

  readText(path: string): string {
    return this.readBytesOrThrow(path).toString('utf8');
  }

  readBytes(path: string): Uint8Array {
    return new Uint8Array(this.readBytesOrThrow(path));
  }

  write(path: string, data: string | Uint8Array, options?: StoreWriteOptions): void {
    const parent = this.stat(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
    if (parent === null) throw fsError('ENOENT', 'open', path);
    if (parent.type !== 'folder') throw fsError('ENOTDIR', 'open', path);
    if (this.stat(path)?.type === 'folder') throw fsError('EISDIR', 'open', path);
    // Write beside and rename over, so a reader never sees half a file.
    const target = this.abs(path);
    const temp = `${target}.fake-obsidian-${process.pid}.tmp`;
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, target);
    if (options?.mtime !== undefined) {
      const mtime = new Date(options.mtime);
      fs.utimesSync(target, mtime, mtime);
    }
  }

  mkdir(path: string): void {
    if (this.stat(path)?.type === 'file') throw fsError('EEXIST', 'mkdir', path);
    fs.mkdirSync(this.abs(path), { recursive: true });
  }

  removeFile(path: string): void {
    const s = this.stat(path);
    if (s === null) throw fsError('ENOENT', 'unlink', path);
    if (s.type === 'folder') throw fsError('EISDIR', 'unlink', path);
    fs.unlinkSync(this.abs(path));
  }

  removeFolder(path: string, recursive: boolean): void {
    if (path === '' || this.stat(path)?.type !== 'folder') throw fsError('ENOENT', 'rmdir', path);
    const { files, folders } = this.list(path);
    if (!recursive && files.length + folders.length > 0) throw fsError('ENOTEMPTY', 'rmdir', path);
    fs.rmSync(this.abs(path), { recursive: true });
  }

  rename(from: string, to: string): void {
    if (this.stat(from) === null) throw fsError('ENOENT', 'rename', from);
    if (this.stat(to) !== null) throw fsError('EEXIST', 'rename', to);
    if (this.stat(to.includes('/') ? to.slice(0, to.lastIndexOf('/')) : '')?.type !== 'folder')
      throw fsError('ENOENT', 'rename', to);
    fs.renameSync(this.abs(from), this.abs(to));
  }

  list(path: string): { files: string[]; folders: string[] } {
    if (this.stat(path)?.type !== 'folder') throw fsError('ENOENT', 'scandir', path);
    const files: string[] = [];
    const folders: string[] = [];
    for (const entry of fs.readdirSync(this.abs(path), { withFileTypes: true })) {
      if (entry.name.includes('.fake-obsidian-')) continue;
      const child = path === '' ? entry.name : `${path}/${entry.name}`;
      (entry.isDirectory() ? folders : files).push(child.normalize('NFC'));
    }
    return { files: files.sort(), folders: folders.sort() };
  }

  private readBytesOrThrow(path: string): Buffer {
    const s = this.stat(path);
    if (s === null) throw fsError('ENOENT', 'open', path);
    if (s.type === 'folder') throw fsError('EISDIR', 'read', path);
    return fs.readFileSync(this.abs(path));
  }
}
