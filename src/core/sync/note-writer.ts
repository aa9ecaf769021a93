/** One note through the sync: rendered, placed, merged with the reader's file, written only if it changed, its state recorded (the one place a BookRecord is built). */
import { splitArticles } from '../model/assemble';
import type { Notebook, NotebookEntry } from '../model/notebook';
import type { NoteStore } from '../ports';
import { toBlockId } from '../render/block-id';
import { assertNotePath } from '../render/file-names';
import { unifiedDiff } from './diff';
import { withArticleId } from './identity';
import { blockIdsOf, mergeNote, normalizeNewlines, type MergeMessages } from './merge';
import type { NotePlacer, Placement, PlacedUnit } from './placement';
import { NOTE_DELETED } from './plan';
import { newReport, type BookReport } from './report';
import { noteKey, type AccountRecord, type BookBase, type BookRecord, type StateIndex } from './state';
import type { SyncState } from './state-store';

/**
 * The state is written every this many notes at least, and otherwise every quarter of the library, so a crash loses
 * little and a first sync of thousands of books does not rewrite the whole state every few books…
 */
const FLUSH_EVERY = 25;
/**
 * …but at most this many notes are held unwritten: each holds its fetched data (about 30 KB in memory at 120
 * highlights), and rewriting the whole state every 200 notes costs a 2,000-book first sync about 5 rewrites of it.
 */
const MAX_UNWRITTEN = 200;

/** One note's worth of a fetched book: the whole book, or one article of an account. */
export type NoteUnit = PlacedUnit;

/** The notes a fetched book makes: one, or one per article (in reading order) for an account synced per article. */
export function noteUnits(entry: NotebookEntry, notebook: Notebook, perArticle: boolean): NoteUnit[] {
  if (!perArticle) return [{ notebook, name: entry, key: entry.bookId }];
  return splitArticles(notebook).map((article) => {
    const chapter = article.chapters[0]!.chapter;
    // Every 公众号 chapter has an articleId; the fallback only keeps a note per chapter should one not.
    const articleId = chapter.articleId ?? `chapter-${chapter.chapterUid}`;
    return {
      notebook: article,
      name: { bookId: entry.bookId, title: chapter.title, articleId },
      key: noteKey(entry.bookId, articleId),
    };
  });
}

/** Block ids of every highlight and thought the notebook holds, whether or not the template renders them. */
function wereadBlockIds(notebook: Notebook): Set<string> {
  const ids = new Set<string>();
  const thoughts = (list: readonly { reviewId: string }[]) => list.forEach((t) => ids.add(toBlockId(t.reviewId)));
  for (const chapter of notebook.chapters) {
    for (const h of chapter.highlights) {
      ids.add(toBlockId(h.bookmarkId));
      thoughts(h.thoughts);
    }
    for (const passage of chapter.passages) thoughts(passage.thoughts);
    thoughts(chapter.chapterThoughts);
  }
  thoughts(notebook.passageThoughts);
  thoughts(notebook.reviews);
  thoughts(notebook.otherThoughts);
  return ids;
}

/**
 * A copy of what a report keeps from a note's text (block ids, quoted passages) that does not hold the text itself:
 * a string cut from a longer one keeps the whole of it alive, and a sync's report lives as long as the sync.
 */
function detached<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A note rendered and placed, ready to merge. */
export interface PreparedNote extends Placement {
  unit: NoteUnit;
  rendered: string;
  saved: BookBase | null;
}

/** What the writer renders with: the run's renderer, and how to get back the renderer of an older fingerprint. */
export interface WriterRenderer {
  fingerprint: string;
  render(notebook: Notebook): string;
  recipe?: string;
  fromRecipe?(recipe: string): WriterRenderer | null;
}

/** A note's text from its notebook: rendered, with `\n` line ends, and an article note's articleId in its frontmatter. */
function renderUnit(renderer: WriterRenderer, notebook: Notebook, articleId: string | undefined): string {
  const rendered = normalizeNewlines(renderer.render(notebook));
  return articleId === undefined ? rendered : withArticleId(rendered, articleId);
}

