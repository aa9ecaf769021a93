// Owns the fake Vault: a strict file index over a backing store (memory or a real folder), with Obsidian's events.
import type {
  DataWriteOptions,
  TAbstractFile as RealTAbstractFile,
  TFile as RealTFile,
  TFolder as RealTFolder,
  Vault as RealVault,
} from 'obsidian';
import { FakeDataAdapter } from './adapter';
import { DiskStore } from './disk-store-node';
import { Events } from './events';
import { TAbstractFile, TFile, TFolder } from './files';
import { normalizePath, parentPath } from './path';
import { fsError, MemoryStore, type VaultStore } from './store';
import { strict } from './strict';

export interface FakeVaultOptions {
  /** A real folder to keep the vault in; its existing files are indexed. Default: in memory. */
  root?: string;
  /** A custom store (overrides `root`). */
  store?: VaultStore;
  /** Obsidian's config folder; deliberately not `.obsidian` so hard-coded paths fail. Default `.config-test`. */
  configDir?: string;
  /** Vault name for `getName()`. Default `Test vault`. */
  name?: string;
  /**
   * When true (default) a path that `normalizePath` would change is rejected, to catch a missing
   * `normalizePath` at the vault boundary. When false it is normalized silently.
   */
  requireNormalizedPaths?: boolean;
}

function toStoreKey(path: string): string {
  return path === '/' ? '' : path;
}

