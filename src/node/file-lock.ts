/** Short write locks on files (O_EXCL lock files) for processes sharing one state folder: a read-merge-write of one key at a time. */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { errorCode } from './safe-fs';

/**
 * A lock older than this was left by a process that died (or carried by a file sync): it is taken over. A holder
 * keeps it only while it reads, merges and writes one state file, well under a second even for a 2,000-book shard.
 */
export const STALE_LOCK_MS = 10_000;

/** What a lock file holds: who holds it (host and pid, so a dead holder on this machine is seen at once) and a nonce. */
function lockToken(): string {
  return JSON.stringify({ host: hostname(), pid: process.pid, nonce: randomUUID() });
}

/** The holder is a process of this machine that is gone (killed, crashed): its lock need not age first. */
function heldByDeadProcess(token: string): boolean {
  try {
    const { host, pid } = JSON.parse(token) as { host?: unknown; pid?: unknown };
    if (host !== hostname() || typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // ESRCH: no such process. EPERM: it exists (another user's); unreadable or foreign tokens fall through as alive.
    return errorCode(e) === 'ESRCH';
  }
}

async function isStale(lockFile: string, now: number): Promise<boolean> {
  try {
    if (now - (await fs.stat(lockFile)).mtimeMs > STALE_LOCK_MS) return true;
    return heldByDeadProcess(await fs.readFile(lockFile, 'utf8'));
  } catch (e) {
    // Gone meanwhile: free, try again.
    if (errorCode(e) === 'ENOENT') return true;
    throw e;
  }
}

/** Creates the lock file or says it is held; makes the folder on first use. */
async function tryCreate(lockFile: string, token: string): Promise<boolean> {
  try {
    await fs.writeFile(lockFile, token, { flag: 'wx' });
    return true;
  } catch (e) {
    if (errorCode(e) === 'ENOENT') {
      await fs.mkdir(path.dirname(lockFile), { recursive: true });
      return tryCreate(lockFile, token);
    }
    if (errorCode(e) === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Runs `work` holding `lockFile`: waits (a few ms at a time) while another process holds it, takes over a stale one
 * (old, or held by a process of this machine that is gone), and removes it afterwards only if it is still this
 * holder's (a taken-over lock is not the taker's to remove).
 */
export async function withFileLock<T>(lockFile: string, work: () => Promise<T>): Promise<T> {
  const token = lockToken();
  for (let wait = 2; !(await tryCreate(lockFile, token)); wait = Math.min(wait * 2, 100)) {
    if (await isStale(lockFile, Date.now())) await fs.rm(lockFile, { force: true });
    else await delay(wait);
  }
  try {
    return await work();
  } finally {
    const holder = await fs.readFile(lockFile, 'utf8').catch(() => null);
    if (holder === token) await fs.rm(lockFile, { force: true });
  }
}

/** Removes the `*.lock` files in `dir` whose holders are gone (or that are old); best effort. */
export async function sweepStaleLocks(dir: string): Promise<void> {
  try {
    const now = Date.now();
    for (const name of await fs.readdir(dir))
      if (name.endsWith('.lock') && (await isStale(path.join(dir, name), now)))
        await fs.rm(path.join(dir, name), { force: true });
  } catch {
    // A folder that is gone or unreadable has nothing to sweep.
  }
}