/**
 * A note's merge base (its last rendering and block ids): what was kept of its fetch, re-rendered by the renderer of
 * the fingerprint it was synced with (this run's, or one made again from its recipe), or null.
 */
export function loadNoteBase(
  state: SyncState,
  renderer: WriterRenderer,
  key: string,
  articleId: string | undefined,
  reader?: string | null,
): Promise<BookBase | null> {
  const renderWith = (fingerprint: string, notebook: Notebook) => {
    const recipe = state.renderers[fingerprint];
    const then =
      fingerprint === renderer.fingerprint ? renderer : recipe === undefined ? null : renderer.fromRecipe?.(recipe);
    return then && then.fingerprint === fingerprint ? renderUnit(then, notebook, articleId) : null;
  };
  return state.loadBookBase(key, renderWith, reader);
}

export interface NoteWriterDeps {
  store: NoteStore;
  /** The notes folder: a new note is written only under it (render/file-names.ts `assertNotePath`). */
  folder: string;
  state: SyncState;
  placer: NotePlacer;
  renderer: WriterRenderer;
  messages: MergeMessages;
  dryRun: boolean;
  now: () => number;
  /** After each note is written (never on a dry run): its notebook and report, whose `added` ids feed the daily notes. */
  onNoteWritten?: (note: { notebook: Notebook; report: BookReport }) => void;
  /** BookSource.fetchFingerprint, recorded with the kept data. */
  fetchFingerprint?: string;
}

/** Renders, places, merges and writes notes, and keeps the state index of the run. */
export class NoteWriter {
  private sinceFlush = 0;
  readonly index: StateIndex;

  constructor(private readonly deps: NoteWriterDeps) {
    this.index = deps.state.index;
  }

  private get fingerprint(): string {
    return this.deps.renderer.fingerprint;
  }

  /** Renders a note, loads its merge base and finds (or chooses, in turn) its path. */
  async prepare(unit: NoteUnit, turn: Promise<void> | undefined): Promise<PreparedNote> {
    const { renderer, state } = this.deps;
    const rendered = renderUnit(renderer, unit.notebook, unit.name.articleId);
    const keptPath = await state.keptPath(unit.key);
    const place = await this.deps.placer.place(unit, [this.index.books[unit.key]?.path, keptPath], turn);
    this.deps.placer.claim(place.path);
    // After placing: a reader's file still as it was written is its own merge base (no second rendering).
    const saved = await loadNoteBase(state, renderer, unit.key, unit.name.articleId, place.reader);
    return { unit, rendered, saved, ...place };
  }

  /** Merges a prepared note with its file, writes it if it changed, records its state. */
  async write(entry: NotebookEntry, note: PreparedNote): Promise<BookReport> {
    const { unit, path, reader } = note;
    if (note.deleted) return this.stayDeleted(note);
    const report = newReport(unit.name, path, 'unchanged');
    if (note.pathConflict) report.pathConflict = note.pathConflict;
    if (note.duplicates) report.duplicates = note.duplicates;
    const text = reader === null ? this.created(note, report) : await this.merged(note, reader, report);
    if (this.deps.dryRun) {
      if (report.status !== 'unchanged')
        report.diff = unifiedDiff(path, reader === null ? null : normalizeNewlines(reader), normalizeNewlines(text));
      return report;
    }
    // `reader` is what the merge started from: a note the reader saved in the meantime is not overwritten.
    if (report.status !== 'unchanged') {
      // Every path is checked before a write: a hostile id or title cannot walk out of the notes folder.
      assertNotePath(path, this.deps.folder, reader === null);
      await this.deps.store.write(path, text, reader);
    }
    await this.record(entry, note);
    this.deps.onNoteWritten?.({ notebook: unit.notebook, report });
    return report;
  }

