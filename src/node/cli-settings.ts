/** The CLI's settings from the vault (ours, else the older plugin's imported), the line saying which, and `migrate`. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LegacyImport } from '../core/settings/legacy-import';
import { findConfigDir } from './cli-daily';
import type { CliMessages } from './cli-i18n';
import { DEFAULT_CONFIG_DIR, loadVaultSettings, writeImportedSettings, type VaultSettings } from './vault-settings';

/** The vault's settings for this run, and what has to happen for an import from the older plugin to last. */
export interface CliVaultSettings {
  loaded: VaultSettings;
  configDir: string;
}

/**
 * The config folder: `--config-dir`, else the vault's own (found by Obsidian's files in it), else `.obsidian`. A value
 * that leaves the vault is refused by `applyDailyFlags` before a sync; here it falls back to the default.
 */
export function configDirOf(vault: string, value: string | undefined): string {
  const dir = (value ?? findConfigDir(vault) ?? DEFAULT_CONFIG_DIR).replace(/^[/\\]+|[/\\]+$/g, '');
  return dir === '' || dir.split(/[/\\]/).includes('..') ? DEFAULT_CONFIG_DIR : dir;
}

/** The vault's settings for this run, from the config folder `--config-dir` names or the vault's own. */
export function readCliVaultSettings(vault: string, configDirFlag: string | undefined): CliVaultSettings {
  const configDir = configDirOf(vault, configDirFlag);
  return { loaded: loadVaultSettings(vault, configDir), configDir };
}

/**
 * The template text of an import not written yet (a dry run): the renderer asks for the file the import names, which
 * exists only once the import is made lasting.
 */
export function importedTemplateText(vault: string, loaded: VaultSettings, requested: string): string | null {
  const template = loaded.legacy?.customTemplate;
  if (!template || loaded.source !== 'legacy') return null;
  const named = path.resolve(vault, loaded.settings.template);
  if (path.resolve(vault, requested) !== named || existsSync(named)) return null;
  return template.text;
}

function importedLines(legacy: LegacyImport, m: CliMessages): string[] {
  const lines = legacy.warnings.map((w) => m.legacyWarning(w.key, w.value));
  if (legacy.credentials.apiKey || legacy.credentials.cookie) lines.push(m.legacyCredentialsNotTaken);
  return lines;
}

/**
 * The line that says which settings this run uses (none for the defaults: nothing to tell), and with an import from
 * the older plugin, what it took; not a dry run: the import is written so that it lasts.
 */
export async function settingsLines(
  vault: string,
  { loaded, configDir }: CliVaultSettings,
  m: CliMessages,
  dryRun: boolean,
): Promise<string[]> {
  if (loaded.source === 'defaults') return [];
  if (loaded.source === 'plugin') return [m.settingsFromPlugin(loaded.file)];
  const legacy = loaded.legacy!;
  const written = dryRun ? [] : await writeImportedSettings(vault, configDir, loaded);
  return [m.settingsImported(loaded.file, legacy.imported, written), ...importedLines(legacy, m)];
}

/** `weread-sync migrate --vault V [--dry-run]`: imports the older plugin's settings, or says why not. */
export async function migrateVault(
  vault: string,
  configDirFlag: string | undefined,
  dryRun: boolean,
  m: CliMessages,
): Promise<{ ok: boolean; lines: string[] }> {
  const found = readCliVaultSettings(vault, configDirFlag);
  const { loaded } = found;
  if (loaded.source === 'plugin') return { ok: true, lines: [m.migrateHasOurs(loaded.file)] };
  if (loaded.source === 'defaults') return { ok: false, lines: [m.migrateNothing] };
  if (dryRun) {
    const legacy = loaded.legacy!;
    return { ok: true, lines: [m.migrateDry(loaded.file, legacy.imported), ...importedLines(legacy, m)] };
  }
  return { ok: true, lines: await settingsLines(vault, found, m, false) };
}
