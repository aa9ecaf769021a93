/** Settings on load: `migrateSettings` turns whatever data.json holds into a complete Settings; `validateSettings` names what is out of range. */
import {
  DEFAULT_SETTINGS,
  type ArticleMode,
  type DailyLinkStyle,
  type LegacyImportState,
  type Settings,
  type SubfolderMode,
} from './settings';

type Raw = Record<string, unknown>;

const SUBFOLDER_MODES: readonly SubfolderMode[] = ['none', 'category', 'category-top', 'title'];
const ARTICLE_MODES: readonly ArticleMode[] = ['per-account', 'per-article', 'skip'];
const LEGACY_IMPORT_STATES: readonly LegacyImportState[] = ['', 'imported', 'declined'];
const DAILY_LINK_STYLES: readonly DailyLinkStyle[] = ['link', 'embed'];
/** Keys that once held credentials in data.json (older versions, other plugins); never copied into Settings. */
export const LEGACY_CREDENTIAL_KEYS = ['cookie', 'cookies', 'apiKey', 'apikey', 'api_key', 'token'] as const;
/**
 * Settings that decide where the credentials go (the servers) and which secrets are read: they belong to this device,
 * never to data.json, which travels with a synced vault. `migrateSettings` ignores them there (the defaults apply);
 * the CLI takes them from its flags and environment, the plugin from `App.loadLocalStorage` (obsidian/device-local.ts).
 */
export const DEVICE_LOCAL_KEYS = ['baseUrl', 'gatewayUrl', 'apiKeySecretName', 'cookieSecretName'] as const;
export type DeviceLocalKey = (typeof DEVICE_LOCAL_KEYS)[number];

/** The device-local keys a stored settings object sets to something other than the default (they are ignored). */
export function ignoredDeviceLocalKeys(raw: unknown): DeviceLocalKey[] {
  if (!isRecord(raw)) return [];
  return DEVICE_LOCAL_KEYS.filter((key) => {
    const value = raw[key];
    return typeof value === 'string' && value.trim().replace(/\/+$/, '') !== DEFAULT_SETTINGS[key];
  });
}

/** SecretStorage ids: lowercase alphanumerics with optional dashes. */
const SECRET_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(raw: Raw, key: keyof Settings, fallback: string): string {
  const value = raw[key];
  return typeof value === 'string' ? value : fallback;
}

function num(raw: Raw, key: keyof Settings, fallback: number): number {
  const value = raw[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return fallback;
}

function bool(raw: Raw, key: keyof Settings, fallback: boolean): boolean {
  const value = raw[key];
  return typeof value === 'boolean' ? value : fallback;
}

/** A list setting: an array of strings, or (as typed in a text area) one item per line or comma. */
function list(raw: Raw, key: keyof Settings, fallback: string[]): string[] {
  const value = raw[key];
  if (Array.isArray(value))
    return value
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim())
      .filter(Boolean);
  if (typeof value === 'string') return parseList(value);
  return [...fallback];
}

