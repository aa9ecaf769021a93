/**
 * The sync engine: plan from the notebook list, fetch changed books in a bounded pool, merge each note (a book's,
 * or one per article of a 公众号 account synced per article) into its file, write atomically, record state, report.
 */
import { splitArticles } from '../model/assemble';
import type { Notebook, NotebookEntry } from '../model/notebook';
import type { KeyValueStore, NoteStore } from '../ports';
import { toBlockId } from '../render/block-id';
import { sanitizeFileName } from '../render/file-names';
import type { Settings } from '../settings/settings';
import { messageWithoutAdvice } from '../weread/errors';
import { redact } from '../weread/redact';
import { unifiedDiff } from './diff';
import { noteKeyOf, withArticleId } from './identity';
import { DEFAULT_MERGE_MESSAGES, blockIdsOf, mergeNote, normalizeNewlines, type MergeMessages } from './merge';
import type { BookReport, SyncReport } from './report';
import { emptyTotals } from './report';
import {
  loadBookBase,
  loadIndex,
  noteKey,
  saveBookBase,
  saveIndex,
  type BookBase,
  type BookRecord,
  type StateIndex,
} from './state';

export { noteBookId } from './identity';

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

/** Writes the index every this many books so a crash loses little (per-book keys are written after every note). */
const INDEX_FLUSH_EVERY = 25;

function joinPath(folder: string, name: string): string {
  const f = folder.replace(/^\/+|\/+$/g, '');
  return f ? `${f}/${name}` : name;
}

