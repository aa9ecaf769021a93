/** Where daily notes live: a pure reader of Obsidian's Daily notes (`daily-notes.json`) and Periodic Notes (`data.json`) settings. */

/** The daily notes the reader has set up: folder (vault-relative, '' = root), moment date format, template path ('' = none). */
export interface DailyNoteConfig {
  folder: string;
  format: string;
  template: string;
  /** Which settings it came from. */
  source: 'periodic-notes' | 'daily-notes' | 'default';
}

/** Relative to the vault's config folder (`vault.configDir`, `.obsidian` by default). */
export const DAILY_NOTES_CONFIG_FILE = 'daily-notes.json';
export const PERIODIC_NOTES_CONFIG_FILE = 'plugins/periodic-notes/data.json';

/** Obsidian's own default for a daily note's name. */
export const DEFAULT_DAILY_FORMAT = 'YYYY-MM-DD';

type Raw = Record<string, unknown>;

function parseObject(text: string | null): Raw | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : null;
  } catch {
    return null; // a broken settings file is as good as none
  }
}

function stringField(raw: Raw, key: string): string {
  const value = raw[key];
  return typeof value === 'string' ? value.trim() : '';
}

/** A vault-relative path: `/`-separated, no leading or trailing slash, no `.`/`..` segment; null if it escapes. */
export function cleanVaultPath(path: string): string | null {
  const parts = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  return parts.join('/');
}

function fromRaw(raw: Raw, source: DailyNoteConfig['source']): DailyNoteConfig {
  const format = stringField(raw, 'format');
  return {
    folder: cleanVaultPath(stringField(raw, 'folder')) ?? '',
    // A format that would leave the vault (`../`) is not used; Obsidian's default is.
    format: format && cleanVaultPath(format) !== null ? format : DEFAULT_DAILY_FORMAT,
    template: cleanVaultPath(stringField(raw, 'template')) ?? '',
    source,
  };
}

/**
 * The daily-note settings from the two files' texts (null when a file is missing): Periodic Notes when its daily
 * notes are enabled, else the core Daily notes plugin, else Obsidian's defaults. Nothing in them is trusted.
 */
export function parseDailyNoteConfig(dailyNotesJson: string | null, periodicNotesJson: string | null): DailyNoteConfig {
  const periodic = parseObject(periodicNotesJson);
  const daily = periodic?.daily;
  if (typeof daily === 'object' && daily !== null && !Array.isArray(daily) && (daily as Raw).enabled === true)
    return fromRaw(daily as Raw, 'periodic-notes');
  const core = parseObject(dailyNotesJson);
  if (core) return fromRaw(core, 'daily-notes');
  return { folder: '', format: DEFAULT_DAILY_FORMAT, template: '', source: 'default' };
}
