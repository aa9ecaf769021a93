// The filesystem NoteStore and KeyValueStore: atomic writes into real temp folders, listing, block-link search, key files.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { STALE_LOCK_MS } from '../../src/node/file-lock';
import { FsKeyValueStore, FsNoteStore } from '../../src/node/fs-store';
import { LEFTOVER_TEMP_MS } from '../../src/node/safe-fs';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'fs-store-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('FsNoteStore', () => {
  it('writes whole files into new folders and leaves no temp file behind', async () => {
    const store = new FsNoteStore(root);
    await store.write('WeRead/计算机/深度学习.md', '第一版\n');
    await store.write('WeRead/计算机/深度学习.md', '第二版\n');
    expect(readFileSync(path.join(root, 'WeRead/计算机/深度学习.md'), 'utf8')).toBe('第二版\n');
    expect(readdirSync(path.join(root, 'WeRead/计算机'))).toEqual(['深度学习.md']);
    expect(await store.read('WeRead/计算机/深度学习.md')).toBe('第二版\n');
    expect(await store.read('WeRead/none.md')).toBeNull();
    expect(await store.exists('WeRead/计算机/深度学习.md')).toBe(true);
  });

  it('writes again into a folder removed since the last write', async () => {
    const store = new FsNoteStore(root);
    await store.write('A/x.md', '1');
    rmSync(path.join(root, 'A'), { recursive: true });
    await store.write('A/x.md', '2');
    expect(readFileSync(path.join(root, 'A/x.md'), 'utf8')).toBe('2');
  });

  it('a failed write leaves the old file intact', async () => {
    const store = new FsNoteStore(root);
    await store.write('n.md', 'old');
    mkdirSync(path.join(root, 'dir.md'));
    await expect(store.write('dir.md', 'x')).rejects.toThrow();
    expect(readFileSync(path.join(root, 'n.md'), 'utf8')).toBe('old');
    expect(readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses paths outside the vault', async () => {
    const store = new FsNoteStore(root);
    await expect(store.write('../escape.md', 'x')).rejects.toThrow(/outside the vault/);
    expect(existsSync(path.join(root, '..', 'escape.md'))).toBe(false);
  });

  it('lists Markdown files recursively, skipping dot folders', async () => {
    const store = new FsNoteStore(root);
    for (const f of [
      'WeRead/a.md',
      'WeRead/sub/b.md',
      'WeRead/c.txt',
      'WeRead/.hidden/d.md',
      '.weread-sync/e.md',
      'Other/f.md',
    ]) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), '');
    }
    expect(await store.listMarkdown('WeRead')).toEqual(['WeRead/a.md', 'WeRead/sub/b.md']);
    expect(await store.listMarkdown('')).toEqual(['Other/f.md', 'WeRead/a.md', 'WeRead/sub/b.md']);
    expect(await store.listMarkdown('Missing')).toEqual([]);
  });

  it('finds block ids that notes link to or embed', async () => {
    const store = new FsNoteStore(root);
    await store.write('Daily/1.md', '见 [[Python深度学习#^26211849-15-1826-1988]] 和 ![[三体#^695233-1-2|别名]]\n');
    await store.write('WeRead/x.md', '- 📌 text ^26211849-15-3297-3374\n');
    const found = await store.linkedBlockIds(['26211849-15-1826-1988', '695233-1-2', '26211849-15-3297-3374']);
    expect([...found].sort()).toEqual(['26211849-15-1826-1988', '695233-1-2']);
    expect(await store.linkedBlockIds([])).toEqual(new Set());
  });
});

describe('FsKeyValueStore', () => {
  it('keeps one JSON file per key, with keys that can never make paths', async () => {
    const kv = new FsKeyValueStore(path.join(root, '.weread-sync'));
    expect(await kv.get('index')).toBeNull();
    await kv.set('index', '{"a":1}');
    await kv.set('../book/CB_x~1', 'v');
    expect(await kv.get('index')).toBe('{"a":1}');
    expect(await kv.get('../book/CB_x~1')).toBe('v');
    expect(readdirSync(path.join(root, '.weread-sync')).sort()).toEqual(['..%2fbook%2fCB_x%7e1.json', 'index.json']);
    await kv.delete('index');
    await kv.delete('index');
    expect(await kv.get('index')).toBeNull();
  });
});

