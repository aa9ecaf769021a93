/** Small pieces of the plugin kept out of main.ts (which only wires): the language, vault files, the library Base notice. */
import { getLanguage, normalizePath, Notice, TFile, type App } from 'obsidian';
import type { Translate } from '../core/i18n';
import {
  builtinTemplateSource,
  listBuiltinTemplates,
  recreateLibraryBaseFile,
  type ServicePorts,
} from '../core/service';
import type { Settings } from '../core/settings/settings';
import { AdapterKeyValueStore } from './data-store';
import { deviceTrustedOrigins } from './device-local';
import { RequestUrlHttp } from './request-url-http';
import type { SecretStorageCredentials } from './secrets';
import { VaultNoteStore } from './vault-store';

export function currentLanguage(): string {
  try {
    return getLanguage();
  } catch {
    // Obsidian before 1.8.7 has no getLanguage.
    return 'en';
  }
}

/** The plugin's ports: requestUrl, the vault (notes found through the metadata cache), its data folder, SecretStorage. */
export function pluginPorts(app: App, dataDir: string, credentials: SecretStorageCredentials): ServicePorts {
  const adapter = app.vault.adapter;
  return {
    http: new RequestUrlHttp(),
    store: new VaultNoteStore(app),
    state: new AdapterKeyValueStore(adapter, dataDir, 'state'),
    cache: new AdapterKeyValueStore(adapter, dataDir, 'cache'),
    credentials,
    trustedOrigins: () => deviceTrustedOrigins(app),
    loadTemplateFile: (path) => readVaultFile(app, path),
  };
}

/** A vault file's text (templates), or null when there is no such file. */
export async function readVaultFile(app: App, path: string): Promise<string | null> {
  const file = app.vault.getAbstractFileByPath(normalizePath(path));
  return file instanceof TFile ? app.vault.cachedRead(file) : null;
}

/** The template's source: a built-in's text or the vault file's. */
export async function templateSource(app: App, template: string): Promise<string | null> {
  return listBuiltinTemplates().includes(template) ? builtinTemplateSource(template) : readVaultFile(app, template);
}

/** "Re-create library base" (issue 15): writes the Base afresh next to the notes, owned by the sync again. */
export async function recreateLibraryBaseWithNotice(ports: ServicePorts, settings: Settings, t: Translate) {
  try {
    new Notice(t('notice.libraryBaseRecreated', { path: await recreateLibraryBaseFile(ports, settings) }));
  } catch (e) {
    new Notice(t('notice.error', { message: e instanceof Error ? e.message : String(e) }));
  }
}
