// Owns `npm run bench -- --scale 100,500,2000`: per library size, first sync / no-op / template change, each sync in its own plain-Node process running a bundle of the sync (bench/scale-sync.ts), the fake server in another — wall, requests, CPU, peak RSS, state files and bytes, notes bytes — merged into bench/results.json (`scale`).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { NODE_BUNDLE_OPTIONS } from '../scripts/node-bundle.mjs';
import { folderStats } from './folder-stats';
import type { SyncJob, SyncMeasure } from './scale-sync';
import type { ServerCommand, ServerStarted, ServerStats } from './server-child';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const HERE = fileURLToPath(new URL('./', import.meta.url));
/** The default library's shape per book (issue 17: 2,000 books, 240,000 highlights). */
const HIGHLIGHTS_PER_BOOK = 120;
const THOUGHTS_PER_BOOK = 20;

export interface ScaleRow {
  books: number;
  highlights: number;
  /** 'no-op, warm process': a second no-op in the process of the first, as the plugin's syncs run. */
  scenario: 'first sync' | 'no-op' | 'no-op, warm process' | 'template change';
  wallMs: number;
  requests: number;
  cpuMs: number;
  /**
   * The largest RSS of the sync's process during the scenario (sampled every 10 ms): a plain Node process running the
   * bundled sync code, one per scenario as a CLI run is; the fake server is another process.
   */
  peakRssMB: number;
  /** That process's RSS before the sync began (Node and the loaded code); absent in rows measured before it was kept. */
  startRssMB?: number;
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

/** Bundles bench/scale-sync.ts (and the sync code it imports) as the CLI is bundled, so it runs without tsx. */
async function bundleSyncProcess(dir: string): Promise<string> {
  const outfile = path.join(dir, 'scale-sync.mjs');
  await esbuild.build({
    entryPoints: [path.join(HERE, 'scale-sync.ts')],
    outfile,
    ...NODE_BUNDLE_OPTIONS,
    define: { __WEREAD_SYNC_VERSION__: JSON.stringify('bench') },
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * Syncs in a fresh plain-Node process, one after another in that process (`between` runs before each, e.g. to reset
 * the server's request log); each sync's own measure of CPU, wall and memory.
 */
async function syncsInProcess(bundle: string, jobs: SyncJob[], between: () => Promise<void>): Promise<SyncMeasure[]> {
  // No execArgv: fork would pass on this process's (tsx's loader), and the sync process is to be plain Node.
  const child = fork(bundle, [], { cwd: ROOT, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`sync process exited ${code}`))),
  );
  exited.catch(() => undefined);
  const measures: SyncMeasure[] = [];
  try {
    for (const job of jobs) {
      await between();
      const measured = new Promise<SyncMeasure>((resolve) => child.once('message', (m) => resolve(m as SyncMeasure)));
      child.send(job);
      measures.push(await Promise.race([measured, exited]));
    }
  } finally {
    child.kill();
  }
  return measures;
}

/** One library size: the three scenarios in order on one vault, each sync in its own process. */
async function measureSize(books: number, latencyMs: number, bundle: string): Promise<ScaleRow[]> {
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
    const vault = path.join(tmp, 'vault');
    const job = (template: string): SyncJob => ({
      baseUrl: lib.baseUrl,
      gatewayUrl: lib.gatewayUrl,
      cookieHeader: lib.cookieHeader,
      vault,
      template,
    });
    const rows: ScaleRow[] = [];
    /** The scenarios' syncs one after another in one fresh process; the server's request count of each. */
    const run = async (scenarios: Array<ScaleRow['scenario']>, template: string) => {
      const counted: number[] = [];
      let started = false;
      const between = async () => {
        if (started) counted.push((await server.call<ServerStats>({ op: 'stats' })).requests);
        started = true;
        await server.call({ op: 'resetLog' });
      };
      const measures = await syncsInProcess(
        bundle,
        scenarios.map(() => job(template)),
        between,
      );
      counted.push((await server.call<ServerStats>({ op: 'stats' })).requests);
      const state = folderStats(path.join(vault, '.weread-sync')); // the state and the cache: all that travels with the vault
      const notes = folderStats(path.join(vault, 'WeRead'));
      measures.forEach((m, k) => {
        const scenario = scenarios[k]!;
        if (m.failed) throw new Error(`${scenario}: ${m.failed} books failed`);
        rows.push({
          books,
          highlights: lib.highlights,
          scenario,
          wallMs: m.wallMs,
          requests: counted[k] ?? 0,
          cpuMs: m.cpuMs,
          peakRssMB: m.peakRssMB,
          startRssMB: m.startRssMB,
          stateFiles: state.files,
          stateBytes: state.bytes,
          noteFiles: notes.files,
          noteBytes: notes.bytes,
          latencyMs,
        });
      });
    };
    await run(['first sync'], 'default');
    await run(['no-op', 'no-op, warm process'], 'default');
    await run(['template change'], 'callouts');
    return rows;
  } finally {
    await server.call({ op: 'close' }).catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
  }
}

function table(rows: ScaleRow[]): string {
  const kb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
  const lines = [
    '| books | scenario | wall | requests | CPU | peak RSS | process at start | state files | state size | notes size | state ÷ notes |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.books.toLocaleString('en-US')} | ${r.scenario} | ${(r.wallMs / 1000).toFixed(2)} s | ${r.requests.toLocaleString('en-US')} | ${r.cpuMs.toLocaleString('en-US')} ms | ${r.peakRssMB} MB | ${r.startRssMB ?? '–'} MB | ${r.stateFiles} | ${kb(r.stateBytes)} | ${kb(r.noteBytes)} | ${(r.stateBytes / r.noteBytes).toFixed(2)} |`,
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

/** Each size in turn (each sync in its own process); rows merged into results.json after each size. */
export async function runScale(argv: string[]): Promise<void> {
  const latencyAt = argv.indexOf('--latency');
  const latencyMs = latencyAt >= 0 ? Number(argv[latencyAt + 1]) : 50;
  const resultsFile = path.join(HERE, 'results.json');
  const buildDir = mkdtempSync(path.join(tmpdir(), 'weread-scale-build-'));
  try {
    const bundle = await bundleSyncProcess(buildDir);
    for (const books of sizesFlag(argv)) {
      console.log(`measuring ${books} books …`);
      const rows = await measureSize(books, latencyMs, bundle);
      // Merged after each size, so a long run that is stopped keeps the sizes it finished.
      const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as { scale?: ScaleRow[]; scaleDate?: string };
      results.scale = [...(results.scale ?? []).filter((r) => r.books !== books), ...rows].sort(
        (a, b) => a.books - b.books,
      );
      results.scaleDate = new Date().toISOString();
      writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
      console.log(table(rows));
    }
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
  const all = (JSON.parse(readFileSync(resultsFile, 'utf8')) as { scale: ScaleRow[] }).scale;
  console.log('\nall sizes in bench/results.json:\n' + table(all));
}