  /** A note the reader deleted: reported, not written, and marked so that the plan skips it from now on. */
  private stayDeleted(note: PreparedNote): BookReport {
    const report = newReport(note.unit.name, note.path, 'skipped');
    report.skipReason = NOTE_DELETED;
    const record = this.index.books[note.unit.key];
    if (!this.deps.dryRun && record && !record.deleted)
      this.deps.state.setRecord(note.unit.key, { ...record, deleted: true });
    return report;
  }

  private created(note: PreparedNote, report: BookReport): string {
    report.status = 'created';
    report.added = detached(blockIdsOf(note.rendered));
    return note.rendered;
  }

  private async merged(note: PreparedNote, reader: string, report: BookReport): Promise<string> {
    const { unit, rendered, saved } = note;
    const renderedIds = new Set(blockIdsOf(rendered));
    // Only what WeRead deleted counts as gone; an id that a new template does not render is not a deletion,
    // and asking the vault about it for every book made a template change read the vault once per note.
    const stillOnWeRead = saved ? wereadBlockIds(unit.notebook) : new Set<string>();
    const gone = saved ? saved.ids.filter((id) => !renderedIds.has(id) && !stillOnWeRead.has(id)) : [];
    const linked = gone.length ? await this.deps.store.linkedBlockIds(gone) : new Set<string>();
    const result = mergeNote({
      base: saved?.base ?? null,
      reader,
      incoming: rendered,
      rebase: saved !== null && saved.record.rendererFingerprint !== this.fingerprint,
      linked,
      messages: this.deps.messages,
    });
    Object.assign(
      report,
      detached({
        added: result.added,
        updated: result.updated,
        // A block a new template does not render (a nested thought) was not deleted on WeRead: not reported as removed.
        removed: result.removed.filter((id) => !stillOnWeRead.has(id)),
        kept: result.kept,
        conflicts: result.conflicts,
      }),
    );
    report.status = result.text === reader || result.text === normalizeNewlines(reader) ? 'unchanged' : 'updated';
    // A note kept with Windows line endings keeps them: the merge works on lines, the file stays the reader's.
    return reader.includes('\r\n') ? result.text.replace(/\r?\n/g, '\r\n') : result.text;
  }

  /** Saves the note's merge base and its index record (the index itself is written every few notes). */
  private async record(entry: NotebookEntry, note: PreparedNote): Promise<void> {
    const { unit, path, rendered } = note;
    const record: BookRecord = {
      title: unit.name.title,
      ...(unit.name.articleId !== undefined ? { bookId: entry.bookId, articleId: unit.name.articleId } : {}),
      path,
      sort: entry.sort,
      noteCount: entry.noteCount,
      reviewCount: entry.reviewCount,
      rendererFingerprint: this.fingerprint,
      syncedAt: this.deps.now(),
      data: true,
      ...(this.deps.fetchFingerprint ? { fetchFingerprint: this.deps.fetchFingerprint } : {}),
    };
    const { notebook } = unit;
    const recipe = this.deps.renderer.recipe;
    await this.deps.state.saveBookBase({ bookId: unit.key, record, base: rendered, ids: [], notebook, recipe });
    const every = Math.max(FLUSH_EVERY, Math.min(MAX_UNWRITTEN, Object.keys(this.index.books).length / 4));
    if (++this.sinceFlush >= every) await this.flush();
  }

  /** Records an account synced per article, once every article note of it is written. */
  recordAccount(entry: NotebookEntry, articleIds: string[]): void {
    if (this.deps.dryRun) return;
    const account: AccountRecord = {
      title: entry.title,
      sort: entry.sort,
      noteCount: entry.noteCount,
      reviewCount: entry.reviewCount,
      rendererFingerprint: this.fingerprint,
      articleIds,
      syncedAt: this.deps.now(),
    };
    this.deps.state.setAccount(entry.bookId, account);
  }

  /** Writes the state if anything changed since it was last written. */
  async flush(): Promise<void> {
    if (this.deps.dryRun) return;
    this.sinceFlush = 0;
    await this.deps.state.flush();
  }
}
