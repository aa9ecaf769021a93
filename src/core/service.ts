/** The facade the plugin and the CLI call: composes the WeRead client, the renderer and the sync engine. */
import { withIdentity } from './sync/identity';
import type { CredentialStore, HttpPort, KeyValueStore, NoteStore } from './ports';
import type { Settings } from './settings/settings';
import { isMpAccount, type Notebook, type NotebookEntry } from './model/notebook';
import { assembleNotebook } from './model/assemble';
import {
  BUILT_IN_TEMPLATES,
  TemplateError,
  builtInTemplate,
  compileTemplate,
  isBuiltInTemplate,
  noteFileName,
  noteFolder,
  renderNote,
  resolveTimeZone,
  templateWarnings,
  type CompiledTemplate,
  type TemplateWarning,
} from './render';
import { runSync, type BookSource, type NoteRenderer, type SyncReport } from './sync';
import { recreateLibraryBase, runReadingPass } from './sync/reading-pass';
import { hashText } from './sync/state';
import { createWeReadClient, type WeReadClient } from './weread/client';
import { isWeReadError } from './weread/errors';
import { redact } from './weread/redact';
import { SAMPLE_BOOK, SAMPLE_ENTRY } from './sample-book';
import type { DayFormatter } from './daily/dates';
import { startDailyNotes } from './sync/daily-notes';
import { addPopularToNote } from './render/popular';
import { withPopularPassages } from './weread/popular';

export type { SyncReport, BookReport, BookSyncStatus } from './sync';

/** The I/O the service needs; the plugin and the CLI each provide their own. */
export interface ServicePorts {
  http: HttpPort;
  store: NoteStore;
  /** Sync state (index + merge bases). */
  state: KeyValueStore;
  /** Cached book details and chapter lists. */
  cache: KeyValueStore;
  credentials: CredentialStore;
  /**
   * Servers besides WeRead that may receive the credentials, from a device-local setting only (the CLI's flags and
   * environment, the plugin's local storage): a URL in a synced settings file is never trusted with a credential.
   */
  trustedOrigins?: () => readonly string[];
  /** Reads a custom template (a vault path or file path); null when there is none. */
  loadTemplateFile?(path: string): Promise<string | null>;
  /** Daily notes: a file of the vault's config folder (e.g. `daily-notes.json`), or null. */
  readConfigFile?(name: string): Promise<string | null>;
  /** Daily notes: formats a day with the daily-note format (the plugin passes Obsidian's moment); default dayjs. */
  formatDay?: DayFormatter;
}

export interface SyncRunOptions {
  dryRun?: boolean;
  force?: boolean;
  onlyBookIds?: string[];
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; title?: string }) => void;
}

/** Settings that change the text of a note; a change in any of them re-renders every book. */
function shapingSettings(settings: Settings) {
  return {
    // The resolved zone, so that a change of the system's zone re-renders dates too.
    timeZone: resolveTimeZone(settings.timeZone),
    includeAncestorChapters: settings.includeAncestorChapters,
    tagsAsLinks: settings.tagsAsLinks,
    colorNames: settings.colorNames,
    penNames: settings.penNames,
    articles: settings.articles,
    // Only when on, so that notes synced before the setting existed are not all re-rendered.
    ...(settings.popularHighlights ? { popularHighlights: true } : {}),
  };
}

function shapingFingerprint(settings: Settings, template: CompiledTemplate): string {
  return hashText(JSON.stringify({ template: template.source, ...shapingSettings(settings) }));
}

/** The renderer a recipe (NoteRenderer.recipe, read back from the state: not trusted) describes, or null. */
function rendererFromRecipe(settings: Settings, recipe: string): NoteRenderer | null {
  try {
    const r = JSON.parse(recipe) as { name?: unknown; source?: unknown; shaping?: unknown };
    if (typeof r.name !== 'string' || typeof r.source !== 'string' || typeof r.shaping !== 'object') return null;
    const shaping = (r.shaping ?? {}) as Partial<Settings>;
    // A shaping setting recorded only when on (popularHighlights) was off when it is missing from the recipe.
    return createRenderer({ ...settings, popularHighlights: false, ...shaping }, compileTemplate(r.name, r.source));
  } catch {
    return null;
  }
}

