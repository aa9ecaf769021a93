/** The notices that sum up a sync: counts, the failing books with their reasons, the conflicted notes as links (credentials redacted). */
import { Notice } from 'obsidian';
import type { Translate } from '../core/i18n';
import { noteLinkTarget, type DailyNotesSummary, type NoteLink, type ReportSummary } from './report-summary';

/** How many failing books or conflicted notes a notice names before pointing at the sync log. */
const MAX_SHOWN = 3;

/** Opens a note link (`path#^block`); the plugin passes the workspace's openLinkText. */
export type OpenLink = (linktext: string) => void;

/** What a sync did to the daily notes: references added and removed, and the notes not written; none when nothing. */
export function dailyNotesLines(daily: DailyNotesSummary | undefined, t: Translate): string[] {
  if (!daily) return [];
  const lines: string[] = [];
  if (daily.notes + daily.added + daily.removed > 0)
    lines.push(t('notice.dailyNotes', { added: daily.added, removed: daily.removed, notes: daily.notes }));
  if (daily.failed > 0) lines.push(t('daily.notice.someFailed', { count: daily.failed }));
  return lines;
}

/** The text lines above the conflicted notes, one per fact. */
function factLines(summary: ReportSummary, t: Translate, dryRun: boolean): string[] {
  const { counts, failures } = summary;
  const lines = [
    t(dryRun ? 'notice.summaryDry' : 'notice.summary', {
      created: counts.created,
      updated: counts.updated,
      unchanged: counts.unchanged,
      failed: counts.failed,
    }),
  ];
  lines.push(...dailyNotesLines(summary.dailyNotes, t));
  for (const failure of failures.slice(0, MAX_SHOWN))
    lines.push(t('notice.failedBook', { title: failure.title, reason: failure.reason }));
  if (failures.length > MAX_SHOWN) lines.push(t('notice.moreFailed', { count: failures.length - MAX_SHOWN }));
  for (const problem of summary.listProblems.slice(0, MAX_SHOWN)) lines.push(t('notice.listProblem', { problem }));
  for (const book of summary.duplicates.slice(0, MAX_SHOWN))
    lines.push(t('notice.failedBook', { title: book.title, reason: book.reason }));
  for (const book of summary.skipped.slice(0, MAX_SHOWN))
    lines.push(t('notice.failedBook', { title: book.title, reason: book.reason }));
  return lines;
}

/** The notice for a finished sync: its lines as text, each conflicted note (up to a few) a link to its callout. */
export function resultNoticeFragment(
  summary: ReportSummary,
  t: Translate,
  dryRun: boolean,
  openLink: OpenLink,
): DocumentFragment {
  const fragment = createFragment();
  fragment.appendText(factLines(summary, t, dryRun).join('\n'));
  const notes = summary.conflicted;
  if (notes.length === 0) return fragment;
  fragment.appendText(
    `\n${notes.length === 1 ? t('notice.conflictNotesOne') : t('notice.conflictNotesMany', { count: notes.length })}`,
  );
  for (const note of notes.slice(0, MAX_SHOWN)) {
    fragment.appendText('\n');
    appendNoteLink(fragment, note, openLink);
  }
  if (notes.length > MAX_SHOWN)
    fragment.appendText(`\n${t('notice.conflictMore', { count: notes.length - MAX_SHOWN })}`);
  return fragment;
}

/** A note title the reader can click: opens the note at its conflict callout. */
export function appendNoteLink(parent: DocumentFragment | HTMLElement, note: NoteLink, openLink: OpenLink): void {
  const link = parent.createEl('a', { text: note.title, cls: 'weread-sync-note-link', href: '#' });
  link.setAttr('data-href', noteLinkTarget(note));
  link.addEventListener('click', (event) => {
    event.preventDefault();
    openLink(noteLinkTarget(note));
  });
}

/** Shows the result; a sync with failures or conflicts stays on screen longer. */
export function showResultNotice(summary: ReportSummary, t: Translate, dryRun: boolean, openLink: OpenLink): Notice {
  const long = summary.failures.length > 0 || summary.conflicted.length > 0 || (summary.dailyNotes?.failed ?? 0) > 0;
  return new Notice(resultNoticeFragment(summary, t, dryRun, openLink), long ? 15000 : 6000);
}
