/** Reading the older WeRead plugin's data.json (obsidian-weread-plugin) into our settings: a pure mapping with warnings. */
import { parseList } from './migrate';
import type { Settings } from './settings';

/** The older plugin's id: its settings live in `<configDir>/plugins/obsidian-weread-plugin/data.json`. */
export const LEGACY_PLUGIN_ID = 'obsidian-weread-plugin';

/** Our built-in templates that reproduce the older plugin's built-in themes. */
const BUILT_IN_THEMES: Record<string, string> = {
  builtin_merged: 'default',
  builtin_separated: 'separated',
  builtin_official: 'weread-export',
};

const FILE_NAME_PATTERNS: Record<string, string> = {
  BOOK_NAME: '{{title}}',
  BOOK_ID: '{{bookId}}',
  BOOK_NAME_AUTHOR: '{{title}}-{{author}}',
  BOOK_NAME_BOOKID: '{{title}}-{{bookId}}',
};

const SUBFOLDERS: Record<string, Settings['subfolder']> = {
  '-1': 'none',
  title: 'title',
  // The older plugin's category folder is the category's first part ("计算机" of "计算机-编程设计").
  category: 'category-top',
};

/** A value of the older plugin's settings that could not be carried over; the default is kept. */
export interface LegacyWarning {
  key: string;
  /** The value as found, shortened for display. */
  value: string;
  code: 'bad-value' | 'unsupported';
}

/** The older plugin's daily-notes settings, kept for the daily-notes feature to read. */
export interface LegacyDailyNotes {
  enabled: boolean;
  folder?: string;
  format?: string;
  insertAfter?: string;
  insertBefore?: string;
}

export interface LegacyImport {
  /** Our settings the older ones map to (only keys that were found and valid). */
  settings: Partial<Settings>;
  /** Features of ours the older plugin had switched on or off (applied where the feature exists). */
  features: { readingProperties?: boolean; popularHighlights?: boolean };
  dailyNotes?: LegacyDailyNotes;
  /** The reader's own template (the active custom theme, or the legacy `template`), to write as a vault file. */
  customTemplate?: { name: string; text: string };
  /** Credentials found; moved into SecretStorage only with the reader's yes, never into data.json. */
  credentials: { apiKey?: string; cookie?: string };
  /** Older keys that were carried over, in the order read (for the summary the reader sees). */
  imported: string[];
  warnings: LegacyWarning[];
}

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Collects results and warnings while each older key is read. */
class Importer {
  readonly out: LegacyImport = { settings: {}, features: {}, credentials: {}, imported: [], warnings: [] };

  constructor(private readonly raw: Raw) {}

  /** Reads `key` when present: `map` returns the value to apply, or undefined for a value it cannot use. */
  take<T>(key: string, map: (value: unknown) => T | undefined, apply: (value: T) => void): void {
    if (!(key in this.raw) || this.raw[key] === undefined || this.raw[key] === null) return;
    const value = map(this.raw[key]);
    if (value === undefined) {
      this.out.warnings.push({ key, value: shown(this.raw[key]), code: 'bad-value' });
      return;
    }
    apply(value);
    this.out.imported.push(key);
  }

  get(key: string): unknown {
    return this.raw[key];
  }
}

const asBool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const asWhole = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
};

/** "/" or "" (the vault root), else a vault-relative folder without leading or trailing slashes. */
function asFolder(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const folder = v.trim().replace(/^\/+|\/+$/g, '');
  if (/\\|^[a-zA-Z]:/.test(folder) || folder.split('/').some((part) => part === '..' || part === '.')) return undefined;
  return folder;
}

/** The `Cookie` header from the older plugin's parsed cookie list ([{name, value}, …]) or a header string. */
function cookieHeader(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (!Array.isArray(v)) return undefined;
  const pairs = v
    .filter(isRecord)
    .filter((c) => typeof c.name === 'string' && typeof c.value === 'string' && c.name !== '')
    .map((c) => `${c.name as string}=${c.value as string}`);
  return pairs.length > 0 ? pairs.join('; ') : undefined;
}

function readLocationAndNames(im: Importer): void {
  const s = im.out.settings;
  im.take('noteLocation', asFolder, (v) => (s.folder = v));
  im.take(
    'subFolderType',
    (v) => (typeof v === 'string' ? SUBFOLDERS[v] : undefined),
    (v) => (s.subfolder = v),
  );
  im.take(
    'fileNameType',
    (v) => (typeof v === 'string' ? FILE_NAME_PATTERNS[v] : undefined),
    (v) => (s.fileNamePattern = v),
  );
  im.take('convertTags', asBool, (v) => (s.tagsAsLinks = v));
  im.take('showEmptyChapterTitleToggle', asBool, (v) => (s.includeAncestorChapters = v));
}

