// Owns the fake's TAbstractFile, TFile and TFolder: real classes whose paths, names and parents follow renames.
import type { FileStats, Vault as RealVault } from 'obsidian';
import { baseName } from './path';

/** Obsidian's `TAbstractFile`: a file or folder in the vault index. */
export abstract class TAbstractFile {
  /** Typed as the real Vault so instances are assignable to the real types; at runtime it is a FakeVault. */
  vault: RealVault;
  path: string;
  name: string;
  parent: TFolder | null;

  constructor(vault: RealVault, path: string, parent: TFolder | null) {
    this.vault = vault;
    this.path = path;
    this.name = '';
    this.parent = parent;
    this.setPath(path);
  }

  /** Used by the fake vault on rename: updates `path`, `name` (and `basename`/`extension` for files). */
  setPath(path: string): void {
    this.path = path;
    this.name = path === '/' ? '' : baseName(path);
  }
}

/** Obsidian's `TFile`. */
export class TFile extends TAbstractFile {
  stat: FileStats = { ctime: 0, mtime: 0, size: 0 };
  // `declare`: a field initializer would run after the base constructor's setPath() and wipe these.
  declare basename: string;
  declare extension: string;

  override setPath(path: string): void {
    super.setPath(path);
    const dot = this.name.lastIndexOf('.');
    // Like Obsidian: a leading dot (".gitignore") or a trailing dot does not start an extension.
    if (dot <= 0 || dot === this.name.length - 1) {
      this.basename = this.name;
      this.extension = '';
    } else {
      this.basename = this.name.slice(0, dot);
      this.extension = this.name.slice(dot + 1);
    }
  }
}

/** Obsidian's `TFolder`; the vault root has path `/` and name ``. */
export class TFolder extends TAbstractFile {
  children: TAbstractFile[] = [];

  isRoot(): boolean {
    return this.path === '/';
  }
}
