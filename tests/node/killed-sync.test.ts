// Issue 17's crash safety with real kills: the built CLI killed (SIGKILL) at moments spread over a sync, mid note write and mid state write, leaves a vault and state the next sync completes from — every note once, no reader line lost, leftovers swept, then settled.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncState } from '../../src/core/sync/state-store';
import { CACHE_SHARDS } from '../../src/core/weread/compact-cache';
import { parseFrontmatter } from '../../src/core/render/frontmatter';
import { FsKeyValueStore } from '../../src/node/fs-store';
import { generateLibrary } from '../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin', 'weread-sync.mjs');
const BOOKS = 30;
/** When each killed run is killed, ms after it started: spread from Node's start-up to past the end of a sync. */
const KILL_AFTER_MS = [150, 250, 350, 450, 550, 700, 900, 1200];

let fake: FakeWeRead;
let vault: string;

beforeAll(async () => {
  // npm test builds the CLI before vitest; run alone, build it if it is missing.
  if (!existsSync(path.join(REPO, 'dist', 'cli.mjs')))
    execFileSync(process.execPath, ['esbuild.cli.mjs'], { cwd: REPO, stdio: 'pipe' });
  fake = await startFakeWeRead({
    books: generateLibrary({ books: BOOKS, highlightsPerBook: 40, thoughtsPerBook: 6, seed: 17 }),
    latencyMs: 3,
  });
  vault = mkdtempSync(path.join(tmpdir(), 'weread-killed-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(vault, { recursive: true, force: true });
});

/** Runs the built CLI; with `killAfterMs`, SIGKILLs it then. Resolves with how it ended and what it printed. */
function runCli(killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  const args = [BIN, 'sync', '--vault', vault, '--json', '--base-url', fake.baseUrl, '--gateway-url', fake.gatewayUrl];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, LANG: 'en_US.UTF-8', WEREAD_COOKIE: fake.cookieHeader },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    }),
  );
}

const notesDir = () => path.join(vault, 'WeRead');
const stateDir = () => path.join(vault, '.weread-sync', 'state');
const noteFiles = () =>
  existsSync(notesDir())
    ? readdirSync(notesDir(), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'))
    : [];

describe('a sync killed at any moment', () => {
  it('leaves a vault and state the next sync completes from: every note once, no reader line lost, settled', async () => {
    const readerLines: Array<{ file: string; line: string }> = [];
    const bookIds = fake.library.bookIds();
    let killedMidRun = 0;
    for (const [round, killAfterMs] of KILL_AFTER_MS.entries()) {
      // New work for every run: highlights on a few books, and a line of the reader's in a note already there.
      for (const id of bookIds.slice((round * 4) % BOOKS, ((round * 4) % BOOKS) + 4))
        fake.library.addHighlight(id, { markText: `第 ${round} 轮新划线 ${id}` });
      const existing = noteFiles();
      if (existing.length > 0) {
        const file = existing[round % existing.length]!;
        const line = `读者在第 ${round} 轮写的一行`;
        writeFileSync(path.join(notesDir(), file), readFileSync(path.join(notesDir(), file), 'utf8') + `\n${line}\n`);
        readerLines.push({ file, line });
      }
      const run = await runCli(killAfterMs);
      if (run.signal === 'SIGKILL') killedMidRun++;
    }
    expect(killedMidRun, 'some runs were killed before they finished').toBeGreaterThan(2);

    // What the killed runs left (temp files, locks) is swept by the next run once it is old or its process is gone:
    // age it as if the killed runs were a few minutes ago, and give the last run a note to write.
    const leftovers = () =>
      readdirSync(vault, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(tmp|lock)$/.test(f));
    const minutesAgo = new Date(Date.now() - 5 * 60_000);
    for (const f of leftovers()) utimesSync(path.join(vault, f), minutesAgo, minutesAgo);
    fake.library.addHighlight(bookIds[0]!, { markText: '最后一轮新划线' });
    const finished = await runCli();
    expect(finished.code).toBe(0);
    const report = JSON.parse(finished.out) as { totals: { failed: number } };
    expect(report.totals.failed).toBe(0);

    // Every state file is whole and the state loads, naming every book; no lock is left behind.
    for (const file of readdirSync(stateDir()).filter((f) => f.endsWith('.json'))) {
      const bytes = readFileSync(path.join(stateDir(), file));
      const text = bytes[0] === 0x1f ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
      expect(() => JSON.parse(text) as unknown, file).not.toThrow();
    }
    expect(leftovers()).toEqual([]);
    // The cache travels with the state: a few shard files too, not one or two per book.
    const cacheFiles = readdirSync(path.join(vault, '.weread-sync', 'cache'));
    expect(cacheFiles.length).toBeGreaterThan(0);
    expect(cacheFiles.length).toBeLessThanOrEqual(CACHE_SHARDS);
    const state = await SyncState.load(new FsKeyValueStore(stateDir()), { readOnly: true });
    expect(Object.keys(state.index.books).sort()).toEqual([...bookIds].sort());

    // One note per book, every highlight added during the kills in its note, every reader line exactly once.
    const notes = noteFiles().map((f) => readFileSync(path.join(notesDir(), f), 'utf8'));
    const ids = notes.map((text) => String(parseFrontmatter(text).bookId));
    expect(ids.sort()).toEqual([...bookIds].sort());
    const all = notes.join('\n');
    for (const [round] of KILL_AFTER_MS.entries())
      for (const id of bookIds.slice((round * 4) % BOOKS, ((round * 4) % BOOKS) + 4))
        expect(all, `highlight of round ${round} on ${id}`).toContain(`第 ${round} 轮新划线 ${id}`);
    for (const { file, line } of readerLines)
      expect(readFileSync(path.join(notesDir(), file), 'utf8').split(line).length - 1, line).toBe(1);

    // Settled: with nothing new, a sync writes nothing and asks one request.
    const again = await runCli();
    const settled = JSON.parse(again.out) as { totals: { created: number; updated: number }; requests: number };
    expect(settled.totals.created + settled.totals.updated).toBe(0);
    expect(settled.requests).toBe(1);
  }, 120_000);
});
