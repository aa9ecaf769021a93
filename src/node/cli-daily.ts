/** The CLI's daily-notes and popular-highlights flags: their options, help text, settings, config-folder reader and report lines (zh + en). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DailyNotesReport } from '../core/daily/apply';
import { backfillDailyNotes } from '../core/daily/backfill';
import { isDayKey } from '../core/daily/dates';
import type { ServicePorts } from '../core/service';
import type { Settings } from '../core/settings/settings';
import type { CliLang } from './cli-i18n';
import { SYNC_DATA_FOLDER } from './vault-stores';

export const DAILY_CLI_OPTIONS = {
  'daily-notes': { type: 'boolean' },
  'daily-notes-from': { type: 'string' },
  'daily-notes-to': { type: 'string' },
  'config-dir': { type: 'string' },
  'popular-highlights': { type: 'boolean' },
} as const;

const USAGE = {
  en: `

Daily notes and popular highlights (sync):
  --daily-notes            Reference the highlights and thoughts that arrive from the daily note of the
                           day they were made (folder, date format and template from the vault's
                           Daily notes or Periodic Notes settings)
  --daily-notes-from <YYYY-MM-DD> [--daily-notes-to <YYYY-MM-DD>]
                           Instead of syncing, add the highlights and thoughts of those days (of
                           books already synced) to their daily notes
  --config-dir <name>      The vault's config folder (default: the dot-folder at the vault's
                           root that holds Obsidian's settings)
  --popular-highlights     Add WeRead's popular passages (热门划线) to each changed book's note`,
  zh: `

每日笔记与热门划线（sync）：
  --daily-notes            在划线和想法产生当天的每日笔记中引用本次同步新到的内容
                           （文件夹、日期格式和模板取自笔记库的“日记”或 Periodic Notes 设置）
  --daily-notes-from <YYYY-MM-DD> [--daily-notes-to <YYYY-MM-DD>]
                           不同步，而是将这些日期的划线和想法（已同步的书）加入当天的每日笔记
  --config-dir <名称>      笔记库的配置文件夹（默认：笔记库根目录下存放 Obsidian 设置的点文件夹）
  --popular-highlights     在每本有变化的书的笔记中加入微信读书的热门划线`,
};

const MESSAGES = {
  en: {
    badConfigDir: (dir: string) => `--config-dir must be a folder inside the vault: ${dir}`,
    summary: (r: DailyNotesReport) =>
      `Daily notes: ${r.added} reference(s) added, ${r.removed} removed, in ${r.notes.length} note(s)` +
      (r.notes.some((n) => n.status === 'created')
        ? ` (${r.notes.filter((n) => n.status === 'created').length} created)`
        : '') +
      '.',
    failed: (file: string, error: string) => `Daily note not written (tried again next sync): ${file} — ${error}`,
    badRange: (from: string, to: string) =>
      `--daily-notes-from/--daily-notes-to need two dates (YYYY-MM-DD), the first not after the second: ${from} ${to}`,
    backfilled: (books: number) => `Checked ${books} book(s) with notes in those days.`,
    failedBook: (title: string) => `Could not fetch: ${title}`,
  },
  zh: {
    badConfigDir: (dir: string) => `--config-dir 必须是笔记库内的文件夹：${dir}`,
    summary: (r: DailyNotesReport) =>
      `每日笔记：新增引用 ${r.added} 条，移除 ${r.removed} 条，涉及 ${r.notes.length} 篇` +
      (r.notes.some((n) => n.status === 'created')
        ? `（新建 ${r.notes.filter((n) => n.status === 'created').length} 篇）`
        : '') +
      '。',
    failed: (file: string, error: string) => `每日笔记未能写入（下次同步重试）：${file} —— ${error}`,
    badRange: (from: string, to: string) =>
      `--daily-notes-from/--daily-notes-to 需要两个日期（YYYY-MM-DD），开始日期不能晚于结束日期：${from} ${to}`,
    backfilled: (books: number) => `检查了 ${books} 本在这些日期有笔记的书。`,
    failedBook: (title: string) => `无法获取：${title}`,
  },
};

/** The help text for these flags, to follow the usage. */
export function dailyUsage(lang: CliLang): string {
  return USAGE[lang];
}

/** Files by which a vault's config folder is known (Obsidian writes them there). */
const CONFIG_MARKERS = ['daily-notes.json', 'app.json', 'core-plugins.json'];

/**
 * The vault's config folder when --config-dir is not given: the first dot-folder at its root holding one of Obsidian's
 * own settings files (the CLI has no Vault#configDir to ask; a renamed config folder is found the same way).
 */
export function findConfigDir(vault: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(vault)
      .filter((n) => n.startsWith('.') && n !== SYNC_DATA_FOLDER)
      .sort();
  } catch {
    return undefined;
  }
  return names.find((n) => CONFIG_MARKERS.some((f) => existsSync(path.join(vault, n, f))));
}

/** Turns the flags on in the settings; returns a reader of the vault's config folder, or throws the message for a bad --config-dir. */
export function applyDailyFlags(
  values: { 'daily-notes'?: boolean; 'config-dir'?: string; 'popular-highlights'?: boolean },
  settings: Settings,
  vault: string,
  lang: CliLang,
): (name: string) => Promise<string | null> {
  if (values['daily-notes']) settings.dailyNotes = true;
  if (values['popular-highlights']) settings.popularHighlights = true;
  const dirName = values['config-dir'] ?? findConfigDir(vault);
  if (dirName === undefined) return () => Promise.resolve(null);
  const dir = path.resolve(vault, dirName);
  if (dir === path.resolve(vault) || !dir.startsWith(path.resolve(vault) + path.sep))
    throw new Error(MESSAGES[lang].badConfigDir(dirName));
  return (name: string) => {
    const file = path.join(dir, ...name.split('/'));
    return Promise.resolve(existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : null);
  };
}

/** The daily-notes lines of the text report. */
export function dailyReportLines(report: DailyNotesReport | undefined, lang: CliLang): string[] {
  if (!report) return [];
  const m = MESSAGES[lang];
  return [m.summary(report), ...report.failed.map((f) => m.failed(f.path, f.error))];
}

/**
 * `sync --daily-notes-from D [--daily-notes-to D]`: the back-fill instead of a sync. Resolves to the exit code, or
 * undefined when the flags are not given (then the sync runs).
 */
export async function runDailyBackfillFlags(
  values: { 'daily-notes-from'?: string; 'daily-notes-to'?: string },
  ports: ServicePorts,
  settings: Settings,
  io: { stdout(text: string): void; stderr(text: string): void; signal?: AbortSignal },
  lang: CliLang,
): Promise<number | undefined> {
  const from = values['daily-notes-from'];
  if (from === undefined) return undefined;
  const to = values['daily-notes-to'] ?? from;
  const m = MESSAGES[lang];
  if (!isDayKey(from) || !isDayKey(to) || from > to) {
    io.stderr(m.badRange(from, to) + '\n');
    return 2;
  }
  const report = await backfillDailyNotes(ports, settings, { from, to, signal: io.signal });
  for (const line of dailyReportLines(report, lang)) io.stdout(line + '\n');
  io.stdout(m.backfilled(report.books) + '\n');
  for (const title of report.failedBooks) io.stdout(m.failedBook(title) + '\n');
  return report.failedBooks.length || report.failed.length ? 1 : 0;
}
