// The CLI end to end against the fake WeRead server in every real-answer shape (docs/weread-api.md §3.9), through the cookie (V1) and the API key (V2): notes, report, exit codes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { SHAPES, shapeLibrary, type ShapeName } from '../fakes/weread/shapes';
import { credentials, EN, runCliInProcess, syncArgs, type CliRun } from './cli-harness';

const SEED = readFileSync(new URL('../golden/26211849.default.md', import.meta.url), 'utf8');
const SEED_NOTE = 'Python深度学习.md';
type Transport = 'v1' | 'v2';

let fake: FakeWeRead;
const dirs: string[] = [];

beforeEach(async () => {
  fake = await startFakeWeRead({ books: shapeLibrary() });
});
afterEach(async () => {
  await fake.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** One `weread-sync sync` into a new vault: V1 = cookie only; V2 = API key (plus the cookie, which 公众号 need). */
async function sync(transport: Transport, extra: string[] = [], lang = EN): Promise<CliRun & { vault: string }> {
  const vault = mkdtempSync(path.join(tmpdir(), `weread-shapes-${transport}-`));
  dirs.push(vault);
  const env = credentials(fake, transport === 'v2' ? 'both' : 'cookie');
  const { code, out, err } = await runCliInProcess(syncArgs(vault, fake, ...extra), { cwd: vault, lang, env });
  return { code, out, err, vault };
}

function notes(vault: string): Map<string, string> {
  const dir = path.join(vault, 'WeRead');
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
  return new Map(names.sort().map((n) => [n, readFileSync(path.join(dir, n), 'utf8')]));
}

/** Lines of `b` not in `a` (a small, order-insensitive view of what a shape changed). */
function changedLines(a: string, b: string): string[] {
  const before = new Set(a.split('\n'));
  return b.split('\n').filter((line) => !before.has(line));
}

/** What a shape may change in a note: nothing, except where the answer itself says less. */
const EXPECTED_CHANGES: Partial<Record<ShapeName, (name: string, lines: string[]) => void>> = {
  // The book details say `publishTime: ""`: the metadata line is empty, nothing else moves.
  'publish-time-empty': (_name, lines) => expect(lines.every((l) => /出版时间 ?$/.test(l))).toBe(true),
  // No `chapters` in the bookmark list: the chapter the chapter list lacks has no title anywhere (only in 再版之书).
  'bookmarks-sparse': (name, lines) => {
    expect(name).toBe('再版之书.md');
    expect(lines).toEqual(['## 未知章节 12']);
  },
  // The 公众号 cover is a broken "/0": no cover (nor a broken image) rather than a relative link.
  'mp-cover-relative': (name, lines) => {
    expect(name).toMatch(/差评/);
    expect(lines.join('\n')).not.toContain('/0');
  },
};

for (const transport of ['v1', 'v2'] as const) {
  describe(`every real-answer shape through ${transport === 'v1' ? 'the cookie (V1)' : 'the API key (V2)'}`, () => {
    it.each(SHAPES.map((s) => [s]))('%s: every note is written, the seed byte for byte', async (shape) => {
      const plain = await sync(transport);
      expect(plain.code).toBe(0);
      fake.shapes.add(shape);
      const shaped = await sync(transport);
      expect(shaped.code, shaped.out + shaped.err).toBe(0);
      expect(shaped.err).toBe('');
      const want = notes(plain.vault);
      const got = notes(shaped.vault);
      expect([...got.keys()]).toEqual([...want.keys()]);
      expect(got.size).toBe(12);
      if (shape !== 'publish-time-empty') expect(got.get(SEED_NOTE)).toBe(SEED);
      for (const [name, text] of got) {
        const lines = changedLines(want.get(name)!, text);
        if (lines.length === 0) continue;
        const allowed = EXPECTED_CHANGES[shape];
        expect(allowed, `${shape} changed ${name}: ${lines.join(' | ')}`).toBeDefined();
        allowed!(name, lines);
      }
    });

    it('all shapes at once: the same notes as the tidy answers, apart from what the answers no longer say', async () => {
      const plain = await sync(transport);
      for (const shape of SHAPES) if (!EXPECTED_CHANGES[shape]) fake.shapes.add(shape);
      const shaped = await sync(transport);
      expect(shaped.code, shaped.out + shaped.err).toBe(0);
      expect(notes(shaped.vault)).toEqual(notes(plain.vault));
      expect(notes(shaped.vault).get(SEED_NOTE)).toBe(SEED);
    });

    it('a thoughts-only book answering {} gets its thoughts; a book with highlights answering {} fails alone', async () => {
      fake.shapes.add('empty-bookmarks-object');
      const api = transport === 'v1' ? '/web/book/bookmarklist' : '/book/bookmarklist';
      fake.faults.inject({ api, bookId: '26211849', times: Infinity }, { status: 200, body: '{}' });
      const run = await sync(transport, ['--json']);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.out) as { books: Array<{ bookId: string; status: string; error?: string }> };
      const seed = report.books.find((b) => b.bookId === '26211849')!;
      expect(seed.status).toBe('failed');
      expect(seed.error).toContain(`${api}: updated is missing`);
      expect(report.books.filter((b) => b.status === 'failed')).toHaveLength(1);
      const only = notes(run.vault).get('只有想法的书.md')!;
      for (const words of ['整章都值得再读一遍', '这句话说得好', '一本只有想法的书。']) expect(only).toContain(words);
      expect(notes(run.vault).has(SEED_NOTE)).toBe(false);
    });

    it('handwritten thoughts are shown as such: the image when there is a URL, else the words, never an empty 💭', async () => {
      const run = await sync(transport);
      expect(run.code).toBe(0);
      const note = notes(run.vault).get('手写想法之书.md')!;
      expect(note).toContain('    - 💭 [手写想法](https://res.weread.qq.com/pencil/fake-0001.png)\n');
      expect(note).toContain('- 💭 （手写想法） ^10000001-pen02\n');
      expect(note).not.toMatch(/💭 *\n/);
    });

    it('a re-versioned book: bookmarkIds as given, chapter titles from the bookmark list, older-version thoughts kept', async () => {
      fake.shapes.add('range-empty-string');
      const run = await sync(transport);
      expect(run.code).toBe(0);
      const note = notes(run.vault).get('再版之书.md')!;
      const headings = note.split('\n').filter((l) => l.startsWith('## '));
      // Reading order, with the chapter the chapter list lacks in its place (its title from the bookmark list).
      expect(headings.slice(0, 4)).toEqual(['## 第一章', '## 第二章', '## 第三章（新版）', '## 第四章']);
      expect(note).not.toContain('未知章节');
      // The thought on the re-versioned passage sits under that highlight, whose block id keeps WeRead's bookmarkId.
      expect(note).toMatch(/- 📌 再版后位置变了的划线。 \^3300099003-9-100-150\n {4}- 💭 位置变了，想法还在\n/);
      // An open range "355" on the thought matches the highlight's "355-".
      expect(note).toMatch(/- 📌 开放区间的划线。 \^3300099003-11-355\n {4}- 💭 开放区间上的想法\n/);
      // A thought on a chapter of an older version keeps its chapter's name.
      expect(note).toContain('## 旧版 第一章');
      expect(note).toContain('旧版章节上的想法');
    });

    it('one unreadable highlight: the report names book, endpoint and field; every other item of the book is written', async () => {
      const api = transport === 'v1' ? '/web/book/bookmarklist' : '/book/bookmarklist';
      const all = fake.library.get('26211849')!.bookmarks;
      const broken = String(all[3]!.bookmarkId);
      fake.faults.inject({ api, bookId: '26211849', times: Infinity }, { dropField: 'updated.3.markText' });
      const text = await sync(transport);
      expect(text.code).toBe(0);
      expect(text.err).toContain(
        `Item left out of "Python深度学习" (26211849): ${api}: updated[3].markText is missing (item ${broken})`,
      );
      const note = notes(text.vault).get(SEED_NOTE)!;
      const blockId = broken.replace(/_/g, '-');
      expect(note).not.toContain(`^${blockId}\n`);
      for (const [i, mark] of all.entries()) {
        if (i !== 3) expect(note).toContain(`^${String(mark.bookmarkId).replace(/_/g, '-').replace(/-$/, '')}`);
      }
      // Apart from the one item, the note is the seed.
      expect(
        SEED.split('\n')
          .filter((l) => !note.split('\n').includes(l))
          .join('\n'),
      ).toContain(blockId);

      const json = await sync(transport, ['--json']);
      const report = JSON.parse(json.out) as {
        books: Array<{ bookId: string; status: string; warnings?: unknown[] }>;
      };
      const seed = report.books.find((b) => b.bookId === '26211849')!;
      expect(seed.status).toBe('created');
      expect(seed.warnings).toEqual([
        { endpoint: api, field: 'updated[3].markText', itemId: broken, problem: 'is missing' },
      ]);
      expect(report.books.filter((b) => b.warnings)).toHaveLength(1);

      const zh = await sync(transport, [], 'zh_CN.UTF-8');
      expect(zh.err).toContain(`《Python深度学习》（26211849）有一条内容无法读取，已跳过：${api}: updated[3].markText`);
    });
  });
}

describe('errors as the live service sends them, end to end', () => {
  it('V2 -2010 with HTTP 401 is a rejected credential (exit 2, no retry), not a network error', async () => {
    fake.faults.inject(
      { api: '/user/notebooks', times: Infinity },
      { errcode: -2010, errmsg: '用户不存在', status: 401 },
    );
    const run = await sync('v2');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/API key|credential/i);
    expect(run.err).not.toMatch(/network|internet/i);
    expect(fake.log.filter((l) => l.api === '/user/notebooks')).toHaveLength(1);
  });

  it('V2 -202 with HTTP 499: backs off and retries; a book still throttled fails alone, the others are written', async () => {
    fake.faults.inject(
      { api: '/book/bookmarklist', bookId: '811795', times: Infinity },
      {
        errcode: -202,
        errmsg: 'throttled',
        status: 499,
      },
    );
    fake.faults.inject({ api: '/book/bookmarklist', bookId: '822273' }, { errcode: -202, status: 499 });
    const run = await sync('v2', ['--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out) as { books: Array<{ bookId: string; status: string; error?: string }> };
    const failed = report.books.filter((b) => b.status === 'failed');
    expect(failed.map((b) => b.bookId)).toEqual(['811795']);
    expect(failed[0]!.error).toMatch(/throttl/i);
    expect(fake.log.filter((l) => l.api === '/book/bookmarklist' && l.bookId === '811795').length).toBe(5);
    expect(report.books.find((b) => b.bookId === '822273')!.status).toBe('created');
    expect(notes(run.vault).get(SEED_NOTE)).toBe(SEED);
  }, 30_000);

  it('V1 Nuxt-wrapped 401 with -2012 refreshes the session and goes on; /web/ errors with errLog and info too', async () => {
    fake.shapes.add('web-error-extras');
    fake.faults.inject(
      { api: '/web/book/info', bookId: '26211849' },
      { errcode: -2012, errmsg: '登录超时', status: 401, wrap: 'nuxt' },
    );
    fake.faults.inject({ api: '/web/review/list', bookId: '811795' }, { errcode: -2012, errmsg: '登录超时' });
    const run = await sync('v1');
    expect(run.code, run.out + run.err).toBe(0);
    expect(notes(run.vault).get(SEED_NOTE)).toBe(SEED);
    expect(fake.log.filter((l) => l.method === 'HEAD').length).toBeGreaterThanOrEqual(1);
  });

  it("V1 Nuxt-wrapped 404 fails that book only, naming the endpoint and WeRead's code", async () => {
    fake.faults.inject(
      { api: '/web/book/info', bookId: '811795', times: Infinity },
      {
        errcode: -2000,
        errmsg: '书籍不存在',
        status: 404,
        wrap: 'nuxt',
      },
    );
    const run = await sync('v1', ['--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out) as { books: Array<{ bookId: string; status: string; error?: string }> };
    const failed = report.books.filter((b) => b.status === 'failed');
    expect(failed.map((b) => b.bookId)).toEqual(['811795']);
    expect(failed[0]!.error).toContain('errcode -2000');
    expect(failed[0]!.error).toContain('/web/book/info');
  });
});
