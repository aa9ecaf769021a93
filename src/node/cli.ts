/** The `weread-sync` command line: arguments, credentials from the environment, progress, report, exit codes. */
import { parseArgs } from 'node:util';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ArticleMode, Settings } from '../core/settings/settings';
import { findSettingsProblems, isTimeZone } from '../core/settings/migrate';
import type { CredentialStore } from '../core/ports';
import { runWeReadSync, checkLogin, type ServicePorts } from '../core/service';
import type { SyncReport } from '../core/sync';
import { formatItemProblems } from '../core/sync/report';
import { createNodeHttp } from './node-http';
import { preferSmallHeap } from './heap';
import { vaultStores } from './vault-stores';
import { writeSecretFile } from './safe-fs';
import { cliLang, cliMessages, type CliMessages } from './cli-i18n';
import { createT, settingsProblemText, templateWarningText, type Translate } from '../core/i18n';
import { formatPresented, presentError, readerNeedsDetail, type PresentOptions } from '../core/i18n/present';
import { isUsableSession, parseCookieHeader } from '../core/weread/cookies';
import { failureLine, jsonReport, printReport } from './cli-output/report';
import { startProgress } from './cli-output/progress';
import {
  importedTemplateText,
  migrateVault,
  readCliVaultSettings,
  settingsLines,
  type CliVaultSettings,
} from './cli-settings';

export { jsonReport } from './cli-output/report';
import { applyDailyFlags, dailyReportLines, dailyUsage, DAILY_CLI_OPTIONS, runDailyBackfillFlags } from './cli-daily';

/** Where the CLI writes and what it knows of its terminal; injectable so tests run it in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** True when stderr is a terminal: then a progress bar is drawn. */
  isTTY: boolean;
  signal?: AbortSignal;
}

/** The package version, set by the build (esbuild define); 'dev' when run from source. */
const VERSION = typeof __WEREAD_SYNC_VERSION__ === 'string' ? __WEREAD_SYNC_VERSION__ : 'dev';
declare const __WEREAD_SYNC_VERSION__: string | undefined;

export const EXIT_OK = 0;
export const EXIT_SOME_FAILED = 1;
export const EXIT_CANNOT_START = 2;
/** Ctrl-C: the books already written are kept; the usual exit code of a process ended by SIGINT. */
export const EXIT_INTERRUPTED = 130;

const ARTICLE_MODES: readonly ArticleMode[] = ['per-account', 'per-article', 'skip'];

/** Thrown for anything that stops the CLI before a sync starts; carries the one-line reason. */
class CannotStart extends Error {}

const OPTIONS = {
  vault: { type: 'string' },
  folder: { type: 'string' },
  template: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  force: { type: 'boolean' },
  timezone: { type: 'string' },
  'base-url': { type: 'string' },
  'gateway-url': { type: 'string' },
  concurrency: { type: 'string' },
  'cookie-file': { type: 'string' },
  articles: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  'reading-properties': { type: 'boolean' },
  'finished-without-notes': { type: 'boolean' },
  'library-base': { type: 'boolean' },
  ...DAILY_CLI_OPTIONS,
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Runs the CLI and resolves to its exit code; never throws. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const lang = cliLang(io.env);
  const m = cliMessages(lang);
  const t = createT(lang);
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (e) {
    io.stderr(argumentError(e, m) + '\n');
    return EXIT_CANNOT_START;
  }
  if (values.version) {
    io.stdout(`weread-sync ${VERSION}\n`);
    return EXIT_OK;
  }
  const command = positionals[0] ?? 'help';
  if (values.help || command === 'help') {
    io.stdout(m.usage + dailyUsage(lang) + '\n');
    return EXIT_OK;
  }
  if (command === 'migrate') return migrate(values, io, m);
  if (command !== 'sync' && command !== 'check') {
    io.stderr(m.unknownCommand(command) + '\n');
    return EXIT_CANNOT_START;
  }
  let prepared: Prepared;
  try {
    prepared = prepare(values, io, { m, t, lang }, command);
    prepared.ports.readConfigFile = applyDailyFlags(values, prepared.settings, prepared.vault, lang);
  } catch (e) {
    io.stderr((e instanceof CannotStart ? e.message : m.cannotStart(errorText(e))) + '\n');
    return EXIT_CANNOT_START;
  }
  const present: PresentOptions = { lang, runner: 'cli', credentials: prepared.credentialsSet };
  for (const warning of prepared.warnings) io.stderr(warning + '\n');
  if (command === 'check') return check(prepared, io, m, present);
  // The vault's settings: said once; an import from the older plugin is made lasting (not on a dry run).
  try {
    const lines = await settingsLines(prepared.vault, prepared.vaultSettings, m, values['dry-run'] ?? false);
    if (!values.json && !values.quiet) for (const line of lines) io.stderr(line + '\n');
  } catch (e) {
    io.stderr(m.cannotStart(errorText(e)) + '\n');
    return EXIT_CANNOT_START;
  }
  return sync(prepared, values, io, m, t, present);
}

