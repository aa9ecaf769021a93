// Owns `npm run bench`: full / no-op / one-changed / template-change / render-only syncs through the real core against the fake WeRead server (own process, injected latency), the old plugin's request pattern as baseline in the same run, the budget check, and bench/results.json.
import { memoryCredentials } from './memory-credentials';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Notebook, NotebookEntry } from '../src/core/model/notebook';
import type { KeyValueStore, NoteStore } from '../src/core/ports';
import {
  clientSource,
  createRenderer,
  resolveTemplate,
  runWeReadSync,
  type ServicePorts,
  type SyncReport,
} from '../src/core/service';
import { DEFAULT_SETTINGS, type Settings } from '../src/core/settings/settings';
import { runSync, type BookSource } from '../src/core/sync';
import { createWeReadClient } from '../src/core/weread/client';
import { createNodeHttp } from '../src/node/node-http';
import { FsKeyValueStore, FsNoteStore } from '../src/node/fs-store';
import { runBaselineSync, type BaselineResult } from './baseline';
import type { OnloadResult } from './onload-child';
import { Profiler, type HotFunction } from './profile';
import { folderStats } from './folder-stats';
import type { ServerCommand, ServerStarted, ServerStats } from './server-child';
import { CompactCache } from '../src/core/weread/compact-cache';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const HERE = fileURLToPath(new URL('./', import.meta.url));

// ---- flags ---------------------------------------------------------------------------------

interface Flags {
  quick: boolean;
  jsonOnly: boolean;
  latencyMs: number;
  books: number;
  highlights: number;
  thoughts: number;
  /** minRequestSpacingMs and concurrency of the measured client; the defaults are the plugin's. */
  spacingMs: number;
  concurrency: number;
  seed: number;
  /** Also run the full sync with pacing off, to show what the engine does when the spacing does not bind. */
  variants: boolean;
  /** CPU-profile the render + merge + write scenarios (extra runs, not the measured ones). */
  profile: boolean;
  /** Rebuild main.js first (`npm run build`) so its size and onload are current. */
  build: boolean;
}

function parseFlags(argv: string[]): Flags {
  const quick = argv.includes('--quick');
  const num = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const value = Number(argv[i + 1]);
    if (!Number.isFinite(value) || value < 0) {
      console.error(`--${name} needs a non-negative number`);
      process.exit(2);
    }
    return value;
  };
  const books = Math.max(1, Math.round(num('books', quick ? 50 : 500)));
  return {
    quick,
    jsonOnly: argv.includes('--json-only'),
    latencyMs: num('latency', 50),
    books,
    // --quick keeps the default library's per-book shape (120 highlights, 20 thoughts) on fewer books.
    highlights: Math.round(num('highlights', books * 120)),
    thoughts: Math.round(num('thoughts', books * 20)),
    spacingMs: num('spacing', DEFAULT_SETTINGS.minRequestSpacingMs),
    concurrency: Math.max(1, Math.round(num('concurrency', DEFAULT_SETTINGS.concurrency))),
    seed: Math.round(num('seed', 7)),
    variants: !argv.includes('--no-variants'),
    profile: argv.includes('--profile'),
    build: argv.includes('--build'),
  };
}

// ---- child processes -----------------------------------------------------------------------

class ServerProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (raw: unknown) => {
      const msg = raw as { id: number; ok: boolean; value?: unknown; error?: string };
      const w = this.waiting.get(msg.id);
      if (!w) return;
      this.waiting.delete(msg.id);
      if (msg.ok) w.resolve(msg.value);
      else w.reject(new Error(msg.error));
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`fake server exited (${code})`));
      this.waiting.clear();
    });
  }

  static spawn(): ServerProcess {
    const child = fork(path.join(HERE, 'server-child.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new ServerProcess(child);
  }

  call<T>(cmd: ServerCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, cmd });
    });
  }

  async close(): Promise<void> {
    await this.call({ op: 'close' }).catch(() => undefined);
  }
}