/** The active template, compiled: a built-in by name, else a custom template file; throws TemplateError. */
export async function resolveTemplate(
  ports: Pick<ServicePorts, 'loadTemplateFile'>,
  name: string,
): Promise<CompiledTemplate> {
  if (isBuiltInTemplate(name)) return builtInTemplate(name);
  const source = ports.loadTemplateFile ? await ports.loadTemplateFile(name) : null;
  if (source === null) {
    throw new TemplateError(
      `Template "${name}" was not found (built-ins: ${Object.keys(BUILT_IN_TEMPLATES).join(', ')}, or a path to a .md file)`,
      name,
      'unknown-template',
    );
  }
  return compileTemplate(name, source);
}

/** Note text and place for a notebook under the given settings and template. */
export function createRenderer(settings: Settings, template: CompiledTemplate): NoteRenderer {
  return {
    fingerprint: shapingFingerprint(settings, template),
    recipe: JSON.stringify({ name: template.name, source: template.source, shaping: shapingSettings(settings) }),
    fromRecipe: (recipe) => rendererFromRecipe(settings, recipe),
    // Whatever the template writes, the note carries the bookId a later sync finds it by.
    render: (notebook: Notebook) =>
      withIdentity(
        addPopularToNote(renderNote(notebook, template, settings), notebook, template.source),
        notebook.info.bookId,
      ),
    target: (notebook: Notebook) => {
      const sub = noteFolder(notebook, settings);
      const folder = [settings.folder, sub].filter(Boolean).join('/');
      return { folder, fileName: noteFileName(notebook, settings) };
    },
  };
}

/** Reason code for a 公众号 account that cannot be synced: only the cookie (web) API serves articles. */
export const SKIP_NEEDS_COOKIE = 'needs-cookie';

/** The WeRead client as the engine's book source; 公众号 accounts follow the articles setting and need the cookie. */
export function clientSource(
  client: WeReadClient,
  settings: Settings,
  template: CompiledTemplate,
  opts: { hasCookie: boolean } = { hasCookie: true },
): BookSource {
  // Reading progress costs a request per book: only fetch it when the template shows it.
  const withProgress = /readInfo|progress/.test(template.source);
  return {
    listNotebooks: async () => {
      const entries = await client.listNotebooks();
      return settings.articles === 'skip' ? entries.filter((e) => !isMpAccount(e)) : entries;
    },
    perArticle: (entry: NotebookEntry) => settings.articles === 'per-article' && isMpAccount(entry),
    skipReason: (entry: NotebookEntry) => (isMpAccount(entry) && !opts.hasCookie ? SKIP_NEEDS_COOKIE : undefined),
    prefetch: (entries: NotebookEntry[]) => client.prefetchChapters(entries),
    fetchFingerprint: [withProgress ? 'progress' : '', settings.popularHighlights ? 'popular' : '']
      .filter(Boolean)
      .join('+'),
    fetchNotebook: async (entry, opts) =>
      withPopularPassages(
        client,
        settings,
        entry,
        assembleNotebook(entry, await client.fetchBookData(entry, { withProgress, force: opts.force }), {
          articleMode: settings.articles,
        }),
      ),
    requestCount: () => client.requestCount,
  };
}

/** The WeRead client for these ports and settings (endpoints, pacing, timeouts). */
export function clientFor(ports: ServicePorts, settings: Settings, signal?: AbortSignal): Promise<WeReadClient> {
  return createWeReadClient({
    http: ports.http,
    credentials: ports.credentials,
    cache: ports.cache,
    baseUrl: settings.baseUrl,
    gatewayUrl: settings.gatewayUrl,
    concurrency: settings.concurrency,
    minSpacingMs: settings.minRequestSpacingMs,
    timeoutMs: settings.requestTimeoutMs,
    signal,
    trustedOrigins: ports.trustedOrigins?.() ?? [],
  });
}

/**
 * Runs `work`, then writes what the cache holds back (`KeyValueStore.flush`), whatever happened: a failed write of the
 * cache (it is safe to lose) never fails the work.
 */
export async function withCacheFlushed<T>(ports: Pick<ServicePorts, 'cache'>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    await ports.cache.flush?.().catch(() => undefined);
  }
}

