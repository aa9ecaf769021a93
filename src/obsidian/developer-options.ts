/** Whether this device shows developer options (the server address rows): a device-local flag, never in the synced data.json. */
import type { App } from 'obsidian';

/** The key in Obsidian's per-vault, per-device local storage. */
export const DEVELOPER_OPTIONS_KEY = 'weread-sync-developer-options';

/** On only when set on this device (a vault synced from elsewhere cannot turn it on). */
export function showDeveloperOptions(app: App): boolean {
  const value: unknown = app.loadLocalStorage(DEVELOPER_OPTIONS_KEY);
  return value === true || value === 'true';
}