function measureOnloadInChild(mainJs: string): Promise<OnloadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(HERE, 'onload-child.ts'), [mainJs], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    let settled = false;
    child.on('message', (raw: unknown) => {
      const msg = raw as { ok: boolean; value?: OnloadResult; error?: string };
      settled = true;
      if (msg.ok && msg.value) resolve(msg.value);
      else reject(new Error(msg.error ?? 'onload measurement failed'));
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`onload measurement exited (${code}) without a result`));
    });
  });
}

// ---- counting ports ------------------------------------------------------------------------

interface StoreCounts {
  noteReads: number;
  noteWrites: number;
  noteExists: number;
  listings: number;
  linkScans: number;
  stateReads: number;
  stateWrites: number;
}

const zeroCounts = (): StoreCounts => ({
  noteReads: 0,
  noteWrites: 0,
  noteExists: 0,
  listings: 0,
  linkScans: 0,
  stateReads: 0,
  stateWrites: 0,
});

class CountingNoteStore implements NoteStore {
  constructor(
    private readonly inner: NoteStore,
    private readonly counts: () => StoreCounts,
  ) {}
  read(p: string): Promise<string | null> {
    this.counts().noteReads++;
    return this.inner.read(p);
  }
  exists(p: string): Promise<boolean> {
    this.counts().noteExists++;
    return this.inner.exists(p);
  }
  write(p: string, content: string): Promise<void> {
    this.counts().noteWrites++;
    return this.inner.write(p, content);
  }
  listMarkdown(folder: string): Promise<string[]> {
    this.counts().listings++;
    return this.inner.listMarkdown(folder);
  }
  linkedBlockIds(ids: string[]): Promise<Set<string>> {
    this.counts().linkScans++;
    return this.inner.linkedBlockIds(ids);
  }
}

class CountingKeyValueStore implements KeyValueStore {
  constructor(
    private readonly inner: KeyValueStore,
    private readonly counts: () => StoreCounts,
  ) {}
  get(key: string): Promise<string | null> {
    this.counts().stateReads++;
    return this.inner.get(key);
  }
  set(key: string, value: string): Promise<void> {
    this.counts().stateWrites++;
    return this.inner.set(key, value);
  }
  async setCompressed(key: string, value: string): Promise<void> {
    this.counts().stateWrites++;
    // Forwarded, so the bench writes the state as the CLI does (compressed where the store can).
    return this.inner.setCompressed ? this.inner.setCompressed(key, value) : this.inner.set(key, value);
  }
  delete(key: string): Promise<void> {
    this.counts().stateWrites++;
    return this.inner.delete(key);
  }
}

let currentCounts = zeroCounts();
const counts = (): StoreCounts => currentCounts;

// ---- measurement ---------------------------------------------------------------------------

interface ScenarioResult {
  id: string;
  name: string;
  client: 'weread-sync' | 'baseline';
  wallMs: number;
  /** Requests the server received (its log). */
  requests: number;
  /** Requests beyond the notebook list. */
  requestsBeyondList: number;
  /** requests ÷ books in the library (full syncs). */
  requestsPerBook: number | null;
  maxInFlight: number;
  cpuMs: number;
  peakRssMB: number;
  /** Highlights in the books this scenario rendered. */
  highlights: number;
  highlightsPerSec: number | null;
  /** Baseline wall ÷ this wall (how many times faster than the comparable baseline run). */
  speedupVsBaseline: number | null;
  baselineScenario: string | null;
  /** requests × latency ÷ concurrency (null without network). */
  idealMs: number | null;
  /** (requests − 1) × minRequestSpacingMs: the floor the pacing alone sets. */
  pacingFloorMs: number | null;
  wallOverIdeal: number | null;
  store: StoreCounts;
  byApi: Record<string, number>;
  books: { created: number; updated: number; unchanged: number; failed: number; skipped: number };
  settings?: { concurrency: number; minRequestSpacingMs: number; template: string };
}

async function measure(
  server: ServerProcess,
  run: () => Promise<{ highlights: number; books: ScenarioResult['books'] }>,
): Promise<{
  wallMs: number;
  cpuMs: number;
  peakRssMB: number;
  stats: ServerStats;
  store: StoreCounts;
  highlights: number;
  books: ScenarioResult['books'];
}> {
  await server.call({ op: 'resetLog' });
  currentCounts = zeroCounts();
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  const stats = await server.call<ServerStats>({ op: 'stats' });
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMB: peak / 2 ** 20,
    stats,
    store: { ...currentCounts },
    highlights: out.highlights,
    books: out.books,
  };
}

