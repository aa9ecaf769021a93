// Issue 15 through the CLI against the fake WeRead server (both transports): reading properties kept current, notes for finished books, the library Base.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { loadFixtureLibrary } from '../fakes/weread/library';
import type { FixtureBook } from '../fakes/weread/fixture-types';
import { credentials, jsonReport, runCliInProcess, syncArgs } from './cli-harness';
import { parseFrontmatter } from '../../src/core/render/frontmatter';
import { READING_PROPERTY_KEYS } from '../../src/core/reading/properties';
import { LIBRARY_BASE_FILE } from '../../src/core/reading/library-base';
import { recreateLibraryBaseFile } from '../../src/core/service';
import { FsKeyValueStore, FsNoteStore } from '../../src/node/fs-store';

const SEED = readFileSync(new URL('../golden/26211849.default.md', import.meta.url), 'utf8');
const SEED_PATH = 'WeRead/Python深度学习.md';

let fake: FakeWeRead;
let vault: string;

beforeEach(async () => {
  fake = await startFakeWeRead();
  vault = mkdtempSync(path.join(tmpdir(), 'weread-reading-'));
});
afterEach(async () => {
  await fake.close();
  rmSync(vault, { recursive: true, force: true });
});

type Transport = 'cookie' | 'api-key';

/** `weread-sync sync --json` through one transport: nothing on stderr, the report parsed. */
async function sync(flags: string[], transport: Transport = 'cookie') {
  const run = await runCliInProcess(syncArgs(vault, fake, '--json', ...flags), {
    cwd: vault,
    env: credentials(fake, transport),
  });
  expect(run.err).toBe('');
  return { code: run.code, json: jsonReport(run) };
}

const read = (rel: string) => readFileSync(path.join(vault, rel), 'utf8');
const write = (rel: string, text: string) => writeFileSync(path.join(vault, rel), text);

function allNotes(): Map<string, string> {
  const dir = path.join(vault, 'WeRead');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
  return new Map(files.sort().map((f) => [`WeRead/${f}`, read(`WeRead/${f}`)]));
}

/** The note without the lines of the reading properties. */
function withoutReadingLines(text: string): string {
  const keys = new RegExp(`^(?:${READING_PROPERTY_KEYS.join('|')}):`);
  return text
    .split('\n')
    .filter((l) => !keys.test(l))
    .join('\n');
}

function changedLines(before: string, after: string): string[] {
  const a = new Set(before.split('\n'));
  return after.split('\n').filter((l) => !a.has(l));
}

const shelfAndProgressCalls = () =>
  fake.log.filter((e) => /shelf|getprogress/i.test(e.api)).map((e) => `${e.api}${e.bookId ? ` ${e.bookId}` : ''}`);

describe('with every setting off', () => {
  it('writes the seed note byte for byte, no Base, and never asks the shelf', async () => {
    const { code } = await sync([]);
    expect(code).toBe(0);
    expect(read(SEED_PATH)).toBe(SEED);
    expect(existsSync(path.join(vault, 'WeRead', LIBRARY_BASE_FILE))).toBe(false);
    expect(shelfAndProgressCalls()).toEqual([]);
  });
});

