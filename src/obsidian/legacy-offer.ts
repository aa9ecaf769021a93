/** The older plugin's offer at layout ready: once, when our settings are untouched and its settings are in the vault. */
import type { App } from 'obsidian';
import type { Translate } from '../core/i18n';
import type { Settings } from '../core/settings/settings';
import { findLegacy, LegacyImportModal, type FoundLegacy, type LegacyImportHost } from './legacy-import';
import type { SecretStorageCredentials } from './secrets';
import type { SyncRunner } from './sync-runner';

/** What the offer needs from the plugin. */
export interface LegacyOfferHost {
  app: App;
  t: Translate;
  settings: Settings;
  saveSettings(): Promise<void>;
  runner: SyncRunner;
  credentials: SecretStorageCredentials;
}

/** The modal's host, wired to the plugin: the preview is a dry run of the runner under the imported settings. */
export function legacyImportHost(plugin: LegacyOfferHost): LegacyImportHost {
  return {
    app: plugin.app,
    t: plugin.t,
    settings: plugin.settings,
    saveSettings: () => plugin.saveSettings(),
    previewWith: (settings) => plugin.runner.run({ trigger: 'preview', dryRun: true, settings }),
    storeCredentials: async ({ apiKey, cookie }) => {
      if (apiKey) await plugin.credentials.setApiKey(apiKey);
      if (cookie) await plugin.credentials.setCookie(cookie);
    },
  };
}

/**
 * Offers the import when this vault had no settings of ours before this start, the reader never answered the offer,
 * and the older plugin left its settings here. Resolves with whether the modal opened; `closed` runs when it closes
 * (the startup sync waits for the answer, so it runs under the imported settings).
 */
export async function offerLegacyImport(
  plugin: LegacyOfferHost,
  hadOwnSettings: boolean,
  closed: () => void,
): Promise<boolean> {
  if (hadOwnSettings || plugin.settings.legacyImport !== '') return false;
  const found = await findLegacy(plugin.app);
  if (!found) return false;
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    closed();
  };
  new OfferModal(legacyImportHost(plugin), found, once).open();
  return true;
}

/** The offer's modal; closing it any way (Escape too) counts as an answer for the startup sync waiting on it. */
class OfferModal extends LegacyImportModal {
  constructor(
    host: LegacyImportHost,
    found: FoundLegacy,
    private readonly closed: () => void,
  ) {
    super(host, found, closed);
  }

  override onClose(): void {
    super.onClose();
    this.closed();
  }
}
