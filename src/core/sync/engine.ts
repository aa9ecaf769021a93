/**
 * The sync engine: plan from the notebook list, fetch changed books in an ordered pool, write each note (a book's, or
 * one per article of a 公众号 account synced per article) through the note writer, and total the report.
 */
import type { Notebook, NotebookEntry } from '../model/notebook';
import type { KeyValueStore, NoteStore } from '../ports';
import type { Settings } from '../settings/settings';
import { errorKindOf, isAbortError } from '../weread/errors';
import { redact } from '../weread/redact';
import { DEFAULT_MERGE_MESSAGES, type MergeMessages } from './merge';
import { NoteWriter, noteUnits, type PreparedNote } from './note-writer';
import { NotePlacer } from './placement';
import { IndexView, plan, type SyncPlan } from './plan';
import { runPool, Turns } from './pool';
import { newReport, totalsOf, type BookReport, type NoteName, type SyncReport } from './report';
import { shardOf, SyncState } from './state-store';

export { noteBookId } from './identity';

/** Where books come from (the WeRead client, or a fake). */
export interface BookSource {
  /**
   * What the fetched data depends on beyond the book itself (settings or a template that ask for more: progress,
   * popular highlights). Data kept from a fetch under another value is fetched again rather than re-rendered.
   */
  fetchFingerprint?: string;
  /** The notebook list: every book with notes and its cheap change signals. */
  listNotebooks(): Promise<NotebookEntry[]>;
  /** Everything needed to render one book. */
  fetchNotebook(entry: NotebookEntry, opts: { force: boolean; signal?: AbortSignal }): Promise<Notebook>;
  /** Called once with every book about to be fetched, before the first fetch (e.g. to batch chapter lists); a failure here is ignored, each book's fetch then stands on its own. */
  prefetch?(entries: NotebookEntry[]): Promise<void>;
  /** Why this book cannot be synced with the current credentials (a reason code such as 'needs-cookie'), or undefined. */
  skipReason?(entry: NotebookEntry): string | undefined;
  /** Requests made so far (for the report), when the source counts them. */
  requestCount?(): number;
  /**
   * Whether this book gets one note per article (公众号 accounts under `articles: 'per-article'`): its notebook is
   * split with `splitArticles`, each note is keyed by (bookId, articleId) and names both in its frontmatter.
   */
  perArticle?(entry: NotebookEntry): boolean;
}

/** Turns a Notebook into note text and a place. */
export interface NoteRenderer {
  /** Hash of the template source + every setting that shapes a note; a change re-renders every book. */
  fingerprint: string;
  /** The note text; throws on template errors. */
  render(notebook: Notebook): string;
  /** Where a new note goes; fileName without `.md`, folder vault-relative ('' = vault root). */
  target(notebook: Notebook): { folder: string; fileName: string };
  /** What `fromRecipe` needs to make this renderer again (kept in the state, so that a base is re-rendered as it was). */
  recipe?: string;
  /** The renderer a recipe describes, or null when it cannot be made (its fingerprint is checked by the caller). */
  fromRecipe?(recipe: string): NoteRenderer | null;
}

export interface SyncDeps {
  source: BookSource;
  renderer: NoteRenderer;
  store: NoteStore;
  state: KeyValueStore;
  settings: Settings;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; title?: string }) => void;
  now?: () => number;
  /** Words the merge writes into notes (conflict callout title, deleted marker); Chinese by default. */
  messages?: MergeMessages;
  /** Books fetched and merged at once (the client paces its own requests). Default 6. */
  concurrency?: number;
  /** After each note is written (never on a dry run): its notebook and report, whose `added` ids feed the daily notes. */
  onNoteWritten?: (note: { notebook: Notebook; report: BookReport }) => void;
}

export interface SyncOptions {
  /** Plan, merge and diff, but write nothing and change no state. */
  dryRun?: boolean;
  /** Refetch and re-merge every book even when the notebook list says nothing changed. */
  force?: boolean;
  /** Only these books (others are neither synced nor reported as vanished). */
  onlyBookIds?: string[];
}

/** A failed note's report; a failure caused by a cancel is not a failure but a note not reached (errorKind 'cancelled'). */
function failedReport(name: NoteName, path: string, e: unknown, signal: AbortSignal | undefined): BookReport {
  if (isAbortError(e) || errorKindOf(e) === 'cancelled' || signal?.aborted === true) {
    // Cut off by a cancel, not broken: it syncs next time like any book not reached.
    return { ...newReport(name, path, 'skipped'), error: 'cancelled', errorKind: 'cancelled' };
  }
  const report = newReport(name, path, 'failed');
  report.error = redact(e instanceof Error ? e.message : String(e));
  const kind = errorKindOf(e);
  if (kind !== undefined) report.errorKind = kind;
  return report;
}