/** One sync: list, plan, fetch changed books, render, merge, write, report. A failure before any book (credentials, template, list) throws. */
export function runWeReadSync(ports: ServicePorts, settings: Settings, opts: SyncRunOptions = {}): Promise<SyncReport> {
  return withCacheFlushed(ports, () => syncOnce(ports, settings, opts));
}

async function syncOnce(ports: ServicePorts, settings: Settings, opts: SyncRunOptions): Promise<SyncReport> {
  const template = await resolveTemplate(ports, settings.template);
  const client = await clientFor(ports, settings, opts.signal);
  const renderer = createRenderer(settings, template);
  const daily = settings.dailyNotes && !opts.dryRun ? await startDailyNotes(ports, settings) : undefined;
  const report = await runSync(
    {
      source: clientSource(client, settings, template, { hasCookie: Boolean(await ports.credentials.getCookie()) }),
      renderer,
      store: daily?.store ?? ports.store,
      onNoteWritten: daily?.onNoteWritten,
      state: ports.state,
      settings,
      signal: opts.signal,
      onProgress: opts.onProgress,
    },
    { dryRun: opts.dryRun, force: opts.force, onlyBookIds: opts.onlyBookIds },
  );
  // Reading properties, finished books and the library Base (issue 15): after the notes, never in a dry run.
  if (!opts.dryRun && !report.cancelled) {
    const { store, state } = ports;
    const reading = await runReadingPass({ source: client, renderer, store, state, settings, synced: report, ...opts });
    if (reading) Object.assign(report, { reading, requests: client.requestCount });
  }
  const warnings = templateWarnings(template.source);
  const listProblems = client.skippedNotebookEntries.map((e) => e.problem);
  const dailyNotes = daily ? await daily.finish() : undefined;
  return {
    ...report,
    ...(dailyNotes ? { dailyNotes } : {}),
    ...(warnings.length ? { templateWarnings: warnings } : {}),
    ...(listProblems.length ? { listProblems } : {}),
  };
}

export type LoginCheck = LoginResult;
export type LoginResult =
  | { ok: true; mode: 'cookie' | 'api-key'; user?: { vid: string; name?: string } }
  | { ok: false; kind: string; message: string };

/** Says who is logged in, or exactly what is wrong with the credentials. */
export async function checkLogin(ports: ServicePorts, settings: Settings): Promise<LoginResult> {
  try {
    const client = await clientFor(ports, settings);
    const result = await client.checkLogin();
    if (result.ok) return { ok: true, mode: result.mode === 'v2' ? 'api-key' : 'cookie', user: result.user };
    return { ok: false, kind: result.error.kind, message: redact(result.error.message) };
  } catch (e) {
    if (isWeReadError(e)) return { ok: false, kind: e.kind, message: redact(e.message) };
    return { ok: false, kind: 'unknown', message: redact(e instanceof Error ? e.message : String(e)) };
  }
}

/** Renders the bundled sample book with a template source, for the live preview in the settings tab. */
export function renderPreview(
  settings: Settings,
  templateSource: string,
): { ok: true; text: string; warnings: TemplateWarning[] } | { ok: false; message: string } {
  try {
    const name = isBuiltInTemplate(settings.template) ? settings.template : 'preview';
    const template = compileTemplate(name, templateSource);
    const notebook = assembleNotebook(SAMPLE_ENTRY, SAMPLE_BOOK, { articleMode: settings.articles });
    return { ok: true, text: renderNote(notebook, template, settings), warnings: templateWarnings(templateSource) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** Names of the built-in templates. */
export function listBuiltinTemplates(): string[] {
  return Object.keys(BUILT_IN_TEMPLATES);
}

/** The source of a built-in template (to start a custom one from). */
export function builtinTemplateSource(name: string): string | null {
  return isBuiltInTemplate(name) ? BUILT_IN_TEMPLATES[name] : null;
}

/** The command "Re-create library base": writes the Base afresh next to the notes; resolves to its vault path. */
export function recreateLibraryBaseFile(
  ports: Pick<ServicePorts, 'store' | 'state'>,
  settings: Settings,
): Promise<string> {
  return recreateLibraryBase(ports.store, ports.state, settings.folder);
}