/** `migrate`: the older plugin's settings imported into the vault (or, with --dry-run, what would be). */
async function migrate(values: Values, io: CliIO, m: CliMessages): Promise<number> {
  if (!values.vault) {
    io.stderr(m.noVault + '\n');
    return EXIT_CANNOT_START;
  }
  const vault = path.resolve(io.cwd, values.vault);
  if (!existsSync(vault) || !statSync(vault).isDirectory()) {
    io.stderr(m.vaultMissing(vault) + '\n');
    return EXIT_CANNOT_START;
  }
  try {
    const result = await migrateVault(vault, values['config-dir'], values['dry-run'] ?? false, m);
    io.stdout(result.lines.join('\n') + '\n');
    return result.ok ? EXIT_OK : EXIT_SOME_FAILED;
  } catch (e) {
    io.stderr(m.cannotStart(errorText(e)) + '\n');
    return EXIT_CANNOT_START;
  }
}

/** `check`: who is logged in, or why not — the reason and its advice once. */
async function check(prepared: Prepared, io: CliIO, m: CliMessages, present: PresentOptions): Promise<number> {
  const result = await checkLogin(prepared.ports, prepared.settings);
  if (result.ok) {
    const who = result.user?.name ?? result.user?.vid ?? '';
    io.stdout(
      (result.mode === 'api-key' && !who ? m.loggedInWithKey : m.loggedIn(m.mode[result.mode] ?? result.mode, who)) +
        '\n',
    );
    return EXIT_OK;
  }
  io.stderr(m.notLoggedIn(failureLine(result.kind, result.message, present)) + '\n');
  return EXIT_CANNOT_START;
}

/** `sync`: progress on a terminal, then the report (human or `--json`) and the exit code. */
async function sync(
  { ports, settings, vault }: Prepared,
  values: Values,
  io: CliIO,
  m: CliMessages,
  t: Translate,
  present: PresentOptions,
): Promise<number> {
  const quiet = values.quiet ?? false;
  const dryRun = values['dry-run'] ?? false;
  // `--daily-notes-from/--to`: the back-fill of daily notes on request, instead of a sync.
  const backfilled = await runDailyBackfillFlags(values, ports, settings, io, cliLang(io.env));
  if (backfilled !== undefined) return backfilled;
  const progress = io.isTTY && !values.json && !quiet ? startProgress((text) => io.stderr(text), m) : undefined;
  let report: SyncReport;
  try {
    report = await runWeReadSync(ports, settings, {
      dryRun,
      force: values.force ?? false,
      signal: io.signal,
      onProgress: progress?.update,
    });
  } catch (e) {
    progress?.clear();
    const presented = presentError(e, present);
    if (presented.kind === 'cancelled' || io.signal?.aborted) {
      // Ctrl-C before any book: nothing was written, and that is not a failure to start.
      io.stderr(
        formatPresented(presentError(new DOMException('cancelled', 'AbortError'), present), present.lang) + '\n',
      );
      return EXIT_INTERRUPTED;
    }
    io.stderr(m.cannotStart(formatPresented(presented, present.lang, readerNeedsDetail(presented.kind))) + '\n');
    return EXIT_CANNOT_START;
  }
  progress?.clear();

  if (!values.json && !quiet) {
    for (const w of report.templateWarnings ?? []) io.stderr(m.templateWarning(templateWarningText(t, w)) + '\n');
    for (const problem of report.listProblems ?? []) io.stderr(m.listProblem(problem) + '\n');
    for (const line of formatItemProblems(report, t)) io.stderr(line + '\n');
  }
  if (values.json) io.stdout(JSON.stringify(jsonReport(report, vault, present), null, 2) + '\n');
  else
    printReport(report, {
      write: (text) => io.stdout(text),
      m,
      present,
      vault,
      notesDir: path.join(vault, settings.folder),
      dryRun,
      quiet,
    });
  if (!values.json && !quiet)
    for (const line of dailyReportLines(report.dailyNotes, cliLang(io.env))) io.stdout(line + '\n');
  if (report.cancelled) return EXIT_INTERRUPTED;
  return report.books.some((b) => b.status === 'failed') ? EXIT_SOME_FAILED : EXIT_OK;
}

