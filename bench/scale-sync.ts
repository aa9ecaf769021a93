// Owns one measured sync of `npm run bench -- --scale`: bundled by bench/scale.ts and run by plain Node, one process per scenario (as a CLI run under cron), reporting its own CPU, wall and peak RSS over IPC.
import { memoryCredentials } from './memory-credentials';
import { runWeReadSync, type ServicePorts } from '../src/core/service';
import { DEFAULT_SETTINGS, type Settings } from '../src/core/settings/settings';
import { createNodeHttp } from '../src/node/node-http';
import { vaultStores } from '../src/node/vault-stores';
import { preferSmallHeap } from '../src/node/heap';

/** What bench/scale.ts sends: where the fake server and the vault are, and which settings to sync with. */
export interface SyncJob {
  baseUrl: string;
  gatewayUrl: string;
  /** The fake's own test cookie; never printed. */
  cookieHeader: string;
  vault: string;
  template: string;
}

/** What the process measured of its one sync. */
export interface SyncMeasure {
  wallMs: number;
  cpuMs: number;
  /** RSS of the process before the sync: Node and the loaded code. */
  startRssMB: number;
  /** The largest RSS during the sync (sampled every 10 ms, and at the end). */
  peakRssMB: number;
  failed: number;
}

async function measure(job: SyncJob): Promise<SyncMeasure> {
  const credentials = memoryCredentials(job.cookieHeader);
  const ports: ServicePorts = {
    http: createNodeHttp(),
    // As the CLI lays a vault out (its scan cache and the checks that nothing is written outside the vault included).
    ...vaultStores(job.vault),
    credentials,
    trustedOrigins: () => [job.baseUrl, job.gatewayUrl],
  };
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    baseUrl: job.baseUrl,
    gatewayUrl: job.gatewayUrl,
    template: job.template,
  };
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await runWeReadSync(ports, settings);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  // A failed book fails the measure; say which and why (the reason is already redacted by the engine).
  for (const b of report.books.filter((r) => r.status === 'failed'))
    console.error(`failed: ${b.bookId} ${b.errorKind ?? ''} ${b.error ?? ''}`);
  return {
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    startRssMB: Math.round(startRss / 2 ** 20),
    peakRssMB: Math.round(peak / 2 ** 20),
    failed: report.totals.failed,
  };
}

// One measured sync per job message, in this one process (a second job is a sync in a warm process, as the
// plugin's are); the parent ends the process when it has what it wants.
// As the weread-sync command does at start-up.
preferSmallHeap();
process.on('message', (job: SyncJob) => {
  measure(job).then(
    (m) => process.send?.(m),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
});
