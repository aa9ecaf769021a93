/** Runs syncs for every trigger through one single-flight guard: progress (status bar; a notice on mobile), result notice, sync log, cancellation on unload. */
import { Notice, Platform } from 'obsidian';
import type { Translate } from '../core/i18n';
import { runWeReadSync, type ServicePorts, type SyncReport } from '../core/service';
import type { Settings } from '../core/settings/settings';
import { describeError, isAbortError, summarizeReport } from './report-summary';
import { showResultNotice, type OpenLink } from './notices';
import type { SyncStatusBar } from './status-bar';
import type { SyncLog, SyncTrigger } from './sync-log';

export interface SyncRunnerDeps {
  ports: () => ServicePorts;
  settings: () => Settings;
  t: Translate;
  /** The reader's language, for the presenter. */
  lang: string;
  statusBar: SyncStatusBar;
  log: SyncLog;
  hasCredentials: () => Promise<boolean>;
  /** Opens a note link from a notice (`path#^block`). */
  openLink: OpenLink;
  /** The sync itself; the service's by default. */
  sync?: typeof runWeReadSync;
}

export interface SyncRequest {
  trigger: SyncTrigger;
  dryRun?: boolean;
  force?: boolean;
  onlyBookIds?: string[];
  /** Other settings for this run only (the older plugin's import previews the first sync under its settings). */
  settings?: Settings;
}

/** Automatic triggers stay silent unless something changed or failed; a reader who clicked always gets an answer. */
const AUTOMATIC: ReadonlySet<SyncTrigger> = new Set(['startup', 'interval']);

export class SyncRunner {
  private controller: AbortController | null = null;
  private current: Promise<SyncReport | null> | null = null;
  private stopped = false;

  constructor(private readonly deps: SyncRunnerDeps) {}

  get isRunning(): boolean {
    return this.current !== null;
  }

  /** Resolves when the running sync (if any) has finished. */
  async idle(): Promise<void> {
    await this.current;
  }

  /**
   * Starts a sync unless one is running (then says so and returns null).
   * Resolves with the report, or null when nothing ran or the sync failed as a whole.
   */
  run(request: SyncRequest): Promise<SyncReport | null> {
    if (this.stopped) return Promise.resolve(null);
    if (this.current) {
      new Notice(this.deps.t('notice.alreadyRunning'));
      return Promise.resolve(null);
    }
    const controller = new AbortController();
    this.controller = controller;
    const run = this.execute(request, controller.signal).finally(() => {
      if (this.controller === controller) this.controller = null;
      this.current = null;
    });
    this.current = run;
    return run;
  }

  /** Cancels the running sync (between books) and refuses new ones; called from onunload. */
  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    this.deps.statusBar.clear();
  }

  private async execute(request: SyncRequest, signal: AbortSignal): Promise<SyncReport | null> {
    const { t, log } = this.deps;
    const automatic = AUTOMATIC.has(request.trigger);
    const dryRun = request.dryRun ?? false;
    if (!(await this.deps.hasCredentials())) {
      if (!automatic) new Notice(t('notice.noCredentials'));
      return null;
    }
    const startedAt = Date.now();
    const base = { startedAt, trigger: request.trigger, dryRun };
    const progress = this.startProgress(automatic, dryRun);
    const sync = this.deps.sync ?? runWeReadSync;
    try {
      const report = await sync(this.deps.ports(), request.settings ?? this.deps.settings(), {
        dryRun,
        force: request.force,
        onlyBookIds: request.onlyBookIds,
        signal,
        onProgress: (p) => {
          if (!signal.aborted) progress.update(p.done, p.total);
        },
      });
      const summary = summarizeReport(report, this.deps.lang);
      const { counts, failures, books, moreBooks, dailyNotes } = summary;
      const cancelled = signal.aborted ? { cancelled: true } : {};
      const daily = dailyNotes ? { dailyNotes } : {};
      // Notes that name a book twice are logged beside the failures: the reader has to pick one.
      const logged = { counts, failures: [...failures, ...summary.duplicates], books, moreBooks };
      await log.add({ ...base, durationMs: Date.now() - startedAt, ...cancelled, ...logged, ...daily });
      if (signal.aborted) return report;
      // A book skipped for a lasting reason (公众号 without a cookie) is said when the reader asks, not on every
      // automatic run.
      const dailyChanges = dailyNotes ? dailyNotes.added + dailyNotes.removed + dailyNotes.failed : 0;
      const noteworthy =
        counts.created +
          counts.updated +
          counts.failed +
          counts.conflicts +
          summary.listProblems.length +
          dailyChanges >
        0;
      if (!dryRun && (!automatic || noteworthy)) showResultNotice(summary, t, dryRun, this.deps.openLink);
      return report;
    } catch (error) {
      const cancelled = isAbortError(error) || signal.aborted;
      const message = describeError(error, this.deps.lang);
      const logged = cancelled ? undefined : message.logText;
      await log.add({ ...base, durationMs: Date.now() - startedAt, cancelled, error: logged });
      if (!cancelled) new Notice(t('notice.failed', { message: message.text }), 10000);
      return null;
    } finally {
      progress.done();
    }
  }

  /**
   * Progress in the status bar; on mobile, which has no status bar, in a notice that updates in place while a
   * sync the reader started runs (automatic syncs stay quiet there too).
   */
  private startProgress(
    automatic: boolean,
    dryRun: boolean,
  ): { update(done: number, total: number): void; done(): void } {
    const { t, statusBar } = this.deps;
    statusBar.starting();
    const mobile = Platform.isMobile && !automatic ? new Notice(t('notice.started'), 0) : null;
    if (!mobile && !automatic && !dryRun) new Notice(t('notice.started'), 2000);
    return {
      update: (done, total) => {
        statusBar.progress(done, total);
        mobile?.setMessage(t('notice.progress', { done, total }));
      },
      done: () => {
        statusBar.clear();
        mobile?.hide();
      },
    };
  }
}
