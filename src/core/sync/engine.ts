/** The sync engine: plan from the notebook list, fetch changed books in a bounded pool, merge each into its note, write atomically, record state, report. */
import type { Notebook, NotebookEntry } from '../model/notebook';
import type { KeyValueStore, NoteStore } from '../ports';
import { parseNote } from '../render/frontmatter';
import type { Settings } from '../settings/settings';
import { redact } from '../weread/redact';
import { unifiedDiff } from './diff';
import { DEFAULT_MERGE_MESSAGES, blockIdsOf, mergeNote, normalizeNewlines, type MergeMessages } from './merge';
import type { BookReport, SyncReport } from './report';
import { emptyTotals } from './report';
import { hashText, loadBookBase, loadIndex, saveBookBase, saveIndex, type BookRecord, type StateIndex } from './state';

/** Where books come from (the WeRead client, or a fake). */
export interface BookSource {
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
}

/** Turns a Notebook into note text and a place. */
export interface NoteRenderer {
  /** Hash of the template source + every setting that shapes a note; a change re-renders every book. */
  fingerprint: string;
  /** The note text; throws on template errors. */
  render(notebook: Notebook): string;
  /** Where a new note goes; fileName without `.md`, folder vault-relative ('' = vault root). */
  target(notebook: Notebook): { folder: string; fileName: string };
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
}

export interface SyncOptions {
  /** Plan, merge and diff, but write nothing and change no state. */
  dryRun?: boolean;
  /** Refetch and re-merge every book even when the notebook list says nothing changed. */
  force?: boolean;
  /** Only these books (others are neither synced nor reported as vanished). */
  onlyBookIds?: string[];
}

/** Writes the index every this many books so a crash loses little (per-book keys are written after every note). */
const INDEX_FLUSH_EVERY = 25;

/** The bookId a note's frontmatter names, or null (no frontmatter, not YAML, no bookId). */
export function noteBookId(text: string): string | null {
  if (!text.startsWith('---') || text.indexOf('bookId') < 0) return null;
  try {
    const id = parseNote(text).data['bookId'];
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  } catch {
    return null;
  }
}

function joinPath(folder: string, name: string): string {
  const f = folder.replace(/^\/+|\/+$/g, '');
  return f ? `${f}/${name}` : name;
}

function matchesBook(list: readonly string[], entry: NotebookEntry): boolean {
  return list.some((x) => x === entry.bookId || x === entry.title);
}

function errorMessage(e: unknown): string {
  const text = e instanceof Error ? e.message || e.name : String(e);
  return redact(text);
}

