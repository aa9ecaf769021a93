/** The `weread-sync` command line: arguments, credentials from the environment, progress, report, exit codes. */
import { parseArgs } from 'node:util';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, type ArticleMode, type Settings } from '../core/settings/settings';
import { findSettingsProblems, isTimeZone } from '../core/settings/migrate';
import type { CredentialStore } from '../core/ports';
import { runWeReadSync, checkLogin, type ServicePorts } from '../core/service';
import type { SyncReport } from '../core/sync';
import { createFetchHttp } from './fetch-http';
import { FsKeyValueStore, FsNoteStore } from './fs-store';
import { cliLang, cliMessages, type CliMessages } from './cli-i18n';
import { createT, reasonText, settingsProblemText, templateWarningText, type Translate } from '../core/i18n';
import { messageWithoutAdvice } from '../core/weread/errors';
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
  force: { type: 'boolean' },
  timezone: { type: 'string' },
  'base-url': { type: 'string' },
  'gateway-url': { type: 'string' },
  concurrency: { type: 'string' },
  'cookie-file': { type: 'string' },
  articles: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
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
    const option = /'(-[^']*)'/.exec(errorText(e))?.[1];
    io.stderr((option ? m.unknownOption(option) : m.badOption(errorText(e))) + '\n');
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
  if (command !== 'sync' && command !== 'check') {
    io.stderr(m.unknownCommand(command) + '\n');
    return EXIT_CANNOT_START;
  }
  let ports: ServicePorts;
  let settings: Settings;
  let vault: string;
  try {
    ({ ports, settings, vault } = prepare(values, io, m, t, command));
    ports.readConfigFile = applyDailyFlags(values, settings, vault, lang);
  } catch (e) {
    io.stderr((e instanceof CannotStart ? e.message : m.cannotStart(errorText(e))) + '\n');
    return EXIT_CANNOT_START;
  }

  if (command === 'check') {
    const result = await checkLogin(ports, settings);
    if (result.ok) {
      const who = result.user?.name ?? result.user?.vid ?? '';
      io.stdout(
        (result.mode === 'api-key' && !who ? m.loggedInWithKey : m.loggedIn(m.mode[result.mode] ?? result.mode, who)) +
          '\n',
      );
      return EXIT_OK;
    }
    io.stderr(m.notLoggedIn(explainKind(m, t, result.kind, result.message)) + '\n');
    return EXIT_CANNOT_START;
  }

  const progress = io.isTTY && !values.json ? progressBar(io, m) : undefined;
  let report: SyncReport;
  try {
    const backfilled = await runDailyBackfillFlags(values, ports, settings, io, lang);
    if (backfilled !== undefined) return backfilled;
    report = await runWeReadSync(ports, settings, {
      dryRun: values['dry-run'] ?? false,
      force: values.force ?? false,
      signal: io.signal,
      onProgress: progress?.update,
    });
  } catch (e) {
    progress?.clear();
    io.stderr(m.cannotStart(explain(e, m, t)) + '\n');
    return EXIT_CANNOT_START;
  }
  progress?.clear();

  if (!values.json) {
    for (const w of report.templateWarnings ?? []) io.stderr(m.templateWarning(templateWarningText(t, w)) + '\n');
    for (const problem of report.listProblems ?? []) io.stderr(m.listProblem(problem) + '\n');
  }
  if (values.json) io.stdout(JSON.stringify(jsonReport(report, vault), null, 2) + '\n');
  else printReport(report, io, m, t, path.join(vault, settings.folder), values['dry-run'] ?? false);
  if (!values.json) for (const line of dailyReportLines(report.dailyNotes, lang)) io.stdout(line + '\n');
  if (report.cancelled) return EXIT_INTERRUPTED;
  return report.books.some((b) => b.status === 'failed') ? EXIT_SOME_FAILED : EXIT_OK;
}

/** Settings, ports and credentials from the flags and the environment; throws CannotStart with the reason. */
function prepare(
  values: Values,
  io: CliIO,
  m: CliMessages,
  t: Translate,
  command: string,
): { ports: ServicePorts; settings: Settings; vault: string } {
  const vaultArg = values.vault ?? (command === 'check' ? io.cwd : undefined);
  if (!vaultArg) throw new CannotStart(m.noVault);
  const vault = path.resolve(io.cwd, vaultArg);
  if (!existsSync(vault) || !statSync(vault).isDirectory()) throw new CannotStart(m.vaultMissing(vault));

  const settings: Settings = { ...DEFAULT_SETTINGS };
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

  const problem = findSettingsProblems(settings)[0];
  if (problem) throw new CannotStart(m.badOption(`${problem.key}: ${settingsProblemText(t, problem)}`));

  const credentials = cliCredentials(values, io, m);
  const stateDir = path.join(vault, '.weread-sync');
  const ports: ServicePorts = {
    http: createFetchHttp(),
    store: new FsNoteStore(vault),
    state: new FsKeyValueStore(path.join(stateDir, 'state')),
    cache: new FsKeyValueStore(path.join(stateDir, 'cache')),
    credentials,
    loadTemplateFile: async (p: string) => {
      for (const candidate of [path.resolve(io.cwd, p), path.resolve(vault, p)]) {
        if (existsSync(candidate) && statSync(candidate).isFile()) return readFileSync(candidate, 'utf8');
      }
      return null;
    },
  };
  return { ports, settings, vault };
}