describe('FsKeyValueStore compression', () => {
  it('writes setCompressed values as gzip under the same name, reads plain and gzip alike, and a damaged one as none', async () => {
    const dir = path.join(root, '.weread-sync-z');
    const kv = new FsKeyValueStore(dir);
    const text = JSON.stringify({
      rows: Array.from({ length: 200 }, (_, i) => ({ chapter: i % 7, text: '同一段话' })),
    });
    await kv.setCompressed('data-0', text);
    const onDisk = readFileSync(path.join(dir, 'data-0.json'));
    expect([onDisk[0], onDisk[1]]).toEqual([0x1f, 0x8b]);
    expect(onDisk.length).toBeLessThan(Buffer.byteLength(text) / 4);
    expect(await kv.get('data-0')).toBe(text);
    // A plain value written by an older version (or by set) still loads.
    writeFileSync(path.join(dir, 'data-1.json'), text);
    expect(await kv.get('data-1')).toBe(text);
    // Half a gzip stream fails its check: as good as no state.
    writeFileSync(path.join(dir, 'data-2.json'), onDisk.subarray(0, Math.floor(onDisk.length / 2)));
    expect(await kv.get('data-2')).toBeNull();
    expect(readdirSync(dir).sort()).toEqual(['data-0.json', 'data-1.json', 'data-2.json']);
    // Bytes in and out (state shards): gzip on disk, the same UTF-8 back, and readable as text too.
    const utf8 = new TextEncoder().encode(text);
    await kv.setCompressedBytes('data-3', [utf8.subarray(0, 5), utf8.subarray(5)]);
    expect([...readFileSync(path.join(dir, 'data-3.json')).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(new Uint8Array((await kv.getBytes('data-3'))!)).toEqual(utf8);
    expect(await kv.get('data-3')).toBe(text);
    expect(new Uint8Array((await kv.getBytes('data-1'))!)).toEqual(utf8);
    expect(await kv.getBytes('data-2')).toBeNull();
  });
});

describe('FsKeyValueStore.exclusive (the per-key write lock of a shared state folder)', () => {
  const lockOf = (dir: string, key: string) => path.join(dir, `${key}.json.lock`);

  it('runs one holder at a time per key, and removes its lock afterwards', async () => {
    const dir = path.join(root, 'state');
    const [a, b] = [new FsKeyValueStore(dir), new FsKeyValueStore(dir)];
    const order: string[] = [];
    const hold = (who: string) => async () => {
      order.push(`${who} in`);
      await new Promise((r) => setTimeout(r, 30));
      order.push(`${who} out`);
    };
    await Promise.all([a.exclusive('data-1', hold('a')), b.exclusive('data-1', hold('b'))]);
    // Whichever got the lock first, the other entered only after it left.
    const first = order[0]!.split(' ')[0]!;
    const second = first === 'a' ? 'b' : 'a';
    expect(order).toEqual([`${first} in`, `${first} out`, `${second} in`, `${second} out`]);
    expect(existsSync(lockOf(dir, 'data-1'))).toBe(false);
    // Other keys do not wait for each other.
    await Promise.all([a.exclusive('data-2', hold('x')), b.exclusive('data-3', hold('y'))]);
    expect(order.slice(4, 6).sort()).toEqual(['x in', 'y in']);
  });

  it('waits while another process holds a fresh lock, and takes over a stale one', async () => {
    const dir = path.join(root, 'state');
    mkdirSync(dir, { recursive: true });
    const store = new FsKeyValueStore(dir);
    writeFileSync(lockOf(dir, 'index'), 'another process');
    setTimeout(() => rmSync(lockOf(dir, 'index')), 80);
    const started = Date.now();
    await store.exclusive('index', async () => {
      expect(readFileSync(lockOf(dir, 'index'), 'utf8')).not.toBe('another process');
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    // A lock left by a process that died (older than STALE_LOCK_MS) is taken over at once, and removed after.
    writeFileSync(lockOf(dir, 'index'), 'a process that died');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockOf(dir, 'index'), old, old);
    let ran = false;
    await store.exclusive('index', async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(existsSync(lockOf(dir, 'index'))).toBe(false);
  });

  it('takes over at once a lock whose process on this machine is gone (a killed sync)', async () => {
    const dir = path.join(root, 'state');
    mkdirSync(dir, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(lockOf(dir, 'data-4'), JSON.stringify({ host: hostname(), pid: gone, nonce: 'x' }));
    const started = Date.now();
    await new FsKeyValueStore(dir).exclusive('data-4', async () => undefined);
    expect(Date.now() - started).toBeLessThan(STALE_LOCK_MS / 2);
    expect(existsSync(lockOf(dir, 'data-4'))).toBe(false);
    // A live holder (this very process) is waited for, not taken over.
    writeFileSync(lockOf(dir, 'data-4'), JSON.stringify({ host: hostname(), pid: process.pid, nonce: 'y' }));
    setTimeout(() => rmSync(lockOf(dir, 'data-4')), 80);
    const waited = Date.now();
    await new FsKeyValueStore(dir).exclusive('data-4', async () => undefined);
    expect(Date.now() - waited).toBeGreaterThanOrEqual(60);
  });

  it('releases the lock when the work fails', async () => {
    const dir = path.join(root, 'state');
    const store = new FsKeyValueStore(dir);
    await expect(store.exclusive('data-0', () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('leftovers of a killed run', () => {
  const age = (file: string, ms: number) => {
    const then = new Date(Date.now() - ms);
    utimesSync(file, then, then);
  };

  it('old temp files are swept at the first write into their folder; fresh ones and other files stay', async () => {
    const dir = path.join(root, 'WeRead');
    mkdirSync(dir);
    const old = path.join(dir, '.书.md.0123456789ab.tmp');
    const fresh = path.join(dir, '.书.md.ba9876543210.tmp');
    const readers = path.join(dir, '.my-notes.tmp');
    for (const f of [old, fresh, readers]) writeFileSync(f, 'half');
    age(old, LEFTOVER_TEMP_MS * 2);
    age(readers, LEFTOVER_TEMP_MS * 2);
    await new FsNoteStore(root).write('WeRead/书.md', '全文\n');
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(readers)).toBe(true);
  });

  it('a state folder is swept of old temp files and dead holders’ locks when the store is first used', async () => {
    const dir = path.join(root, 'state');
    mkdirSync(dir);
    const temp = path.join(dir, '.data-1.json.0123456789ab.tmp');
    writeFileSync(temp, 'half');
    age(temp, LEFTOVER_TEMP_MS * 2);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(path.join(dir, 'data-1.json.lock'), JSON.stringify({ host: hostname(), pid: gone, nonce: 'x' }));
    writeFileSync(
      path.join(dir, 'data-2.json.lock'),
      JSON.stringify({ host: hostname(), pid: process.pid, nonce: 'y' }),
    );
    expect(await new FsKeyValueStore(dir).get('index')).toBeNull();
    expect(readdirSync(dir)).toEqual(['data-2.json.lock']);
  });
});
