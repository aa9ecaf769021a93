/** The CLI's report: per-note lines in words, failures through the core presenter, conflicts by passage, the summary, and `--json`. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BookReport, SyncReport } from '../../core/sync';
import { formatPresented, presentFailure, readerNeedsDetail, type PresentOptions } from '../../core/i18n/present';
import type { CliMessages, NoteLineStatus } from '../cli-i18n';

export interface ReportContext {
  write: (text: string) => void;
  m: CliMessages;
  /** Language and runner ('cli') for the presenter, and which credentials are set. */
  present: PresentOptions;
  vault: string;
  notesDir: string;
  dryRun: boolean;
  /** Only failures and the summary. */
  quiet: boolean;
}

const QUOTE_CHARS = 40;

/** A failure or skip reason as one line in the reader's language and CLI terms (technical detail only where it helps). */
export function failureLine(kind: string | undefined, technical: string | undefined, present: PresentOptions): string {
  const presented = presentFailure(kind, technical, present);
  return formatPresented(presented, present.lang, readerNeedsDetail(presented.kind));
}

/** Cut off by a cancel (the engine may record an in-flight book as failed with kind 'cancelled'): not a failure. */
function isCancelled(b: BookReport): boolean {
  return b.errorKind === 'cancelled';
}

/** The start of a passage's text in the written note (its `^id` line, list and quote markers removed), or ''. */
export function passageQuote(vault: string, notePath: string, blockId: string): string {
  let text: string;
  try {
    text = readFileSync(path.join(vault, notePath), 'utf8');
  } catch {
    return '';
  }
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.trimEnd().endsWith(`^${blockId}`));
  if (at < 0) return '';
  for (let i = at; i >= Math.max(0, at - 3); i--) {
    const bare = (lines[i] ?? '')
      .replace(`^${blockId}`, '')
      .replace(/^[\s>*-]*(\[![\w-]+\][+-]?\s*)?/, '')
      .trim();
    if (bare) return bare.length > QUOTE_CHARS ? `${bare.slice(0, QUOTE_CHARS)}…` : bare;
  }
  return '';
}

function noteStatus(b: BookReport, dryRun: boolean): NoteLineStatus | undefined {
  if (b.status === 'created') return dryRun ? 'wouldCreate' : 'created';
  if (b.status === 'updated') return dryRun ? 'wouldUpdate' : 'updated';
  return undefined;
}

/** The lines of one note (book or article); failures are printed even when quiet. */
function printBook(b: BookReport, ctx: ReportContext): void {
  const { m, write, quiet } = ctx;
  if (isCancelled(b)) {
    if (!quiet) write(m.cancelledBook(b.title) + '\n');
    return;
  }
  if (b.status === 'failed') {
    write(m.failedBook(b.title, failureLine(b.errorKind, b.error, ctx.present)) + '\n');
    return;
  }
  if (quiet) return;
  if (ctx.dryRun && b.diff) write(b.diff.endsWith('\n') ? b.diff : b.diff + '\n');
  if (b.status === 'skipped' && b.skipReason)
    write(m.skippedBook(b.title, failureLine(b.skipReason, undefined, ctx.present)) + '\n');
  else if (b.status === 'vanished') write(m.vanishedBook(b.title) + '\n');
  if (b.duplicates?.length) write(m.duplicateNotes(b.path, b.duplicates) + '\n');
  const status = noteStatus(b, ctx.dryRun);
  if (status) {
    const counts = m.counts({
      added: b.added.length,
      updated: b.updated.length,
      removed: b.removed.length,
      kept: b.kept.length,
    });
    write(m.noteLine(status, b.path, counts) + '\n');
  }
  if (b.conflicts.length) {
    write(m.conflictBook(b.path || b.title, b.conflicts.length) + '\n');
    for (const id of b.conflicts) {
      const quote = ctx.dryRun ? '' : passageQuote(ctx.vault, b.path, id);
      write(m.conflictPassage(`${b.path}#^${id}`, quote) + '\n');
    }
  }
}

/** Prints the human report: note lines (unless quiet), then the summary and the notes that have conflicts. */
export function printReport(report: SyncReport, ctx: ReportContext): void {
  const { m, write } = ctx;
  for (const b of report.books) printBook(b, ctx);
  const count = (status: string) => report.books.filter((b) => b.status === status && !isCancelled(b)).length;
  const counts = {
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    failed: count('failed'),
    skipped: count('skipped'),
  };
  if (report.cancelled) {
    // Interrupted: no "synced" summary for a sync that did not finish.
    write(m.cancelledSummary(counts.created + counts.updated, report.books.filter(isCancelled).length) + '\n');
  } else if (ctx.dryRun) {
    write(m.dryRunSummary(counts) + '\n');
  } else {
    write(m.summary({ ...counts, ms: report.durationMs, requests: report.requests ?? 0 }) + '\n');
  }
  const conflicted = report.books.filter((b) => b.conflicts.length > 0).map((b) => b.path || b.title);
  if (conflicted.length) write(m.conflictSummary(conflicted) + '\n');
  if (!ctx.quiet && !ctx.dryRun) write(m.notesIn(ctx.notesDir) + '\n');
}

/** The `--json` shape promised in the README, with `totals` (the engine's, plus books cut off by a cancel). */
export function jsonReport(report: SyncReport, vault: string, present?: PresentOptions) {
  return {
    books: report.books.map((b) => ({
      bookId: b.bookId,
      ...(b.articleId ? { articleId: b.articleId } : {}),
      title: b.title,
      path: b.path ? path.join(vault, b.path) : null,
      status: isCancelled(b) ? 'cancelled' : b.status,
      added: b.added,
      updated: b.updated,
      removed: b.removed,
      kept: b.kept,
      conflicts: b.conflicts,
      ...(b.warnings?.length ? { warnings: b.warnings } : {}),
      ...(b.error ? { error: b.error } : {}),
      ...(b.errorKind ? { errorKind: b.errorKind } : {}),
      ...(b.skipReason ? { skipReason: b.skipReason } : {}),
      ...(present && (b.status === 'failed' || b.skipReason)
        ? { reason: reasonOf(b.errorKind ?? b.skipReason, b.error, present) }
        : {}),
      ...(b.duplicates?.length ? { duplicates: b.duplicates.map((p) => path.join(vault, p)) } : {}),
      ...(b.diff ? { diff: b.diff } : {}),
    })),
    totals: totalsOf(report),
    requests: report.requests ?? 0,
    durationMs: report.durationMs,
    ...(report.templateWarnings?.length ? { templateWarnings: report.templateWarnings } : {}),
    ...(report.listProblems?.length ? { listProblems: report.listProblems } : {}),
    ...(report.reading ? { reading: report.reading } : {}),
    ...(report.dailyNotes ? { dailyNotes: report.dailyNotes } : {}),
    cancelled: report.cancelled ?? false,
  };
}

function reasonOf(kind: string | undefined, technical: string | undefined, present: PresentOptions) {
  const { summary, nextStep } = presentFailure(kind, technical, present);
  return { summary, ...(nextStep ? { nextStep } : {}) };
}

/** The engine's totals, with books cut off by a cancel counted as cancelled rather than failed. */
function totalsOf(report: SyncReport) {
  const cancelled = report.books.filter(isCancelled);
  const cancelledAsFailed = cancelled.filter((b) => b.status === 'failed').length;
  return { ...report.totals, failed: report.totals.failed - cancelledAsFailed, cancelled: cancelled.length };
}