function matchesBook(list: readonly string[], entry: NotebookEntry): boolean {
  return list.some((x) => x === entry.bookId || x === entry.title);
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

function errorMessage(e: unknown): string {
  // A classified error's advice is said by the UI in the reader's language, by kind.
  return redact(messageWithoutAdvice(e));
}

/** The kind of a classified error (WeReadError, TemplateError), so that the UI can say it in the reader's language. */
function errorKind(e: unknown): string | undefined {
  const kind = (e as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? kind : undefined;
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** What a report names: a book, or one article of an account. */
interface NoteName {
  bookId: string;
  title: string;
  articleId?: string;
}

function newReport(note: NoteName, path: string, status: BookReport['status']): BookReport {
  const report: BookReport = {
    bookId: note.bookId,
    title: note.title,
    path,
    status,
    added: [],
    updated: [],
    removed: [],
    kept: [],
    conflicts: [],
  };
  if (note.articleId !== undefined) report.articleId = note.articleId;
  return report;
}

function nameOf(key: string, record: BookRecord): NoteName {
  return { bookId: record.bookId ?? key, title: record.title, articleId: record.articleId };
}

/** One note's worth of a fetched book: the whole book, or one article of an account. */
interface NoteUnit {
  notebook: Notebook;
  name: NoteName;
  key: string;
}

function noteUnits(entry: NotebookEntry, notebook: Notebook, perArticle: boolean): NoteUnit[] {
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

/** A note found or placed, rendered, ready to merge. */
interface PlacedNote {
  unit: NoteUnit;
  rendered: string;
  saved: BookBase | null;
  path: string;
  theirs: string | null;
  pathConflict?: string;
}

/** Runs one sync; never throws for a single note's failure (that note is reported as failed). */
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
  const perArticle = (entry: NotebookEntry): boolean => source.perArticle?.(entry) ?? false;

  // The article notes each account had before this run, in index order.
  const articleKeys = new Map<string, string[]>();
  for (const [key, record] of Object.entries(index.books)) {
    if (record.articleId === undefined || record.bookId === undefined) continue;
    const keys = articleKeys.get(record.bookId);
    if (keys) keys.push(key);
    else articleKeys.set(record.bookId, [key]);
  }
  /** An account's article notes: those it had at its last sync, and those whose article has gone since. */
  const knownArticles = (bookId: string): { live: string[]; vanished: string[] } => {
    const keys = articleKeys.get(bookId) ?? [];
    const account = index.accounts?.[bookId];
    if (!account) return { live: keys, vanished: [] };
    const live = account.articleIds.map((id) => noteKey(bookId, id)).filter((key) => index.books[key] !== undefined);
    const liveSet = new Set(live);
    return { live, vanished: keys.filter((key) => !liveSet.has(key)) };
  };
  /** Reports for a book not synced this time: one per note it has (per article: one per article note, the vanished as vanished). */
  const standIns = (entry: NotebookEntry, status: BookReport['status'], decorate?: (r: BookReport) => void) => {
    const reportOf = (key: string) => newReport(nameOf(key, index.books[key]!), index.books[key]!.path, status);
    const split = perArticle(entry);
    const { live, vanished } = split ? knownArticles(entry.bookId) : { live: [entry.bookId], vanished: [] };
    const known = live.filter((key) => index.books[key] !== undefined);
    // A book never synced (or an account with no article note yet) still gets one report, without a path.
    const out = known.length ? known.map(reportOf) : [newReport(entry, '', status)];
    if (decorate) out.forEach(decorate);
    for (const key of vanished) out.push({ ...reportOf(key), status: 'vanished' });
    return out;
  };

  // One slot per listed book, in list order; changed books fill theirs when done.
  const reports: Array<BookReport[] | null> = [];
  const changedSlot: number[] = [];
  const listed = new Set<string>();
  const changed: NotebookEntry[] = [];
  for (const entry of entries) {
    listed.add(entry.bookId);
    if (only && !only.has(entry.bookId)) continue;
    const filteredOut =
      (settings.includeBooks.length > 0 && !matchesBook(settings.includeBooks, entry)) ||
      matchesBook(settings.excludeBooks, entry) ||
      entry.noteCount < settings.minHighlights;
    if (filteredOut) {
      reports.push(standIns(entry, 'skipped'));
      continue;
    }
    const skipReason = source.skipReason?.(entry);
    if (skipReason) {
      reports.push(standIns(entry, 'skipped', (r) => (r.skipReason = skipReason)));
      continue;
    }
    let last: { sort: number; noteCount: number; reviewCount: number; rendererFingerprint: string } | undefined;
    if (!perArticle(entry)) last = index.books[entry.bookId];
    else {
      const account = index.accounts?.[entry.bookId];
      const complete = account?.articleIds.every((id) => index.books[noteKey(entry.bookId, id)] !== undefined);
      last = complete ? account : undefined;
    }
    const same =
      last !== undefined &&
      last.sort === entry.sort &&
      last.noteCount === entry.noteCount &&
      last.reviewCount === entry.reviewCount &&
      last.rendererFingerprint === renderer.fingerprint;
    if (same && !force) reports.push(standIns(entry, 'unchanged'));
    else {
      changedSlot.push(reports.length);
      reports.push(null);
      changed.push(entry);
    }
  }
  if (!only) {
    const gone: BookReport[] = [];
    for (const [key, record] of Object.entries(index.books)) {
      const name = nameOf(key, record);
      if (!listed.has(name.bookId)) gone.push(newReport(name, record.path, 'vanished'));
    }
    reports.push(gone);
  }

  // Paths other notes own or this run has chosen: a new note never takes one of them.
  const claimed = new Set<string>();
  for (const record of Object.values(index.books)) claimed.add(record.path.toLowerCase());
  let scan: Promise<Map<string, string>> | null = null;
  const scanFolder = (): Promise<Map<string, string>> => {
    // Only when a changed note is not where the index says; once per run.
    scan ??= (async () => {
      const byKey = new Map<string, string>();
      for (const path of await store.listMarkdown(settings.folder)) {
        const text = await store.read(path);
        const key = text === null ? null : noteKeyOf(text);
        if (key !== null && !byKey.has(key)) byKey.set(key, path);
      }
      return byKey;
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

  let cancelled = false;
  const failedReport = (name: NoteName, path: string, e: unknown): BookReport => {
    const interrupted = isAbort(e) || errorKind(e) === 'cancelled' || deps.signal?.aborted === true;
    if (interrupted) {
      // Cut off by a cancel, not broken: it is not a failure, and it syncs next time like any book not reached.
      cancelled = true;
      return { ...newReport(name, path, 'skipped'), error: 'cancelled', errorKind: 'cancelled' };
    }
    const report = newReport(name, path, 'failed');
    report.error = errorMessage(e);
    const kind = errorKind(e);
    if (kind !== undefined) report.errorKind = kind;
    return report;
  };

  /** Finds a note: where the state says, else wherever its frontmatter names it, else a new free path. */
  const placeNote = async (
    unit: NoteUnit,
    saved: BookBase | null,
    previousTurn: Promise<void> | undefined,
  ): Promise<{ path: string; theirs: string | null; pathConflict?: string }> => {
    const record = index.books[unit.key];
    for (const candidate of [record?.path, saved?.record.path]) {
      if (!candidate) continue;
      const text = await store.read(candidate);
      if (text !== null && noteKeyOf(text) === unit.key) return { path: candidate, theirs: text };
    }
    const found = (await scanFolder()).get(unit.key);
    if (found) {
      const text = await store.read(found);
      if (text !== null) return { path: found, theirs: text };
    }
    await previousTurn;
    const target = renderer.target(unit.notebook);
    // Two books with one title are told apart by bookId; two articles of one account by articleId.
    const tag = unit.name.articleId === undefined ? unit.name.bookId : sanitizeFileName(unit.name.articleId, 'article');
    let pathConflict: string | undefined;
    for (let n = 0; ; n++) {
      const name =
        n === 0 ? target.fileName : n === 1 ? `${target.fileName} (${tag})` : `${target.fileName} (${tag}) ${n}`;
      const candidate = joinPath(target.folder, `${name}.md`);
      const key = candidate.toLowerCase();
      if (claimed.has(key) && candidate !== record?.path) {
        pathConflict ??= candidate;
        continue;
      }
      claimed.add(key);
      const text = await store.read(candidate);
      if (text === null) return { path: candidate, theirs: null, pathConflict };
      if (noteKeyOf(text) === unit.key) return { path: candidate, theirs: text, pathConflict };
      pathConflict ??= candidate;
    }
  };

  /** Merges one placed note with its file, writes it, records its state. */
  const writeNote = async (entry: NotebookEntry, placed: PlacedNote): Promise<BookReport> => {
    const { unit, rendered, saved, path, theirs } = placed;
    const report = newReport(unit.name, path, 'unchanged');
    if (placed.pathConflict) report.pathConflict = placed.pathConflict;
    const renderedIds = blockIdsOf(rendered);
    let text: string;
    if (theirs === null) {
      text = rendered;
      report.status = 'created';
      report.added = [...renderedIds];
    } else {
      const oursIds = new Set(renderedIds);
      // Only what WeRead deleted counts as gone; an id that a new template does not render is not a deletion,
      // and asking the vault about it for every book made a template change read the vault once per note.
      const stillOnWeRead = saved ? wereadBlockIds(unit.notebook) : new Set<string>();
      const gone = saved ? saved.ids.filter((id) => !oursIds.has(id) && !stillOnWeRead.has(id)) : [];
      const linked = gone.length ? await store.linkedBlockIds(gone) : new Set<string>();
      const result = mergeNote({
        base: saved?.base ?? null,
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
        // A block a new template does not render (a nested thought) was not deleted on WeRead: not reported as removed.
        removed: result.removed.filter((id) => !stillOnWeRead.has(id)),
        kept: result.kept,
        conflicts: result.conflicts,
      });
      report.status = text === theirs || text === normalizeNewlines(theirs) ? 'unchanged' : 'updated';
      // A note kept with Windows line endings keeps them: the merge works on lines, the file stays the reader's.
      if (theirs.includes('\r\n')) text = text.replace(/\r?\n/g, '\r\n');
    }
    if (dryRun) {
      if (report.status !== 'unchanged')
        report.diff = unifiedDiff(path, theirs === null ? null : normalizeNewlines(theirs), normalizeNewlines(text));
      return report;
    }
    // `theirs` is what the merge started from: a note the reader saved in the meantime is not overwritten.
    if (report.status !== 'unchanged') await store.write(path, text, theirs);
    const record: BookRecord = {
      title: unit.name.title,
      ...(unit.name.articleId !== undefined ? { bookId: entry.bookId, articleId: unit.name.articleId } : {}),
      path,
      sort: entry.sort,
      noteCount: entry.noteCount,
      reviewCount: entry.reviewCount,
      rendererFingerprint: renderer.fingerprint,
      syncedAt: now(),
    };
    await saveBookBase(state, { bookId: unit.key, record, base: rendered, ids: [...renderedIds] });
    index.books[unit.key] = record;
    deps.onNoteWritten?.({ notebook: unit.notebook, report });
    indexDirty = true;
    if (++sinceFlush >= INDEX_FLUSH_EVERY) await flushIndex();
    return report;
  };

  // New notes choose their paths in notebook-list order (not fetch-completion order), so two books with one
  // title always get the same two names.
  const pathTurns: Array<Promise<void>> = [];

  const syncBook = async (
    entry: NotebookEntry,
    previousTurn: Promise<void> | undefined,
    endTurn: () => void,
  ): Promise<BookReport[]> => {
    const split = perArticle(entry);
    const notebook = await source.fetchNotebook(entry, { force, signal: deps.signal });
    const units = noteUnits(entry, notebook, split);

    // Render and place every note first (articles in reading order), then let the next book choose its paths.
    const placed: Array<PlacedNote | BookReport> = [];
    try {
      for (const unit of units) {
        try {
          let rendered = normalizeNewlines(renderer.render(unit.notebook));
          if (unit.name.articleId !== undefined) rendered = withArticleId(rendered, unit.name.articleId);
          const saved = await loadBookBase(state, unit.key);
          const place = await placeNote(unit, saved, previousTurn);
          claimed.add(place.path.toLowerCase());
          placed.push({ unit, rendered, saved, ...place });
        } catch (e) {
          placed.push(failedReport(unit.name, index.books[unit.key]?.path ?? '', e));
        }
      }
    } finally {
      endTurn();
    }

    const out: BookReport[] = [];
    let allWritten = true;
    for (const p of placed) {
      if (!('unit' in p)) {
        allWritten = false;
        out.push(p);
        continue;
      }
      try {
        out.push(await writeNote(entry, p));
      } catch (e) {
        allWritten = false;
        out.push(failedReport(p.unit.name, index.books[p.unit.key]?.path ?? '', e));
      }
    }
    if (split) {
      // Articles whose every highlight and thought is gone: their notes stay as they are.
      const current = new Set(units.map((u) => u.key));
      for (const key of articleKeys.get(entry.bookId) ?? []) {
        if (!current.has(key)) out.push(newReport(nameOf(key, index.books[key]!), index.books[key]!.path, 'vanished'));
      }
      // Only once every article note is written does the account count as synced; otherwise it is fetched again.
      if (allWritten && !dryRun) {
        index.accounts ??= {};
        index.accounts[entry.bookId] = {
          title: entry.title,
          sort: entry.sort,
          noteCount: entry.noteCount,
          reviewCount: entry.reviewCount,
          rendererFingerprint: renderer.fingerprint,
          articleIds: units.map((u) => u.name.articleId!),
          syncedAt: now(),
        };
        indexDirty = true;
      }
    }
    return out;
  };

  let done = 0;
  const total = changed.length;
  let next = 0;
  const changedReports: Array<BookReport[] | undefined> = new Array<BookReport[] | undefined>(changed.length);
  const worker = async () => {
    while (next < changed.length) {
      if (deps.signal?.aborted) {
        cancelled = true;
        return;
      }
      const i = next++;
      const entry = changed[i]!;
      let bookReports: BookReport[];
      let endTurn!: () => void;
      pathTurns[i] = new Promise<void>((resolve) => (endTurn = resolve));
      try {
        bookReports = await syncBook(entry, pathTurns[i - 1], endTurn);
      } catch (e) {
        // The fetch failed: every note of the book fails with it, and none is touched.
        const failed = failedReport(entry, '', e);
        bookReports = standIns(entry, 'failed', (r) => {
          r.error = failed.error;
          if (failed.errorKind !== undefined) r.errorKind = failed.errorKind;
        });
      } finally {
        endTurn();
      }
      changedReports[i] = bookReports;
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
    reports[changedSlot[i]!] = changedReports[i] ?? standIns(entry, 'skipped', (r) => (r.error = 'cancelled'));
  });
  const books = reports.flatMap((r) => r ?? []);

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
