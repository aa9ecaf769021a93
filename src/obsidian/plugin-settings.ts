/** The plugin's settings on load and save: data.json repaired, device-local parts from this device, legacy credentials moved. */
import { getLanguage, Notice, type App } from 'obsidian';
import { settingsProblemText, type Translate } from '../core/i18n';
import { migrateSettings, repairSettings } from '../core/settings/migrate';
import type { Settings } from '../core/settings/settings';
import { deviceLocalNotices, saveDeviceLocal, withDeviceLocal } from './device-local';
import type { SecretStorageCredentials } from './secrets';

/** Obsidian's language code ('en' before 1.8.7, which has no getLanguage). */
export function obsidianLanguage(): string {
  try {
    return getLanguage();
  } catch {
    return 'en';
  }
}

/**
 * Settings from whatever data.json holds: repaired (each problem said once in a notice), with this device's servers
 * and secret names, handed to `use`; then credentials an older version left there are moved to SecretStorage. `mustSave` when data.json
 * should be rewritten (repaired, or a credential removed from it).
 */
export async function loadPluginSettings(
  app: App,
  raw: unknown,
  t: Translate,
  credentials: SecretStorageCredentials,
  use: (settings: Settings) => void,
): Promise<{ mustSave: boolean }> {
  const { settings, problems } = repairSettings(withDeviceLocal(app, migrateSettings(raw)));
  // In use before the credentials move: the secret names they go under are part of the settings.
  use(settings);
  for (const message of deviceLocalNotices(app, raw, t)) new Notice(message, 10000);
  const moved = await credentials.adoptLegacyCredentials(raw);
  if (problems.length > 0) {
    const text = problems.map((p) => settingsProblemText(t, p, true)).join('; ');
    new Notice(t('notice.settingsProblems', { problems: text }), 10000);
  }
  return { mustSave: moved || problems.length > 0 };
}

/** What goes into data.json: the settings without this device's own parts (kept in local storage instead). */
export function settingsForDataJson(app: App, settings: Settings): Settings {
  return saveDeviceLocal(app, settings);
}
