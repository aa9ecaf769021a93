/** Turns a SyncReport into the counts and failure lines that the notice, the status bar and the sync log show. */
import type { SyncReport } from '../core/service';
import type { SyncTotals } from '../core/sync';
import { formatPresented, presentError, presentFailure } from '../core/i18n/present';
import { redact } from '../core/weread/redact';
import { createT } from '../core/i18n';

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

/** A note the reader can open: at its first conflict callout when `blockId` is set. */
export interface NoteLink {
  title: string;
  path: string;
  /** The reader's block the conflict callout follows (without `^`). */
  blockId?: string;
}

/** What the sync log keeps of one book that changed or failed. */
export interface LoggedBook extends NoteLink {
  status: 'created' | 'updated' | 'conflicted' | 'failed';
  /** Conflicted passages in the note. */
  conflicts?: number;
  /** Failed books: why, in the reader's language. */
  reason?: string;
}

/** What the daily notes of a sync came to (report.dailyNotes), for the notice and the sync log. */
export interface DailyNotesSummary {
  /** Daily notes created or changed. */
  notes: number;
  added: number;
  removed: number;
  /** Daily notes that could not be written (tried again on the next sync). */
  failed: number;
}

/** How many books one sync log entry keeps (conflicted and failed first), so a first sync of 500 books stays small. */
export const LOGGED_BOOKS_LIMIT = 100;

export interface ReportSummary {
  counts: ReportCounts;
  /** Notes with a conflict callout, in report order. */
  conflicted: NoteLink[];
  /** The books that changed or failed, conflicted and failed first (at most LOGGED_BOOKS_LIMIT). */
  books: LoggedBook[];
  /** How many more books changed than `books` holds. */
  moreBooks: number;
  failures: FailedBook[];
  /** Books skipped for a reason the reader can act on (not their own filters), e.g. 公众号 without a cookie. */
  skipped: FailedBook[];
  /** Notebook-list entries that could not be read (redacted). */
  listProblems: string[];
  /** With the daily-notes setting, when a daily note was written or failed. */
  dailyNotes?: DailyNotesSummary;
  /** Notes that name a book another note was synced for: left as they are, said in the notice and the log. */
  duplicates: FailedBook[];
}

/** The daily notes of a sync, or undefined when none was written or failed (the setting off, or nothing arrived). */
export function summarizeDailyNotes(report: SyncReport): DailyNotesSummary | undefined {
  const daily = report.dailyNotes;
  if (!daily) return undefined;
  const summary = {
    notes: daily.notes.length,
    added: daily.added,
    removed: daily.removed,
    failed: daily.failed.length,
  };
  return summary.notes + summary.added + summary.removed + summary.failed > 0 ? summary : undefined;
}

/** Counts per status, the failing books and the skipped ones with their reasons, in the reader's language (credentials redacted). */
export function summarizeReport(report: SyncReport, lang: string): ReportSummary {
  const { created, updated, unchanged, failed, skipped: skippedBooks, vanished, conflicts } = report.totals;
  const counts: ReportCounts = { created, updated, unchanged, failed, skipped: skippedBooks, vanished, conflicts };
  const failures: FailedBook[] = [];
  const skipped: FailedBook[] = [];
  const conflicted: NoteLink[] = [];
  const t = createT(lang);
  const duplicates: FailedBook[] = report.books.flatMap((book) =>
    book.duplicates?.length
      ? [
          {
            title: book.title || book.bookId,
            reason: t('notice.duplicateNotes', { path: book.path, others: book.duplicates.join(', ') }),
          },
        ]
      : [],
  );
  const books: LoggedBook[] = [];
  for (const book of report.books) {
    const title = book.title || book.bookId;
    if (book.status === 'failed') {
      const detail = redact(book.error ?? 'unknown error');
      const reason = readerText(book.errorKind, book.error, lang);
      failures.push({ title, reason, detail });
      books.push({ title, path: book.path, status: 'failed', reason });
    } else if (book.status === 'skipped' && book.skipReason) {
      skipped.push({ title, reason: readerText(book.skipReason, undefined, lang) });
    } else if (book.conflicts.length > 0 && book.path) {
      const link = { title, path: book.path, blockId: book.conflicts[0] };
      conflicted.push(link);
      books.push({ ...link, status: 'conflicted', conflicts: book.conflicts.length });
    } else if ((book.status === 'created' || book.status === 'updated') && book.path) {
      books.push({ title, path: book.path, status: book.status });
    }
  }
  // Conflicted and failed books first: they are what the reader opens the log for.
  const dailyNotes = summarizeDailyNotes(report);
  const rank = (b: LoggedBook): number => (b.status === 'conflicted' ? 0 : b.status === 'failed' ? 1 : 2);
  const ordered = books.map((b, i) => ({ b, i })).sort((x, y) => rank(x.b) - rank(y.b) || x.i - y.i);
  return {
    counts,
    conflicted,
    books: ordered.slice(0, LOGGED_BOOKS_LIMIT).map((x) => x.b),
    moreBooks: Math.max(0, ordered.length - LOGGED_BOOKS_LIMIT),
    failures,
    skipped,
    listProblems: (report.listProblems ?? []).map(redact),
    ...(dailyNotes ? { dailyNotes } : {}),
    duplicates,
  };
}

/** The link text that opens a note at its conflict callout (the reader's block just before it), or at its top. */
export function noteLinkTarget(note: NoteLink): string {
  return note.blockId ? `${note.path}#^${note.blockId}` : note.path;
}

/**
 * Kinds whose technical detail a notice shows: the template's own error names the line to fix. Every other detail
 * (English, technical) goes to the sync log only, so a Chinese notice has no English tail.
 */
const DETAIL_ON_SCREEN: ReadonlySet<string> = new Set(['syntax', 'render', 'frontmatter']);

/** A failure by kind in the reader's language and the plugin's terms: what went wrong, then what to do. */
export function readerText(kind: string | undefined, technical: string | undefined, lang: string): string {
  const presented = presentFailure(kind, technical, { lang, runner: 'plugin' });
  return formatPresented(presented, lang, DETAIL_ON_SCREEN.has(presented.kind));
}

/**
 * A failed sync for the reader (`text`: summary and next step, the detail only for template errors) and for the
 * sync log (`logText`: always with the detail); redacted, never a stack.
 */
export function describeError(error: unknown, lang: string): { text: string; logText: string } {
  const presented = presentError(error, { lang, runner: 'plugin' });
  return {
    text: formatPresented(presented, lang, DETAIL_ON_SCREEN.has(presented.kind)),
    logText: formatPresented(presented, lang, true),
  };
}

/** The one copy lives with the errors; re-exported for the plugin's callers. */
export { isAbortError } from '../core/weread/errors';
