/** The WeRead Sync plugin: wiring only — settings, adapters, ribbon, commands, auto-sync on layout ready, the settings tab. */
import { getLanguage, normalizePath, Notice, Platform, Plugin, TFile } from 'obsidian';
import { createT, langFromCode, settingsProblemText, type Translate } from './core/i18n';
import {
  builtinTemplateSource,
  checkLogin,
  listBuiltinTemplates,
  type LoginCheck,
  type ServicePorts,
} from './core/service';
import { LEGACY_CREDENTIAL_KEYS, migrateSettings, repairSettings } from './core/settings/migrate';
import type { Settings } from './core/settings/settings';
import { noteBookId } from './core/sync';
import { AdapterKeyValueStore, pluginDataDir } from './obsidian/data-store';
import { RequestUrlHttp } from './obsidian/request-url-http';
import { PreviewModal } from './obsidian/preview-modal';
import { QrLogin, qrLoginAvailable } from './obsidian/qr-login';
import { SecretStorageCredentials } from './obsidian/secrets';
import { WeReadSettingTab, type SettingsHost } from './obsidian/settings-tab';
import { SyncStatusBar } from './obsidian/status-bar';
import { SyncLog, SyncLogModal } from './obsidian/sync-log';
import { SyncRunner, type SyncRequest } from './obsidian/sync-runner';
import { cachedMetadata, VaultNoteStore } from './obsidian/vault-store';
import { registerDailyNotes } from './obsidian/daily-notes-command';

function currentLanguage(): string {
  try {
    return getLanguage();
  } catch {
    // Obsidian before 1.8.7 has no getLanguage.
    return 'en';
  }
}

export default class WeReadSyncPlugin extends Plugin implements SettingsHost {
  declare settings: Settings;
  t!: Translate;
  credentials!: SecretStorageCredentials;
  runner!: SyncRunner;
  syncLog!: SyncLog;
  settingTab!: WeReadSettingTab;
  private ports!: ServicePorts;
  private intervalId: number | null = null;
  /** The period the interval timer runs with (minutes; 0 = none). */
  private scheduledMinutes = 0;
  private layoutReady = false;
  private unloaded = false;
  private activeQrLogin: QrLogin | null = null;

  override async onload(): Promise<void> {
    this.t = createT(langFromCode(currentLanguage()));
    this.credentials = new SecretStorageCredentials(this.app, () => this.settings);
    await this.loadSettings();

    const dataDir = pluginDataDir(this.app.vault.configDir, this.manifest.id);
    const adapter = this.app.vault.adapter;
    this.ports = {
      http: new RequestUrlHttp(),
      store: new VaultNoteStore(this.app),
      state: new AdapterKeyValueStore(adapter, dataDir, 'state'),
      cache: new AdapterKeyValueStore(adapter, dataDir, 'cache'),
      credentials: this.credentials,
      loadTemplateFile: (path) => this.readVaultFile(path),
    };
    this.syncLog = new SyncLog(new AdapterKeyValueStore(adapter, dataDir, 'log'));
    const statusBar = new SyncStatusBar(this.addStatusBarItem(), this.t);
    this.runner = new SyncRunner({
      ports: () => this.ports,
      settings: () => this.settings,
      t: this.t,
      statusBar,
      log: this.syncLog,
      hasCredentials: () => this.credentials.hasAny(),
    });

    this.addRibbonIcon('book-open-check', this.t('ribbon.sync'), () => this.sync({ trigger: 'ribbon' }));
    this.addCommand({ id: 'sync', name: this.t('command.sync'), callback: () => this.sync({ trigger: 'command' }) });
    this.addCommand({ id: 'preview-sync', name: this.t('command.preview'), callback: () => this.previewSync() });
    this.addCommand({
      id: 'force-full-sync',
      name: this.t('command.force'),
      callback: () => this.sync({ trigger: 'force', force: true }),
    });
    this.addCommand({
      id: 'sync-current-book',
      name: this.t('command.syncCurrent'),
      checkCallback: (checking) => {
        const file = this.app.workspace.getActiveFile();
        if (!file || file.extension !== 'md') return false;
        const cachedBookId = this.cachedBookId(file);
        // Without a parsed cache, a note in the notes folder may be one; the file is read when the command runs.
        const maybe = cachedBookId !== null || (cachedMetadata(this.app, file) === null && this.inNotesFolder(file));
        if (!maybe) return false;
        if (!checking) void this.syncCurrentBook(file);
        return true;
      },
    });
    this.addCommand({
      id: 'open-sync-log',
      name: this.t('command.openLog'),
      callback: () => new SyncLogModal(this.app, this.syncLog, this.t).open(),
    });
    registerDailyNotes(this, this.ports);

    this.settingTab = new WeReadSettingTab(this.app, this, this, Platform);
    this.addSettingTab(this.settingTab);

    // Nothing touches the network or the vault before the workspace is ready (fast startup, design §6).
    this.app.workspace.onLayoutReady(() => this.onLayoutReady());
  }

  override onunload(): void {
    this.unloaded = true;
    this.runner?.stop();
    this.activeQrLogin?.cancel();
    this.clearInterval();
  }