function isHidden(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.'));
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * Obsidian's Vault. Strict where the app is: `create` rejects when the file exists or its folder is missing,
 * `createFolder` rejects when the folder exists, reads and writes through a deleted (stale) TFile reject.
 * Events (`create`, `modify`, `delete`, `rename`) fire synchronously inside the call, after the store changed.
 */
export class FakeVault extends Events {
  readonly store: VaultStore;
  configDir: string;
  adapter: FakeDataAdapter;
  readonly requireNormalizedPaths: boolean;
  private readonly vaultName: string;
  private readonly index = new Map<string, TAbstractFile>();
  private readonly root: TFolder;
  /** Test helper: every file or folder that went through `trash`/`fileManager.trashFile`, by path at the time. */
  readonly trashed: string[] = [];

  constructor(options: FakeVaultOptions = {}) {
    super();
    this.store = options.store ?? (options.root !== undefined ? new DiskStore(options.root) : new MemoryStore());
    this.configDir = options.configDir ?? '.config-test';
    this.vaultName = options.name ?? 'Test vault';
    this.requireNormalizedPaths = options.requireNormalizedPaths ?? true;
    const self = strict(this, 'Vault');
    this.root = new TFolder(self as unknown as RealVault, '/', null);
    this.index.set('/', this.root);
    this.adapter = new FakeDataAdapter(
      this.store,
      this.vaultName,
      (path) => self.syncFromStore(path),
      this.requireNormalizedPaths,
    );
    this.store.mkdir(this.configDir);
    self.indexExisting('');
    return self;
  }

  getName(): string {
    return this.vaultName;
  }

  getRoot(): TFolder {
    return this.root;
  }

  /** Exact lookup, as in Obsidian (case-sensitive; the caller normalizes). `/` is the root. */
  getAbstractFileByPath(path: string): TAbstractFile | null {
    return this.index.get(path) ?? null;
  }

  getFileByPath(path: string): TFile | null {
    const found = this.getAbstractFileByPath(path);
    return found instanceof TFile ? found : null;
  }

  getFolderByPath(path: string): TFolder | null {
    const found = this.getAbstractFileByPath(path);
    return found instanceof TFolder ? found : null;
  }

  async create(path: string, data: string, options?: DataWriteOptions): Promise<TFile> {
    return this.createFile('create', path, data, options);
  }

  async createBinary(path: string, data: ArrayBuffer, options?: DataWriteOptions): Promise<TFile> {
    return this.createFile('createBinary', path, new Uint8Array(data), options);
  }

  async createFolder(path: string): Promise<TFolder> {
    const normalized = this.checkPath('createFolder', path);
    if (this.index.has(normalized)) throw new Error('Folder already exists.');
    if (this.store.stat(normalized) !== null) throw new Error('Folder already exists.');
    this.store.mkdir(normalized);
    return this.ensureFolderIndexed(normalized);
  }

  async read(file: RealTFile): Promise<string> {
    this.checkLive('read', file);
    return this.store.readText(file.path);
  }

  async cachedRead(file: RealTFile): Promise<string> {
    return this.read(file);
  }

  async readBinary(file: RealTFile): Promise<ArrayBuffer> {
    this.checkLive('readBinary', file);
    return toArrayBuffer(this.store.readBytes(file.path));
  }

  getResourcePath(file: RealTFile): string {
    return `app://fake-obsidian/${encodeURI(file.path)}`;
  }

  async modify(file: RealTFile, data: string, options?: DataWriteOptions): Promise<void> {
    this.checkLive('modify', file);
    this.writeExisting(file, data, options);
  }

  async modifyBinary(file: RealTFile, data: ArrayBuffer, options?: DataWriteOptions): Promise<void> {
    this.checkLive('modifyBinary', file);
    this.writeExisting(file, new Uint8Array(data), options);
  }

  async append(file: RealTFile, data: string, options?: DataWriteOptions): Promise<void> {
    this.checkLive('append', file);
    this.writeExisting(file, this.store.readText(file.path) + data, options);
  }

  /** Reads, applies `fn` and writes with nothing in between; if `fn` throws nothing is written. */
  async process(file: RealTFile, fn: (data: string) => string, options?: DataWriteOptions): Promise<string> {
    this.checkLive('process', file);
    const next = fn(this.store.readText(file.path));
    if (typeof next !== 'string') throw new TypeError('fake obsidian: Vault.process callback must return a string');
    this.writeExisting(file, next, options);
    return next;
  }

  /** Deletes a file, or a folder with everything in it (hidden children need `force`). */
  async delete(file: RealTAbstractFile, force?: boolean): Promise<void> {
    this.checkLive('delete', file);
    if (file instanceof TFolder) {
      if (file.isRoot()) throw new Error('fake obsidian: cannot delete the vault root');
      const { files, folders } = this.store.list(file.path);
      if ([...files, ...folders].some(isHidden) && !force) throw fsError('ENOTEMPTY', 'rmdir', file.path);
      this.store.removeFolder(file.path, true);
    } else {
      this.store.removeFile(file.path);
    }
    this.unindex(file);
  }

  async trash(file: RealTAbstractFile, system: boolean): Promise<void> {
    void system;
    this.trashed.push(file.path);
    await this.delete(file, true);
  }

  /** Moves a file or folder; the destination must not exist and its folder must. */
  async rename(file: RealTAbstractFile, newPath: string): Promise<void> {
    this.checkLive('rename', file);
    const target = this.checkPath('rename', newPath);
    if (this.index.has(target) || this.store.stat(target) !== null) throw new Error('Destination file already exists!');
    const newParent = this.index.get(parentPath(target));
    if (!(newParent instanceof TFolder)) throw fsError('ENOENT', 'rename', target);
    const oldPath = file.path;
    this.store.rename(oldPath, target);
    const moved: Array<[RealTAbstractFile, string]> = [];
    const visit = (item: RealTAbstractFile) => {
      moved.push([item, item.path]);
      if (item instanceof TFolder) item.children.forEach(visit);
    };
    visit(file);
    for (const [, before] of moved) this.index.delete(before);
    for (const [item, before] of moved) {
      (item as TAbstractFile).setPath(target + before.slice(oldPath.length));
      this.index.set(item.path, item as TAbstractFile);
    }
    detach(file);
    file.parent = newParent;
    newParent.children.push(file as TAbstractFile);
    for (const [item, before] of moved) this.trigger('rename', item, before);
  }

  async copy<T extends RealTAbstractFile>(file: T, newPath: string): Promise<T> {
    this.checkLive('copy', file);
    if (!(file instanceof TFile)) throw new Error('fake obsidian: Vault.copy of a folder is not implemented');
    const created = await this.createFile('copy', newPath, this.store.readBytes(file.path));
    return created as unknown as T;
  }

  getAllLoadedFiles(): TAbstractFile[] {
    return [...this.index.values()];
  }

  getAllFolders(includeRoot?: boolean): TFolder[] {
    return [...this.index.values()].filter(
      (f): f is TFolder => f instanceof TFolder && (includeRoot === true || !f.isRoot()),
    );
  }

  getFiles(): TFile[] {
    return [...this.index.values()].filter((f): f is TFile => f instanceof TFile);
  }

  getMarkdownFiles(): TFile[] {
    return this.getFiles().filter((f) => f.extension === 'md');
  }

  static recurseChildren(root: RealTFolder, cb: (file: RealTAbstractFile) => any): void {
    cb(root);
    for (const child of root.children) {
      if (child instanceof TFolder) FakeVault.recurseChildren(child, cb);
      else cb(child);
    }
  }

  /** Test helper: the text at a path straight from the store, or null (no TFile needed, no checks). */
  readPath(path: string): string | null {
    return this.store.stat(toStoreKey(path))?.type === 'file' ? this.store.readText(toStoreKey(path)) : null;
  }

  /** Test helper: every file path in the index, sorted. */
  filePaths(): string[] {
    return this.getFiles()
      .map((f) => f.path)
      .sort();
  }

  /** Test helper: writes a file (creating folders) without firing events, as if it was there before. */
  seed(path: string, data: string): TFile {
    const normalized = normalizePath(path);
    this.store.mkdir(toStoreKey(parentPath(normalized)));
    this.store.write(normalized, data);
    const parent = this.ensureFolderIndexed(parentPath(normalized), false);
    const known = this.index.get(normalized);
    if (known instanceof TFile) {
      this.refreshStat(known);
      return known;
    }
    const file = new TFile(this as unknown as RealVault, normalized, parent);
    this.refreshStat(file);
    parent.children.push(file);
    this.index.set(normalized, file);
    return file;
  }

  /**
   * Brings the index in line with the store at `path` after the adapter changed it, firing the events the
   * app's file watcher would (synchronously here). Hidden paths (a segment starting with '.') are not indexed.
   */
  syncFromStore(path: string): void {
    if (path === '' || isHidden(path)) return;
    const stat = this.store.stat(path);
    const known = this.index.get(path);
    if (stat === null) {
      if (known) this.unindex(known);
      return;
    }
    if (stat.type === 'folder') {
      this.ensureFolderIndexed(path);
      return;
    }
    if (known instanceof TFile) {
      this.refreshStat(known);
      this.trigger('modify', known);
      return;
    }
    const parent = this.ensureFolderIndexed(parentPath(path));
    const file = new TFile(this as unknown as RealVault, path, parent);
    this.refreshStat(file);
    parent.children.push(file);
    this.index.set(path, file);
    this.trigger('create', file);
  }

  private async createFile(
    op: string,
    path: string,
    data: string | Uint8Array,
    options?: DataWriteOptions,
  ): Promise<TFile> {
    const normalized = this.checkPath(op, path);
    if (this.index.has(normalized) || this.store.stat(normalized) !== null) throw new Error('File already exists.');
    const parent = this.index.get(parentPath(normalized));
    if (!(parent instanceof TFolder)) throw fsError('ENOENT', 'open', normalized);
    this.store.write(normalized, data, options);
    const file = new TFile(this as unknown as RealVault, normalized, parent);
    this.refreshStat(file);
    parent.children.push(file);
    this.index.set(normalized, file);
    this.trigger('create', file);
    return file;
  }

  private writeExisting(file: RealTFile, data: string | Uint8Array, options?: DataWriteOptions): void {
    this.store.write(file.path, data, options);
    this.refreshStat(file);
    this.trigger('modify', file);
  }

  private refreshStat(file: RealTFile): void {
    const stat = this.store.stat(file.path);
    if (stat) file.stat = { ctime: stat.ctime, mtime: stat.mtime, size: stat.size };
  }

  private ensureFolderIndexed(path: string, fireEvents = true): TFolder {
    const known = this.index.get(path);
    if (known instanceof TFolder) return known;
    if (known) throw fsError('ENOTDIR', 'mkdir', path);
    const parent = this.ensureFolderIndexed(parentPath(path), fireEvents);
    const folder = new TFolder(this as unknown as RealVault, path, parent);
    parent.children.push(folder);
    this.index.set(path, folder);
    if (fireEvents) this.trigger('create', folder);
    return folder;
  }

  private unindex(file: RealTAbstractFile): void {
    const gone: RealTAbstractFile[] = [];
    const visit = (item: RealTAbstractFile) => {
      if (item instanceof TFolder) item.children.forEach(visit);
      gone.push(item);
    };
    visit(file);
    detach(file);
    for (const item of gone) this.index.delete(item.path);
    for (const item of gone) this.trigger('delete', item);
  }

  /** Indexes what the store already holds under an indexed folder (a disk vault's existing files), without events. */
  private indexExisting(folder: string): void {
    const parent = this.index.get(folder === '' ? '/' : folder) as TFolder;
    const { files, folders } = this.store.list(folder);
    for (const path of files) {
      if (isHidden(path) || this.index.has(path)) continue;
      const file = new TFile(this as unknown as RealVault, path, parent);
      this.refreshStat(file);
      parent.children.push(file);
      this.index.set(path, file);
    }
    for (const path of folders) {
      if (isHidden(path)) continue;
      this.ensureFolderIndexed(path, false);
      this.indexExisting(path);
    }
  }

  private checkPath(op: string, path: string): string {
    const normalized = normalizePath(path);
    if (normalized !== path && this.requireNormalizedPaths) {
      throw new Error(
        `fake obsidian: Vault.${op} got a path that is not normalized: ${JSON.stringify(path)} (normalizePath gives ${JSON.stringify(normalized)})`,
      );
    }
    if (normalized === '/') throw new Error(`fake obsidian: Vault.${op} needs a path below the vault root`);
    return normalized;
  }

  private checkLive(op: string, file: RealTAbstractFile): void {
    if (!(file instanceof TAbstractFile) || this.index.get(file.path) !== file) {
      // A TFile whose file was deleted (or replaced by another TFile) is stale; Obsidian fails on it too.
      throw fsError('ENOENT', op, file?.path ?? String(file));
    }
  }
}

function detach(file: RealTAbstractFile): void {
  const siblings = file.parent?.children;
  if (!siblings) return;
  const at = siblings.indexOf(file);
  if (at >= 0) siblings.splice(at, 1);
}
