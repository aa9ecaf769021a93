/** The CLI's settings from the vault: ours from the plugin's data.json, else the older WeRead plugin's, imported. */
import { lstatSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import {
  importLegacySettings,
  legacyTemplatePath,
  LEGACY_PLUGIN_ID,
  type LegacyImport,
} from '../core/settings/legacy-import';
import { DEVICE_LOCAL_KEYS, migrateSettings, repairSettings, type SettingsProblem } from '../core/settings/migrate';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings/settings';
import { writeFileAtomic } from './fs-store';

/** Our plugin's id: its settings are `<vault>/<configDir>/plugins/weread-sync/data.json`. */
export const PLUGIN_ID = 'weread-sync';
/** Obsidian's default config folder; a vault can name another (`--config-dir`). */
export const DEFAULT_CONFIG_DIR = '.obsidian';
/** A settings file larger than this is not ours to parse (a vault file can be anything). */
const MAX_SETTINGS_BYTES = 1024 * 1024;

export interface VaultSettings {
  settings: Settings;
  /** Where they came from: our plugin's data.json, the older plugin's (imported), or none (defaults). */
  source: 'plugin' | 'legacy' | 'defaults';
  /** The file read, vault-relative ('' for defaults). */
  file: string;
  /** Values of that file that were unusable and replaced by defaults. */
  problems: SettingsProblem[];
  /** What the older plugin's settings gave, when they were the source. */
  legacy?: LegacyImport;
}

function pluginDataPath(vault: string, configDir: string, pluginId: string): string {
  return path.join(vault, configDir, 'plugins', pluginId, 'data.json');
}

/** The parsed JSON of a regular file inside the vault, or undefined (missing, a link, too large, or not JSON). */
function readJsonFile(file: string): unknown {
  if (!existsSync(file)) return undefined;
  const stat = lstatSync(file);
  if (!stat.isFile() || stat.size > MAX_SETTINGS_BYTES) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function withoutDeviceLocal(settings: Settings): Settings {
  const out = { ...settings };
  for (const key of DEVICE_LOCAL_KEYS) (out as Record<string, unknown>)[key] = DEFAULT_SETTINGS[key];
  return out;
}

/** Our settings as the older plugin's data.json gives them (the template file named, not yet written). */
export function settingsFromLegacy(legacy: LegacyImport): Settings {
  const settings = migrateSettings({ ...DEFAULT_SETTINGS, ...legacy.settings });
  if (legacy.customTemplate) settings.template = legacyTemplatePath(legacy.customTemplate.name);
  return settings;
}

/**
 * The vault's settings for the CLI: the plugin's own data.json when the vault has one, else the older plugin's
 * imported (nothing is written here: see `writeImportedSettings`), else the defaults. Flags override them afterwards.
 */
export function loadVaultSettings(vault: string, configDir = DEFAULT_CONFIG_DIR): VaultSettings {
  const ours = pluginDataPath(vault, configDir, PLUGIN_ID);
  const raw = readJsonFile(ours);
  if (raw !== undefined) {
    const { settings, problems } = repairSettings(withoutDeviceLocal(migrateSettings(raw)));
    return { settings, source: 'plugin', file: path.relative(vault, ours), problems };
  }
  const older = pluginDataPath(vault, configDir, LEGACY_PLUGIN_ID);
  const olderRaw = readJsonFile(older);
  if (olderRaw !== undefined) {
    const legacy = importLegacySettings(olderRaw);
    const { settings, problems } = repairSettings(settingsFromLegacy(legacy));
    return { settings, source: 'legacy', file: path.relative(vault, older), problems, legacy };
  }
  return { settings: { ...DEFAULT_SETTINGS }, source: 'defaults', file: '', problems: [] };
}

/** A vault-relative path for the imported template: its own name, or `name 2`, `name 3`… beside a reader's file. */
function freeTemplatePath(vault: string, name: string, text: string): { relative: string; exists: boolean } {
  for (let n = 1; ; n++) {
    const relative = legacyTemplatePath(n === 1 ? name : `${name} ${n}`);
    const file = path.join(vault, relative);
    if (!existsSync(file)) return { relative, exists: false };
    if (lstatSync(file).isFile() && readFileSync(file, 'utf8') === text) return { relative, exists: true };
  }
}

/**
 * Makes an import from the older plugin lasting: the reader's template as a vault file (never over a different file
 * of the same name) and our data.json (never with a credential). Returns the vault-relative paths written.
 */
export async function writeImportedSettings(
  vault: string,
  configDir: string,
  loaded: VaultSettings,
): Promise<string[]> {
  const written: string[] = [];
  const settings = withoutDeviceLocal(loaded.settings);
  const template = loaded.legacy?.customTemplate;
  if (template) {
    const target = freeTemplatePath(vault, template.name, template.text);
    settings.template = target.relative;
    if (!target.exists) {
      const file = path.join(vault, target.relative);
      mkdirSync(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, template.text);
      written.push(target.relative);
    }
  }
  const data = pluginDataPath(vault, configDir, PLUGIN_ID);
  mkdirSync(path.dirname(data), { recursive: true });
  await writeFileAtomic(data, JSON.stringify(settings, null, 2) + '\n');
  written.push(path.relative(vault, data));
  return written;
}
