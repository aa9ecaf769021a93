/** Device-local settings: the WeRead servers and the secret names live in this device's local storage, never in data.json. */
import type { App } from 'obsidian';
import type { Translate } from '../core/i18n';
import { DEVICE_LOCAL_KEYS, ignoredDeviceLocalKeys, type DeviceLocalKey } from '../core/settings/migrate';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings/settings';
import { isWeReadOrigin, originOf } from '../core/weread/transport';

/**
 * data.json travels with a synced or shared vault: a server address in it would send this device's credentials
 * wherever the vault's last editor wanted, and a secret name in it would read another plugin's secret. So these
 * settings are kept by `App.saveLocalStorage` (per vault, per device) and only ever set on this device.
 */
export const DEVICE_LOCAL_STORAGE_KEY = 'weread-sync-device';

export type DeviceLocalSettings = Pick<Settings, DeviceLocalKey>;

const SECRET_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isValid(key: DeviceLocalKey, value: string): boolean {
  if (key === 'baseUrl' || key === 'gatewayUrl') return originOf(value) !== undefined;
  return SECRET_NAME.test(value);
}

/** What this device stored (each value checked; anything else is the default). */
export function loadDeviceLocal(app: App): DeviceLocalSettings {
  const stored: unknown = app.loadLocalStorage(DEVICE_LOCAL_STORAGE_KEY);
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const out: DeviceLocalSettings = {
    baseUrl: DEFAULT_SETTINGS.baseUrl,
    gatewayUrl: DEFAULT_SETTINGS.gatewayUrl,
    apiKeySecretName: DEFAULT_SETTINGS.apiKeySecretName,
    cookieSecretName: DEFAULT_SETTINGS.cookieSecretName,
  };
  for (const key of DEVICE_LOCAL_KEYS) {
    const value = record[key];
    if (typeof value === 'string' && isValid(key, value.trim())) out[key] = value.trim();
  }
  return out;
}

/** Settings from data.json (already without device-local values) with this device's values laid over them. */
export function withDeviceLocal(app: App, settings: Settings): Settings {
  return { ...settings, ...loadDeviceLocal(app) };
}

/**
 * Stores the device-local part of `settings` in local storage and returns what may go to data.json: the same
 * settings with the defaults in place of the device-local values.
 */
export function saveDeviceLocal(app: App, settings: Settings): Settings {
  const local: Partial<DeviceLocalSettings> = {};
  for (const key of DEVICE_LOCAL_KEYS) if (settings[key] !== DEFAULT_SETTINGS[key]) local[key] = settings[key];
  app.saveLocalStorage(DEVICE_LOCAL_STORAGE_KEY, Object.keys(local).length > 0 ? local : null);
  const shared: Settings = { ...settings };
  for (const key of DEVICE_LOCAL_KEYS) (shared as Record<DeviceLocalKey, string>)[key] = DEFAULT_SETTINGS[key];
  return shared;
}

/** Origins besides WeRead's that this device chose to trust with the credentials (a local test server). */
export function deviceTrustedOrigins(app: App): string[] {
  const { baseUrl, gatewayUrl } = loadDeviceLocal(app);
  return [baseUrl, gatewayUrl].filter((url) => !isWeReadOrigin(url));
}

/** The non-WeRead server this device sends the credentials to, if any (the UI warns about it). */
export function testServerInUse(app: App): string | undefined {
  const [first] = deviceTrustedOrigins(app);
  return first === undefined ? undefined : originOf(first);
}

/**
 * The start-up notices: data.json tried to set a device-local value (it was ignored), and/or this device sends the
 * credentials to a test server rather than WeRead (said on every start, so it is never forgotten).
 */
export function deviceLocalNotices(app: App, rawDataJson: unknown, t: Translate): string[] {
  const notices: string[] = [];
  const ignored = ignoredDeviceLocalKeys(rawDataJson);
  if (ignored.length > 0) notices.push(t('notice.deviceLocalIgnored', { keys: ignored.join(', ') }));
  const server = testServerInUse(app);
  if (server !== undefined) notices.push(t('notice.testServer', { origin: server }));
  return notices;
}

/** The key of this device's "show developer options" switch in Obsidian's local storage. */
export const DEVELOPER_OPTIONS_KEY = 'weread-sync-developer-options';

/** Whether this device shows the developer options (the server address rows); a synced vault cannot turn it on. */
export function showDeveloperOptions(app: App): boolean {
  const value: unknown = app.loadLocalStorage(DEVELOPER_OPTIONS_KEY);
  return value === true || value === 'true';
}
