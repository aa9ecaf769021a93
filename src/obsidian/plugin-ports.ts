/** The plugin's ports on Obsidian: requestUrl, the vault as note store, state/cache/log under the plugin folder, secrets. */
import { normalizePath, TFile, type App } from 'obsidian';
import { builtinTemplateSource, listBuiltinTemplates, type ServicePorts } from '../core/service';
import type { KeyValueStore } from '../core/ports';
import { AdapterKeyValueStore, pluginDataDir } from './data-store';
import { deviceTrustedOrigins } from './device-local';
import { RequestUrlHttp } from './request-url-http';
import type { SecretStorageCredentials } from './secrets';
import { VaultNoteStore } from './vault-store';
import { CompactCache } from '../core/weread/compact-cache';

/** A vault file's text (a custom template), or null when there is no such file. */
export async function readVaultFile(app: App, path: string): Promise<string | null> {
  const file = app.vault.getAbstractFileByPath(normalizePath(path));
  return file instanceof TFile ? app.vault.cachedRead(file) : null;
}

/** A template's source: a built-in's text or the vault file's; null when the file is missing. */
export function templateSourceIn(app: App, template: string): Promise<string | null> {
  return listBuiltinTemplates().includes(template)
    ? Promise.resolve(builtinTemplateSource(template))
    : readVaultFile(app, template);
}

/** The ports a sync runs on, and the store the sync log keeps its entries in. */
export function createPluginPorts(
  app: App,
  pluginId: string,
  credentials: SecretStorageCredentials,
): { ports: ServicePorts; logStore: KeyValueStore } {
  const dataDir = pluginDataDir(app.vault.configDir, pluginId);
  const adapter = app.vault.adapter;
  return {
    ports: {
      http: new RequestUrlHttp(),
      store: new VaultNoteStore(app),
      state: new AdapterKeyValueStore(adapter, dataDir, 'state'),
      cache: new CompactCache(new AdapterKeyValueStore(adapter, dataDir, 'cache')),
      credentials,
      trustedOrigins: () => deviceTrustedOrigins(app),
      loadTemplateFile: (path) => readVaultFile(app, path),
    },
    logStore: new AdapterKeyValueStore(adapter, dataDir, 'log'),
  };
}