function stringMap(raw: Raw, key: keyof Settings, fallback: Record<string, string>): Record<string, string> {
  const value = raw[key];
  if (!isRecord(value)) return { ...fallback };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function oneOf<T extends string>(raw: Raw, key: keyof Settings, allowed: readonly T[], fallback: T): T {
  const value = raw[key];
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** Splits text typed one item per line (commas too) into trimmed, non-empty items. */
export function parseList(text: string): string[] {
  return text
    .split(/[\n,，]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/**
 * Any stored value → a complete Settings: unknown keys dropped, wrong types replaced by defaults,
 * and the shapes of earlier versions carried over (a boolean `includeArticles`, `syncInterval`, `templateName`).
 */
export function migrateSettings(raw: unknown): Settings {
  const input: Raw = isRecord(raw) ? { ...raw } : {};
  const d = DEFAULT_SETTINGS;

  // Earlier shapes: keep what the reader chose under the old names.
  if (input.articles === undefined && typeof input.includeArticles === 'boolean')
    input.articles = input.includeArticles ? 'per-account' : 'skip';
  if (input.syncIntervalMinutes === undefined && input.syncInterval !== undefined)
    input.syncIntervalMinutes = input.syncInterval;
  if (input.template === undefined && typeof input.templateName === 'string') input.template = input.templateName;
  if (input.folder === undefined && typeof input.noteLocation === 'string') input.folder = input.noteLocation;
  // The older plugin's switch for its reading-info frontmatter: the same properties, kept current here.
  if (input.readingProperties === undefined && typeof input.saveReadingInfoToggle === 'boolean')
    input.readingProperties = input.saveReadingInfoToggle;

  return {
    folder: str(input, 'folder', d.folder)
      .trim()
      .replace(/^\/+|\/+$/g, ''),
    fileNamePattern: str(input, 'fileNamePattern', d.fileNamePattern),
    subfolder: oneOf(input, 'subfolder', SUBFOLDER_MODES, d.subfolder),
    template: str(input, 'template', d.template).trim() || d.template,
    timeZone: str(input, 'timeZone', d.timeZone).trim(),
    includeAncestorChapters: bool(input, 'includeAncestorChapters', d.includeAncestorChapters),
    tagsAsLinks: bool(input, 'tagsAsLinks', d.tagsAsLinks),
    colorNames: stringMap(input, 'colorNames', d.colorNames),
    penNames: stringMap(input, 'penNames', d.penNames),
    syncOnStartup: bool(input, 'syncOnStartup', d.syncOnStartup),
    syncIntervalMinutes: num(input, 'syncIntervalMinutes', d.syncIntervalMinutes),
    includeBooks: list(input, 'includeBooks', d.includeBooks),
    excludeBooks: list(input, 'excludeBooks', d.excludeBooks),
    minHighlights: num(input, 'minHighlights', d.minHighlights),
    articles: oneOf(input, 'articles', ARTICLE_MODES, d.articles),
    // Device-local (see DEVICE_LOCAL_KEYS): a value in data.json is never used.
    baseUrl: d.baseUrl,
    gatewayUrl: d.gatewayUrl,
    concurrency: num(input, 'concurrency', d.concurrency),
    minRequestSpacingMs: num(input, 'minRequestSpacingMs', d.minRequestSpacingMs),
    requestTimeoutMs: num(input, 'requestTimeoutMs', d.requestTimeoutMs),
    apiKeySecretName: d.apiKeySecretName,
    cookieSecretName: d.cookieSecretName,
    legacyImport: oneOf(input, 'legacyImport', LEGACY_IMPORT_STATES, d.legacyImport),
    readingProperties: bool(input, 'readingProperties', d.readingProperties),
    finishedWithoutNotes: bool(input, 'finishedWithoutNotes', d.finishedWithoutNotes),
    libraryBase: bool(input, 'libraryBase', d.libraryBase),
    dailyNotes: bool(input, 'dailyNotes', d.dailyNotes),
    dailyNotesHeading: dailyHeading(str(input, 'dailyNotesHeading', d.dailyNotesHeading)),
    dailyNotesLinkStyle: oneOf(input, 'dailyNotesLinkStyle', DAILY_LINK_STYLES, d.dailyNotesLinkStyle),
    popularHighlights: bool(input, 'popularHighlights', d.popularHighlights),
  };
}

/** A daily-note heading: one line; plain text becomes a level-2 heading; empty means the default. */
export function dailyHeading(text: string): string {
  const line = text.replace(/[\r\n]+/g, ' ').trim();
  if (/^#{1,6}\s+\S/.test(line)) return line;
  const words = line.replace(/^#+\s*/, '');
  return words === '' ? DEFAULT_SETTINGS.dailyNotesHeading : `## ${words}`;
}

function isHttpUrl(text: string): boolean {
  if (!/^https?:\/\/[^\s/]+/i.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/** True for an IANA time-zone name this runtime knows (e.g. Asia/Shanghai). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with a setting; the UI says it in the reader's language by this code. */
export type SettingsProblemCode =
  | 'relative-segments'
  | 'outside-vault'
  | 'backslash'
  | 'file-name-needs-id'
  | 'template-empty'
  | 'unknown-time-zone'
  | 'interval-range'
  | 'min-highlights-range'
  | 'not-http-url'
  | 'concurrency-range'
  | 'spacing-range'
  | 'timeout-range'
  | 'secret-name';

/** One problem: the setting it is about and what is wrong, e.g. `concurrency: must be a whole number from 1 to 8`. */
export interface SettingsProblem {
  key: keyof Settings;
  code: SettingsProblemCode;
  /** English, for logs and tests; the i18n tables have it by code. */
  message: string;
  /** Values the message names (e.g. the unknown time zone). */
  params?: Record<string, string>;
}

const PROBLEM_MESSAGES: Record<SettingsProblemCode, string> = {
  'relative-segments': 'must not contain "." or ".." segments',
  'outside-vault': 'must be a path inside the vault',
  backslash: 'must separate folders with "/", not "\\"',
  'file-name-needs-id': 'must contain {{title}} or {{bookId}}',
  'template-empty': 'must name a built-in template or a .md file',
  'unknown-time-zone': 'unknown time zone "{zone}"',
  'interval-range': 'must be a whole number of minutes, 0 or more',
  'min-highlights-range': 'must be a whole number, 0 or more',
  'not-http-url': 'must be an http(s) URL',
  'concurrency-range': 'must be a whole number from 1 to 8',
  'spacing-range': 'must be a whole number of milliseconds, 0 to 60000',
  'timeout-range': 'must be a whole number of milliseconds, 1000 to 600000',
  'secret-name': 'must be lowercase letters, digits and dashes',
};

/** C0 controls, DEL, and the bidi overrides/isolates that make a path display as something else. */
function hasInvisibleControl(text: string): boolean {
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 || c === 0x7f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  }
  return false;
}

/**
 * What makes a folder setting unsafe: `..`/`.` segments, a backslash (a separator on Windows: `a\\..\\..\\x`),
 * an absolute path, a drive letter, or a control character. Checked after Unicode normalisation, on every segment.
 */
export function folderProblems(folder: string): SettingsProblemCode[] {
  const codes: SettingsProblemCode[] = [];
  const f = folder.normalize('NFC');
  if (f.includes('\\')) codes.push('backslash');
  if (/^[a-zA-Z]:|^\/|^~/.test(f) || hasInvisibleControl(f)) codes.push('outside-vault');
  if (f.split(/[\\/]/).some((part) => part.trim() === '..' || part.trim() === '.')) codes.push('relative-segments');
  return codes;
}

/** Structured problems; `validateSettings` renders them as text. */
export function findSettingsProblems(s: Settings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const add = (key: keyof Settings, code: SettingsProblemCode, params?: Record<string, string>): void => {
    const message = PROBLEM_MESSAGES[code].replace(/\{(\w+)\}/g, (whole, name: string) => params?.[name] ?? whole);
    problems.push(params ? { key, code, message, params } : { key, code, message });
  };
  const wholeIn = (v: number, lo: number, hi: number): boolean => Number.isInteger(v) && v >= lo && v <= hi;

  for (const code of folderProblems(s.folder)) add('folder', code);
  if (!/\{\{\s*(title|bookId|author|category)\s*\}\}/.test(s.fileNamePattern))
    add('fileNamePattern', 'file-name-needs-id');
  if (s.template.trim() === '') add('template', 'template-empty');
  if (s.timeZone !== '' && !isTimeZone(s.timeZone)) add('timeZone', 'unknown-time-zone', { zone: s.timeZone });
  if (!wholeIn(s.syncIntervalMinutes, 0, 7 * 24 * 60)) add('syncIntervalMinutes', 'interval-range');
  if (!wholeIn(s.minHighlights, 0, 1_000_000)) add('minHighlights', 'min-highlights-range');
  if (!isHttpUrl(s.baseUrl)) add('baseUrl', 'not-http-url');
  if (!isHttpUrl(s.gatewayUrl)) add('gatewayUrl', 'not-http-url');
  if (!wholeIn(s.concurrency, 1, 8)) add('concurrency', 'concurrency-range');
  if (!wholeIn(s.minRequestSpacingMs, 0, 60_000)) add('minRequestSpacingMs', 'spacing-range');
  if (!wholeIn(s.requestTimeoutMs, 1000, 600_000)) add('requestTimeoutMs', 'timeout-range');
  if (!SECRET_NAME.test(s.apiKeySecretName)) add('apiKeySecretName', 'secret-name');
  if (!SECRET_NAME.test(s.cookieSecretName)) add('cookieSecretName', 'secret-name');
  return problems;
}

/** Every problem as `key: message`; an empty list means the settings are usable. */
export function validateSettings(s: Settings): string[] {
  return findSettingsProblems(s).map((p) => `${p.key}: ${p.message}`);
}

/** Resets each setting that has a problem to its default; returns the repaired settings and the problems found. */
export function repairSettings(s: Settings): { settings: Settings; problems: SettingsProblem[] } {
  const found = findSettingsProblems(s);
  const settings: Settings = { ...s };
  for (const { key } of found)
    (settings as unknown as Record<string, unknown>)[key] = JSON.parse(
      JSON.stringify(DEFAULT_SETTINGS[key]),
    ) as unknown;
  return { settings, problems: found };
}