function kindOf(report: BookReport): { errorKind?: string } {
  return report.errorKind !== undefined ? { errorKind: report.errorKind } : {};
}

/** What syncing one book needs beyond the book. */
interface BookRun {
  deps: SyncDeps;
  state: SyncState;
  /** Books re-rendered from what the state kept (fetched only if it is gone). */
  rerender: Set<NotebookEntry>;
  force: boolean;
  view: IndexView;
  writer: NoteWriter;
}

/** Fetches one book and writes its notes (the pool's caller turns a throw into failed reports for every note). */
async function syncBook(run: BookRun, entry: NotebookEntry, turn: Promise<void> | undefined, endTurn: () => void) {
  const { deps, view, writer } = run;
  const split = view.isPerArticle(entry);
  const kept = run.rerender.has(entry) ? await run.state.fetched(entry.bookId) : null;
  const notebook = kept ?? (await deps.source.fetchNotebook(entry, { force: run.force, signal: deps.signal }));
  const units = noteUnits(entry, notebook, split);
  const pathOf = (key: string) => writer.index.books[key]?.path ?? '';
  // Render and place every note first (articles in reading order), then let the next book choose its paths.
  const prepared: Array<PreparedNote | BookReport> = [];
  try {
    for (const unit of units) {
      try {
        prepared.push(await writer.prepare(unit, turn));
      } catch (e) {
        prepared.push(failedReport(unit.name, pathOf(unit.key), e, deps.signal));
      }
    }
  } finally {
    endTurn();
  }
  const out: BookReport[] = [];
  for (const p of prepared) {
    if (!('unit' in p)) out.push(p);
    else
      out.push(
        await writer.write(entry, p).catch((e) => failedReport(p.unit.name, pathOf(p.unit.key), e, deps.signal)),
      );
  }
  if (split) {
    // Articles whose every highlight and thought is gone: their notes stay as they are.
    const current = new Set(units.map((u) => u.key));
    for (const key of view.articleNotes(entry.bookId)) if (!current.has(key)) out.push(view.reportOf(key, 'vanished'));
    // Only once every article note is written does the account count as synced; otherwise it is fetched again.
    const allWritten = out.every((r) => r.status !== 'failed' && r.errorKind !== 'cancelled');
    if (allWritten)
      writer.recordAccount(
        entry,
        units.map((u) => u.name.articleId!),
      );
  }
  // Items WeRead sent that could not be read (issue 14): named on every note of the book that was written.
  if (notebook.problems) for (const r of out) if (r.status !== 'failed') r.warnings = notebook.problems;
  return out;
}

/** Syncs one book in its turn; a throw (the fetch failed) fails every note of the book, and none is touched. */
async function syncInTurn(run: BookRun, turns: Turns, entry: NotebookEntry, i: number): Promise<BookReport[]> {
  try {
    return await syncBook(run, entry, turns.before(i), () => turns.end(i));
  } catch (e) {
    const failed = failedReport(entry, '', e, run.deps.signal);
    return run.view.standIns(entry, 'failed', (r) => Object.assign(r, { error: failed.error }, kindOf(failed)));
  } finally {
    turns.end(i);
    for (const key of notesOf(run.view, entry)) run.state.release(key);
  }
}

/** The notes a book had before this run: its own, or an account's article notes. */
function notesOf(view: IndexView, entry: NotebookEntry): string[] {
  return view.isPerArticle(entry) ? [...view.articleNotes(entry.bookId)] : [entry.bookId];
}

/**
 * The order books are synced in: the books to fetch in list order (new notes choose their paths in that order), then
 * the books re-rendered from kept data shard by shard, so that a template change holds one shard's data at a time.
 */
function syncOrder(planned: SyncPlan): NotebookEntry[] {
  const rerender = planned.steps.flatMap((s) => (s.action === 'rerender' ? [s.entry] : []));
  const byShard = rerender.map((entry, i) => ({ entry, i, shard: shardOf(entry.bookId) }));
  byShard.sort((a, b) => a.shard - b.shard || a.i - b.i);
  return [...planned.toFetch, ...byShard.map((x) => x.entry)];
}

/**
 * Books a re-rendering syncs at once: it waits on no server, so more at once would only keep more books' data alive
 * together (and the script heap grows to a few times what it holds).
 */
const RERENDER_CONCURRENCY = 2;

