// Files and bytes under a folder, for the benchmark's state and notes sizes.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Files and bytes under a folder (recursive); none when it does not exist. */
export function folderStats(dir: string): { files: number; bytes: number } {
  const out = { files: 0, bytes: 0 };
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = folderStats(full);
      out.files += sub.files;
      out.bytes += sub.bytes;
    } else {
      out.files++;
      out.bytes += statSync(full).size;
    }
  }
  return out;
}
