/** The one-time offer to take over from the older WeRead plugin: what was found, a dry-run summary, and the reader's yes. */
import { Modal, normalizePath, Setting, TFile, type App } from 'obsidian';
import type { Translate } from '../core/i18n';
import type { SyncReport } from '../core/service';
import {
  importLegacySettings,
  legacyTemplatePath,
  LEGACY_PLUGIN_ID,
  type LegacyImport,
} from '../core/settings/legacy-import';
import { DEVICE_LOCAL_KEYS, migrateSettings } from '../core/settings/migrate';
import type { Settings } from '../core/settings/settings';
import { cachedMetadata } from './vault-store';

/** The older plugin's frontmatter marker on every note it wrote (ours too). */
const LEGACY_DOC_TYPE = 'weread-highlights-reviews';
/** A data.json larger than this is not the older plugin's settings. */
const MAX_DATA_BYTES = 1024 * 1024;

/** What the vault holds of the older plugin. */
export interface FoundLegacy {
  legacy: LegacyImport;
  /** Its notes in the vault (frontmatter `doc_type: weread-highlights-reviews`), wherever they are. */
  noteCount: number;
  /** Whether it is still switched on (two plugins syncing one set of notes fight over them). */
  stillEnabled: boolean;
}

export interface LegacyImportHost {
  app: App;
  t: Translate;
  settings: Settings;
  saveSettings(): Promise<void>;
  /** A dry run of the first sync under these settings; null without credentials. */
  previewWith(settings: Settings): Promise<SyncReport | null>;
  storeCredentials(found: { apiKey?: string; cookie?: string }): Promise<void>;
}

async function readJson(app: App, path: string): Promise<unknown> {
  const adapter = app.vault.adapter;
  const normalized = normalizePath(path);
  if (!(await adapter.exists(normalized))) return undefined;
  const stat = await adapter.stat(normalized);
  if (!stat || stat.type !== 'file' || stat.size > MAX_DATA_BYTES) return undefined;
  try {
    return JSON.parse(await adapter.read(normalized)) as unknown;
  } catch {
    return undefined;
  }
}

function countLegacyNotes(app: App): number {
  return app.vault.getMarkdownFiles().filter((file) => {
    const frontmatter = cachedMetadata(app, file)?.frontmatter;
    return frontmatter?.doc_type === LEGACY_DOC_TYPE;
  }).length;
}

/** The older plugin's settings and notes, or null when it left no settings in this vault. */
export async function findLegacy(app: App): Promise<FoundLegacy | null> {
  const configDir = app.vault.configDir;
  const raw = await readJson(app, `${configDir}/plugins/${LEGACY_PLUGIN_ID}/data.json`);
  if (raw === undefined) return null;
  const enabled = await readJson(app, `${configDir}/community-plugins.json`);
  return {
    legacy: importLegacySettings(raw),
    noteCount: countLegacyNotes(app),
    stillEnabled: Array.isArray(enabled) && enabled.includes(LEGACY_PLUGIN_ID),
  };
}

/** Our settings with the older plugin's applied (the template as the vault path it will be written to). */
export function settingsWithLegacy(current: Settings, legacy: LegacyImport, templatePath?: string): Settings {
  const settings = migrateSettings({ ...current, ...legacy.settings, legacyImport: 'imported' });
  // migrateSettings never takes device-local keys from its input (data.json): this device's own stay as they are.
  for (const key of DEVICE_LOCAL_KEYS) settings[key] = current[key];
  if (templatePath) settings.template = templatePath;
  return settings;
}

/** A free vault path for the imported template (`name 2`, … beside a reader's different file); reuses an identical one. */
async function templateFile(app: App, name: string, text: string): Promise<string> {
  for (let n = 1; ; n++) {
    const path = normalizePath(legacyTemplatePath(n === 1 ? name : `${name} ${n}`));
    const existing = app.vault.getAbstractFileByPath(path);
    if (!existing) {
      const folder = path.split('/').slice(0, -1).join('/');
      if (folder && !app.vault.getAbstractFileByPath(folder)) await app.vault.createFolder(folder);
      await app.vault.create(path, text);
      return path;
    }
    if (existing instanceof TFile && (await app.vault.read(existing)) === text) return path;
  }
}

