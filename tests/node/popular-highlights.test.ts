// Popular highlights (热门划线) through the CLI against the fake WeRead server: the section, the marks, and what it costs in requests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { CompactCache } from '../../src/core/weread/compact-cache';
import { FsKeyValueStore } from '../../src/node/fs-store';
import { credentials, runCliInProcess, syncArgs, type Transport } from './cli-harness';

const BOOK = '26211849';
const NOTE = 'WeRead/Python深度学习.md';
const SEED = new URL('../golden/26211849.default.md', import.meta.url);

let fake: FakeWeRead;
let vault: string;

beforeEach(async () => {
  fake = await startFakeWeRead();
  vault = mkdtempSync(path.join(tmpdir(), 'weread-popular-'));
});
afterEach(async () => {
  await fake.close();
  rmSync(vault, { recursive: true, force: true });
});

const sync = async (dir: string, transport: Transport, ...extra: string[]): Promise<number> =>
  (await runCliInProcess(syncArgs(dir, fake, ...extra), { cwd: dir, env: credentials(fake, transport) })).code;
const popularRequests = () => fake.log.filter((e) => e.api.endsWith('/bestbookmarks'));
const read = (rel: string) => readFileSync(path.join(vault, rel), 'utf8');
/** Changes this vault's CLI cache as the CLI reads it (its shard files), between syncs. */
async function editCache(edit: (cache: CompactCache) => Promise<void>): Promise<void> {
  const cache = new CompactCache(new FsKeyValueStore(path.join(vault, '.weread-sync', 'cache')));
  await edit(cache);
  await cache.flush();
}

describe('popular highlights (CLI --popular-highlights)', () => {
  it('adds the section with counts and marks the reader’s popular highlights in place', async () => {
    expect(await sync(vault, 'cookie', '--popular-highlights')).toBe(0);
    const note = read(NOTE);
    const seed = readFileSync(SEED, 'utf8');
    const popular = fake.library.get(BOOK)!.popular!;
    // The reader's own highlights that are popular carry the count before their block id…
    expect(note).toContain('（test set，即test_images和test_labels）上对模型进行测试。 🔥 1630 ^26211849-15-1826-1988');
    expect(note).toContain(' 🔥 402 ^26211849-45-14493-14589');
    // …and the note ends with the section, most read first, the reader's marked ✅.
    const section = note.slice(note.indexOf('\n# 热门划线\n'));
    const lines = section.split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toEqual(
      [...popular]
        .sort((a, b) => b.totalCount - a.totalCount)
        .map(
          (p) =>
            `- 🔥 ${p.totalCount} · ${p.markText.replace(/\s*\n\s*/g, ' ')}${[1630, 402].includes(p.totalCount) ? ' ✅' : ''}`,
        ),
    );
    // Everything else is the seed note as it was.
    const unmarked = note.slice(0, note.indexOf('\n\n# 热门划线\n')).replace(/ 🔥 \d+( \^)/g, '$1');
    expect(unmarked).toBe(seed.trimEnd());
  });

  it('costs one request per changed book at most, none on a no-op sync, none with the setting off', async () => {
    await sync(vault, 'cookie');
    expect(popularRequests()).toHaveLength(0);
    expect(read(NOTE)).toBe(readFileSync(SEED, 'utf8'));

    fake.resetLog();
    // Switching it on re-renders every book: one request each (the 公众号 account has none).
    await sync(vault, 'cookie', '--popular-highlights');
    const books = fake.library.bookIds().filter((id) => !id.startsWith('MP_'));
    expect(
      popularRequests()
        .map((e) => e.bookId)
        .sort(),
    ).toEqual([...books].sort());

    fake.resetLog();
    await sync(vault, 'cookie', '--popular-highlights');
    expect(popularRequests()).toHaveLength(0);
    expect(fake.log).toHaveLength(1); // the notebook list only

    // A changed book reuses the cached passages; with its cache gone, it asks once.
    fake.library.addHighlight(BOOK, { chapterUid: 15 });
    fake.resetLog();
    await sync(vault, 'cookie', '--popular-highlights');
    expect(popularRequests()).toHaveLength(0);
    await editCache(async (cache) => cache.delete(`weread/popular/${BOOK}`));
    fake.library.setPopular(BOOK, [
      { bookmarkId: `${BOOK}_15_1826-1988`, chapterUid: 15, range: '1826-1988', markText: 'x', totalCount: 1700 },
    ]);
    fake.library.addHighlight(BOOK, { chapterUid: 15 });
    fake.resetLog();
    await sync(vault, 'cookie', '--popular-highlights');
    expect(popularRequests().map((e) => e.bookId)).toEqual([BOOK]);
    const note = read(NOTE);
    expect(note).toContain(' 🔥 1700 ^26211849-15-1826-1988');
    expect(note).not.toContain('🔥 402');
    expect(note.endsWith('\n# 热门划线\n\n- 🔥 1700 · x ✅\n')).toBe(true);
  });

  it('keeps the mark of a reader’s highlight while its count moves, so the reader’s edits never conflict', async () => {
    await sync(vault, 'cookie', '--popular-highlights');
    const file = path.join(vault, NOTE);
    const mine = '上对模型进行测试。 🔥 1630 ^26211849-15-1826-1988\n';
    const edited = readFileSync(file, 'utf8').replace(mine, `${mine}    - my comment\n`);
    writeFileSync(file, edited);
    // Days later the cached passages expire and WeRead's counts have moved.
    await editCache(async (cache) => {
      for (const id of fake.library.bookIds()) {
        const cached = await cache.get(`weread/popular/${id}`);
        if (cached !== null)
          await cache.set(`weread/popular/${id}`, JSON.stringify({ ...JSON.parse(cached), fetchedAt: 0 }));
      }
    });
    const popular = fake.library.get(BOOK)!.popular!;
    fake.library.setPopular(
      BOOK,
      popular.map((p) => ({ ...p, totalCount: p.totalCount + 7 })),
    );
    fake.library.addHighlight(BOOK, { chapterUid: 16 });
    fake.resetLog();
    await sync(vault, 'cookie', '--popular-highlights');
    expect(popularRequests().map((e) => e.bookId)).toEqual([BOOK]);
    const note = read(NOTE);
    expect(note).toContain(`${mine}    - my comment\n`);
    expect(note).not.toContain('[!warning]');
    // The section shows the counts of now.
    expect(note).toContain('\n- 🔥 1637 · train_images');
  });

  it('writes the same notes through the API key (V2) as through the cookie (V1)', async () => {
    await sync(vault, 'cookie', '--popular-highlights');
    const other = mkdtempSync(path.join(tmpdir(), 'weread-popular-v2-'));
    try {
      fake.resetLog();
      await sync(other, 'both', '--popular-highlights');
      expect(popularRequests().length).toBeGreaterThan(0);
      expect(popularRequests().every((e) => e.path.includes('/api/agent/gateway'))).toBe(true);
      expect(readFileSync(path.join(other, NOTE), 'utf8')).toBe(read(NOTE));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
