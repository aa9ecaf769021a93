// The compact state: a handful of files, crash-safe writes, migration of the version-1 layout, and a template change that re-renders without refetching.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInTemplate } from '../../../src/core/render';
import type { KeyValueStore } from '../../../src/core/ports';
import { pack, unpack } from '../../../src/core/sync/pack';
import { INDEX_KEY, saveBookBase, saveIndex, type StateIndex } from '../../../src/core/sync/state';
import { SHARD_COUNT, SyncState } from '../../../src/core/sync/state-store';
import { FsKeyValueStore } from '../../../src/node/fs-store';
import { harness, makeRenderer, SETTINGS, type Harness } from './harness';

const SEED_NOTE = 'WeRead/Python深度学习.md';
const H_SECOND = '26211849_15_3297-3374';

let h: Harness;
afterEach(async () => h?.close());

const stateFiles = () => readdirSync(h.stateDir).sort();

describe('the compact state', () => {
  it('is one index, the renderer recipes and at most a few data shards, whatever the library size', async () => {
    h = await harness();
    const report = await h.sync();
    const files = stateFiles();
    expect(files).toContain('index.json');
    expect(files.filter((f) => f.startsWith('data-')).length).toBeLessThanOrEqual(SHARD_COUNT);
    expect(files.every((f) => !f.startsWith('book-') && !f.endsWith('.tmp'))).toBe(true);
    expect(files.length).toBeLessThanOrEqual(SHARD_COUNT + 2);
    // The data shards are gzip-compressed by the store; the index and the renderer recipes stay plain JSON.
    const bytes = (file: string) => readFileSync(file).length;
    for (const f of files.filter((f) => f.startsWith('data-') || f === 'renderers.json')) {
      expect([...readFileSync(path.join(h.stateDir, f)).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    }
    const stateBytes = files.reduce((n, f) => n + bytes(path.join(h.stateDir, f)), 0);
    const noteBytes = report.books.reduce((n, b) => n + bytes(h.notePath(b.path)), 0);
    // Three books, one of them the seed (whose fetched data is larger than its note): about 0.5x here, about 0.25x
    // on a generated library (bench/results.json, `scale`), where the plain index is a small share.
    expect(stateBytes).toBeLessThan(noteBytes * 0.6);
  });

  it('re-renders on a template change with only the notebook list requested; Force full sync refetches', async () => {
    h = await harness();
    await h.sync();
    const before = h.fake.log.length;
    const callouts = makeRenderer(SETTINGS, builtInTemplate('callouts'));
    const report = await h.sync({ renderer: callouts });
    expect(h.fake.log.length - before).toBe(1);
    expect(report.totals.updated).toBe(3);
    expect(h.readNote(SEED_NOTE)).toContain('> [!');
    const forced = h.fake.log.length;
    await h.sync({ renderer: callouts, force: true });
    expect(h.fake.log.length - forced).toBeGreaterThan(3);
  });

  it('keeps the reader’s words through a template change and back (the base is re-rendered by the old template)', async () => {
    h = await harness();
    await h.sync();
    h.writeNote(SEED_NOTE, h.readNote(SEED_NOTE) + '\n读者自己的一行\n');
    await h.sync({ renderer: makeRenderer(SETTINGS, builtInTemplate('callouts')) });
    const report = await h.sync();
    expect(report.totals.conflicts).toBe(0);
    expect(h.readNote(SEED_NOTE)).toContain('读者自己的一行');
    expect(report.books.find((b) => b.bookId === '26211849')!.status).toBe('updated');
  });

  it('packs and unpacks fetched data exactly', () => {
    const value = {
      list: [
        { a: 1, b: '$x', c: null },
        { a: 2, d: [{ e: 'x' }, { e: '$a', f: 0 }] },
      ],
      empty: [],
      one: [{ a: undefined, b: 1 }],
    };
    expect(unpack(JSON.parse(JSON.stringify(pack(value))))).toEqual(JSON.parse(JSON.stringify(value)));
  });
});

/** A store that is killed after writing the temp file of its nth write, before the rename. */
class KilledStore implements KeyValueStore {
  writes = 0;
  constructor(
    readonly inner: FsKeyValueStore,
    readonly killAt: number,
  ) {}
  get(key: string) {
    return this.inner.get(key);
  }
  async set(key: string, value: string) {
    if (++this.writes === this.killAt) {
      // What a kill leaves: a temp file, maybe torn, beside the untouched target.
      writeFileSync(path.join(this.inner.dir, `.${key}.json.deadbeef0000.tmp`), value.slice(0, value.length / 2));
      throw new Error('killed');
    }
    return this.inner.set(key, value);
  }
  async setCompressed(key: string, value: string) {
    if (++this.writes === this.killAt) {
      writeFileSync(path.join(this.inner.dir, `.${key}.json.deadbeef0000.tmp`), value.slice(0, value.length / 2));
      throw new Error('killed');
    }
    return this.inner.setCompressed(key, value);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
}

describe('crash safety', () => {
  it.each([1, 2, 3])('a kill at write %i leaves a state that loads, and the next sync settles', async (killAt) => {
    h = await harness();
    await h.sync();
    h.fake.library.editHighlight(H_SECOND, { markText: '改过的划线' });
    const notes = readdirSync(h.notePath('WeRead')).sort();
    const killed = new KilledStore(h.state as FsKeyValueStore, killAt);
    const { runSync } = await import('../../../src/core/sync');
    const { clientFor } = await import('../weread/helpers');
    const { clientSource } = await import('../../../src/core/service');
    const { client } = await clientFor(h.fake, 'v1', {});
    const source = clientSource(client, SETTINGS, builtInTemplate(SETTINGS.template));
    const deps = { source, renderer: makeRenderer(SETTINGS), store: h.store, state: killed, settings: SETTINGS };
    await expect(runSync(deps, { force: true })).rejects.toThrow('killed');
    expect(stateFiles().some((f) => f.endsWith('.tmp'))).toBe(true);
    await SyncState.load(h.state);
    const after = await h.sync();
    expect(after.totals.failed).toBe(0);
    expect(readdirSync(h.notePath('WeRead')).sort()).toEqual(notes);
    expect(h.readNote(SEED_NOTE)).toContain('改过的划线');
    const settled = await h.sync();
    expect(settled.totals.created + settled.totals.updated).toBe(0);
  });

  it('a damaged shard costs only merge bases: notes are kept and nothing fails', async () => {
    h = await harness();
    await h.sync();
    for (const f of stateFiles().filter((x) => x.startsWith('data-')))
      writeFileSync(path.join(h.stateDir, f), '{"torn');
    h.writeNote(SEED_NOTE, h.readNote(SEED_NOTE) + '\n读者自己的一行\n');
    const report = await h.sync({ force: true });
    expect(report.totals.failed).toBe(0);
    expect(h.readNote(SEED_NOTE)).toContain('读者自己的一行');
  });
});

describe('migration from the version-1 state (index + one key per note)', () => {
  it('moves the bases into the shards, deletes the old keys, and merges against them', async () => {
    h = await harness();
    const first = await h.sync();
    // Rewrite the state as version 1 wrote it: the index and a `book-<id>` key holding each note's base text.
    const index = JSON.parse((await h.state.get(INDEX_KEY))!) as StateIndex;
    for (const f of stateFiles()) await h.state.delete(f.replace(/\.json$/, ''));
    const v1: StateIndex = { version: 1, books: {} };
    for (const b of first.books) {
      const record = { ...index.books[b.bookId]! };
      delete record.data;
      v1.books[b.bookId] = record;
      const base = h.readNote(b.path);
      await saveBookBase(h.state, { bookId: b.bookId, record, base, ids: [] });
    }
    await saveIndex(h.state, v1);
    expect(stateFiles().filter((f) => f.startsWith('book-'))).toHaveLength(3);

    // A reader edit and a WeRead edit of the same note: only a three-way merge against the base keeps both.
    h.writeNote(SEED_NOTE, h.readNote(SEED_NOTE) + '\n读者自己的一行\n');
    h.fake.library.editHighlight(H_SECOND, { markText: '改过的划线' });
    const report = await h.sync();
    expect(report.totals.failed).toBe(0);
    const note = h.readNote(SEED_NOTE);
    expect(note).toContain('读者自己的一行');
    expect(note).toContain('改过的划线');
    expect(report.totals.conflicts).toBe(0);
    expect(stateFiles().filter((f) => f.startsWith('book-'))).toEqual([]);
    expect(JSON.parse((await h.state.get(INDEX_KEY))!).version).toBe(2);
  });
});
