/** When automatic syncs run: once the layout is ready (sync on startup), every N minutes, and nothing after unload. */

export interface SchedulerDeps {
  /** The interval period in minutes (0 = none); read each time so a saved change applies. */
  minutes: () => number;
  syncOnStartup: () => boolean;
  hasCredentials: () => Promise<boolean>;
  isRunning: () => boolean;
  startupSync: () => Promise<unknown>;
  intervalSync: () => void;
  /** Obsidian's `registerInterval`, so the timer is also cleared if the plugin is unloaded by force. */
  registerInterval: (id: number) => number;
}

export class SyncScheduler {
  private intervalId: number | null = null;
  /** The period the interval timer runs with (minutes; 0 = none). */
  private scheduledMinutes = 0;
  private layoutReady = false;
  private unloaded = false;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Nothing touches the network or the vault before the workspace is ready (fast startup). */
  async onLayoutReady(): Promise<void> {
    // Unloaded before the workspace was ready: start nothing (no timer would ever be cleared).
    if (this.unloaded) return;
    this.layoutReady = true;
    this.reschedule();
    if (this.deps.syncOnStartup() && (await this.deps.hasCredentials())) await this.deps.startupSync();
  }

  /** After the settings were saved: moves the timer only if its period changed (a rejected value never gets here). */
  settingsSaved(): void {
    if (this.layoutReady && !this.unloaded && this.deps.minutes() !== this.scheduledMinutes) this.reschedule();
  }

  unload(): void {
    this.unloaded = true;
    this.clear();
  }

  private reschedule(): void {
    this.clear();
    const minutes = this.deps.minutes();
    this.scheduledMinutes = minutes;
    if (minutes <= 0) return;
    this.intervalId = window.setInterval(() => {
      // An interval tick while a sync runs is simply skipped (no notice every N minutes).
      if (!this.deps.isRunning()) this.deps.intervalSync();
    }, minutes * 60_000);
    this.deps.registerInterval(this.intervalId);
  }

  private clear(): void {
    if (this.intervalId !== null) window.clearInterval(this.intervalId);
    this.intervalId = null;
  }
}