/** Credentials from WEREAD_API_KEY / WEREAD_COOKIE / --cookie-file; a renewed cookie is written back to the file. */
function cliCredentials(values: Values, io: CliIO, m: CliMessages): CredentialStore {
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
  if (!cookie && !apiKey) throw new CannotStart(m.noCredentials);
  return {
    getCookie: () => Promise.resolve(cookie),
    getApiKey: () => Promise.resolve(apiKey),
    setCookie: (next: string) => {
      cookie = next;
      // Only a file the user gave us is updated; the vault never holds a credential.
      if (cookieFile) writeFileSync(cookieFile, next + '\n', { mode: 0o600 });
      return Promise.resolve();
    },
  };
}

/** A one-line progress bar on stderr, redrawn in place. */
function progressBar(io: CliIO, m: CliMessages) {
  let drawn = false;
  return {
    update: (p: { done: number; total: number; title?: string }) => {
      const width = 24;
      const filled = p.total ? Math.round((p.done / p.total) * width) : 0;
      const title = (p.title ?? '').slice(0, 30);
      io.stderr(
        `\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${m.progress(p.done, p.total)} ${title}`,
      );
      drawn = true;
    },
    clear: () => {
      if (drawn) io.stderr('\r\x1b[2K');
    },
  };
}

/** The `--json` shape promised in the README. */
export function jsonReport(report: SyncReport, vault: string) {
  return {
    books: report.books.map((b) => ({
      bookId: b.bookId,
      ...(b.articleId ? { articleId: b.articleId } : {}),
      title: b.title,
      path: b.path ? path.join(vault, b.path) : null,
      status: b.status,
      added: b.added,
      updated: b.updated,
      removed: b.removed,
      kept: b.kept,
      conflicts: b.conflicts,
      ...(b.error ? { error: b.error } : {}),
      ...(b.diff ? { diff: b.diff } : {}),
    })),
    requests: report.requests ?? 0,
    durationMs: report.durationMs,
    ...(report.templateWarnings?.length ? { templateWarnings: report.templateWarnings } : {}),
    ...(report.listProblems?.length ? { listProblems: report.listProblems } : {}),
    ...(report.dailyNotes ? { dailyNotes: report.dailyNotes } : {}),
    cancelled: report.cancelled ?? false,
  };
}

function printReport(report: SyncReport, io: CliIO, m: CliMessages, t: Translate, notesDir: string, dryRun: boolean) {
  const count = (s: string) => report.books.filter((b) => b.status === s).length;
  for (const b of report.books) {
    if (dryRun && b.diff) io.stdout(b.diff.endsWith('\n') ? b.diff : b.diff + '\n');
    if (b.status === 'failed') io.stdout(m.failedBook(b.title, explainKind(m, t, b.errorKind, b.error ?? '')) + '\n');
    else if (b.errorKind === 'cancelled') continue;
    else if (b.status === 'skipped' && b.skipReason)
      io.stdout(m.skippedBook(b.title, reasonText(t, b.skipReason) ?? b.skipReason) + '\n');
    else if (b.status === 'vanished') io.stdout(m.vanishedBook(b.title) + '\n');
    else if (b.status !== 'unchanged' && b.status !== 'skipped') {
      const counts = [
        b.added.length && `+${b.added.length}`,
        b.updated.length && `~${b.updated.length}`,
        b.removed.length && `-${b.removed.length}`,
      ]
        .filter(Boolean)
        .join(' ');
      io.stdout(`${m.status[b.status] ?? b.status}: ${b.path}${counts ? `  (${counts})` : ''}\n`);
    }
    if (b.conflicts.length) io.stdout(m.conflictBook(b.title, b.conflicts.length) + '\n');
  }
  if (report.cancelled) {
    // Interrupted: what was written is named above; no "synced" summary for a sync that did not finish.
    io.stdout(m.cancelled + '\n');
    io.stdout(m.notesIn(notesDir) + '\n');
    return;
  }
  if (dryRun) {
    io.stdout(
      m.dryRunSummary({
        create: count('created'),
        update: count('updated'),
        unchanged: count('unchanged'),
        failed: count('failed'),
      }) + '\n',
    );
  } else {
    io.stdout(
      m.summary({
        created: count('created'),
        updated: count('updated'),
        unchanged: count('unchanged'),
        failed: count('failed'),
        skipped: count('skipped'),
        ms: report.durationMs,
      }) + ` (${m.requests(report.requests ?? 0)})\n`,
    );
    io.stdout(m.notesIn(notesDir) + '\n');
  }
}

/** A classified error in the reader's language, the technical message after it (its English advice left out). */
function explain(e: unknown, m: CliMessages, t: Translate): string {
  const kind = (e as { kind?: unknown } | null)?.kind;
  return explainKind(m, t, typeof kind === 'string' ? kind : undefined, messageWithoutAdvice(e));
}

/** The reason for a kind of failure: credential problems in the CLI's own terms (environment variables, not settings). */
function explainKind(m: CliMessages, t: Translate, kind: string | undefined, detail: string): string {
  const reason = (kind && m.credentialReason[kind]) || reasonText(t, kind);
  return reason ? `${reason} (${detail})` : detail;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Entry point for the bin script. */
export async function main(): Promise<void> {
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
