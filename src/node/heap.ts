/** The CLI process's heap tuning: V8 grows the heap by a smaller factor, so a long sync holds less garbage. */
import { setFlagsFromString } from 'node:v8';

/**
 * By default V8 lets the heap grow up to about four times what is live before collecting, and a 2,000-book first sync
 * (about 40 MB live) then peaks near 300 MB of memory. Growing by half (`--heap-growing-percent=50`, read by V8 at each
 * collection, so it takes effect when set at start-up) brings that peak to about 220 MB at the same CPU time; measured
 * by `npm run bench -- --scale`. A flag the user gave (NODE_OPTIONS) wins.
 */
export function preferSmallHeap(execArgv: readonly string[] = process.execArgv, env = process.env): void {
  const given = [...execArgv, env.NODE_OPTIONS ?? ''].some((a) => a.includes('heap-growing-percent'));
  if (!given) setFlagsFromString('--heap-growing-percent=50');
}
