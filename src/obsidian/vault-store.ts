/** The NoteStore on the Obsidian vault: normalized paths, folders created as needed, `Vault.process` for edits. */
import { normalizePath, TFile, TFolder, type App, type CachedMetadata, type TAbstractFile } from 'obsidian';
import { NoteChangedError, type NoteStore } from '../core/ports';
import { UnsafeNotePathError, unsafeNotePathReason } from '../core/render/file-names';
import { noteKeyOf, noteKeyOfFrontmatter } from '../core/sync/identity';

/** `[[note#^id]]`, `![[note#^id|alias]]`, `[text](note.md#^id)`: the block id a link points at. */
const BLOCK_LINK = /#\^([A-Za-z0-9-]+)(?=\]\]|\||\)|\s|$)/g;

/**
 * The parsed metadata of a file, or null when it is not parsed yet or the host has no metadata cache
 * (the test app does not simulate one); callers then read the file text instead.
 */
export function cachedMetadata(app: App, file: TFile): CachedMetadata | null {
  try {
    return app.metadataCache.getFileCache(file);
  } catch {
    return null;
  }
}

export class VaultNoteStore implements NoteStore {
  constructor(private readonly app: App) {}

  /**
   * The file or folder at a path, matched case-insensitively when there is no exact match: on macOS, Windows and
   * iOS `Python.md` and `python.md` are one file on disk, so a name that differs only in case is taken.
   */
  private entry(path: string): TAbstractFile | null {
    const normalized = normalizePath(path);
    const exact = this.app.vault.getAbstractFileByPath(normalized);
    if (exact) return exact;
    const lower = normalized.toLowerCase();
    return this.app.vault.getAllLoadedFiles().find((f) => f.path.toLowerCase() === lower) ?? null;
  }

  /**
   * Book notes anywhere in the vault, from the metadata cache (no file reads); a file the cache has not parsed yet
   * (just created, or an app without a cache) is read instead.
   */
  async findNotes(): Promise<Map<string, string[]>> {
    const byKey = new Map<string, string[]>();
    for (const file of this.app.vault.getMarkdownFiles()) {
      const cache = cachedMetadata(this.app, file);
      const key = cache
        ? cache.frontmatter
          ? noteKeyOfFrontmatter(cache.frontmatter)
          : null
        : noteKeyOf(await this.app.vault.cachedRead(file));
      if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), file.path]);
    }
    return byKey;
  }

  async read(path: string): Promise<string | null> {
    const file = this.entry(path);
    // `read`, not `cachedRead`: the text is merged and written back, so it must be what is on disk now.
    return file instanceof TFile ? this.app.vault.read(file) : null;
  }

  async exists(path: string): Promise<boolean> {
    return this.entry(path) !== null;
  }

  async write(path: string, content: string, expected?: string | null): Promise<void> {
    const normalized = normalizePath(path);
    const unsafe = unsafeNotePathReason(normalized);
    if (unsafe) throw new UnsafeNotePathError(normalized, unsafe);
    const existing = this.entry(normalized);
    if (existing instanceof TFile) {
      await this.app.vault.process(existing, (current) => {
        if (expected !== undefined && current !== expected) throw new NoteChangedError(existing.path);
        return content;
      });
      return;
    }
    if (existing) throw new Error(`Cannot write "${normalized}": a folder has that name`);
    if (expected !== undefined && expected !== null) throw new NoteChangedError(normalized);
    await this.ensureFolder(normalized.split('/').slice(0, -1).join('/'));
    await this.app.vault.create(normalized, content);
  }

  private async ensureFolder(folder: string): Promise<void> {
    if (folder === '' || folder === '/') return;
    const existing = this.app.vault.getAbstractFileByPath(folder);
    if (existing instanceof TFolder) return;
    if (existing) throw new Error(`Cannot create folder "${folder}": a file has that name`);
    await this.ensureFolder(folder.split('/').slice(0, -1).join('/'));
    try {
      await this.app.vault.createFolder(folder);
    } catch (err) {
      // Another writer may have created it meanwhile; only a folder that still is missing is an error.
      if (!(this.app.vault.getAbstractFileByPath(folder) instanceof TFolder)) throw err;
    }
  }

  async listMarkdown(folder: string): Promise<string[]> {
    const root = folder === '' || folder === '/' ? '' : normalizePath(folder);
    return this.app.vault
      .getMarkdownFiles()
      .filter((file) => root === '' || file.path.startsWith(`${root}/`))
      .map((file) => file.path);
  }

  async linkedBlockIds(blockIds: string[]): Promise<Set<string>> {
    const wanted = new Set(blockIds);
    const found = new Set<string>();
    if (wanted.size === 0) return found;
    for (const file of this.app.vault.getMarkdownFiles()) {
      for (const id of await this.blockIdsLinkedFrom(file)) if (wanted.has(id)) found.add(id);
      if (found.size === wanted.size) break;
    }
    return found;
  }

  /** From the metadata cache when it has parsed the file; otherwise by scanning its text. */
  private async blockIdsLinkedFrom(file: TFile): Promise<string[]> {
    const cache = cachedMetadata(this.app, file);
    if (cache) {
      const links = [...(cache.links ?? []), ...(cache.embeds ?? [])];
      return links.map((l) => /#\^([A-Za-z0-9-]+)$/.exec(l.link)?.[1]).filter((id): id is string => id !== undefined);
    }
    const text = await this.app.vault.cachedRead(file);
    return [...text.matchAll(BLOCK_LINK)].map((m) => m[1]!);
  }
}
