/** Turns a SyncReport into the counts and failure lines that the notice, the status bar and the sync log show. */
import type { SyncReport } from '../core/service';
import type { SyncTotals } from '../core/sync';
import { reasonText, type Translate } from '../core/i18n';
import { errorKindOf } from '../core/weread/errors';
import { redact } from '../core/weread/redact';

/** The per-sync totals that the notice and the sync log show (a subset of the engine's SyncTotals). */
export type ReportCounts = Pick<
  SyncTotals,
  'created' | 'updated' | 'unchanged' | 'failed' | 'skipped' | 'vanished' | 'conflicts'
>;

export interface FailedBook {
  title: string;
  /** In the reader's language. */
  reason: string;
  /** The technical message (English, redacted) for the sync log. */
  detail?: string;
}

export interface ReportSummary {
  counts: ReportCounts;
  failures: FailedBook[];
  /** Books skipped for a reason the reader can act on (not their own filters), e.g. 公众号 without a cookie. */
  skipped: FailedBook[];
  /** Notebook-list entries that could not be read (redacted). */
  listProblems: string[];
}

/** Counts per status, the failing books and the skipped ones with their reasons, in the reader's language (credentials redacted). */
export function summarizeReport(report: SyncReport, t: Translate): ReportSummary {
  const { created, updated, unchanged, failed, skipped: skippedBooks, vanished, conflicts } = report.totals;
  const counts: ReportCounts = { created, updated, unchanged, failed, skipped: skippedBooks, vanished, conflicts };
  const failures: FailedBook[] = [];
  const skipped: FailedBook[] = [];
  for (const book of report.books) {
    const title = book.title || book.bookId;
    if (book.status === 'failed') {
      const detail = redact(book.error ?? 'unknown error');
      failures.push({ title, reason: reasonText(t, book.errorKind) ?? detail, detail });
    } else if (book.status === 'skipped' && book.skipReason) {
      skipped.push({ title, reason: reasonText(t, book.skipReason) ?? book.skipReason });
    }
  }
  return { counts, failures, skipped, listProblems: (report.listProblems ?? []).map(redact) };
}

/** An error as text for the reader: its message, redacted, never a stack. */
export function describeError(error: unknown, t?: Translate): string {
  const kind = errorKindOf(error);
  const reason = t ? reasonText(t, kind) : undefined;
  // The reader's language first; the technical message after it says exactly where (messages carry no advice).
  const message = redact(error instanceof Error ? error.message : String(error));
  return reason ? `${reason} (${message})` : message;
}

/** The one copy lives with the errors; re-exported for the plugin's callers. */
export { isAbortError } from '../core/weread/errors';
