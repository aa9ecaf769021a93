/** Turns a SyncReport into the counts and failure lines that the notice, the status bar and the sync log show. */
import type { SyncReport } from '../core/service';
import { redact } from '../core/weread/redact';

export interface ReportCounts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  skipped: number;
  vanished: number;
  conflicts: number;
}

export interface FailedBook {
  title: string;
  reason: string;
}

export interface ReportSummary {
  counts: ReportCounts;
  failures: FailedBook[];
}

/** Counts per status and the failing books with their (redacted) reasons. */
export function summarizeReport(report: SyncReport): ReportSummary {
  const counts: ReportCounts = { created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0, vanished: 0, conflicts: 0 };
  const failures: FailedBook[] = [];
  for (const book of report.books) {
    counts[book.status] += 1;
    counts.conflicts += book.conflicts.length;
    if (book.status === 'failed') failures.push({ title: book.title || book.bookId, reason: redact(book.error ?? 'unknown error') });
  }
  return { counts, failures };
}

/** An error as text for the reader: its message, redacted, never a stack. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  return redact(message);
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
