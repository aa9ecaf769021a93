/** The sync plan: from the notebook list, the state index, the filters and the fingerprint, which books to fetch and what the others report. Pure. */
import type { NotebookEntry } from '../model/notebook';
import type { Settings } from '../settings/settings';
import { newReport, type BookReport, type BookSyncStatus, type NoteName } from './report';
import { noteKey, type BookRecord, type StateIndex } from './state';

export interface PlanInput {
  /** The notebook list, in its order. */
  entries: readonly NotebookEntry[];
  index: StateIndex;
  filters: Pick<Settings, 'includeBooks' | 'excludeBooks' | 'minHighlights'>;
  /** NoteRenderer.fingerprint of this run. */
  fingerprint: string;
  /** Fetch every book that is not filtered or skipped, even unchanged ones. */
  force?: boolean;
  /** Only these books (others are neither planned nor reported as vanished). */
  onlyBookIds?: readonly string[];
  /** Whether this book gets one note per article (BookSource.perArticle). */
  perArticle?: (entry: NotebookEntry) => boolean;
  /** Why this book cannot be synced with the current credentials (BookSource.skipReason). */
  skipReason?: (entry: NotebookEntry) => string | undefined;
  /** BookSource.fetchFingerprint: kept data fetched under another value cannot be re-rendered. */
  fetchFingerprint?: string;
}

/** What the plan decided for one listed book, in list order. */
export type PlanStep =
  | { action: 'fetch'; entry: NotebookEntry }
  /** Only the renderer changed and what was fetched last time is kept: rendered again without a request. */
  | { action: 'rerender'; entry: NotebookEntry }
  | { action: 'unchanged'; entry: NotebookEntry; reports: BookReport[] }
  | { action: 'skipped'; entry: NotebookEntry; skipReason?: string; reports: BookReport[] };

export interface SyncPlan {
  steps: PlanStep[];
  /** The books to fetch, in list order (the 'fetch' steps). */
  toFetch: NotebookEntry[];
  /** The books to sync, fetched or re-rendered, in list order (the 'fetch' and 'rerender' steps). */
  toSync: NotebookEntry[];
  /** Notes whose book is no longer listed (none when only some books are synced). */
  vanished: BookReport[];
}

/** What the index knows of one book's notes: the state it was last synced in, and its notes. */
export class IndexView {
  /** The article notes each account had before this run, in index order. */
  private readonly articleKeys = new Map<string, string[]>();

  constructor(
    readonly index: StateIndex,
    private readonly perArticle: (entry: NotebookEntry) => boolean,
  ) {
    for (const [key, record] of Object.entries(index.books)) {
      if (record.articleId === undefined || record.bookId === undefined) continue;
      const keys = this.articleKeys.get(record.bookId);
      if (keys) keys.push(key);
      else this.articleKeys.set(record.bookId, [key]);
    }
  }

  isPerArticle(entry: NotebookEntry): boolean {
    return this.perArticle(entry);
  }

  /** Every article note the account had before this run. */
  articleNotes(bookId: string): readonly string[] {
    return this.articleKeys.get(bookId) ?? [];
  }

  /** A report for a note the index holds. */
  reportOf(key: string, status: BookSyncStatus): BookReport {
    const record = this.index.books[key]!;
    return newReport(nameOf(key, record), record.path, status);
  }

  /** The change signals the book was last synced with (an account's only when every article note is still known). */
  lastSignals(entry: NotebookEntry): Signals | undefined {
    if (!this.perArticle(entry)) return this.index.books[entry.bookId];
    const account = this.index.accounts?.[entry.bookId];
    const complete = account?.articleIds.every((id) => this.index.books[noteKey(entry.bookId, id)] !== undefined);
    return complete ? account : undefined;
  }

  /** Reports for a book not synced this time: one per note it has (per article: one per article note, the vanished as vanished). */
  standIns(entry: NotebookEntry, status: BookSyncStatus, decorate?: (r: BookReport) => void): BookReport[] {
    const { live, vanished } = this.perArticle(entry)
      ? this.knownArticles(entry.bookId)
      : { live: [entry.bookId], vanished: [] };
    const known = live.filter((key) => this.index.books[key] !== undefined);
    // A book never synced (or an account with no article note yet) still gets one report, without a path.
    const out = known.length ? known.map((key) => this.reportOf(key, status)) : [newReport(entry, '', status)];
    if (decorate) out.forEach(decorate);
    for (const key of vanished) out.push(this.reportOf(key, 'vanished'));
    return out;
  }

