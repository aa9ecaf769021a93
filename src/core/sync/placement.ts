/**
 * Where a note lives: the path the state names, else the note whose frontmatter names it anywhere in the vault
 * (`NoteStore.findNotes`, else one folder scan per run), else a new free path — unless the reader deleted it.
 */
import type { Notebook } from '../model/notebook';
import type { NoteStore } from '../ports';
import { sanitizeFileName } from '../render/file-names';
import { noteKeyOf } from './identity';
import type { NoteName } from './report';
import type { BookRecord } from './state';

/** A note found or given a path: its current text (null for a new note) and the taken path it had to avoid. */
export interface Placement {
  path: string;
  /** The reader's file as it is now, or null when there is none. */
  reader: string | null;
  pathConflict?: string;
  /** Other notes whose frontmatter names the same book (left alone, reported). */
  duplicates?: string[];
  /** The state knew the note, and it is nowhere in the vault: the reader deleted it, it is not written again. */
  deleted?: boolean;
}

/** What is placed: a note by its key and name, with the notebook its new path is derived from. */
export interface PlacedUnit {
  key: string;
  name: NoteName;
  notebook: Notebook;
}

function joinPath(folder: string, name: string): string {
  const f = folder.replace(/^\/+|\/+$/g, '');
  return f ? `${f}/${name}` : name;
}

/** Places notes for one run; paths are compared case-insensitively (as on macOS and Windows file systems). */
export class NotePlacer {
  /** Paths other notes own or this run has chosen: a new note never takes one of them. */
  private readonly claimed = new Set<string>();
  private scan: Promise<Map<string, string[]>> | null = null;

  constructor(
    private readonly store: NoteStore,
    /** The folder scanned for notes that moved, when the store cannot find notes in the whole vault. */
    private readonly folder: string,
    private readonly target: (notebook: Notebook) => { folder: string; fileName: string },
    records: Iterable<BookRecord>,
    /** Whether a note the reader deleted is written again (Force full sync, Sync current book). */
    private readonly recreateDeleted = false,
  ) {
    for (const record of records) this.claim(record.path);
  }

  claim(path: string): void {
    this.claimed.add(path.toLowerCase());
  }

  /**
   * Finds a note: where the state says (`known`: the index's path, then the base's), else wherever its frontmatter
   * names it, else a new free path, chosen only once `turn` resolves (so new paths are chosen in list order).
   */
  async place(unit: PlacedUnit, known: readonly (string | undefined)[], turn?: Promise<void>): Promise<Placement> {
    let chosen: Placement | null = null;
    for (const candidate of known) {
      if (!candidate || chosen) continue;
      const text = await this.store.read(candidate);
      if (text !== null && noteKeyOf(text) === unit.key) chosen = { path: candidate, reader: text };
    }
    // Without a whole-vault search, a note where the state says is not looked for elsewhere (a folder scan reads files).
    if (chosen && !this.store.findNotes) return chosen;
    const found = await this.found(unit.key);
    // Found elsewhere (moved, renamed, the older plugin's note): synced where it is; the first of several.
    for (const path of chosen ? [] : found) {
      const text = await this.store.read(path);
      if (text !== null && noteKeyOf(text) === unit.key) {
        chosen = { path, reader: text };
        break;
      }
    }
    if (chosen) {
      const lower = chosen.path.toLowerCase();
      const duplicates = found.filter((p) => p.toLowerCase() !== lower);
      return duplicates.length ? { ...chosen, duplicates } : chosen;
    }
    // Known to the state, found nowhere: the reader deleted it (only a whole-vault search can tell).
    if (this.store.findNotes && !this.recreateDeleted && known.some((p) => p)) {
      await turn;
      return { path: known.find((p) => p) ?? '', reader: null, deleted: true };
    }
    await turn;
    return this.newPath(unit, known[0]);
  }

  /** The first free name: the target, then tagged by bookId (two books, one title) or articleId (two articles). */
  private async newPath(unit: PlacedUnit, ownPath: string | undefined): Promise<Placement> {
    const target = this.target(unit.notebook);
    const tag = unit.name.articleId === undefined ? unit.name.bookId : sanitizeFileName(unit.name.articleId, 'article');
    let pathConflict: string | undefined;
    for (let n = 0; ; n++) {
      const name =
        n === 0 ? target.fileName : n === 1 ? `${target.fileName} (${tag})` : `${target.fileName} (${tag}) ${n}`;
      const candidate = joinPath(target.folder, `${name}.md`);
      const lower = candidate.toLowerCase();
      if (this.claimed.has(lower) && candidate !== ownPath) {
        pathConflict ??= candidate;
        continue;
      }
      this.claimed.add(lower);
      const text = await this.store.read(candidate);
      if (text === null) return { path: candidate, reader: null, pathConflict };
      if (noteKeyOf(text) === unit.key) return { path: candidate, reader: text, pathConflict };
      pathConflict ??= candidate;
    }
  }

  /** The paths whose frontmatter names the key: from the store's whole-vault search, else the folder scan. */
  private async found(key: string): Promise<string[]> {
    return (await this.notesByKey()).get(key) ?? [];
  }

  /** Every book note by the key its frontmatter names, searched once per run and only when a note is placed. */
  private notesByKey(): Promise<Map<string, string[]>> {
    this.scan ??= this.store.findNotes ? this.store.findNotes() : this.scanFolder();
    return this.scan;
  }

  private async scanFolder(): Promise<Map<string, string[]>> {
    const byKey = new Map<string, string[]>();
    for (const path of await this.store.listMarkdown(this.folder)) {
      const text = await this.store.read(path);
      const key = text === null ? null : noteKeyOf(text);
      if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), path]);
    }
    return byKey;
  }
}