/** What `prepare` hands on: the ports, the settings, which credentials are set, and warnings to print first. */
interface Prepared {
  ports: ServicePorts;
  settings: Settings;
  vault: string;
  credentialsSet: { apiKey: boolean; cookie: boolean };
  warnings: string[];
  /** The vault's settings the flags were applied over. */
  vaultSettings: CliVaultSettings;
}

/** Flags of the settings a problem can name (the CLI speaks of flags, not of settings keys). */
const FLAG_OF_SETTING: Partial<Record<string, string>> = {
  folder: '--folder',
  template: '--template',
  timeZone: '--timezone',
  baseUrl: '--base-url',
  gatewayUrl: '--gateway-url',
  concurrency: '--concurrency',
  articles: '--articles',
};

/** A parseArgs failure in the reader's language: an unknown option, an option without its value, or the rest. */
function argumentError(e: unknown, m: CliMessages): string {
  const code = (e as { code?: unknown } | null)?.code;
  const option = /'(-[^' ]*)/.exec(errorText(e))?.[1];
  if (option && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return m.unknownOption(option);
  if (option && code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return m.needsValue(option);
  return option ? m.unknownOption(option) : m.badOption(errorText(e));
}

/** Settings, ports and credentials from the flags and the environment; throws CannotStart with the reason. */
function prepare(
  values: Values,
  io: CliIO,
  { m, t, lang }: { m: CliMessages; t: Translate; lang: string },
  command: string,
): Prepared {
  const vaultArg = values.vault ?? (command === 'check' ? io.cwd : undefined);
  if (!vaultArg) throw new CannotStart(m.noVault);
  const vault = path.resolve(io.cwd, vaultArg);
  if (!existsSync(vault) || !statSync(vault).isDirectory()) throw new CannotStart(m.vaultMissing(vault));

  // The vault's plugin settings (or the older plugin's, imported), with the flags overriding them.
  const vaultSettings = readCliVaultSettings(vault, values['config-dir']);
  const settings: Settings = { ...vaultSettings.loaded.settings };
  if (values.folder !== undefined) settings.folder = values.folder.replace(/^\/+|\/+$/g, '');
  if (values.timezone !== undefined) {
    if (!isTimeZone(values.timezone)) throw new CannotStart(m.badTimeZone(values.timezone));
    settings.timeZone = values.timezone;
  }
  settings.baseUrl = (values['base-url'] ?? io.env.WEREAD_BASE_URL ?? settings.baseUrl).replace(/\/+$/, '');
  settings.gatewayUrl = values['gateway-url'] ?? io.env.WEREAD_GATEWAY_URL ?? settings.gatewayUrl;
  if (values.concurrency !== undefined) {
    const n = Number(values.concurrency);
    if (!Number.isInteger(n) || n < 1) throw new CannotStart(m.badNumber('concurrency'));
    settings.concurrency = n;
  }
  if (values.template !== undefined) settings.template = values.template;
  if (values.articles !== undefined) {
    if (!ARTICLE_MODES.includes(values.articles as ArticleMode)) throw new CannotStart(m.badArticles(values.articles));
    settings.articles = values.articles as ArticleMode;
  }
  // Issue 15: reading properties, notes for finished books, the library Base.
  if (values['reading-properties']) settings.readingProperties = true;
  if (values['finished-without-notes']) settings.finishedWithoutNotes = true;
  if (values['library-base']) settings.libraryBase = true;

  const problem = findSettingsProblems(settings)[0];
  if (problem) {
    const flag = FLAG_OF_SETTING[problem.key] ?? problem.key;
    throw new CannotStart(m.badOption(`${flag}${lang === 'zh' ? '：' : ': '}${settingsProblemText(t, problem)}`));
  }

  const { store: credentials, set: credentialsSet, warnings } = cliCredentials(values, io, m, lang);
  const ports: ServicePorts = {
    http: createNodeHttp(),
    ...vaultStores(vault),
    credentials,
    // Flags and environment are this device's own choice: they may point the credentials at a test server.
    trustedOrigins: () => [settings.baseUrl, settings.gatewayUrl],
    loadTemplateFile: async (p: string) => {
      const imported = importedTemplateText(vault, vaultSettings.loaded, p);
      if (imported !== null) return imported;
      for (const candidate of [path.resolve(io.cwd, p), path.resolve(vault, p)]) {
        if (existsSync(candidate) && statSync(candidate).isFile()) return readFileSync(candidate, 'utf8');
      }
      return null;
    },
  };
  return { ports, settings, vault, credentialsSet, warnings, vaultSettings };
}

/**
 * Credentials from WEREAD_API_KEY / WEREAD_COOKIE / --cookie-file; a renewed cookie is written back to the file.
 * A cookie without wr_vid and wr_skey is called malformed: the reason to stop without an API key, else a warning.
 */
function cliCredentials(
  values: Values,
  io: CliIO,
  m: CliMessages,
  lang: string,
): { store: CredentialStore; set: { apiKey: boolean; cookie: boolean }; warnings: string[] } {
  const cookieFile = values['cookie-file'] ? path.resolve(io.cwd, values['cookie-file']) : undefined;
  let cookie = io.env.WEREAD_COOKIE?.trim() || null;
  if (cookieFile) {
    try {
      cookie = readFileSync(cookieFile, 'utf8').trim() || null;
    } catch {
      throw new CannotStart(m.cookieFileUnreadable(cookieFile));
    }
  }
  const apiKey = io.env.WEREAD_API_KEY?.trim() || null;
  const warnings: string[] = [];
  if (cookie && !isUsableSession(parseCookieHeader(cookie))) {
    const source = cookieFile ? '--cookie-file' : 'WEREAD_COOKIE';
    if (!apiKey)
      throw new CannotStart(m.cannotStart(failureLine('malformed-cookie', undefined, { lang, runner: 'cli' })));
    warnings.push(m.malformedCookieIgnored(source));
    cookie = null;
  }
  if (!cookie && !apiKey) throw new CannotStart(failureLine('not-configured', undefined, { lang, runner: 'cli' }));
  const store: CredentialStore = {
    getCookie: () => Promise.resolve(cookie),
    getApiKey: () => Promise.resolve(apiKey),
    setCookie: async (next: string) => {
      cookie = next;
      // Only a file the user gave us is updated (atomically, 0600, never through a symlink); the vault never holds a credential.
      if (cookieFile) await writeSecretFile(cookieFile, next + '\n');
    },
  };
  return { store, set: { apiKey: apiKey !== null, cookie: cookie !== null }, warnings };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Entry point for the bin script. */
export async function main(): Promise<void> {
  preferSmallHeap();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const code = await runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
    signal: controller.signal,
  });
  process.exitCode = code;
}