/** Syncs the books in order: the first `fetching` ones fetched by the pool at full width, the re-rendered after them. */
async function syncAll(run: BookRun, turns: Turns, toSync: NotebookEntry[], fetching: number) {
  const { deps } = run;
  const width = deps.concurrency ?? 6;
  const part = (items: NotebookEntry[], offset: number, concurrency: number) =>
    runPool(items, (entry, i) => syncInTurn(run, turns, entry, offset + i), {
      concurrency,
      signal: deps.signal,
      onDone: (entry, done) => deps.onProgress?.({ done: offset + done, total: toSync.length, title: entry.title }),
    });
  const fetched = await part(toSync.slice(0, fetching), 0, width);
  const rerendered = await part(toSync.slice(fetching), fetching, Math.min(width, RERENDER_CONCURRENCY));
  return { results: [...fetched.results, ...rerendered.results], aborted: fetched.aborted || rerendered.aborted };
}

/** Lets the source batch its work for the books to fetch; only an optimisation, so a failure is ignored. */
async function prefetch(source: BookSource, toFetch: NotebookEntry[], signal: AbortSignal | undefined) {
  if (!toFetch.length || !source.prefetch || signal?.aborted) return;
  try {
    await source.prefetch(toFetch);
  } catch {
    // Every book's own fetch reports its own failure.
  }
}

/** Every note's report in list order: the plan's, the fetched books' (a book the pool never reached: skipped), the vanished. */
function reportsInOrder(
  planned: SyncPlan,
  synced: ReadonlyMap<NotebookEntry, BookReport[] | undefined>,
  view: IndexView,
): BookReport[] {
  const notReached = (entry: NotebookEntry) => view.standIns(entry, 'skipped', (r) => (r.error = 'cancelled'));
  const books = planned.steps.flatMap((step) =>
    step.action === 'fetch' || step.action === 'rerender'
      ? (synced.get(step.entry) ?? notReached(step.entry))
      : step.reports,
  );
  return books.concat(planned.vanished);
}

/** Runs one sync; never throws for a single note's failure (that note is reported as failed). */
export async function runSync(deps: SyncDeps, opts: SyncOptions = {}): Promise<SyncReport> {
  const now = deps.now ?? Date.now;
  const started = now();
  const { source, renderer, settings } = deps;
  const dryRun = opts.dryRun ?? false;
  const state = await SyncState.load(deps.state, { readOnly: dryRun });
  const { index } = state;
  const entries = await source.listNotebooks();
  const view = new IndexView(index, (entry) => source.perArticle?.(entry) ?? false);
  const force = opts.force ?? false;
  const planned = plan(
    {
      entries,
      index,
      filters: settings,
      fingerprint: renderer.fingerprint,
      force,
      onlyBookIds: opts.onlyBookIds,
      skipReason: (entry) => source.skipReason?.(entry),
      fetchFingerprint: source.fetchFingerprint,
    },
    view,
  );

  const records = Object.values(index.books);
  const recreateDeleted = force || opts.onlyBookIds !== undefined;
  const placer = new NotePlacer(deps.store, settings.folder, (nb) => renderer.target(nb), records, recreateDeleted);
  const messages = deps.messages ?? DEFAULT_MERGE_MESSAGES;
  const writer = new NoteWriter({
    store: deps.store,
    folder: deps.settings.folder,
    onNoteWritten: deps.onNoteWritten,
    fetchFingerprint: source.fetchFingerprint,
    state,
    placer,
    renderer,
    messages,
    dryRun,
    now,
  });
  await prefetch(source, planned.toFetch, deps.signal);
  // New notes choose their paths in notebook-list order (not fetch-completion order), so two books with one
  // title always get the same two names.
  const toSync = syncOrder(planned);
  state.expect(toSync.flatMap((entry) => notesOf(view, entry)));
  const turns = new Turns(toSync.length);
  const rerender = new Set(planned.steps.flatMap((s) => (s.action === 'rerender' ? [s.entry] : [])));
  const run: BookRun = { deps, state, rerender, force, view, writer };
  const pool = await syncAll(run, turns, toSync, planned.toFetch.length);
  await writer.flush();

  const synced = new Map(toSync.map((entry, i) => [entry, pool.results[i]]));
  const books = reportsInOrder(planned, synced, view);
  const cancelled = pool.aborted || books.some((r) => r.errorKind === 'cancelled');
  const report: SyncReport = { books, totals: totalsOf(books), durationMs: now() - started, cancelled, dryRun };
  const requests = source.requestCount?.();
  if (requests !== undefined) report.requests = requests;
  return report;
}
