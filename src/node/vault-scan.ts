/** The CLI's look for book notes anywhere in a vault: frontmatter of every Markdown file, cached by modification time. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseNote } from '../core/render/frontmatter';
import { noteKeyOfFrontmatter } from '../core/sync/identity';
import { writeFileAtomic } from './fs-store';

/** Only a note's head is read: frontmatter longer than this is not a book note's. */
const HEAD_BYTES = 16 * 1024;
const CACHE_VERSION = 1;

/** What the scan learnt of one file, valid while its modification time and size stay. */
interface ScanEntry {
  mtimeMs: number;
  size: number;
  key: string | null;
}

interface ScanCache {
  version: number;
  files: Record<string, ScanEntry>;
}

/** The note key a note's head names, or null. */
function keyOfHead(head: string): string | null {
  if (!head.startsWith('---') || head.indexOf('bookId') < 0) return null;
  const end = /\r?\n---[^\S\r\n]*(?:\r?\n|$)/.exec(head.slice(3));
  if (!end) return null;
  try {
    return noteKeyOfFrontmatter(parseNote(head.slice(0, 3 + end.index + end[0].length)).data);
  } catch {
    return null;
  }
}

async function readHead(file: string): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return new TextDecoder().decode(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** Every Markdown file of the vault, vault-relative; dot folders (config, state, .git, .trash) and links are skipped. */
async function markdownFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) out.push(child);
    }
  };
  await walk('');
  return out.sort();
}

async function loadCache(file: string | undefined): Promise<ScanCache> {
  if (!file) return { version: CACHE_VERSION, files: {} };
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as ScanCache;
    if (parsed.version === CACHE_VERSION && parsed.files && typeof parsed.files === 'object') return parsed;
  } catch {
    // Missing or damaged: the scan starts afresh (the cache only saves reads).
  }
  return { version: CACHE_VERSION, files: {} };
}

/**
 * Book notes anywhere in the vault by note key → vault-relative paths. A file is read (its head only) when it is new
 * or its modification time or size changed since the cached scan; the cache is rewritten when anything changed.
 */
export async function scanVaultNotes(root: string, cacheFile?: string): Promise<Map<string, string[]>> {
  const cache = await loadCache(cacheFile);
  const next: ScanCache = { version: CACHE_VERSION, files: {} };
  let changed = false;
  const byKey = new Map<string, string[]>();
  for (const rel of await markdownFiles(root)) {
    const full = path.join(root, ...rel.split('/'));
    let stat;
    try {
      stat = await fs.stat(full);
    } catch {
      continue;
    }
    let entry = cache.files[rel];
    if (!entry || entry.mtimeMs !== stat.mtimeMs || entry.size !== stat.size) {
      entry = { mtimeMs: stat.mtimeMs, size: stat.size, key: keyOfHead(await readHead(full)) };
      changed = true;
    }
    next.files[rel] = entry;
    if (entry.key !== null) byKey.set(entry.key, [...(byKey.get(entry.key) ?? []), rel]);
  }
  if (Object.keys(cache.files).length !== Object.keys(next.files).length) changed = true;
  if (cacheFile && changed) {
    await fs.mkdir(path.dirname(cacheFile), { recursive: true });
    await writeFileAtomic(cacheFile, JSON.stringify(next));
  }
  return byKey;
}