/** The kind of a classified error (WeReadError, TemplateError), so that the UI can say it in the reader's language. */
function errorKind(e: unknown): string | undefined {
  const kind = (e as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? kind : undefined;
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

function newReport(entry: { bookId: string; title: string }, path: string, status: BookReport['status']): BookReport {
  return {
    bookId: entry.bookId,
    title: entry.title,
    path,
    status,
    added: [],
    updated: [],
    removed: [],
    kept: [],
    conflicts: [],
  };
}

/** Runs one sync; never throws for a single book's failure (that book is reported as failed). */
export async function runSync(deps: SyncDeps, opts: SyncOptions = {}): Promise<SyncReport> {
  const now = deps.now ?? Date.now;
  const started = now();
  const { source, renderer, store, state, settings } = deps;
  const dryRun = opts.dryRun ?? false;
  const force = opts.force ?? false;
  const messages = deps.messages ?? DEFAULT_MERGE_MESSAGES;
  const index: StateIndex = await loadIndex(state);
  const entries = await source.listNotebooks();
  const only = opts.onlyBookIds ? new Set(opts.onlyBookIds) : null;
  // One slot per listed book, in list order; changed books fill theirs when done.
  const reports: Array<BookReport | null> = [];
  const changedSlot: number[] = [];
  const listed = new Set<string>();
  const changed: NotebookEntry[] = [];
  for (const entry of entries) {
    listed.add(entry.bookId);
    if (only && !only.has(entry.bookId)) continue;
    const record = index.books[entry.bookId];
    const filteredOut =
      (settings.includeBooks.length > 0 && !matchesBook(settings.includeBooks, entry)) ||
      matchesBook(settings.excludeBooks, entry) ||
      entry.noteCount < settings.minHighlights;
    if (filteredOut) {
      reports.push(newReport(entry, record?.path ?? '', 'skipped'));
      continue;
    }
    const skipReason = source.skipReason?.(entry);
    if (skipReason) {
      reports.push({ ...newReport(entry, record?.path ?? '', 'skipped'), skipReason });
      continue;
    }
    const same =
      record !== undefined &&
      record.sort === entry.sort &&
      record.noteCount === entry.noteCount &&
      record.reviewCount === entry.reviewCount &&
      record.rendererFingerprint === renderer.fingerprint;
    if (same && !force) reports.push(newReport(entry, record.path, 'unchanged'));
    else {
      changedSlot.push(reports.length);
      reports.push(null);
      changed.push(entry);
    }
  }
  if (!only) {
    for (const [bookId, record] of Object.entries(index.books)) {
      if (!listed.has(bookId)) reports.push(newReport({ bookId, title: record.title }, record.path, 'vanished'));
    }
  }

  // Paths other books own or this run has chosen: a new note never takes one of them.
  const claimed = new Set<string>();
  for (const record of Object.values(index.books)) claimed.add(record.path.toLowerCase());
  let scan: Promise<Map<string, string>> | null = null;
  const scanFolder = (): Promise<Map<string, string>> => {
    // Only when a changed book's note is not where the index says; once per run.
    scan ??= (async () => {
      const byBook = new Map<string, string>();
      for (const path of await store.listMarkdown(settings.folder)) {
        const text = await store.read(path);
        const id = text === null ? null : noteBookId(text);
        if (id !== null && !byBook.has(id)) byBook.set(id, path);
      }
      return byBook;
    })();
    return scan;
  };

  let indexDirty = false;
  let sinceFlush = 0;
  const flushIndex = async () => {
    if (dryRun || !indexDirty) return;
    indexDirty = false;
    sinceFlush = 0;
    await saveIndex(state, index);
  };

  // New notes choose their paths in notebook-list order (not fetch-completion order), so two books with one
  // title always get the same two names.
  const pathTurns: Array<Promise<void>> = [];

  const syncBook = async (
    entry: NotebookEntry,
    previousTurn: Promise<void> | undefined,
    endTurn: () => void,
  ): Promise<BookReport> => {
    const record = index.books[entry.bookId];
    const notebook = await source.fetchNotebook(entry, { force, signal: deps.signal });
    const dataHash = hashText(JSON.stringify(notebook));
    const advance = (path: string): BookRecord => ({
      title: entry.title,
      path,
      sort: entry.sort,
      noteCount: entry.noteCount,
      reviewCount: entry.reviewCount,
      dataHash,
      rendererFingerprint: renderer.fingerprint,
      syncedAt: now(),
    });
    const rendered = normalizeNewlines(renderer.render(notebook));
    const saved = await loadBookBase(state, entry.bookId);

    // Find the note: where the state says, else wherever its frontmatter bookId is, else a new free path.
    let path: string | null = null;
    let theirs: string | null = null;
    let pathConflict: string | undefined;
    for (const candidate of [record?.path, saved?.record.path]) {
      if (!candidate || path) continue;
      const text = await store.read(candidate);
      if (text !== null && noteBookId(text) === entry.bookId) {
        path = candidate;
        theirs = text;
      }
    }
    if (!path) {
      const found = (await scanFolder()).get(entry.bookId);
      if (found) {
        const text = await store.read(found);
        if (text !== null) {
          path = found;
          theirs = text;
        }
      }
    }
    if (!path) {
      await previousTurn;
      const target = renderer.target(notebook);
      for (let n = 0; !path; n++) {
        const name =
          n === 0
            ? target.fileName
            : n === 1
              ? `${target.fileName} (${entry.bookId})`
              : `${target.fileName} (${entry.bookId}) ${n}`;
        const candidate = joinPath(target.folder, `${name}.md`);
        const key = candidate.toLowerCase();
        if (claimed.has(key) && candidate !== record?.path) {
          pathConflict ??= candidate;
          continue;
        }
        claimed.add(key);
        const text = await store.read(candidate);
        if (text === null) path = candidate;
        else if (noteBookId(text) === entry.bookId) {
          path = candidate;
          theirs = text;
        } else pathConflict ??= candidate;
      }
    }
    claimed.add(path.toLowerCase());
    endTurn();

    const report = newReport(entry, path, 'unchanged');
    if (pathConflict) report.pathConflict = pathConflict;
    let text: string;
    if (theirs === null) {
      text = rendered;
      report.status = 'created';
      report.added = blockIdsOf(rendered);
    } else {
      const base = saved?.base ?? null;
      const oursIds = new Set(blockIdsOf(rendered));
      const gone = saved ? saved.ids.filter((id) => !oursIds.has(id)) : [];
      const linked = gone.length ? await store.linkedBlockIds(gone) : new Set<string>();
      const result = mergeNote({
        base,
        theirs,
        ours: rendered,
        rebase: saved !== null && saved.record.rendererFingerprint !== renderer.fingerprint,
        linked,
        messages,
      });
      text = result.text;
      Object.assign(report, {
        added: result.added,
        updated: result.updated,
        removed: result.removed,
        kept: result.kept,
        conflicts: result.conflicts,
      });
      report.status = text === theirs || text === normalizeNewlines(theirs) ? 'unchanged' : 'updated';
    }
    if (dryRun) {
      if (report.status !== 'unchanged')
        report.diff = unifiedDiff(path, theirs === null ? null : normalizeNewlines(theirs), text);
      return report;
    }
    if (report.status !== 'unchanged') await store.write(path, text);
    const newRecord = advance(path);
    await saveBookBase(state, {
      bookId: entry.bookId,
      record: newRecord,
      base: rendered,
      ids: [...blockIdsOf(rendered)],
    });
    index.books[entry.bookId] = newRecord;
    indexDirty = true;
    if (++sinceFlush >= INDEX_FLUSH_EVERY) await flushIndex();
    return report;
  };

  let cancelled = false;
  let done = 0;
  const total = changed.length;
  let next = 0;
  const changedReports: Array<BookReport | undefined> = new Array<BookReport | undefined>(changed.length);
  const worker = async () => {
    while (next < changed.length) {
      if (deps.signal?.aborted) {
        cancelled = true;
        return;
      }
      const i = next++;
      const entry = changed[i]!;
      let report: BookReport;
      let endTurn!: () => void;
      pathTurns[i] = new Promise<void>((resolve) => (endTurn = resolve));
      try {
        report = await syncBook(entry, pathTurns[i - 1], endTurn);
      } catch (e) {
        if (isAbort(e) || deps.signal?.aborted) cancelled = true;
        report = newReport(entry, index.books[entry.bookId]?.path ?? '', 'failed');
        report.error = isAbort(e) ? 'cancelled' : errorMessage(e);
        report.errorKind = isAbort(e) ? 'cancelled' : errorKind(e);
      } finally {
        endTurn();
      }
      changedReports[i] = report;
      done++;
      deps.onProgress?.({ done, total, title: entry.title });
    }
  };
  if (changed.length && source.prefetch && !deps.signal?.aborted) {
    try {
      await source.prefetch(changed);
    } catch {
      // Only an optimisation: every book's own fetch reports its own failure.
    }
  }
  const poolSize = Math.max(1, Math.min(deps.concurrency ?? 6, changed.length));
  await Promise.all(Array.from({ length: poolSize }, worker));
  await flushIndex();
  changed.forEach((entry, i) => {
    let r = changedReports[i];
    if (!r) {
      r = newReport(entry, index.books[entry.bookId]?.path ?? '', 'skipped');
      r.error = 'cancelled';
    }
    reports[changedSlot[i]!] = r;
  });
  const books = reports.filter((r): r is BookReport => r !== null);

  const totals = emptyTotals();
  for (const r of books) {
    totals[r.status]++;
    totals.added += r.added.length;
    totals.updatedBlocks += r.updated.length;
    totals.removed += r.removed.length;
    totals.kept += r.kept.length;
    totals.conflicts += r.conflicts.length;
  }
  const report: SyncReport = { books, totals, durationMs: now() - started, cancelled, dryRun };
  const requests = source.requestCount?.();
  if (requests !== undefined) report.requests = requests;
  return report;
}
