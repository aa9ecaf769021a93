/** The WeRead Sync plugin: wiring only — settings, adapters, scheduler, commands, QR login, the settings tab. */
import { Platform, Plugin } from 'obsidian';
import { createT, langFromCode, type Lang, type Translate } from './core/i18n';
import { checkLogin, recreateLibraryBaseFile, type ServicePorts } from './core/service';
import type { Settings } from './core/settings/settings';
import { Account } from './obsidian/account';
import { recreateLibraryBaseWithNotice, registerCommands } from './obsidian/commands';
import { registerDailyNotes } from './obsidian/daily-notes-command';
import { showDeveloperOptions } from './obsidian/device-local';
import { createPluginPorts, templateSourceIn } from './obsidian/plugin-ports';
import { loadPluginSettings, obsidianLanguage, settingsForDataJson } from './obsidian/plugin-settings';
import { QrLoginFlow } from './obsidian/qr-flow';
import { SyncScheduler } from './obsidian/scheduler';
import { SecretStorageCredentials } from './obsidian/secrets';
import { WeReadSettingTab, type SettingsHost } from './obsidian/settings-tab';
import { SyncStatusBar } from './obsidian/status-bar';
import { SyncLog } from './obsidian/sync-log';
import { SyncRunner, type SyncRequest } from './obsidian/sync-runner';
import { offerLegacyImport } from './obsidian/legacy-offer';
import { deletedNotes, type DeletedNote } from './obsidian/restore-deleted';

export default class WeReadSyncPlugin extends Plugin implements SettingsHost {
  declare settings: Settings;
  t!: Translate;
  lang!: Lang;
  credentials!: SecretStorageCredentials;
  runner!: SyncRunner;
  syncLog!: SyncLog;
  settingTab!: WeReadSettingTab;
  private ports!: ServicePorts;
  private scheduler!: SyncScheduler;
  private qrFlow!: QrLoginFlow;
  account!: Account;
  /** Whether this vault had settings of ours before this start (else the older plugin's import may be offered). */
  private hadOwnSettings = false;

  override async onload(): Promise<void> {
    this.lang = langFromCode(obsidianLanguage());
    this.t = createT(this.lang);
    this.credentials = new SecretStorageCredentials(this.app, () => this.settings);
    await this.loadSettings();

    const { ports, logStore } = createPluginPorts(this.app, this.manifest.id, this.credentials);
    this.ports = ports;
    this.syncLog = new SyncLog(logStore);
    this.runner = new SyncRunner({
      ports: () => this.ports,
      settings: () => this.settings,
      t: this.t,
      lang: this.lang,
      statusBar: new SyncStatusBar(this.addStatusBarItem(), this.t),
      log: this.syncLog,
      hasCredentials: () => this.credentials.hasAny(),
      openLink: (link) => void this.app.workspace.openLinkText(link, '', false),
    });
    this.scheduler = new SyncScheduler({
      minutes: () => this.settings.syncIntervalMinutes,
      syncOnStartup: () => this.settings.syncOnStartup,
      hasCredentials: () => this.credentials.hasAny(),
      isRunning: () => this.runner.isRunning,
      startupSync: () => this.sync({ trigger: 'startup' }),
      intervalSync: () => void this.sync({ trigger: 'interval' }),
      registerInterval: (id) => this.registerInterval(id),
    });
    this.qrFlow = new QrLoginFlow(this.t, (cookie) => this.credentials.setCookie(cookie));
    this.account = new Account(
      this.credentials,
      this.t,
      () => checkLogin(this.ports, this.settings),
      Platform.isDesktopApp ? this.qrFlow : null,
      (url) => window.open(url),
    );
    registerCommands(this, {
      app: this.app,
      t: this.t,
      lang: this.lang,
      settings: () => this.settings,
      sync: (request) => this.sync(request),
      syncLog: this.syncLog,
      recreateLibraryBase: () => this.recreateLibraryBase(),
    });
    registerDailyNotes(this, this.ports);
    this.settingTab = new WeReadSettingTab(this.app, this, this, Platform);
    this.addSettingTab(this.settingTab);
    // The older plugin's import is offered first; the startup sync then runs under the settings the reader chose.
    const ready = () => void this.scheduler.onLayoutReady();
    this.app.workspace.onLayoutReady(async () => {
      if (!(await offerLegacyImport(this, this.hadOwnSettings, ready))) await this.scheduler.onLayoutReady();
    });
  }

  override onunload(): void {
    this.scheduler?.unload();
    this.runner?.stop();
    this.qrFlow?.cancel();
  }

  /** Every trigger goes through here: one sync at a time. */
  sync(request: SyncRequest): ReturnType<SyncRunner['run']> {
    return this.runner.run(request);
  }

  async loadSettings(): Promise<void> {
    const raw: unknown = await this.loadData();
    this.hadOwnSettings = raw !== null && raw !== undefined;
    const { mustSave } = await loadPluginSettings(this.app, raw, this.t, this.credentials, (s) => (this.settings = s));
    // Repaired settings are saved, so the same problem is not reported again on every start.
    if (mustSave) await this.saveSettings();
  }

  /** Saves the settings (only valid ones reach here) and moves the interval timer if its period changed. */
  async saveSettings(): Promise<void> {
    await this.saveData(settingsForDataJson(this.app, this.settings));
    this.scheduler?.settingsSaved();
  }

  templateSource(template: string): Promise<string | null> {
    return templateSourceIn(this.app, template);
  }

  /** "Re-create library base" (the command and the settings button). */
  recreateLibraryBase(): Promise<void> {
    return recreateLibraryBaseWithNotice(this.t, () => recreateLibraryBaseFile(this.ports, this.settings));
  }

  deletedNotes(): Promise<DeletedNote[]> {
    return deletedNotes(this.ports.state);
  }

  restoreNote(bookId: string): Promise<unknown> {
    return this.sync({ trigger: 'current', onlyBookIds: [bookId] });
  }

  syncNow(): void {
    void this.sync({ trigger: 'command' });
  }

  developerOptions(): boolean {
    return showDeveloperOptions(this.app);
  }
}