/** Applies the import: settings saved, template written, credentials into SecretStorage only when asked. */
export async function applyLegacyImport(
  host: LegacyImportHost,
  found: FoundLegacy,
  withCredentials: boolean,
): Promise<void> {
  const template = found.legacy.customTemplate;
  const templatePath = template ? await templateFile(host.app, template.name, template.text) : undefined;
  Object.assign(host.settings, settingsWithLegacy(host.settings, found.legacy, templatePath));
  await host.saveSettings();
  if (withCredentials) await host.storeCredentials(found.legacy.credentials);
}

/** Records that the reader said no, so the offer is not made again. */
export async function declineLegacyImport(host: LegacyImportHost): Promise<void> {
  host.settings.legacyImport = 'declined';
  await host.saveSettings();
}

/** The modal: found notes and settings, warnings, the first sync's dry run, and Import / Not now. */
export class LegacyImportModal extends Modal {
  private withCredentials = true;

  constructor(
    private readonly host: LegacyImportHost,
    private readonly found: FoundLegacy,
    private readonly onDone: (imported: boolean) => void = () => {},
  ) {
    super(host.app);
  }

  override onOpen(): void {
    const { t } = this.host;
    const { legacy, noteCount, stillEnabled } = this.found;
    this.setTitle(t('legacy.title'));
    const body = this.contentEl;
    body.addClass('weread-sync-legacy');
    body.createEl('p', { text: t('legacy.found', { notes: noteCount, settings: legacy.imported.length }) });
    if (legacy.imported.length > 0) {
      const list = body.createEl('ul', { cls: 'weread-sync-legacy-keys' });
      for (const key of legacy.imported) list.createEl('li', { text: key });
    }
    for (const warning of legacy.warnings) {
      body.createEl('p', { cls: 'mod-warning', text: t('legacy.warning', { key: warning.key, value: warning.value }) });
    }
    if (stillEnabled) body.createEl('p', { cls: 'mod-warning', text: t('legacy.stillEnabled') });
    const preview = body.createEl('p', { cls: 'weread-sync-legacy-preview', text: t('legacy.previewing') });
    void this.showPreview(preview);

    const hasCredentials = Boolean(legacy.credentials.apiKey || legacy.credentials.cookie);
    if (hasCredentials) {
      new Setting(body)
        .setName(t('legacy.credentials'))
        .setDesc(t('legacy.credentialsDesc'))
        .addToggle((toggle) => toggle.setValue(this.withCredentials).onChange((v) => (this.withCredentials = v)));
    }
    new Setting(body)
      .addButton((b) =>
        b
          .setButtonText(t('legacy.import'))
          .setCta()
          .onClick(() => void this.finish(true)),
      )
      .addButton((b) => b.setButtonText(t('legacy.notNow')).onClick(() => void this.finish(false)));
  }

  private async showPreview(el: HTMLElement): Promise<void> {
    const { t } = this.host;
    const settings = settingsWithLegacy(this.host.settings, this.found.legacy);
    try {
      const report = await this.host.previewWith(settings);
      if (!report) {
        el.setText(t('legacy.previewNeedsLogin'));
        return;
      }
      const count = (status: string): number => report.books.filter((b) => b.status === status).length;
      el.setText(
        t('legacy.preview', { created: count('created'), updated: count('updated'), unchanged: count('unchanged') }),
      );
    } catch {
      el.setText(t('legacy.previewFailed'));
    }
  }

  private async finish(accepted: boolean): Promise<void> {
    if (accepted) await applyLegacyImport(this.host, this.found, this.withCredentials);
    else await declineLegacyImport(this.host);
    this.close();
    this.onDone(accepted);
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