function booksOf(report: SyncReport): ScenarioResult['books'] {
  const t = report.totals;
  return { created: t.created, updated: t.updated, unchanged: t.unchanged, failed: t.failed, skipped: t.skipped };
}

// ---- main ----------------------------------------------------------------------------------

interface BudgetCheck {
  figure: string;
  budget: string;
  measured: string;
  pass: boolean;
  /** What limits the figure, when it misses (or is close). */
  note?: string;
}

function listRequestsOf(byApi: Record<string, number>): number {
  return (byApi['/api/user/notebook'] ?? 0) + (byApi['/user/notebooks'] ?? 0);
}

function highlightsIn(report: SyncReport, perBook: Map<string, number>): number {
  let n = 0;
  for (const b of report.books) if (b.status === 'created' || b.status === 'updated') n += perBook.get(b.bookId) ?? 0;
  return n;
}

function mainJsInfo(
  log: (line: string) => void,
  forceBuild: boolean,
): { path: string; bytes: number; gzipBytes: number; builtAt: string; staleVsSrc: boolean; builtNow: boolean } {
  const mainJs = path.join(ROOT, 'main.js');
  let builtNow = false;
  if (forceBuild || !existsSync(mainJs)) {
    log(forceBuild ? 'running `npm run build` …' : 'main.js is missing: running `npm run build` …');
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
    builtNow = true;
  }
  const text = readFileSync(mainJs);
  const builtAtMs = statSync(mainJs).mtimeMs;
  let newestSrc = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newestSrc = Math.max(newestSrc, statSync(p).mtimeMs);
    }
  };
  walk(path.join(ROOT, 'src'));
  return {
    path: 'main.js',
    bytes: text.length,
    gzipBytes: gzipSync(text).length,
    builtAt: new Date(builtAtMs).toISOString(),
    staleVsSrc: newestSrc > builtAtMs,
    builtNow,
  };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const say = (line = ''): void => {
    if (!flags.jsonOnly) console.log(line);
  };
  const startedAt = new Date();
  const cpuList = cpus();
  const machine = {
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: startedAt.toISOString(),
  };
  const perBookHighlights = Math.floor(flags.highlights / flags.books);
  const perBookThoughts = Math.floor(flags.thoughts / flags.books);
  say(
    `WeRead Sync benchmark${flags.quick ? ' (--quick)' : ''} — ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date}`,
  );

  const mainJs = mainJsInfo(say, flags.build);
  say(
    `main.js: ${(mainJs.bytes / 1024).toFixed(1)} KiB (${(mainJs.gzipBytes / 1024).toFixed(1)} KiB gzipped)${mainJs.staleVsSrc ? ' — older than src/, pass --build for a current figure' : ''}`,
  );
  say('measuring the plugin onload on the fake app …');
  let onload: OnloadResult | { error: string };
  try {
    onload = await measureOnloadInChild(path.join(ROOT, 'main.js'));
  } catch (e) {
    onload = { error: e instanceof Error ? e.message : String(e) };
  }

  const server = ServerProcess.spawn();
  const tmpRoot = mkdtempSync(path.join(tmpdir(), 'weread-bench-'));
  const results: ScenarioResult[] = [];
  const checks: BudgetCheck[] = [];
  let exitError: unknown = null;
  try {
    const lib = await server.call<ServerStarted>({
      op: 'start',
      books: flags.books,
      highlightsPerBook: perBookHighlights,
      thoughtsPerBook: perBookThoughts,
      seed: flags.seed,
      latencyMs: flags.latencyMs,
    });
    const bookCount = lib.bookIds.length;
    const perBook = new Map(lib.bookIds.map((id) => [id, perBookHighlights]));
    say(
      `library: ${bookCount} books, ${lib.highlights} highlights, ${lib.thoughts} thoughts; latency ${flags.latencyMs} ms; client concurrency ${flags.concurrency}, minRequestSpacingMs ${flags.spacingMs}`,
    );
    say('');

    const credentials = memoryCredentials(lib.cookieHeader);
    const portsFor = (vault: string): ServicePorts => ({
      http: createNodeHttp(),
      store: new CountingNoteStore(new FsNoteStore(vault), counts),
      state: new CountingKeyValueStore(new FsKeyValueStore(path.join(vault, '.weread-sync', 'state')), counts),
      cache: new CompactCache(
        new CountingKeyValueStore(new FsKeyValueStore(path.join(vault, '.weread-sync', 'cache')), counts),
      ),
      credentials,
      trustedOrigins: () => [lib.baseUrl, lib.gatewayUrl],
    });
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      baseUrl: lib.baseUrl,
      gatewayUrl: lib.gatewayUrl,
      concurrency: flags.concurrency,
      minRequestSpacingMs: flags.spacingMs,
    };

    const record = (
      id: string,
      name: string,
      client: ScenarioResult['client'],
      m: Awaited<ReturnType<typeof measure>>,
      opts: { network: boolean; fullSync?: boolean; baseline?: ScenarioResult; settings?: Settings },
    ): ScenarioResult => {
      const s = opts.settings;
      const listReqs = listRequestsOf(m.stats.byApi);
      const ideal =
        opts.network && client === 'weread-sync' && s ? (m.stats.requests * flags.latencyMs) / s.concurrency : null;
      const floor =
        opts.network && client === 'weread-sync' && s
          ? Math.max(0, m.stats.requests - 1) * s.minRequestSpacingMs
          : null;
      const r: ScenarioResult = {
        id,
        name,
        client,
        wallMs: m.wallMs,
        requests: m.stats.requests,
        requestsBeyondList: m.stats.requests - listReqs,
        requestsPerBook: opts.fullSync ? m.stats.requests / bookCount : null,
        maxInFlight: m.stats.maxInFlight,
        cpuMs: m.cpuMs,
        peakRssMB: m.peakRssMB,
        highlights: m.highlights,
        highlightsPerSec: m.highlights > 0 ? m.highlights / (m.wallMs / 1000) : null,
        speedupVsBaseline: opts.baseline ? opts.baseline.wallMs / m.wallMs : null,
        baselineScenario: opts.baseline?.id ?? null,
        idealMs: ideal,
        pacingFloorMs: floor,
        wallOverIdeal: ideal ? m.wallMs / ideal : null,
        store: m.store,
        byApi: m.stats.byApi,
        books: m.books,
      };
      if (s)
        r.settings = { concurrency: s.concurrency, minRequestSpacingMs: s.minRequestSpacingMs, template: s.template };
      results.push(r);
      say(`  ${name}: ${(m.wallMs / 1000).toFixed(2)} s, ${m.stats.requests} requests`);
      return r;
    };

    const syncWith = (vault: string, s: Settings) => async () => {
      const report = await runWeReadSync(portsFor(vault), s);
      return { highlights: highlightsIn(report, perBook), books: booksOf(report) };
    };
    const baselineRun =
      (vault: string, stateCounts: Map<string, { noteCount: number; reviewCount: number }>) => async () => {
        const template = await resolveTemplate({}, settings.template);
        const r: BaselineResult = await runBaselineSync({
          http: createNodeHttp(),
          store: new CountingNoteStore(new FsNoteStore(vault), counts),
          renderer: createRenderer(settings, template),
          baseUrl: lib.baseUrl,
          cookie: (await credentials.getCookie()) ?? lib.cookieHeader,
          counts: stateCounts,
        });
        return {
          highlights: r.highlights,
          books: { created: 0, updated: r.synced, unchanged: r.skipped, failed: r.failed, skipped: 0 },
        };
      };

    const vaultOurs = path.join(tmpRoot, 'vault');
    const vaultBase = path.join(tmpRoot, 'vault-baseline');
    const baseCounts = new Map<string, { noteCount: number; reviewCount: number }>();

    say('running:');
    // 1. full first sync, then the baseline's.
    const full = await measure(server, syncWith(vaultOurs, settings));
    const baseFull = record(
      '1b',
      'baseline: full first sync',
      'baseline',
      await measure(server, baselineRun(vaultBase, baseCounts)),
      { network: true, fullSync: true },
    );
    const fullR = record('1', 'full first sync', 'weread-sync', full, {
      network: true,
      fullSync: true,
      baseline: baseFull,
      settings,
    });
    const stateStats = folderStats(path.join(vaultOurs, '.weread-sync')); // the state and the cache
    const noteStats = folderStats(path.join(vaultOurs, settings.folder));
    say(
      `  state after the first sync: ${stateStats.files} files, ${stateStats.bytes.toLocaleString('en-US')} bytes; notes: ${noteStats.files} files, ${noteStats.bytes.toLocaleString('en-US')} bytes`,
    );
    // 2. no-op re-sync.
    const noop = await measure(server, syncWith(vaultOurs, settings));
    const baseNoop = record(
      '2b',
      'baseline: no-op re-sync',
      'baseline',
      await measure(server, baselineRun(vaultBase, baseCounts)),
      { network: true },
    );
    const noopR = record('2', 'no-op re-sync', 'weread-sync', noop, { network: true, baseline: baseNoop, settings });
    // 3. one book changed among all.
    const changedId = lib.bookIds[Math.floor(bookCount / 2)]!;
    await server.call({ op: 'addHighlight', bookId: changedId });
    perBook.set(changedId, perBookHighlights + 1);
    const one = await measure(server, syncWith(vaultOurs, settings));
    const baseOne = record(
      '3b',
      'baseline: one book changed',
      'baseline',
      await measure(server, baselineRun(vaultBase, baseCounts)),
      { network: true },
    );
    const oneR = record('3', 'one book changed', 'weread-sync', one, { network: true, baseline: baseOne, settings });
    // 4. template change: every note re-rendered and merged. The old plugin needed a full re-sync for that.
    const calloutSettings: Settings = { ...settings, template: 'callouts' };
    const tmplR = record(
      '4',
      'template change (default → callouts)',
      'weread-sync',
      await measure(server, syncWith(vaultOurs, calloutSettings)),
      {
        network: true,
        baseline: baseFull,
        settings: calloutSettings,
      },
    );

    // 5. render + merge + write without the network: pre-assembled notebooks through the engine.
    await server.call({ op: 'latency', ms: 0 });
    const gatherTemplate = await resolveTemplate({}, settings.template);
    const gatherClient = await createWeReadClient({
      http: createNodeHttp(),
      credentials,
      cache: new FsKeyValueStore(path.join(tmpRoot, 'gather-cache')),
      baseUrl: lib.baseUrl,
      gatewayUrl: lib.gatewayUrl,
      trustedOrigins: [lib.baseUrl, lib.gatewayUrl],
      concurrency: 6,
      minSpacingMs: 0,
    });
    const gatherSource = clientSource(gatherClient, settings, gatherTemplate);
    const entries = await gatherSource.listNotebooks();
    await (gatherSource as { prefetch?: (e: NotebookEntry[]) => Promise<void> }).prefetch?.(entries);
    const notebooks = new Map<string, Notebook>();
    await Promise.all(
      entries.map(async (e) => notebooks.set(e.bookId, await gatherSource.fetchNotebook(e, { force: false }))),
    );
    const memorySource: BookSource = {
      listNotebooks: () => Promise.resolve(entries),
      fetchNotebook: (e) => Promise.resolve(notebooks.get(e.bookId)!),
    };
    const totalHighlights = [...notebooks.values()].reduce((n, nb) => n + countHighlights(nb), 0);
    const vaultRender = path.join(tmpRoot, 'vault-render');
    const renderRun =
      (s: Settings, vault = vaultRender) =>
      async () => {
        const template = await resolveTemplate({}, s.template);
        const report = await runSync({
          source: memorySource,
          renderer: createRenderer(s, template),
          store: new CountingNoteStore(new FsNoteStore(vault), counts),
          state: new CountingKeyValueStore(new FsKeyValueStore(path.join(vault, '.weread-sync', 'state')), counts),
          settings: s,
        });
        return {
          highlights: report.totals.created + report.totals.updated > 0 ? totalHighlights : 0,
          books: booksOf(report),
        };
      };
    const renderCreate = record(
      '5a',
      'render + write, no network (new notes)',
      'weread-sync',
      await measure(server, renderRun(settings)),
      { network: false },
    );
    const renderMerge = record(
      '5',
      'render + merge + write, no network (template change)',
      'weread-sync',
      await measure(server, renderRun(calloutSettings)),
      {
        network: false,
      },
    );

    const profiles: Record<string, { file: string; top: HotFunction[] }> = {};
    if (flags.profile) {
      // Separate runs of the same work under the profiler (which slows them), on a vault of their own.
      const dir = path.join(HERE, 'profiles');
      mkdirSync(dir, { recursive: true });
      const vaultProfile = path.join(tmpRoot, 'vault-profile');
      for (const [id, s] of [
        ['5a', settings],
        ['5', calloutSettings],
      ] as const) {
        const profiler = new Profiler();
        await profiler.start();
        await renderRun(s, vaultProfile)();
        const file = path.join(dir, `scenario-${id}.cpuprofile`);
        profiles[id] = { file: path.relative(ROOT, file), top: await profiler.stop(file, ROOT) };
      }
    }

    // Variant: the full first sync with pacing off, to show what limits the default run.
    let variant: ScenarioResult | null = null;
    if (flags.variants && flags.spacingMs > 0) {
      await server.call({ op: 'latency', ms: flags.latencyMs });
      const unpaced: Settings = { ...settings, minRequestSpacingMs: 0 };
      variant = record(
        '1v',
        'full first sync, minRequestSpacingMs 0',
        'weread-sync',
        await measure(server, syncWith(path.join(tmpRoot, 'vault-unpaced'), unpaced)),
        {
          network: true,
          fullSync: true,
          baseline: baseFull,
          settings: unpaced,
        },
      );
    }

    // ---- budget ----
    const fmt = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
    const limitNote = (r: ScenarioResult): string => {
      const ideal = r.idealMs ?? 0;
      const floor = r.pacingFloorMs ?? 0;
      if (floor > ideal) {
        return `pacing binds: (requests−1) × minRequestSpacingMs = ${fmt(floor)} > requests × latency ÷ concurrency = ${fmt(ideal)}; wall is ${(r.wallMs / floor).toFixed(2)}× the pacing floor (src/core/settings/settings.ts DEFAULT_SETTINGS.minRequestSpacingMs ${r.settings?.minRequestSpacingMs} ms ≥ latency ÷ concurrency = ${(flags.latencyMs / (r.settings?.concurrency ?? 1)).toFixed(1)} ms)`;
      }
      return `concurrency binds: wall is ${(r.wallMs / ideal).toFixed(2)}× requests × latency ÷ concurrency; max in flight ${r.maxInFlight} of ${r.settings?.concurrency}`;
    };
    const listPages = listRequestsOf(noopR.byApi);
    checks.push({
      figure: 'no-op: requests',
      budget: '1 per notebook-list page',
      measured: `${noopR.requests} (${listPages} list page${listPages === 1 ? '' : 's'})`,
      pass: noopR.requests === listPages && listPages >= 1,
    });
    checks.push({
      figure: 'no-op: note writes',
      budget: '0',
      measured: String(noopR.store.noteWrites),
      pass: noopR.store.noteWrites === 0,
    });
    checks.push({
      figure: 'no-op: note reads',
      budget: '0',
      measured: String(noopR.store.noteReads),
      pass: noopR.store.noteReads === 0,
    });
    checks.push({
      figure: 'no-op: CPU',
      budget: '< 300 ms',
      measured: `${noopR.cpuMs.toFixed(0)} ms`,
      pass: noopR.cpuMs < 300,
    });
    checks.push({
      figure: 'one changed book: requests beyond the list',
      budget: '≤ 3',
      measured: `${oneR.requestsBeyondList} (${Object.entries(oneR.byApi)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
      pass: oneR.requestsBeyondList <= 3,
    });
    checks.push({
      figure: 'full sync: speed vs baseline',
      budget: '≥ 5× faster',
      measured: `${fullR.speedupVsBaseline!.toFixed(2)}× (${fmt(fullR.wallMs)} vs ${fmt(baseFull.wallMs)})`,
      pass: fullR.speedupVsBaseline! >= 5,
      note: fullR.speedupVsBaseline! < 5 ? limitNote(fullR) : undefined,
    });
    checks.push({
      figure: 'full sync: wall vs ideal (requests × latency ÷ concurrency)',
      budget: '≤ 1.3×',
      measured: `${fullR.wallOverIdeal!.toFixed(2)}× (ideal ${fmt(fullR.idealMs!)})`,
      pass: fullR.wallOverIdeal! <= 1.3,
      note: limitNote(fullR),
    });
    checks.push({
      figure: 'full sync: requests per book',
      budget: '≤ 3.1',
      measured: `${fullR.requestsPerBook!.toFixed(2)} (${fullR.requests} for ${bookCount} books)`,
      pass: fullR.requestsPerBook! <= 3.1,
    });
    checks.push({
      figure: 'full sync: max requests in flight',
      budget: `≤ concurrency (${settings.concurrency})`,
      measured: String(fullR.maxInFlight),
      pass: fullR.maxInFlight <= settings.concurrency,
    });
    checks.push({
      figure: 'render + merge + write',
      budget: '≥ 20 000 highlights/s',
      measured: `${Math.round(renderMerge.highlightsPerSec ?? 0).toLocaleString('en')} highlights/s (new notes: ${Math.round(renderCreate.highlightsPerSec ?? 0).toLocaleString('en')}/s)`,
      pass: (renderMerge.highlightsPerSec ?? 0) >= 20000 && (renderCreate.highlightsPerSec ?? 0) >= 20000,
      note:
        renderMerge.store.linkScans > 0
          ? `the merge asked NoteStore.linkedBlockIds ${renderMerge.store.linkScans} times (block ids the new template does not render count as gone); FsNoteStore.linkedBlockIds reads every Markdown file of the vault per call, so the merge reads books² files; CPU ${fmt(renderMerge.cpuMs)} vs ${fmt(renderCreate.cpuMs)} for new notes`
          : undefined,
    });
    if ('error' in onload)
      checks.push({
        figure: 'plugin onload',
        budget: 'no network, no vault scan',
        measured: `not measured: ${onload.error}`,
        pass: false,
      });
    else {
      checks.push({
        figure: 'plugin onload: no network, no vault scan',
        budget: '0 requests, 0 vault reads/listings',
        measured: `${onload.requestsDuringOnload} requests, ${onload.vaultReadsDuringOnload} reads, ${onload.vaultListingsDuringOnload} listings (${onload.notesInVault} notes in the vault); sync began after layout ready: ${onload.requestsAfterLayoutReady > 0 ? 'yes' : 'no'}`,
        pass:
          onload.requestsDuringOnload === 0 &&
          onload.vaultReadsDuringOnload === 0 &&
          onload.vaultListingsDuringOnload === 0 &&
          onload.requestsAfterLayoutReady > 0,
      });
    }
    if (tmplR.books.failed + fullR.books.failed + oneR.books.failed > 0) {
      checks.push({
        figure: 'sync errors',
        budget: '0 failed books',
        measured: `${tmplR.books.failed + fullR.books.failed + oneR.books.failed} failed`,
        pass: false,
      });
    }

    // ---- output ----
    const output = {
      machine,
      flags,
      library: {
        books: bookCount,
        highlights: lib.highlights,
        thoughts: lib.thoughts,
        latencyMs: flags.latencyMs,
        seed: flags.seed,
      },
      mainJs,
      onload,
      scenarios: results,
      budget: checks,
      profiles,
      variant: variant
        ? { id: variant.id, wallOverIdeal: variant.wallOverIdeal, speedupVsBaseline: variant.speedupVsBaseline }
        : null,
    };
    writeFileSync(path.join(HERE, 'results.json'), JSON.stringify(output, null, 2) + '\n');

    if (flags.jsonOnly) {
      console.log(JSON.stringify(output, null, 2));
    } else {
      const order = ['1', '1b', '1v', '2', '2b', '3', '3b', '4', '5a', '5'];
      const rows = order
        .map((id) => results.find((r) => r.id === id))
        .filter((r): r is ScenarioResult => r !== undefined);
      say('');
      say(markdownTable(rows));
      say('');
      if (!('error' in onload)) {
        say(
          `plugin onload (fake app, main.js in a bare vm context, ${onload.notesInVault} notes in the vault): evaluate main.js ${onload.evalMs.toFixed(1)} ms + onload ${onload.onloadMs.toFixed(1)} ms cold; ${onload.warmEvalMs.toFixed(1)} + ${onload.warmOnloadMs.toFixed(1)} ms warm (median of ${onload.runs - 1})`,
        );
      } else say(`plugin onload: ${onload.error}`);
      say(
        `main.js: ${mainJs.bytes.toLocaleString('en')} bytes (${(mainJs.gzipBytes / 1024).toFixed(1)} KiB gzipped), built ${mainJs.builtAt}${mainJs.staleVsSrc ? ' (older than src/)' : ''}`,
      );
      say('');
      say('budget (docs/architecture.md §6, issue 7):');
      for (const c of checks) {
        say(`  ${c.pass ? 'PASS' : 'MISS'}  ${c.figure}: ${c.measured}  [budget ${c.budget}]`);
        if (c.note) say(`          ${c.note}`);
      }
      if (variant) {
        say(
          `  info  full sync with minRequestSpacingMs 0: ${fmt(variant.wallMs)}, ${variant.wallOverIdeal!.toFixed(2)}× ideal, ${variant.speedupVsBaseline!.toFixed(2)}× faster than the baseline, max in flight ${variant.maxInFlight}`,
        );
      }
      for (const [id, p] of Object.entries(profiles)) {
        say('');
        say(`CPU profile of scenario ${id} (${p.file}), most self time:`);
        for (const f of p.top)
          say(
            `  ${f.selfMs.toFixed(0).padStart(6)} ms ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}  ${f.where}`,
          );
      }
      const misses = checks.filter((c) => !c.pass);
      say('');
      say(
        misses.length
          ? `${misses.length} figure(s) MISS the budget: ${misses.map((c) => c.figure).join('; ')}`
          : 'every figure is within the budget',
      );
      say(`results: bench/results.json`);
    }
  } catch (e) {
    exitError = e;
  } finally {
    await server.close();
    rmSync(tmpRoot, { recursive: true, force: true });
  }
  if (exitError) {
    console.error(exitError instanceof Error ? (exitError.stack ?? exitError.message) : String(exitError));
    process.exit(1);
  }
  process.exit(0);
}

function countHighlights(nb: Notebook): number {
  return nb.chapters.reduce((k, c) => k + c.highlights.length, 0);
}

function markdownTable(rows: ScenarioResult[]): string {
  const head = [
    'scenario',
    'wall',
    'requests',
    'req/book',
    'max in flight',
    'CPU',
    'peak RSS',
    'highlights/s',
    'vs baseline',
    'note reads/writes/link scans',
  ];
  const cell = (r: ScenarioResult): string[] => [
    `${r.id}. ${r.name}`,
    r.wallMs >= 1000 ? `${(r.wallMs / 1000).toFixed(2)} s` : `${r.wallMs.toFixed(0)} ms`,
    String(r.requests),
    r.requestsPerBook === null ? '' : r.requestsPerBook.toFixed(2),
    String(r.maxInFlight),
    `${r.cpuMs.toFixed(0)} ms`,
    `${r.peakRssMB.toFixed(0)} MB`,
    r.highlightsPerSec === null ? '' : Math.round(r.highlightsPerSec).toLocaleString('en'),
    r.speedupVsBaseline === null ? '' : `${r.speedupVsBaseline.toFixed(2)}×`,
    `${r.store.noteReads}/${r.store.noteWrites}/${r.store.linkScans}`,
  ];
  const lines = [head, head.map(() => '---'), ...rows.map(cell)];
  return lines.map((l) => `| ${l.join(' | ')} |`).join('\n');
}

if (process.argv.includes('--scale')) {
  // The per-size table of issue 17 (bench/scale.ts); the scenarios above are not run.
  const { runScale } = await import('./scale');
  await runScale(process.argv.slice(2));
} else {
  await main();
}
