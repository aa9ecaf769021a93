/** The sync report: per book and per highlight/thought block id, plus totals and a one-line summary. */
import type { TemplateWarning } from '../render/engine';
import type { Translate } from '../i18n';
import type { ItemProblem } from '../model/notebook';
import type { KeptBlock } from './merge';
import type { ReadingPassReport } from '../reading/report';
import { plural } from '../i18n/present';
import type { DailyNotesReport } from '../daily/apply';

export type BookSyncStatus = 'created' | 'updated' | 'unchanged' | 'failed' | 'skipped' | 'vanished';

/** One note's outcome: a book's, or with `articles: 'per-article'` one 公众号 article's (then `articleId` is set). */
export interface BookReport {
  bookId: string;
  /** 公众号 article notes only: the article (refMpInfos reviewId); `bookId` is then the account's. */
  articleId?: string;
  /** The book's title, or the article's. */
  title: string;
  /** Vault path of the note ('' when the book never had one). */
  path: string;
  status: BookSyncStatus;
  /** Block ids (without `^`) new in the note. */
  added: string[];
  /** Block ids whose text was updated from WeRead. */
  updated: string[];
  /** Block ids deleted on WeRead and removed from the note. */
  removed: string[];
  /** Block ids deleted on WeRead but kept, marked, because the reader edited or linked them. */
  kept: KeptBlock[];
  /** Block ids where both sides changed the same lines (the incoming text is in a warning callout). */
  conflicts: string[];
  /** Why the book failed (credentials redacted), or 'cancelled'. */
  error?: string;
  /** The classified kind of that failure ('session-expired', 'bad-data', 'syntax', …) when known. */
  errorKind?: string;
  /** Why a book was skipped other than by the reader's filters (e.g. 'needs-cookie' for 公众号 without a cookie). */
  skipReason?: string;
  /** The path the note would have taken but that belongs to another file; `path` is the name chosen instead. */
  pathConflict?: string;
  /** Other notes whose frontmatter names the same book: left as they are, only `path` is synced. */
  duplicates?: string[];
  /** Dry runs: unified diff of the note. */
  diff?: string;
  /** Items WeRead sent that could not be read: each left out of the note (the rest was written), by endpoint and field. */
  warnings?: ItemProblem[];
}

export interface SyncTotals {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  skipped: number;
  vanished: number;
  /** Block counts over all books. */
  added: number;
  updatedBlocks: number;
  removed: number;
  kept: number;
  conflicts: number;
}

export interface SyncReport {
  books: BookReport[];
  totals: SyncTotals;
  /** Requests made, when the source counts them. */
  requests?: number;
  durationMs: number;
  cancelled: boolean;
  dryRun: boolean;
  /** Problems with the active template that did not stop the sync (e.g. it writes no block ids). */
  templateWarnings?: TemplateWarning[];
  /** Entries of the notebook list that could not be read at all (no bookId or sort), so no book could be synced for them. */
  listProblems?: string[];
  /** The reading pass (reading properties, finished books, library Base), when one of its settings is on. */
  reading?: ReadingPassReport;
  /** With the dailyNotes setting: the daily notes written for the highlights and thoughts that arrived. */
  dailyNotes?: DailyNotesReport;
}

/** What a report names: a book, or one article of an account. */
export interface NoteName {
  bookId: string;
  title: string;
  articleId?: string;
}

/** A report with no blocks yet. */
export function newReport(note: NoteName, path: string, status: BookSyncStatus): BookReport {
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

/** The totals of a list of note reports. */
export function totalsOf(books: readonly BookReport[]): SyncTotals {
  const totals = emptyTotals();
  for (const r of books) {
    totals[r.status]++;
    totals.added += r.added.length;
    totals.updatedBlocks += r.updated.length;
    totals.removed += r.removed.length;
    totals.kept += r.kept.length;
    totals.conflicts += r.conflicts.length;
  }
  return totals;
}

export function emptyTotals(): SyncTotals {
  return {
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    skipped: 0,
    vanished: 0,
    added: 0,
    updatedBlocks: 0,
    removed: 0,
    kept: 0,
    conflicts: 0,
  };
}

/** A one-line summary for a notice or a log line; the UI's own i18n may replace it. */
export function formatReportSummary(report: SyncReport, lang: 'zh' | 'en' = 'zh'): string {
  const t = report.totals;
  if (lang === 'en') {
    const parts = [`${t.created} created`, `${t.updated} updated`, `${t.unchanged} unchanged`];
    if (t.failed) parts.push(`${t.failed} failed`);
    if (t.conflicts) parts.push(plural(t.conflicts, 'conflict'));
    if (t.vanished) parts.push(`${t.vanished} vanished`);
    return `${report.dryRun ? 'Dry run' : 'Synced'}: ${parts.join(', ')}${report.cancelled ? ' (cancelled)' : ''}`;
  }
  const parts = [`新建 ${t.created}`, `更新 ${t.updated}`, `未变 ${t.unchanged}`];
  if (t.failed) parts.push(`失败 ${t.failed}`);
  if (t.conflicts) parts.push(`冲突 ${t.conflicts}`);
  if (t.vanished) parts.push(`已移除 ${t.vanished}`);
  return `${report.dryRun ? '试运行' : '同步完成'}：${parts.join('，')}${report.cancelled ? '（已取消）' : ''}`;
}

/**
 * One line per unreadable item of the report (book, endpoint, field, item id), in the reader's language, for the CLI
 * and the sync log: `Item left out of "书名" (bookId): /web/book/bookmarklist: updated[3].markText is missing (item …)`.
 */
export function formatItemProblems(report: Pick<SyncReport, 'books'>, t: Translate): string[] {
  const lines: string[] = [];
  for (const book of report.books) {
    for (const w of book.warnings ?? []) {
      const item = w.itemId ? t('notice.itemProblemId', { itemId: w.itemId }) : '';
      const { endpoint, field, problem } = w;
      lines.push(t('notice.itemProblem', { title: book.title, bookId: book.bookId, endpoint, field, problem, item }));
    }
  }
  return lines;
}