  private async onLayoutReady(): Promise<void> {
    // Unloaded before the workspace was ready: start nothing (no timer would ever be cleared).
    if (this.unloaded) return;
    this.layoutReady = true;
    this.rescheduleInterval();
    if (this.settings.syncOnStartup && (await this.credentials.hasAny())) await this.sync({ trigger: 'startup' });
  }

  /** Every trigger goes through here: one sync at a time. */
  sync(request: SyncRequest): ReturnType<SyncRunner['run']> {
    return this.runner.run(request);
  }

  private async previewSync(): Promise<void> {
    const report = await this.sync({ trigger: 'preview', dryRun: true });
    if (report) new PreviewModal(this.app, report, this.t, () => void this.sync({ trigger: 'command' })).open();
  }

  private async syncCurrentBook(file: TFile): Promise<void> {
    const bookId = this.cachedBookId(file) ?? noteBookId(await this.app.vault.cachedRead(file));
    if (!bookId) {
      new Notice(this.t('notice.notWeReadNote'));
      return;
    }
    await this.sync({ trigger: 'current', onlyBookIds: [bookId] });
  }

  private cachedBookId(file: TFile): string | null {
    const value: unknown = cachedMetadata(this.app, file)?.frontmatter?.bookId;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  }

  private inNotesFolder(file: TFile): boolean {
    const folder = normalizePath(this.settings.folder);
    return folder === '/' || file.path.startsWith(`${folder}/`);
  }

  private rescheduleInterval(): void {
    this.clearInterval();
    const minutes = this.settings.syncIntervalMinutes;
    this.scheduledMinutes = minutes;
    if (minutes > 0) {
      this.intervalId = window.setInterval(() => {
        // An interval tick while a sync runs is simply skipped (no notice every N minutes).
        if (!this.runner.isRunning) void this.sync({ trigger: 'interval' });
      }, minutes * 60_000);
      this.registerInterval(this.intervalId);
    }
  }

  private clearInterval(): void {
    if (this.intervalId !== null) window.clearInterval(this.intervalId);
    this.intervalId = null;
  }

  async loadSettings(): Promise<void> {
    const raw: unknown = await this.loadData();
    const { settings, problems } = repairSettings(migrateSettings(raw));
    this.settings = settings;
    const moved = await this.moveLegacyCredentials(raw);
    if (problems.length > 0) {
      const text = problems.map((p) => settingsProblemText(this.t, p, true)).join('; ');
      new Notice(this.t('notice.settingsProblems', { problems: text }), 10000);
    }
    // Repaired settings are saved, so the same problem is not reported again on every start.
    if (moved || problems.length > 0) await this.saveSettings();
  }

  /** Credentials an older version left in data.json go to SecretStorage, and data.json is rewritten without them. */
  private async moveLegacyCredentials(raw: unknown): Promise<boolean> {
    if (typeof raw !== 'object' || raw === null) return false;
    const record = raw as Record<string, unknown>;
    const present = LEGACY_CREDENTIAL_KEYS.filter((key) => key in record);
    if (present.length === 0) return false;
    for (const key of present) {
      const value = record[key];
      if (typeof value !== 'string' || value.trim() === '') continue;
      if (value.trim().startsWith('wrk-')) {
        if (!this.app.secretStorage.getSecret(this.settings.apiKeySecretName))
          this.app.secretStorage.setSecret(this.settings.apiKeySecretName, value.trim());
      } else if ((await this.credentials.getCookie()) === null) await this.credentials.setCookie(value);
    }
    return true;
  }

  /** Saves the settings (only valid ones reach here) and moves the interval timer if its period changed. */
  async saveSettings(): Promise<void> {
    await this.saveData(this.settings);
    if (this.layoutReady && !this.unloaded && this.settings.syncIntervalMinutes !== this.scheduledMinutes)
      this.rescheduleInterval();
  }

  private async readVaultFile(path: string): Promise<string | null> {
    const file = this.app.vault.getAbstractFileByPath(normalizePath(path));
    return file instanceof TFile ? this.app.vault.cachedRead(file) : null;
  }

  async hasCookie(): Promise<boolean> {
    return (await this.credentials.getCookie()) !== null;
  }

  async saveCookie(cookie: string): Promise<void> {
    await this.credentials.setCookie(cookie);
  }

  async logOut(): Promise<void> {
    this.credentials.clearCookie();
    new Notice(this.t('notice.loggedOut'));
  }

  async templateSource(template: string): Promise<string | null> {
    return listBuiltinTemplates().includes(template) ? builtinTemplateSource(template) : this.readVaultFile(template);
  }

  readonly qrLogin = Platform.isDesktopApp ? (): Promise<boolean> => this.loginWithQrCode() : null;

  async checkLogin(): Promise<LoginCheck | null> {
    if (!(await this.credentials.hasAny())) return null;
    return checkLogin(this.ports, this.settings);
  }

  private async loginWithQrCode(): Promise<boolean> {
    if (!qrLoginAvailable()) {
      new Notice(this.t('notice.desktopOnly'));
      return false;
    }
    this.activeQrLogin?.cancel();
    const login = new QrLogin();
    this.activeQrLogin = login;
    const cookie = await login.start();
    if (this.activeQrLogin === login) this.activeQrLogin = null;
    if (!cookie) return false;
    await this.credentials.setCookie(cookie);
    new Notice(this.t('notice.loggedIn'));
    return true;
  }
}
