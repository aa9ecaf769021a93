/** Writing files without being led astray: real paths (symlinks resolved) kept inside a root, secret files written atomically with mode 0600 and never through a symlink. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** A write that would land outside the folder it belongs to (through `..` or a symlink), or through a symlink. */
export class UnsafeWriteError extends Error {
  override readonly name = 'UnsafeWriteError';
  readonly kind = 'unsafe-path';
}

/** The system error code (ENOENT, EEXIST …) of a thrown value, if it has one. */
export function errorCode(e: unknown): string | undefined {
  return (e as { code?: string } | null)?.code;
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

/** The real path of `target`: of the file if it exists, else of its deepest existing folder plus the rest. */
async function realPathOf(target: string): Promise<string> {
  let existing = target;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(await fs.realpath(existing), ...rest.reverse());
    } catch (e) {
      if (errorCode(e) !== 'ENOENT' && errorCode(e) !== 'ENOTDIR') throw e;
      const parent = path.dirname(existing);
      if (parent === existing) return target;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

/**
 * Throws UnsafeWriteError unless `target`, with every symlink resolved, stays inside `root` (also resolved).
 * A symlinked notes or state folder that points out of the vault is refused; one that points inside is fine.
 */
export async function assertRealPathInside(root: string, target: string): Promise<void> {
  const realRoot = await realPathOf(path.resolve(root));
  const real = await realPathOf(path.resolve(target));
  if (!isInside(real, realRoot)) {
    throw new UnsafeWriteError(`Refusing to write "${target}": it leads outside "${root}" (to "${real}")`);
  }
}

/** writeFileAtomic's temp files: `.<name>.<12 hex>.tmp`. */
const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;
/** A temp file older than this was left by a process killed mid-write: a write takes far less. */
export const LEFTOVER_TEMP_MS = 60_000;

/** Removes the temp files a killed process left in `dir`; best effort (a sweep never fails a sync). */
export async function sweepLeftoverTemps(dir: string, now = Date.now()): Promise<void> {
  try {
    for (const name of await fs.readdir(dir)) {
      if (!TEMP_FILE.test(name)) continue;
      const file = path.join(dir, name);
      if (now - (await fs.lstat(file)).mtimeMs > LEFTOVER_TEMP_MS) await fs.rm(file, { force: true });
    }
  } catch {
    // A folder that is gone or unreadable has nothing to sweep.
  }
}

/**
 * Writes `content` to `file` whole or not at all: a temp file in the same folder, then rename over the target. With
 * `knownDirs` (a store's folders written so far) and `sweep`, the first write into a folder also sweeps it of old
 * temp files.
 */
export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array,
  opts: { knownDirs?: Set<string>; mode?: number; sweep?: boolean } = {},
): Promise<void> {
  const { knownDirs, mode } = opts;
  const dir = path.dirname(file);
  const known = knownDirs?.has(dir) ?? false;
  if (!known) {
    await fs.mkdir(dir, { recursive: true });
    if (opts.sweep) await sweepLeftoverTemps(dir);
  }
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx': the temp name is new, never an existing file or a symlink planted there.
    await fs.writeFile(tmp, content, { encoding: 'utf8', flag: 'wx', mode: mode ?? 0o666 });
    if (mode !== undefined) await fs.chmod(tmp, mode);
    await fs.rename(tmp, file);
    knownDirs?.add(dir);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    if (known && errorCode(e) === 'ENOENT') {
      // The folder was removed since we last wrote there: make it again, once.
      knownDirs!.delete(dir);
      return writeFileAtomic(file, content, opts);
    }
    throw e;
  }
}

/**
 * Writes a credential file (the CLI's `--cookie-file`): refused when the path is a symlink (it would redirect the
 * secret), otherwise written atomically (temp file + rename, so a crash never leaves half a cookie) with mode 0600
 * (owner only), whatever the old file's mode was.
 */
export async function writeSecretFile(file: string, content: string): Promise<void> {
  try {
    const stat = await fs.lstat(file);
    if (stat.isSymbolicLink()) throw new UnsafeWriteError(`Refusing to write the cookie through the symlink "${file}"`);
    if (!stat.isFile()) throw new UnsafeWriteError(`Refusing to write the cookie: "${file}" is not a regular file`);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw e;
  }
  await writeFileAtomic(file, content, { mode: 0o600 });
}
