// Owns `npm run bench -- --scale 100,500,2000`: per library size, in its own process, first sync / no-op / template change — wall, requests, CPU, peak RSS, state files and bytes, notes bytes — merged into bench/results.json (`scale`).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CredentialStore } from '../src/core/ports';
import { runWeReadSync, type ServicePorts } from '../src/core/service';
import { DEFAULT_SETTINGS, type Settings } from '../src/core/settings/settings';
import { createFetchHttp } from '../src/node/fetch-http';
import { FsKeyValueStore, FsNoteStore } from '../src/node/fs-store';
import { folderStats } from './folder-stats';
import type { ServerCommand, ServerStarted, ServerStats } from './server-child';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const HERE = fileURLToPath(new URL('./', import.meta.url));
/** The default library's shape per book (issue 17: 2,000 books, 240,000 highlights). */
const HIGHLIGHTS_PER_BOOK = 120;
const THOUGHTS_PER_BOOK = 20;

export interface ScaleRow {
  books: number;
  highlights: number;
  scenario: 'first sync' | 'no-op' | 'template change';
  wallMs: number;
  requests: number;
  cpuMs: number;
  /** The largest RSS of the sync process during the scenario (sampled every 10 ms; the fake server is another process). */
  peakRssMB: number;
  stateFiles: number;
  stateBytes: number;
  noteFiles: number;
  noteBytes: number;
  latencyMs: number;
}

/** The fake server in its own process (bench/server-child.ts), so its CPU and memory are not counted. */
function serverProcess(): { call<T>(cmd: ServerCommand): Promise<T>; child: ChildProcess } {
  const child = fork(path.join(HERE, 'server-child.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, (msg: { ok: boolean; value?: unknown; error?: string }) => void>();
  child.on('message', (raw: unknown) => {
    const msg = raw as { id: number; ok: boolean; value?: unknown; error?: string };
    waiting.get(msg.id)?.(msg);
    waiting.delete(msg.id);
  });
  return {
    child,
    call<T>(cmd: ServerCommand): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, (msg) => (msg.ok ? resolve(msg.value as T) : reject(new Error(msg.error))));
        child.send({ id, cmd });
      });
    },
  };
}

/** One library size, in this process: the three scenarios in order on one vault. */
async function measureSize(books: number, latencyMs: number): Promise<ScaleRow[]> {
  const server = serverProcess();
  const tmp = mkdtempSync(path.join(tmpdir(), 'weread-scale-'));
  try {
    const lib = await server.call<ServerStarted>({
      op: 'start',
      books,
      highlightsPerBook: HIGHLIGHTS_PER_BOOK,
      thoughtsPerBook: THOUGHTS_PER_BOOK,
      seed: 7,
      latencyMs,
    });
    let cookie = lib.cookieHeader;
    const credentials: CredentialStore = {
      getCookie: () => Promise.resolve(cookie),
      setCookie: (c: string) => {
        cookie = c;
        return Promise.resolve();
      },
      getApiKey: () => Promise.resolve(null),
    };
    const vault = path.join(tmp, 'vault');
    const stateDir = path.join(vault, '.weread-sync', 'state');
    const ports: ServicePorts = {
      http: createFetchHttp(),
      store: new FsNoteStore(vault),
      state: new FsKeyValueStore(stateDir),
      cache: new FsKeyValueStore(path.join(vault, '.weread-sync', 'cache')),
      credentials,
      trustedOrigins: () => [lib.baseUrl, lib.gatewayUrl],
    };
    const settings: Settings = { ...DEFAULT_SETTINGS, baseUrl: lib.baseUrl, gatewayUrl: lib.gatewayUrl };
    const rows: ScaleRow[] = [];
    const run = async (scenario: ScaleRow['scenario'], s: Settings) => {
      await server.call({ op: 'resetLog' });
      let peak = process.memoryUsage.rss();
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const report = await runWeReadSync(ports, s);
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage.rss());
      if (report.totals.failed) throw new Error(`${scenario}: ${report.totals.failed} books failed`);
      const stats = await server.call<ServerStats>({ op: 'stats' });
      const state = folderStats(stateDir);
      const notes = folderStats(path.join(vault, s.folder));
      rows.push({
        books,
        highlights: lib.highlights,
        scenario,
        wallMs: Math.round(wallMs),
        requests: stats.requests,
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        peakRssMB: Math.round(peak / 2 ** 20),
        stateFiles: state.files,
        stateBytes: state.bytes,
        noteFiles: notes.files,
        noteBytes: notes.bytes,
        latencyMs,
      });
      // Let the collector run between scenarios, so a scenario's peak is its own as far as Node allows.
      (globalThis as { gc?: () => void }).gc?.();
    };
    await run('first sync', settings);
    await run('no-op', settings);
    await run('template change', { ...settings, template: 'callouts' });
    return rows;
  } finally {
    await server.call({ op: 'close' }).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

function table(rows: ScaleRow[]): string {
  const kb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
  const lines = [
    '| books | scenario | wall | requests | CPU | peak RSS | state files | state size | notes size | state ÷ notes |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.books.toLocaleString('en-US')} | ${r.scenario} | ${(r.wallMs / 1000).toFixed(2)} s | ${r.requests.toLocaleString('en-US')} | ${r.cpuMs.toLocaleString('en-US')} ms | ${r.peakRssMB} MB | ${r.stateFiles} | ${kb(r.stateBytes)} | ${kb(r.noteBytes)} | ${(r.stateBytes / r.noteBytes).toFixed(2)} |`,
    ),
  ];
  return lines.join('\n');
}

function sizesFlag(argv: string[]): number[] {
  const i = argv.indexOf('--scale');
  const list = argv[i + 1] && !argv[i + 1]!.startsWith('--') ? argv[i + 1]! : '100,500,2000';
  return list
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

/** Each size in a child process (`--scale-child N`), so peak memory is the size's own; rows merged into results.json. */
export async function runScale(argv: string[]): Promise<void> {
  const latencyAt = argv.indexOf('--latency');
  const latencyMs = latencyAt >= 0 ? Number(argv[latencyAt + 1]) : 50;
  const childAt = argv.indexOf('--scale-child');
  if (childAt >= 0) {
    const rows = await measureSize(Number(argv[childAt + 1]), latencyMs);
    process.send?.(rows);
    return;
  }
  const resultsFile = path.join(HERE, 'results.json');
  for (const books of sizesFlag(argv)) {
    console.log(`measuring ${books} books …`);
    const rows = await new Promise<ScaleRow[]>((resolve, reject) => {
      const child = fork(path.join(HERE, 'run.ts'), ['--scale-child', String(books), '--latency', String(latencyMs)], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx', '--expose-gc'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      let got: ScaleRow[] | null = null;
      child.on('message', (m) => (got = m as ScaleRow[]));
      child.on('exit', (code) => (got ? resolve(got) : reject(new Error(`${books} books: exited ${code}`))));
    });
    // Merged after each size, so a long run that is stopped keeps the sizes it finished.
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { scale?: ScaleRow[]; scaleDate?: string };
    results.scale = [...(results.scale ?? []).filter((r) => r.books !== books), ...rows].sort(
      (a, b) => a.books - b.books,
    );
    results.scaleDate = new Date().toISOString();
    writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
    console.log(table(rows));
  }
  const all = (JSON.parse(readFileSync(resultsFile, 'utf8')) as { scale: ScaleRow[] }).scale;
  console.log('\nall sizes in bench/results.json:\n' + table(all));
}
