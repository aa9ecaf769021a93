// The WeRead client's cache as a few shard files: many entries in at most CACHE_SHARDS files, written a few hundred at a time and at flush, merged per key with the disk, the older one-file-per-entry layout dropped, a damaged shard read as empty.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataAdapter } from 'obsidian';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHE_SHARDS, cacheShardKey, CompactCache } from '../../../src/core/weread/compact-cache';
import { FsKeyValueStore } from '../../../src/node/fs-store';
import { AdapterKeyValueStore, pluginDataDir } from '../../../src/obsidian/data-store';
import { FakeApp } from '../../fakes/obsidian';

let dir: string;
beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(tmpdir(), 'weread-cache-')), 'cache');
});
afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

const files = () => readdirSync(dir).sort();
const shardFiles = Array.from({ length: CACHE_SHARDS }, (_, i) => `${cacheShardKey(i)}.json`).sort();

describe('CompactCache', () => {
  it('keeps thousands of entries in at most a few files, and reads them back in a later run', async () => {
    const cache = new CompactCache(new FsKeyValueStore(dir));
    for (let n = 0; n < 2000; n++) {
      await cache.set(`weread/info/${n}`, JSON.stringify({ title: `书 ${n}` }));
      await cache.set(`weread/chapters/${n}`, JSON.stringify({ chapters: [n] }));
    }
    await cache.flush();
    expect(files()).toEqual(shardFiles);
    const later = new CompactCache(new FsKeyValueStore(dir));
    expect(JSON.parse((await later.get('weread/info/1234'))!)).toEqual({ title: '书 1234' });
    expect(await later.get('weread/info/2000')).toBeNull();
    await later.delete('weread/info/1234');
    await later.flush();
    expect(await new CompactCache(new FsKeyValueStore(dir)).get('weread/info/1234')).toBeNull();
    expect(await new CompactCache(new FsKeyValueStore(dir)).get('weread/info/1233')).not.toBeNull();
  });

  it('writes while a long sync runs (every few hundred entries), not only at the end', async () => {
    const cache = new CompactCache(new FsKeyValueStore(dir));
    for (let n = 0; n < 499; n++) await cache.set(`k${n}`, 'v');
    expect(readdirSync(path.dirname(dir))).toEqual([]);
    await cache.set('k499', 'v');
    expect(files().length).toBeGreaterThan(0);
    // What a killed run wrote is there for the next one.
    expect(await new CompactCache(new FsKeyValueStore(dir)).get('k250')).toBe('v');
  });

  it('merges per entry with the shard on disk: two devices writing one folder keep each other’s entries', async () => {
    const laptop = new CompactCache(new FsKeyValueStore(dir));
    const phone = new CompactCache(new FsKeyValueStore(dir));
    for (let n = 0; n < 40; n++) await (n % 2 ? laptop : phone).set(`weread/info/${n}`, `${n}`);
    await Promise.all([laptop.flush(), phone.flush()]);
    const read = new CompactCache(new FsKeyValueStore(dir));
    for (let n = 0; n < 40; n++) expect(await read.get(`weread/info/${n}`)).toBe(`${n}`);
  });

  it('drops the older layout’s one-file-per-entry files at its first write; a damaged shard is an empty one', async () => {
    mkdirSync(dir, { recursive: true });
    for (const id of ['1', '2']) {
      writeFileSync(path.join(dir, `weread%2finfo%2f${id}.json`), '{}');
      writeFileSync(path.join(dir, `weread%2fchapters%2f${id}.json`), '{}');
    }
    writeFileSync(path.join(dir, `${cacheShardKey(0)}.json`), '{"torn');
    writeFileSync(path.join(dir, 'notes.txt'), 'not ours to remove');
    const cache = new CompactCache(new FsKeyValueStore(dir));
    expect(await cache.get('weread/info/1')).toBeNull();
    await cache.set('weread/info/1', 'fresh');
    await cache.flush();
    expect(files().every((f) => shardFiles.includes(f) || f === 'notes.txt')).toBe(true);
    expect(files()).toContain('notes.txt');
    expect(await new CompactCache(new FsKeyValueStore(dir)).get('weread/info/1')).toBe('fresh');
  });

  it('in the plugin folder, drops only its own old files (cache-*.json), never data.json or the state', async () => {
    const app = new FakeApp();
    const adapter = app.vault.adapter as unknown as DataAdapter;
    const plugin = pluginDataDir(app.vault.configDir, 'weread-sync');
    const mine = [`${plugin}/cache-weread_info_1.json`, `${plugin}/cache-weread_chapters_1.json`];
    const others = [
      `${plugin}/data.json`,
      `${plugin}/manifest.json`,
      `${plugin}/state-index.json`,
      `${plugin}/log-sync.json`,
    ];
    await adapter.mkdir(plugin);
    for (const file of [...mine, ...others]) await adapter.write(file, '{}');
    const cache = new CompactCache(new AdapterKeyValueStore(adapter, plugin, 'cache'));
    await cache.set('weread/info/1', 'fresh');
    await cache.flush();
    const left = (await adapter.list(plugin)).files.sort();
    for (const file of others) expect(left).toContain(file);
    for (const file of mine) expect(left).not.toContain(file);
    expect(left.filter((f) => f.includes('/cache-')).length).toBeLessThanOrEqual(CACHE_SHARDS);
    expect(await new CompactCache(new AdapterKeyValueStore(adapter, plugin, 'cache')).get('weread/info/1')).toBe(
      'fresh',
    );
  });
});