function readFilters(im: Importer): void {
  const s = im.out.settings;
  const mode = im.get('syncMode');
  if (mode !== undefined && mode !== 'blacklist' && mode !== 'whitelist') {
    im.out.warnings.push({ key: 'syncMode', value: shown(mode), code: 'bad-value' });
  }
  // Only the list the older plugin used counts: a stale blacklist under whitelist mode filtered nothing there.
  if (mode === 'whitelist') im.take('notesWhitelist', asString, (v) => (s.includeBooks = parseList(v)));
  else im.take('notesBlacklist', asString, (v) => (s.excludeBooks = parseList(v)));
  if (mode === 'whitelist' || mode === 'blacklist') im.out.imported.push('syncMode');
  im.take('noteCountLimit', asWhole, (v) => (s.minHighlights = Math.max(0, v)));
  im.take('saveArticleToggle', asBool, (v) => (s.articles = v ? 'per-account' : 'skip'));
}

function readScheduleAndFeatures(im: Importer): void {
  const s = im.out.settings;
  const enabled = asBool(im.get('scheduledSyncToggle'));
  if (enabled === false) im.take('scheduledSyncToggle', asBool, () => (s.syncIntervalMinutes = 0));
  else if (enabled === true) {
    im.take(
      'scheduledSyncInterval',
      (v) => {
        const n = asWhole(v);
        return n !== undefined && n >= 1 && n <= 7 * 24 * 60 ? n : undefined;
      },
      (v) => (s.syncIntervalMinutes = v),
    );
    im.out.imported.push('scheduledSyncToggle');
  }
  im.take('saveReadingInfoToggle', asBool, (v) => {
    im.out.features.readingProperties = v;
    im.out.settings.readingProperties = v;
  });
  im.take('syncPopularHighlightsToggle', asBool, (v) => (im.out.features.popularHighlights = v));
}

function readDailyNotes(im: Importer): void {
  const enabled = asBool(im.get('dailyNotesToggle'));
  if (enabled === undefined) return;
  const daily: LegacyDailyNotes = { enabled };
  im.out.imported.push('dailyNotesToggle');
  im.take('dailyNotesLocation', asFolder, (v) => (daily.folder = v));
  im.take('dailyNotesFormat', asString, (v) => (daily.format = v));
  im.take('insertAfter', asString, (v) => (daily.insertAfter = v));
  im.take('insertBefore', asString, (v) => (daily.insertBefore = v));
  im.out.dailyNotes = daily;
}

/** The active theme: a built-in maps to ours; a custom one (or the pre-theme `template` text) becomes a template file. */
function readTemplate(im: Importer): void {
  const themes = im.get('themes');
  const activeId = asString(im.get('activeThemeId'));
  if (activeId !== undefined && BUILT_IN_THEMES[activeId]) {
    im.out.settings.template = BUILT_IN_THEMES[activeId];
    im.out.imported.push('activeThemeId');
    return;
  }
  const active = Array.isArray(themes)
    ? themes.filter(isRecord).find((theme) => theme.id === activeId && typeof theme.template === 'string')
    : undefined;
  if (active) {
    const name = typeof active.name === 'string' && active.name.trim() ? active.name.trim() : 'weread';
    im.out.customTemplate = { name, text: active.template as string };
    im.out.imported.push('activeThemeId');
    return;
  }
  if (activeId !== undefined) im.out.warnings.push({ key: 'activeThemeId', value: shown(activeId), code: 'bad-value' });
  im.take(
    'template',
    (v) => (typeof v === 'string' && v.trim() !== '' ? v : undefined),
    (text) => {
      im.out.customTemplate = { name: 'weread', text };
    },
  );
}

function readCredentials(im: Importer): void {
  // An empty key and an empty cookie list are the older plugin's logged-out state, not bad values.
  if (im.get('wereadApiKey') === '') return readCookies(im);
  im.take(
    'wereadApiKey',
    (v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined),
    (v) => {
      im.out.credentials.apiKey = v;
    },
  );
  readCookies(im);
}

function readCookies(im: Importer): void {
  const cookies = im.get('cookies');
  if (Array.isArray(cookies) && cookies.length === 0) return;
  im.take('cookies', cookieHeader, (v) => (im.out.credentials.cookie = v));
}

/** The older plugin's data.json → what we can take from it. Never throws; unusable values become warnings. */
export function importLegacySettings(raw: unknown): LegacyImport {
  const im = new Importer(isRecord(raw) ? raw : {});
  readLocationAndNames(im);
  readFilters(im);
  readScheduleAndFeatures(im);
  readDailyNotes(im);
  readTemplate(im);
  readCredentials(im);
  return im.out;
}

/** A file name for the imported template: `WeRead templates/<theme name>.md`, safe on every platform. */
export function legacyTemplatePath(name: string): string {
  const safe =
    name
      .replace(/[\\/:*?"<>|#^[\]\p{Cc}]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || 'weread';
  return `WeRead templates/${safe}.md`;
}
