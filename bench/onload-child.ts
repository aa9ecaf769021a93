// Owns the plugin-onload measurement: loads the built main.js in a bare vm context on the fake Obsidian app (as tests/bundle does) and times evaluation and onload; run in its own process so the fake DOM globals stay out of the sync benchmark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import * as fakeObsidian from '../tests/fakes/obsidian';
import { mobileContext } from '../tests/bundle/mobile-context';
import { DEFAULT_SETTINGS } from '../src/core/settings/settings';

export interface OnloadResult {
  /** Evaluating main.js in a fresh context, ms (first run: cold). */
  evalMs: number;
  /** `await plugin.load()` (onload), ms, first run. */
  onloadMs: number;
  /** Median of the warm runs after the first. */
  warmEvalMs: number;
  warmOnloadMs: number;
  runs: number;
  /** requestUrl calls during onload (budget: 0). */
  requestsDuringOnload: number;
  /** Vault reads and file listings during onload (budget: 0; the vault holds `notesInVault` notes). */
  vaultReadsDuringOnload: number;
  vaultListingsDuringOnload: number;
  notesInVault: number;
  /** requestUrl calls started within 2 s of layout ready (sync starts there; > 0 shows it does). */
  requestsAfterLayoutReady: number;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
}

async function measureOnce(code: string, manifest: { id: string }, notes: number) {
  fakeObsidian.resetFakeObsidian();
  const app = new fakeObsidian.FakeApp();
  for (let i = 0; i < notes; i++) {
    app.vault.seed(
      `WeRead/Book ${i}.md`,
      `---\nbookId: "${30000000 + i}"\n---\n# Book ${i}\n\n> a highlight ^wr-${i}\n`,
    );
  }
  const dir = `${app.vault.configDir}/plugins/${manifest.id}`;
  await app.vault.adapter.mkdir(dir);
  // An address nothing listens on: a request during onload would show in the log and fail fast.
  await app.vault.adapter.write(
    `${dir}/data.json`,
    JSON.stringify({ ...DEFAULT_SETTINGS, baseUrl: 'http://127.0.0.1:9', gatewayUrl: 'http://127.0.0.1:9/gw' }),
  );
  app.secretStorage.setSecret('weread-cookie', 'wr_vid=1; wr_skey=bench');

  const counts = { reads: 0, listings: 0 };
  const vault = app.vault as any;
  for (const name of ['read', 'cachedRead']) {
    const original = vault[name].bind(vault);
    vault[name] = (...args: unknown[]) => (counts.reads++, original(...args));
  }
  for (const name of ['getMarkdownFiles', 'getFiles', 'getAllLoadedFiles']) {
    const original = vault[name].bind(vault);
    vault[name] = (...args: unknown[]) => (counts.listings++, original(...args));
  }

  const { context, module } = mobileContext();
  const t0 = performance.now();
  vm.runInContext(code, context, { filename: 'main.js' });
  const evalMs = performance.now() - t0;
  const PluginClass = module.exports.default ?? module.exports;
  const plugin = new PluginClass(app.asApp(), manifest);
  const t1 = performance.now();
  await fakeObsidian.loadPlugin(plugin);
  const onloadMs = performance.now() - t1;
  const requestsDuringOnload = fakeObsidian.requestLog.length;
  const reads = counts.reads;
  const listings = counts.listings;
  // Not awaited: the fake awaits the layout-ready callbacks, and the sync they start retries the dead address for seconds.
  const layoutReady = app.triggerLayoutReady();
  // Sync starts on layout ready: wait (up to 2 s) for its first request, then unload, which cancels it.
  for (let waited = 0; waited < 2000 && fakeObsidian.requestLog.length === requestsDuringOnload; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const requestsAfterLayoutReady = fakeObsidian.requestLog.length - requestsDuringOnload;
  await fakeObsidian.unloadPlugin(plugin);
  await layoutReady.catch(() => undefined);
  return { evalMs, onloadMs, requestsDuringOnload, reads, listings, requestsAfterLayoutReady };
}

export async function measureOnload(mainJsPath: string, runs = 5, notes = 500): Promise<OnloadResult> {
  const code = readFileSync(mainJsPath, 'utf8');
  const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as { id: string };
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await measureOnce(code, manifest, notes));
  const first = results[0]!;
  const warm = results.slice(1);
  return {
    evalMs: first.evalMs,
    onloadMs: first.onloadMs,
    warmEvalMs: median(warm.map((r) => r.evalMs)),
    warmOnloadMs: median(warm.map((r) => r.onloadMs)),
    runs,
    requestsDuringOnload: Math.max(...results.map((r) => r.requestsDuringOnload)),
    vaultReadsDuringOnload: Math.max(...results.map((r) => r.reads)),
    vaultListingsDuringOnload: Math.max(...results.map((r) => r.listings)),
    notesInVault: notes,
    requestsAfterLayoutReady: first.requestsAfterLayoutReady,
  };
}

// Run as a child of bench/run.ts: argv[2] = path to main.js; the result goes back over IPC (or stdout).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const mainJs = process.argv[2] ?? join(ROOT, 'main.js');
  measureOnload(mainJs).then(
    (result) => {
      if (process.send) process.send({ ok: true, value: result }, () => process.exit(0));
      else {
        console.log(JSON.stringify(result));
        process.exit(0);
      }
    },
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (process.send) process.send({ ok: false, error: message }, () => process.exit(1));
      else {
        console.error(message);
        process.exit(1);
      }
    },
  );
}