  /** An account's article notes: those it had at its last sync, and those whose article has gone since. */
  private knownArticles(bookId: string): { live: string[]; vanished: string[] } {
    const keys = this.articleKeys.get(bookId) ?? [];
    const account = this.index.accounts?.[bookId];
    if (!account) return { live: keys, vanished: [] };
    const live = account.articleIds
      .map((id) => noteKey(bookId, id))
      .filter((key) => this.index.books[key] !== undefined);
    const liveSet = new Set(live);
    return { live, vanished: keys.filter((key) => !liveSet.has(key)) };
  }
}

/** The notebook-list signals a sync compares. */
interface Signals {
  sort: number;
  noteCount: number;
  reviewCount: number;
  rendererFingerprint: string;
}

export function nameOf(key: string, record: BookRecord): NoteName {
  return { bookId: record.bookId ?? key, title: record.title, articleId: record.articleId };
}

function matchesBook(list: readonly string[], entry: NotebookEntry): boolean {
  return list.some((x) => x === entry.bookId || x === entry.title);
}

function filteredOut(filters: PlanInput['filters'], entry: NotebookEntry): boolean {
  return (
    (filters.includeBooks.length > 0 && !matchesBook(filters.includeBooks, entry)) ||
    matchesBook(filters.excludeBooks, entry) ||
    entry.noteCount < filters.minHighlights
  );
}

function sameSignals(last: Signals | undefined, entry: NotebookEntry): last is Signals {
  return (
    last !== undefined &&
    last.sort === entry.sort &&
    last.noteCount === entry.noteCount &&
    last.reviewCount === entry.reviewCount
  );
}

/** The skip reason of a note the reader deleted (it stays deleted until restored). */
export const NOTE_DELETED = 'note-deleted';

/** Whether the reader deleted the book's note and this run does not bring it back (only a forced run or one of this book does). */
function deletedByReader(input: PlanInput, entry: NotebookEntry, only: ReadonlySet<string> | null): boolean {
  return input.index.books[entry.bookId]?.deleted === true && !input.force && !only?.has(entry.bookId);
}

/** What a book not filtered or skipped needs: nothing, a re-rendering of what was kept, or a fetch. */
function actionFor(input: PlanInput, view: IndexView, entry: NotebookEntry): 'unchanged' | 'rerender' | 'fetch' {
  const last = view.lastSignals(entry);
  // A deleted note being restored is written again whatever the signals say.
  if (input.force || !sameSignals(last, entry) || input.index.books[entry.bookId]?.deleted) return 'fetch';
  if (last.rendererFingerprint === input.fingerprint) return 'unchanged';
  // Only a book's own note keeps its fetched data for this; an account synced per article is fetched again.
  const record = input.index.books[entry.bookId];
  const kept =
    !view.isPerArticle(entry) &&
    record?.data === true &&
    (record.fetchFingerprint ?? '') === (input.fetchFingerprint ?? '');
  return kept ? 'rerender' : 'fetch';
}

/** Decides every listed book: skipped by the filters or the source, unchanged, or to fetch; and the vanished notes. */
export function plan(input: PlanInput, view = new IndexView(input.index, input.perArticle ?? (() => false))): SyncPlan {
  const only = input.onlyBookIds ? new Set(input.onlyBookIds) : null;
  const steps: PlanStep[] = [];
  const listed = new Set<string>();
  for (const entry of input.entries) {
    listed.add(entry.bookId);
    if (only && !only.has(entry.bookId)) continue;
    if (filteredOut(input.filters, entry)) {
      steps.push({ action: 'skipped', entry, reports: view.standIns(entry, 'skipped') });
      continue;
    }
    const skipReason = deletedByReader(input, entry, only) ? NOTE_DELETED : input.skipReason?.(entry);
    if (skipReason) {
      const reports = view.standIns(entry, 'skipped', (r) => (r.skipReason = skipReason));
      steps.push({ action: 'skipped', entry, skipReason, reports });
    } else {
      const action = actionFor(input, view, entry);
      steps.push(action === 'unchanged' ? { action, entry, reports: view.standIns(entry, action) } : { action, entry });
    }
  }
  const vanished: BookReport[] = [];
  if (!only) {
    for (const [key, record] of Object.entries(input.index.books)) {
      const name = nameOf(key, record);
      if (!listed.has(name.bookId)) vanished.push(newReport(name, record.path, 'vanished'));
    }
  }
  const toFetch = steps.flatMap((s) => (s.action === 'fetch' ? [s.entry] : []));
  const toSync = steps.flatMap((s) => (s.action === 'fetch' || s.action === 'rerender' ? [s.entry] : []));
  return { steps, toFetch, toSync, vanished };
}