describe.each<Transport>(['cookie', 'api-key'])('reading properties (%s)', (transport) => {
  it('are written with Obsidian-typed values, and nothing else of the note changes', async () => {
    const { json } = await sync(['--reading-properties'], transport);
    const seed = read(SEED_PATH);
    expect(withoutReadingLines(seed)).toBe(SEED);
    const fm = parseFrontmatter(seed);
    expect(fm.readingStatus).toBe('读完');
    expect(fm.progress).toBe(100);
    expect(fm.readingTime).toBe(Math.round(71234 / 60));
    // YAML dates: Obsidian's date type (and js-yaml) read them as dates, not strings.
    expect(fm.readingDate).toBeInstanceOf(Date);
    expect((fm.readingDate as Date).toISOString().slice(0, 10)).toBe('2020-08-24');
    expect(fm.lastReadingDate).toBeInstanceOf(Date);
    expect(json.reading.updated).toContain(SEED_PATH);
    // Every store book with a note got its status; 公众号 accounts are not on the shelf.
    for (const [rel, text] of allNotes()) {
      const data = parseFrontmatter(text);
      if (String(data.bookId).startsWith('MP_WXS_')) expect(data.readingStatus).toBeUndefined();
      else expect(['未标记', '在读', '读过', '读完'], rel).toContain(data.readingStatus);
    }
  });

  it('a template that shows the progress, with the reading properties on: one getProgress per book, not two', async () => {
    write('progress.md', '# {{ metaData.title }}\n\n进度 {{ metaData.readInfo.readingProgress }}%\n');
    const { code, json } = await sync(['--reading-properties', '--template', 'progress.md'], transport);
    expect(code).toBe(0);
    const progressCalls = shelfAndProgressCalls().filter((c) => /getprogress/i.test(c));
    expect(progressCalls.length).toBeGreaterThan(1);
    expect(new Set(progressCalls).size, 'each book asked once').toBe(progressCalls.length);
    // Both read the one answer: the note's line and its property agree.
    const seed = read(SEED_PATH);
    expect(seed).toContain('进度 100%');
    expect(parseFrontmatter(seed).progress).toBe(100);
    expect(json.reading.updated).toContain(SEED_PATH);
  });

  it('the reader reads on without a new highlight: one sync, 3 requests, exactly those properties change', async () => {
    await sync(['--reading-properties'], transport);
    const bookId = '695233';
    const before = allNotes();
    const rel = [...before].find(([, t]) => parseFrontmatter(t).bookId === bookId)![0];
    // The reader's own key and text, which must stay.
    const mine = before.get(rel)!.replace(/^---\n/, '---\nmyShelf: 书房\n') + '\n我自己的读后感。\n';
    write(rel, mine);

    fake.library.readOn(bookId, { progress: 87, readingSeconds: 1800 });
    fake.resetLog();
    const { json } = await sync(['--reading-properties'], transport);
    expect(json.requests).toBeLessThanOrEqual(3);
    expect(fake.log).toHaveLength(3);
    expect(shelfAndProgressCalls()).toEqual([
      transport === 'cookie' ? '/web/shelf/sync' : '/shelf/sync',
      transport === 'cookie' ? `/web/book/getProgress ${bookId}` : `/book/getprogress ${bookId}`,
    ]);
    expect(json.reading.updated).toEqual([rel]);

    const after = read(rel);
    const changed = changedLines(mine, after);
    expect(changed.length).toBeGreaterThan(0);
    for (const line of changed)
      expect(line).toMatch(/^(progress|readingTime|lastReadingDate|readingDate|readingStatus):/);
    expect(changed).toContain('progress: 87');
    expect(after).toContain('myShelf: 书房');
    expect(after.endsWith('\n我自己的读后感。\n')).toBe(true);
    expect(withoutReadingLines(after)).toBe(withoutReadingLines(mine));
    // No other note was rewritten.
    for (const [other, text] of before) if (other !== rel) expect(read(other), other).toBe(text);

    // Finishing the book: one more sync, the status flips and finishedDate appears.
    fake.library.readOn(bookId, { finish: true });
    fake.resetLog();
    const finished = await sync(['--reading-properties'], transport);
    expect(fake.log).toHaveLength(3);
    expect(finished.json.reading.updated).toEqual([rel]);
    const done = parseFrontmatter(read(rel));
    expect(done.readingStatus).toBe('读完');
    expect(done.progress).toBe(100);
    expect(done.finishedDate).toBeInstanceOf(Date);

    // Nothing read since: the list and the shelf only, no note read or written.
    fake.resetLog();
    const idle = await sync(['--reading-properties'], transport);
    expect(fake.log).toHaveLength(2);
    expect(idle.json.reading.updated).toEqual([]);
  });
});

/** A book on the shelf that the reader finished without a single highlight or thought. */
function finishedBookWithoutNotes(): FixtureBook {
  const seed = loadFixtureLibrary().find((b) => b.notebook.bookId === '26211849')!;
  const bookId = '3300189789';
  return {
    ...structuredClone(seed),
    notebook: {
      ...seed.notebook,
      bookId,
      book: { bookId, title: '金钱的艺术', author: '[美]摩根·豪泽尔', type: 0 },
      noteCount: 0,
      reviewCount: 0,
      markedStatus: 4,
    },
    info: {
      bookId,
      title: '金钱的艺术',
      author: '[美]摩根·豪泽尔',
      category: '经济理财-理财',
      newRatingDetail: { good: 900, fair: 40, poor: 3, myRating: 'good', title: '神作' },
      format: 'epub',
      type: 0,
    },
    bookmarks: [],
    reviews: [],
    progress: {
      progress: 100,
      readingTime: 17340,
      startReadingTime: 1700000000,
      finishTime: 1701000000,
      updateTime: 1701000000,
    },
  };
}

