/** The sync log: the last syncs (when, why, counts, failures), kept in the plugin's data store, and the modal that lists them. */
import { App, Modal, Setting } from 'obsidian';
import type { KeyValueStore } from '../core/ports';
import type { MessageKey, Translate } from '../core/i18n';
import { redact } from '../core/weread/redact';
import { appendNoteLink, dailyNotesLines, type OpenLink } from './notices';
import type { DailyNotesSummary, FailedBook, LoggedBook, ReportCounts } from './report-summary';

export type SyncTrigger = 'startup' | 'interval' | 'command' | 'ribbon' | 'force' | 'current' | 'preview';

export interface SyncLogEntry {
  /** ms since the epoch */
  startedAt: number;
  durationMs: number;
  trigger: SyncTrigger;
  dryRun: boolean;
  counts?: ReportCounts;
  failures?: FailedBook[];
  /** The books created, updated, conflicted or failed (conflicted and failed first), each with its note's path. */
  books?: LoggedBook[];
  /** How many more changed than `books` holds. */
  moreBooks?: number;
  /** With the daily-notes setting, when a daily note was written or failed. */
  dailyNotes?: DailyNotesSummary;
  /** Set when the whole sync failed (no report). */
  error?: string;
  cancelled?: boolean;
}

const LOG_KEY = 'sync-log';
/** Kept entries; older ones are dropped. */
export const SYNC_LOG_LIMIT = 50;

export class SyncLog {
  constructor(private readonly store: KeyValueStore) {}

  async entries(): Promise<SyncLogEntry[]> {
    const text = await this.store.get(LOG_KEY);
    if (!text) return [];
    try {
      const parsed: unknown = JSON.parse(text);
      return Array.isArray(parsed) ? (parsed as SyncLogEntry[]) : [];
    } catch {
      // A damaged log is not worth failing a sync over: start a new one.
      return [];
    }
  }

  /** Newest first; failure texts are redacted again on the way in. */
  async add(entry: SyncLogEntry): Promise<void> {
    const safe: SyncLogEntry = {
      ...entry,
      error: entry.error === undefined ? undefined : redact(entry.error),
      failures: entry.failures?.map((f) => ({
        title: f.title,
        reason: redact(f.reason),
        ...(f.detail ? { detail: redact(f.detail) } : {}),
      })),
      books: entry.books?.map((b) => (b.reason === undefined ? b : { ...b, reason: redact(b.reason) })),
      ...(entry.dailyNotes ? { dailyNotes: entry.dailyNotes } : {}),
    };
    const entries = [safe, ...(await this.entries())].slice(0, SYNC_LOG_LIMIT);
    await this.store.set(LOG_KEY, JSON.stringify(entries));
  }

  async clear(): Promise<void> {
    await this.store.delete(LOG_KEY);
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function formatWhen(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The daily-notes lines of a log entry; the log is read back from the data store, so only whole counts are shown. */
export function dailyLogLines(entry: SyncLogEntry, t: Translate): string[] {
  const d = entry.dailyNotes as Partial<Record<keyof DailyNotesSummary, unknown>> | undefined;
  if (typeof d !== 'object' || d === null) return [];
  const count = (x: unknown): number => (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : 0);
  return dailyNotesLines(
    { notes: count(d.notes), added: count(d.added), removed: count(d.removed), failed: count(d.failed) },
    t,
  );
}

/** One line per sync, then its failing books. */
export function describeLogEntry(entry: SyncLogEntry, t: Translate): string[] {
  const when = formatWhen(entry.startedAt);
  const trigger = t(`log.trigger.${entry.trigger}` as MessageKey);
  if (entry.cancelled) return [`${when} — ${trigger}: ${t('notice.cancelled')}`];
  if (entry.error !== undefined || !entry.counts)
    return [t('log.entryError', { when, trigger, message: entry.error ?? '' })];
  const c = entry.counts;
  const head = t('log.entry', {
    when,
    trigger,
    created: c.created,
    updated: c.updated,
    unchanged: c.unchanged,
    failed: c.failed,
    seconds: (entry.durationMs / 1000).toFixed(1),
  });
  return [
    head,
    ...(entry.failures ?? []).map(
      (f) =>
        `  ${t('notice.failedBook', { title: f.title, reason: f.detail && f.detail !== f.reason ? `${f.reason} (${f.detail})` : f.reason })}`,
    ),
  ];
}

export class SyncLogModal extends Modal {
  constructor(
    app: App,
    private readonly log: SyncLog,
    private readonly t: Translate,
    private readonly openLink: OpenLink,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.titleEl.setText(this.t('log.title'));
    void this.render();
  }

  private async render(): Promise<void> {
    const { contentEl } = this;
    contentEl.empty();
    contentEl.addClass('weread-sync-log');
    const entries = await this.log.entries();
    if (entries.length === 0) {
      contentEl.createEl('p', { text: this.t('log.empty'), cls: 'weread-sync-log-empty' });
      return;
    }
    const list = contentEl.createEl('ul', { cls: 'weread-sync-log-list' });
    for (const entry of entries) {
      const [head, ...failures] = describeLogEntry(entry, this.t);
      const item = list.createEl('li', {
        cls: entry.error || (entry.counts?.failed ?? 0) > 0 ? 'weread-sync-log-failed' : '',
      });
      item.createDiv({ text: head ?? '' });
      for (const line of dailyLogLines(entry, this.t)) item.createDiv({ text: line, cls: 'weread-sync-log-daily' });
      if (entry.books) this.renderBooks(item, entry);
      else for (const failure of failures) item.createDiv({ text: failure.trim(), cls: 'weread-sync-log-failure' });
    }
    new Setting(contentEl).addButton((button) =>
      button.setButtonText(this.t('log.clear')).onClick(async () => {
        await this.log.clear();
        await this.render();
      }),
    );
  }

  /** One line per book: what happened, the note as a link (at its conflict callout), and why it failed. */
  private renderBooks(item: HTMLElement, entry: SyncLogEntry): void {
    const { t } = this;
    const list = item.createEl('ul', { cls: 'weread-sync-log-books' });
    for (const book of entry.books ?? []) {
      const line = list.createEl('li', { cls: `weread-sync-log-book is-${book.status}` });
      line.createSpan({ cls: 'weread-sync-log-status', text: t(`log.book.${book.status}`) });
      line.appendText(' ');
      if (book.path && book.status !== 'failed') appendNoteLink(line, book, this.openLink);
      else line.appendText(book.title);
      if (book.reason) line.appendText(t('log.book.reason', { reason: book.reason }));
    }
    if (entry.moreBooks) list.createEl('li', { text: t('log.book.more', { count: entry.moreBooks }) });
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
