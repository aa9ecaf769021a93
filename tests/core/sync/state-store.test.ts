// The compact state: a handful of files, crash-safe writes, migration of the version-1 layout, and a template change that re-renders without refetching.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleNotebook } from '../../../src/core/model/assemble';
import type { Notebook } from '../../../src/core/model/notebook';
import { SAMPLE_BOOK, SAMPLE_ENTRY } from '../../../src/core/sample-book';
import { builtInTemplate } from '../../../src/core/render';
import type { KeyValueStore } from '../../../src/core/ports';
import { pack, unpack } from '../../../src/core/sync/pack';
import { INDEX_KEY, saveBookBase, saveIndex, type BookRecord, type StateIndex } from '../../../src/core/sync/state';
import { joinEntries, splitEntries } from '../../../src/core/sync/shard-entries';
import { SHARD_COUNT, shardKey, shardOf, SyncState } from '../../../src/core/sync/state-store';
import { clientSource } from '../../../src/core/service';
import { runSync, type NoteRenderer } from '../../../src/core/sync';
import { FsKeyValueStore, FsNoteStore } from '../../../src/node/fs-store';
import { generateLibrary } from '../../fakes/weread/library';
import { startFakeWeRead } from '../../fakes/weread/server';
import { clientFor, MemoryCache } from '../weread/helpers';
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

  it('takes a note still as it was written as its own merge base, and renders the base only for an edited note', async () => {
    h = await harness();
    await h.sync();
    const state = await SyncState.load(h.state, { readOnly: true });
    const asWritten = h.readNote(SEED_NOTE);
    let renders = 0;
    const renderWith = () => {
      renders++;
      return null; // an old template no longer known: only the note itself can be the base then
    };
    const untouched = await state.loadBookBase('26211849', renderWith, asWritten.replace(/\n/g, '\r\n'));
    expect(renders).toBe(0);
    expect(untouched?.base).toBe(asWritten);
    expect(untouched?.ids).toContain(H_SECOND.replace(/_/g, '-'));
    const edited = await state.loadBookBase('26211849', renderWith, asWritten + '\n读者自己的一行\n');
    expect(renders).toBe(1);
    expect(edited).toBeNull();
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

describe('two writers of one state folder (last writer wins per note, not per file)', () => {
  /** Runs `test` on a fresh state folder, removed afterwards. */
  async function inStateDir(test: (dir: string) => Promise<void>): Promise<void> {
    const dir = mkdtempSync(path.join(tmpdir(), 'weread-state-'));
    try {
      await test(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Two note keys that share a shard, so both writers rewrite the same file. */
  function keysInOneShard(prefix = ''): [string, string] {
    const byShard = new Map<number, string>();
    for (let n = 0; ; n++) {
      const key = `${prefix}book-${n}`;
      const other = byShard.get(shardOf(key));
      if (other !== undefined) return [other, key];
      byShard.set(shardOf(key), key);
    }
  }

  /** Saves a note as synced at `syncedAt`, its fetched data titled `title` (what `fetched` gives back). */
  async function save(state: SyncState, key: string, title: string, syncedAt: number) {
    const sample = assembleNotebook(SAMPLE_ENTRY, SAMPLE_BOOK);
    const notebook: Notebook = { ...sample, entry: { ...sample.entry, title } };
    const record: BookRecord = {
      title,
      path: `WeRead/${title}.md`,
      sort: 1,
      noteCount: 1,
      reviewCount: 0,
      rendererFingerprint: 'fp',
      syncedAt,
      data: true,
    };
    await state.saveBookBase({ bookId: key, record, base: `# ${title}\n`, ids: [], notebook });
  }

  async function seen(dir: string, key: string) {
    const state = await SyncState.load(new FsKeyValueStore(dir), { readOnly: true });
    return { title: (await state.fetched(key))?.entry.title, record: state.index.books[key]?.title };
  }

  it('keeps both notes when two devices write different notes of one shard, whichever writes last', async () => {
    await inStateDir(async (dir) => {
      const [one, two] = keysInOneShard();
      const laptop = await SyncState.load(new FsKeyValueStore(dir));
      const phone = await SyncState.load(new FsKeyValueStore(dir));
      await save(laptop, one, '笔记本上的书', 1000);
      await save(phone, two, '手机上的书', 1001);
      await laptop.flush();
      await phone.flush();
      // Each rewrote the shard whole; the phone wrote last, yet the laptop's note is there.
      expect(splitEntries(await new FsKeyValueStore(dir).getBytes(shardKey(shardOf(one)))).size).toBe(2);
      expect(await seen(dir, one)).toEqual({ title: '笔记本上的书', record: '笔记本上的书' });
      expect(await seen(dir, two)).toEqual({ title: '手机上的书', record: '手机上的书' });
      // Interleaved once more: the laptop writes again after the phone, and the phone's note stays.
      await save(laptop, one, '笔记本上的书（二）', 2000);
      await laptop.flush();
      expect(await seen(dir, two)).toEqual({ title: '手机上的书', record: '手机上的书' });
      expect((await seen(dir, one)).title).toBe('笔记本上的书（二）');
    });
  });

  it('keeps the later sync of one note, whichever device writes the file last', async () => {
    await inStateDir(async (dir) => {
      const [key] = keysInOneShard();
      const laptop = await SyncState.load(new FsKeyValueStore(dir));
      const phone = await SyncState.load(new FsKeyValueStore(dir));
      await save(laptop, key, '较晚的同步', 2000);
      await save(phone, key, '较早的同步', 1000);
      await laptop.flush();
      await phone.flush();
      expect(await seen(dir, key)).toEqual({ title: '较晚的同步', record: '较晚的同步' });
      // And the later one wins when it is also the last written.
      const again = await SyncState.load(new FsKeyValueStore(dir));
      await save(again, key, '最新的同步', 3000);
      await again.flush();
      expect(await seen(dir, key)).toEqual({ title: '最新的同步', record: '最新的同步' });
    });
  });

  it('keeps every note when two processes flush one shard at the same moment (the folder’s write lock)', async () => {
    await inStateDir(async (dir) => {
      // Two stores on one folder share nothing in memory: only the lock files keep their read-merge-writes apart.
      const laptop = await SyncState.load(new FsKeyValueStore(dir));
      const phone = await SyncState.load(new FsKeyValueStore(dir));
      const written: string[] = [];
      for (let round = 0; round < 8; round++) {
        const [one, two] = keysInOneShard(`r${round}-`);
        await save(laptop, one, `笔记本 ${round}`, 1000 + round);
        await save(phone, two, `手机 ${round}`, 1000 + round);
        await Promise.all([laptop.flush(), phone.flush()]);
        written.push(one, two);
      }
      const state = await SyncState.load(new FsKeyValueStore(dir), { readOnly: true });
      for (const key of written) expect((await state.fetched(key))?.entry.title, key).toBeDefined();
      expect(Object.keys(state.index.books).sort()).toEqual([...written].sort());
      expect(readdirSync(dir).filter((f) => f.endsWith('.lock'))).toEqual([]);
    });
  });

  it('loses nothing when a run flushes again before its last flush has finished', async () => {
    await inStateDir(async (dir) => {
      const [one, two] = keysInOneShard();
      const state = await SyncState.load(new FsKeyValueStore(dir));
      await save(state, one, '第一本', 1000);
      const first = state.flush();
      await save(state, two, '第二本', 1001);
      await Promise.all([first, state.flush()]);
      expect(await seen(dir, one)).toEqual({ title: '第一本', record: '第一本' });
      expect(await seen(dir, two)).toEqual({ title: '第二本', record: '第二本' });
    });
  });

  it('splits a shard into its entries exactly, and a torn shard into none', () => {
    const shard = { a: { t: 1, p: 'x "quoted" \\ }{ ][', n: [1, { b: null }] }, 'k"ey': { t: 2, f: '书' }, c: 3 };
    const text = JSON.stringify(shard);
    const bytes = (s: string) => new TextEncoder().encode(s);
    const entries = splitEntries(bytes(text));
    expect([...entries.keys()]).toEqual(Object.keys(shard));
    expect(new TextDecoder().decode(joinEntries(entries))).toBe(text);
    expect(splitEntries(bytes(' { } ')).size).toBe(0);
    expect(joinEntries(new Map())).toEqual(bytes('{}'));
    for (const cut of [1, 10, bytes(text).length - 1]) expect(splitEntries(bytes(text).subarray(0, cut)).size).toBe(0);
    expect(splitEntries(bytes('[1,2]')).size).toBe(0);
  });
});

describe('a template change on a larger library (re-rendered shard by shard, two books at a time)', () => {
  it('re-renders every note with one request, fetches only the changed book, reports in list order, and settles', async () => {
    const fake = await startFakeWeRead({
      books: generateLibrary({ books: 24, highlightsPerBook: 6, thoughtsPerBook: 2, seed: 5 }),
    });
    const vault = mkdtempSync(path.join(tmpdir(), 'weread-sync-'));
    try {
      const store = new FsNoteStore(vault);
      const state = new FsKeyValueStore(path.join(vault, '.weread-sync'));
      const cache = new MemoryCache();
      const sync = async (renderer: NoteRenderer) => {
        const { client } = await clientFor(fake, 'v1', { cache });
        const source = clientSource(client, SETTINGS, builtInTemplate(SETTINGS.template));
        return runSync({ source, renderer, store, state, settings: SETTINGS });
      };
      const first = await sync(makeRenderer(SETTINGS));
      const order = first.books.map((b) => b.bookId);
      expect(first.totals.created).toBe(24);
      fake.library.addHighlight(order[5]!, { markText: '新的一条划线' });
      const before = fake.log.length;
      const changed = await sync(makeRenderer(SETTINGS, builtInTemplate('callouts')));
      // The notebook list, then the changed book's own requests only.
      expect(fake.log.slice(before).every((r) => r.bookId === undefined || r.bookId === order[5])).toBe(true);
      // Reports in notebook-list order (the changed book now first), though re-rendered in shard order.
      const listed = (await (await clientFor(fake, 'v1', { cache })).client.listNotebooks()).map((e) => e.bookId);
      expect(listed[0]).toBe(order[5]);
      expect(changed.books.map((b) => b.bookId)).toEqual(listed);
      expect(changed.totals.updated).toBe(24);
      expect(changed.books[0]!.added.length).toBeGreaterThan(0);
      const back = fake.log.length;
      const again = await sync(makeRenderer(SETTINGS));
      expect(fake.log.length - back).toBe(1);
      expect(again.totals).toMatchObject({ updated: 24, conflicts: 0, failed: 0 });
      const settled = await sync(makeRenderer(SETTINGS));
      expect(settled.totals.created + settled.totals.updated).toBe(0);
    } finally {
      await fake.close();
      rmSync(vault, { recursive: true, force: true });
    }
  }, 60_000);
});