describe.each<Transport>(['cookie', 'api-key'])('finished books without highlights (%s)', (transport) => {
  it('get a short note with the properties, which becomes a normal note when highlights arrive', async () => {
    fake.library.addBook(finishedBookWithoutNotes());
    const off = await sync([], transport);
    expect(off.json.books.some((b: { bookId: string }) => b.bookId === '3300189789')).toBe(false);
    expect(existsSync(path.join(vault, 'WeRead/金钱的艺术.md'))).toBe(false);

    const { json } = await sync(['--finished-without-notes'], transport);
    expect(json.reading.created).toEqual(['WeRead/金钱的艺术.md']);
    const note = read('WeRead/金钱的艺术.md');
    const data = parseFrontmatter(note);
    expect(data.bookId).toBe('3300189789');
    expect(data.readingStatus).toBe('读完');
    expect((data.finishedDate as Date).toISOString().slice(0, 10)).toBe('2023-11-26');
    expect(data.readingTime).toBe(289);
    expect(data.myRating).toBe('推荐');
    // The seed note is untouched by this setting.
    expect(read(SEED_PATH)).toBe(SEED);

    // The reader adds a line; later the first highlight arrives: the same file, merged, the line kept.
    write('WeRead/金钱的艺术.md', note + '\n读完后的感想。\n');
    const h = fake.library.addHighlight('3300189789', { markText: '财富是你看不见的东西。' });
    const later = await sync(['--finished-without-notes'], transport);
    const report = later.json.books.find((b: { bookId: string }) => b.bookId === '3300189789');
    expect(report.status).toBe('updated');
    expect(report.path).toBe(path.join(vault, 'WeRead/金钱的艺术.md'));
    const merged = read('WeRead/金钱的艺术.md');
    expect(merged).toContain('财富是你看不见的东西。');
    expect(merged).toContain(`^${String(h.bookmarkId).replace(/_/g, '-')}`);
    expect(merged).toContain('读完后的感想。');
    expect(parseFrontmatter(merged).readingStatus).toBe('读完');
    expect([...allNotes().keys()].filter((k) => k.includes('金钱的艺术'))).toEqual(['WeRead/金钱的艺术.md']);
    expect(later.json.reading.created).toEqual([]);
  });
});

describe('the library Base', () => {
  const basePath = `WeRead/${LIBRARY_BASE_FILE}`;

  it('parses as YAML, and its views name only properties the notes carry or formulas it defines', async () => {
    // A finished book with a rating, so that every property a view names is written somewhere.
    fake.library.addBook(finishedBookWithoutNotes());
    const { json } = await sync(['--library-base', '--reading-properties', '--finished-without-notes']);
    expect(json.reading.base).toBe('created');
    expect(read(SEED_PATH).startsWith('---\ndoc_type')).toBe(true);
    const base = parseFrontmatter(`---\n${read(basePath)}---\n`) as Record<string, any>;
    const written = new Set<string>();
    for (const text of allNotes().values()) for (const key of Object.keys(parseFrontmatter(text))) written.add(key);
    const formulas = new Set(Object.keys(base.formulas));
    const named: string[] = [];
    expect(base.views.map((v: { name: string }) => v.name)).toEqual(['在读', '读完 · 按年', '按分类', '笔记最多']);
    for (const view of base.views) {
      named.push(...view.order, ...(view.sort ?? []).map((s: { property: string }) => s.property));
      if (view.groupBy) named.push(view.groupBy.property);
    }
    named.push(...Object.keys(base.properties));
    for (const name of named) {
      if (name.startsWith('file.')) continue;
      if (name.startsWith('formula.')) expect(formulas, name).toContain(name.slice('formula.'.length));
      else expect(written, name).toContain(name.replace(/^note\./, ''));
    }
    // Filters and formulas name properties the notes carry too.
    const expressions = JSON.stringify([base.filters, base.formulas, base.views.map((v: any) => v.filters ?? null)]);
    for (const used of ['bookId', 'readingStatus', 'finishedDate', 'noteCount', 'reviewCount'])
      expect(expressions).toContain(used);
    for (const used of ['bookId', 'readingStatus', 'finishedDate', 'noteCount', 'reviewCount'])
      expect(written).toContain(used);
  });

  it('is never overwritten once the reader edited it; the re-create command writes it afresh', async () => {
    await sync(['--library-base']);
    const ours = read(basePath);
    const edited = ours.replace('name: 在读', 'name: 正在读的书');
    write(basePath, edited);
    const again = await sync(['--library-base', '--reading-properties']);
    expect(again.json.reading.base).toBe('kept');
    expect(read(basePath)).toBe(edited);
    // Settings off: still the reader's.
    await sync([]);
    expect(read(basePath)).toBe(edited);

    const ports = {
      store: new FsNoteStore(vault),
      state: new FsKeyValueStore(path.join(vault, '.weread-sync', 'state')),
    };
    const written = await recreateLibraryBaseFile(ports, {
      ...(await import('../../src/core/settings/settings')).DEFAULT_SETTINGS,
    });
    expect(written).toBe(basePath);
    expect(read(basePath)).toBe(ours);
    const after = await sync(['--library-base']);
    expect(after.json.reading.base).toBe('unchanged');
  });
});
