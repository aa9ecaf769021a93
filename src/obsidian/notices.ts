/** The notices that sum up a sync: counts, then the failing books with their reasons (credentials redacted). */
import { Notice } from 'obsidian';
import type { Translate } from '../core/i18n';
import type { ReportSummary } from './report-summary';

/** How many failing books a notice names before pointing at the sync log. */
const MAX_FAILURES_SHOWN = 3;

/** The notice text for a finished sync, one line per fact. */
export function resultNoticeText(summary: ReportSummary, t: Translate, dryRun: boolean): string {
  const { counts, failures } = summary;
  const lines = [
    t(dryRun ? 'notice.summaryDry' : 'notice.summary', {
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      failed: counts.failed,
    }),
  ];
  for (const failure of failures.slice(0, MAX_FAILURES_SHOWN))
    lines.push(t('notice.failedBook', { title: failure.title, reason: failure.reason }));
  if (failures.length > MAX_FAILURES_SHOWN)
    lines.push(t('notice.moreFailed', { count: failures.length - MAX_FAILURES_SHOWN }));
  for (const problem of summary.listProblems.slice(0, MAX_FAILURES_SHOWN))
    lines.push(t('notice.listProblem', { problem }));
  for (const book of summary.skipped.slice(0, MAX_FAILURES_SHOWN))
    lines.push(t('notice.failedBook', { title: book.title, reason: book.reason }));
  if (counts.conflicts > 0) lines.push(t('notice.conflicts', { count: counts.conflicts }));
  return lines.join('\n');
}

/** Shows the result; a sync with failures stays on screen longer. */
export function showResultNotice(summary: ReportSummary, t: Translate, dryRun: boolean): Notice {
  return new Notice(resultNoticeText(summary, t, dryRun), summary.failures.length > 0 ? 15000 : 6000);
}
