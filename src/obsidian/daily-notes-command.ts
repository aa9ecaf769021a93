/** Daily notes in the plugin: the config-folder reader and Obsidian's moment for the service, and the back-fill command with its two-date modal. */
import { moment, Modal, normalizePath, Notice, Setting, type App, type Command } from 'obsidian';
import { backfillDailyNotes, type BackfillReport } from '../core/daily/backfill';
import { isDayKey, type DayKey } from '../core/daily/dates';
import type { Translate } from '../core/i18n';
import type { ServicePorts } from '../core/service';
import type { Settings } from '../core/settings/settings';
import { redact } from '../core/weread/redact';

/** Obsidian's moment as a function (its typings export the namespace, which has no call signature). */
type MomentLike = (
  input?: string,
  format?: string,
  strict?: boolean,
) => { format(format: string): string; subtract(amount: number, unit: 'days'): { format(format: string): string } };
const momentFn = moment as unknown as MomentLike;

/** What the back-fill needs from the plugin. */
export interface DailyNotesHost {
  readonly app: App;
  readonly settings: Settings;
  readonly t: Translate;
  readonly runner: { readonly isRunning: boolean };
  addCommand(command: Command): Command;
}

/** Gives the service the vault's config folder (`vault.configDir`) and Obsidian's moment (its locale, as Daily notes names notes). */
export function addDailyNotesPorts(app: App, ports: ServicePorts): void {
  ports.readConfigFile = async (name: string) => {
    const path = normalizePath(`${app.vault.configDir}/${name}`);
    return (await app.vault.adapter.exists(path)) ? app.vault.adapter.read(path) : null;
  };
  ports.formatDay = (day: DayKey, format: string) => momentFn(day, 'YYYY-MM-DD', true).format(format);
}

/** The ports and the command "Add highlights to daily notes for a date range"; one call from main.ts. */
export function registerDailyNotes(host: DailyNotesHost, ports: ServicePorts): void {
  addDailyNotesPorts(host.app, ports);
  host.addCommand({
    id: 'daily-notes-backfill',
    name: host.t('command.dailyBackfill'),
    callback: () => new DailyRangeModal(host.app, host.t, (from, to) => runBackfill(host, ports, from, to)).open(),
  });
}

/** Runs the back-fill (never during a sync: both write the same notes) and says how it went. */
export async function runBackfill(
  host: DailyNotesHost,
  ports: ServicePorts,
  from: DayKey,
  to: DayKey,
): Promise<BackfillReport | null> {
  const { t } = host;
  if (host.runner.isRunning) {
    new Notice(t('daily.notice.busy'));
    return null;
  }
  const running = new Notice(t('daily.notice.running'), 0);
  try {
    const report = await backfillDailyNotes(ports, host.settings, { from, to });
    new Notice(t('daily.notice.done', { added: report.added, notes: report.notes.length, books: report.books }));
    if (report.failed.length) new Notice(t('daily.notice.someFailed', { count: report.failed.length }));
    return report;
  } catch (e) {
    new Notice(t('daily.notice.failed', { reason: redact(e instanceof Error ? e.message : String(e)) }));
    return null;
  } finally {
    running.hide();
  }
}

/** Today on this device, as `YYYY-MM-DD`. */
function today(): DayKey {
  return momentFn().format('YYYY-MM-DD');
}

/** Two dates (from, to; the last week by default) and a button. */
export class DailyRangeModal extends Modal {
  from: DayKey;
  to: DayKey;
  /** The back-fill started by the last submit (tests await it). */
  running: Promise<unknown> = Promise.resolve();
  private errorEl: HTMLElement | null = null;

  constructor(
    app: App,
    private readonly t: Translate,
    private readonly onSubmit: (from: DayKey, to: DayKey) => unknown,
  ) {
    super(app);
    this.to = today();
    this.from = momentFn(this.to, 'YYYY-MM-DD').subtract(6, 'days').format('YYYY-MM-DD');
  }

  override onOpen(): void {
    const { contentEl, t } = this;
    this.titleEl.setText(t('daily.modal.title'));
    const dateRow = (name: string, value: DayKey, set: (v: string) => void) =>
      new Setting(contentEl).setName(name).addText((c) => {
        c.inputEl.type = 'date';
        c.setValue(value).onChange((v) => set(v.trim()));
      });
    dateRow(t('daily.modal.from'), this.from, (v) => (this.from = v));
    dateRow(t('daily.modal.to'), this.to, (v) => (this.to = v));
    this.errorEl = contentEl.createDiv({ cls: 'weread-sync-setting-error' });
    new Setting(contentEl).addButton((b) =>
      b
        .setButtonText(t('daily.modal.run'))
        .setCta()
        .onClick(() => this.submit()),
    );
  }

  /** Starts the back-fill with a valid range; otherwise says what is wrong and stays open. */
  submit(): void {
    if (!isDayKey(this.from) || !isDayKey(this.to) || this.from > this.to) {
      this.errorEl?.setText(this.t('daily.modal.badRange'));
      return;
    }
    this.close();
    this.running = Promise.resolve(this.onSubmit(this.from, this.to));
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
