/** The WeRead Sync plugin: wiring only — settings, adapters, scheduler, commands, QR login, the settings tab. */
import { Notice, Platform, Plugin } from 'obsidian';
import { createT, langFromCode, settingsProblemText, type Lang, type Translate } from './core/i18n';
import { checkLogin, type ServicePorts } from './core/service';
import { migrateSettings, repairSettings } from './core/settings/migrate';
import type { Settings } from './core/settings/settings';
import { Account } from './obsidian/account';
import { registerCommands } from './obsidian/commands';
import { AdapterKeyValueStore, pluginDataDir } from './obsidian/data-store';
import { QrLoginFlow } from './obsidian/qr-flow';
import { SyncScheduler } from './obsidian/scheduler';
import { SecretStorageCredentials } from './obsidian/secrets';
import { deviceLocalNotices, saveDeviceLocal, showDeveloperOptions, withDeviceLocal } from './obsidian/device-local';
import { WeReadSettingTab, type SettingsHost } from './obsidian/settings-tab';
import { SyncStatusBar } from './obsidian/status-bar';
import { SyncLog } from './obsidian/sync-log';
import { SyncRunner, type SyncRequest } from './obsidian/sync-runner';
import { registerDailyNotes } from './obsidian/daily-notes-command';
import { offerLegacyImport } from './obsidian/legacy-offer';
import { deletedNotes, type DeletedNote } from './obsidian/restore-deleted';
import { currentLanguage, pluginPorts, recreateLibraryBaseWithNotice, templateSource } from './obsidian/plugin-parts';

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
    this.lang = langFromCode(currentLanguage());
    this.t = createT(this.lang);
    this.credentials = new SecretStorageCredentials(this.app, () => this.settings);
    await this.loadSettings();

    const dataDir = pluginDataDir(this.app.vault.configDir, this.manifest.id);
    const adapter = this.app.vault.adapter;
    this.ports = pluginPorts(this.app, dataDir, this.credentials);
    this.syncLog = new SyncLog(new AdapterKeyValueStore(adapter, dataDir, 'log'));
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
    const { settings, problems } = repairSettings(withDeviceLocal(this.app, migrateSettings(raw)));
    this.settings = settings;
    for (const message of deviceLocalNotices(this.app, raw, this.t)) new Notice(message, 10000);
    const moved = await this.credentials.adoptLegacyCredentials(raw);
    if (problems.length > 0) {
      const text = problems.map((p) => settingsProblemText(this.t, p, true)).join('; ');
      new Notice(this.t('notice.settingsProblems', { problems: text }), 10000);
    }
    // Repaired settings are saved, so the same problem is not reported again on every start.
    if (moved || problems.length > 0) await this.saveSettings();
  }

  /** Saves the settings (only valid ones reach here) and moves the interval timer if its period changed. */
  async saveSettings(): Promise<void> {
    await this.saveData(saveDeviceLocal(this.app, this.settings));
    this.scheduler?.settingsSaved();
  }

  async templateSource(template: string): Promise<string | null> {
    return templateSource(this.app, template);
  }

  recreateLibraryBase(): Promise<void> {
    return recreateLibraryBaseWithNotice(this.ports, this.settings, this.t);
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
