// Tests the client on every real-answer shape of docs/weread-api.md §3.9, over real HTTP against the fake, through the cookie (V1) and the API key (V2).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeRead, type FakeWeRead } from '../../fakes/weread/server';
import { droppedChapterUid, shapeLibrary, switchesOff } from '../../fakes/weread/shapes';
import { assembleNotebook } from '../../../src/core/model/assemble';
import type { BookData, NotebookEntry } from '../../../src/core/model/notebook';
import { interpretResponse } from '../../../src/core/weread/transport';
import { clientFor, MemoryCredentials, rejection } from './helpers';

let fake: FakeWeRead;
beforeAll(async () => {
  fake = await startFakeWeRead({ books: shapeLibrary() });
});
afterAll(() => fake.close());
beforeEach(() => switchesOff(fake));

const SEED = '26211849';
const MP = 'MP_WXS_3009185398';
const THOUGHTS_ONLY = '3300099001';
const HANDWRITTEN = '3300099002';
const REVERSIONED = '3300099003';

async function entries(auth: 'v1' | 'v2'): Promise<Map<string, NotebookEntry>> {
  const { client } = await clientFor(fake, auth);
  return new Map((await client.listNotebooks()).map((e) => [e.bookId, e]));
}

async function book(auth: 'v1' | 'v2' | 'both', bookId: string): Promise<{ entry: NotebookEntry; data: BookData }> {
  const { client } = await clientFor(fake, auth);
  const entry = (await client.listNotebooks()).find((e) => e.bookId === bookId)!;
  return { entry, data: await client.fetchBookData(entry) };
}

const bookmarkApi = (auth: 'v1' | 'v2') => (auth === 'v1' ? '/web/book/bookmarklist' : '/book/bookmarklist');

for (const auth of ['v1', 'v2'] as const) {
  describe(`real answers through ${auth}`, () => {
    it('notebook-sparse: no progress, counters or hasMore, extra counters — the same entries', async () => {
      const tidy = await entries(auth);
      fake.shapes.add('notebook-sparse');
      const sparse = await entries(auth);
      expect([...sparse.keys()]).toEqual([...tidy.keys()]);
      for (const [id, e] of sparse) expect(e).toEqual({ ...tidy.get(id)!, readingProgress: undefined });
    });

    it('duplicate-keys: the raw JSON repeats a key and still parses (the last value wins)', async () => {
      fake.shapes.add('duplicate-keys');
      const { entry, data } = await book(auth, SEED);
      expect(entry.title).toBe('Python深度学习');
      expect(data.info.title).toBe('Python深度学习');
      const raw = await fetch(`${fake.baseUrl}/api/user/notebook`, { headers: { cookie: fake.cookieHeader } });
      expect((await raw.text()).match(/"centPrice":-1,"centPrice":100/g)!.length).toBeGreaterThan(5);
    });

    it('publish-time-empty: "" is no publish time', async () => {
      fake.shapes.add('publish-time-empty');
      const { data } = await book(auth, SEED);
      expect(data.info.publishTime).toBeUndefined();
    });

    it('empty-bookmarks-object: {} is "no highlights" for a book with noteCount 0, and an error otherwise', async () => {
      fake.shapes.add('empty-bookmarks-object');
      const { data } = await book(auth, THOUGHTS_ONLY);
      expect(data.highlights).toEqual([]);
      expect(data.thoughts.map((t) => t.reviewId).sort()).toEqual([
        '10000001_only01',
        '10000001_only02',
        '10000001_only03',
      ]);
      fake.faults.inject({ api: bookmarkApi(auth), bookId: SEED }, { status: 200, body: '{}' });
      const error = await rejection(book(auth, SEED));
      expect(error.kind).toBe('bad-data');
      expect(error.bookId).toBe(SEED);
      const counted = fake.library.get(SEED)!.notebook.noteCount;
      expect(error.message).toContain(
        `${bookmarkApi(auth)}: updated is missing, but the notebook list counts ${counted}`,
      );
    });

    it('bookmarks-sparse: no colorStyle (0), no removed, no chapters', async () => {
      const tidy = await book(auth, SEED);
      fake.shapes.add('bookmarks-sparse');
      const { data } = await book(auth, SEED);
      expect(data.highlights).toEqual(tidy.data.highlights.map((h) => ({ ...h, colorStyle: 0 })));
      expect(data.bookmarkChapters).toBeUndefined();
    });

    it('review-outer-id, range-empty-string, thought-no-star, html-content-empty: the same thoughts', async () => {
      const tidy = await book(auth, '811795');
      fake.shapes.add('review-outer-id').add('range-empty-string').add('thought-no-star').add('html-content-empty');
      const { data } = await book(auth, '811795');
      expect(data.problems).toBeUndefined();
      expect(data.thoughts.map((t) => t.reviewId)).toEqual(tidy.data.thoughts.map((t) => t.reviewId));
      for (const [i, t] of data.thoughts.entries()) {
        const before = tidy.data.thoughts[i]!;
        expect(t.range).toBe(before.range?.replace(/-$/, ''));
        if (t.type === 1) expect(t.star).toBeUndefined();
        else expect(t.star).toBe(before.star);
      }
      // Assembled, the thoughts sit exactly where the tidy answer put them.
      const strip = (d: BookData) => assembleNotebook(tidy.entry, d).chapters.map((c) => c.chapter.title);
      expect(strip(data)).toEqual(strip(tidy.data));
    });

    it('my-rating-word and chapter-extras: a word is kept, extra chapter fields and price -1 are ignored', async () => {
      const tidy = await book(auth, SEED);
      fake.shapes.add('my-rating-word').add('chapter-extras');
      const { data } = await book(auth, SEED);
      expect(data.info.myRating).toBe('good');
      expect(data.chapters).toEqual(tidy.data.chapters);
    });

    it('chapter-list-incomplete: the title (and place) of a chapter the chapter list lacks come from the bookmark list', async () => {
      const tidy = await book(auth, SEED);
      fake.shapes.add('chapter-list-incomplete');
      const { entry, data } = await book(auth, SEED);
      const dropped = droppedChapterUid(fake.library.get(SEED)!)!;
      expect(data.chapters.map((c) => c.chapterUid)).not.toContain(dropped);
      const notebook = assembleNotebook(entry, data);
      const before = assembleNotebook(tidy.entry, tidy.data);
      expect(notebook.chapters.map((c) => [c.chapter.title, c.chapter.chapterIdx])).toEqual(
        before.chapters.map((c) => [c.chapter.title, c.chapter.chapterIdx]),
      );
      expect(notebook.chapters.find((c) => c.chapter.chapterUid === dropped)!.known).toBe(false);
    });

    it('handwritten thoughts: the pencilNote image URL (or none) and its ms timestamp', async () => {
      const { data } = await book(auth, HANDWRITTEN);
      const byId = new Map(data.thoughts.map((t) => [t.reviewId, t]));
      expect(byId.get('10000001_pen01')).toMatchObject({
        content: '',
        pencilNote: { url: 'https://res.weread.qq.com/pencil/fake-0001.png', time: 1700000500123 },
      });
      expect(byId.get('10000001_pen02')!.pencilNote).toEqual({ time: 1700000600456 });
    });

    it('a re-versioned book: bookmarkId kept as given, thoughts matched by (chapter, range), older chapters named', async () => {
      fake.shapes.add('range-empty-string');
      const { entry, data } = await book(auth, REVERSIONED);
      const notebook = assembleNotebook(entry, data);
      const titles = notebook.chapters.map((c) => c.chapter.title);
      expect(titles).toEqual(['第一章', '第二章', '第三章（新版）', '第四章', '旧版 第一章']);
      const first = notebook.chapters[0]!.highlights[0]!;
      expect(first.bookmarkId).toBe('3300099003_9_100-150');
      expect(first.thoughts.map((t) => t.content)).toEqual(['位置变了，想法还在']);
      expect(notebook.chapters[1]!.highlights[0]!.thoughts.map((t) => t.range)).toEqual(['355']);
      expect(notebook.chapters[4]!.passages[0]!.thoughts[0]!.content).toBe('旧版章节上的想法');
    });

    it('one unreadable item fails the item, not the book: named by endpoint, field and id', async () => {
      fake.faults.inject({ api: bookmarkApi(auth), bookId: SEED }, { dropField: 'updated.2.createTime' });
      const reviewsApi = auth === 'v1' ? '/web/review/list' : '/review/list/mine';
      fake.faults.inject({ api: reviewsApi, bookId: SEED }, { dropField: 'reviews.0.review.type' });
      const all = fake.library.get(SEED)!;
      const { data } = await book(auth, SEED);
      expect(data.highlights).toHaveLength(all.bookmarks.length - 1);
      expect(data.thoughts).toHaveLength(all.reviews.length - 1);
      expect(data.problems).toEqual([
        {
          endpoint: bookmarkApi(auth),
          field: 'updated[2].createTime',
          itemId: all.bookmarks[2]!.bookmarkId,
          problem: 'is missing',
        },
        {
          endpoint: reviewsApi,
          field: 'reviews[0].review.type',
          itemId: all.reviews[0]!.reviewId,
          problem: 'is missing',
        },
      ]);
    });
  });
}

describe('公众号 shapes (V1 only serves accounts)', () => {
  it('mp-no-chapter-uid: highlights without chapterUid still sit under their articles', async () => {
    const tidy = await book('v1', MP);
    fake.shapes.add('mp-no-chapter-uid');
    const { entry, data } = await book('v1', MP);
    expect(data.problems).toBeUndefined();
    expect(data.highlights.map((h) => h.bookmarkId)).toEqual(tidy.data.highlights.map((h) => h.bookmarkId));
    const articles = (d: BookData) =>
      assembleNotebook(entry, d).chapters.map((c) => [c.chapter.title, c.highlights.map((h) => h.bookmarkId)]);
    expect(articles(data)).toEqual(articles(tidy.data));
  });

  it('mp-cover-relative: the broken cover "/0" is no cover', async () => {
    fake.shapes.add('mp-cover-relative');
    const { entry, data } = await book('v1', MP);
    expect(entry.cover).toBeUndefined();
    expect(data.info.cover).toBeUndefined();
  });

  it('an MP_WXS_ bookId is an account even when its type is not 3', async () => {
    const tidy = await book('v1', MP);
    const notebook = assembleNotebook({ ...tidy.entry, bookType: 0 }, tidy.data);
    expect(notebook.chapters.every((c) => c.chapter.articleId !== undefined)).toBe(true);
  });
});

describe('V2 book info with a dozen fields', () => {
  it('v2-info-sparse: what is there is used, the rest is absent', async () => {
    fake.shapes.add('v2-info-sparse');
    const { data } = await book('v2', SEED);
    expect(data.info).toMatchObject({ title: 'Python深度学习', isbn: expect.any(String) });
    expect(data.info.format).toBeUndefined();
    expect(data.info.totalWords).toBeUndefined();
  });
});

describe('errors as they really come', () => {
  it('/web/ bodies with errLog and info: -2012 refreshes once and retries', async () => {
    fake.shapes.add('web-error-extras');
    fake.faults.inject({ api: '/web/book/info', bookId: SEED }, { errcode: -2012, errmsg: '登录超时' });
    const { data } = await book('v1', SEED);
    expect(data.info.title).toBe('Python深度学习');
    const answered = fake.log.find((l) => l.api === '/web/book/info' && l.fault === 'errcode');
    expect(answered).toBeDefined();
    expect(fake.log.filter((l) => l.method === 'HEAD')).toHaveLength(1);
  });

  it("Nuxt-wrapped 401 (V1) is a session to refresh; wrapped 404 is WeRead's error for that book, not retried", async () => {
    fake.faults.inject({ api: '/web/book/info', bookId: SEED }, { errcode: -2012, status: 401, wrap: 'nuxt' });
    expect((await book('v1', SEED)).data.info.title).toBe('Python深度学习');
    fake.faults.inject(
      { api: '/web/book/info', bookId: SEED },
      { errcode: -2000, errmsg: '书籍不存在', status: 404, wrap: 'nuxt' },
    );
    const { client } = await clientFor(fake, 'v1');
    const entry = (await client.listNotebooks()).find((e) => e.bookId === SEED)!;
    const error = await rejection(client.fetchBookData(entry, { force: true }));
    expect(error).toMatchObject({ kind: 'server', errcode: -2000, status: 404, retryable: false });
  });

  it('V2 -2010 with HTTP 401 is a rejected credential, not retried', async () => {
    fake.faults.inject({ api: '/user/notebooks' }, { errcode: -2010, errmsg: '用户不存在', status: 401 });
    const { client } = await clientFor(fake, 'v2');
    const error = await rejection(client.listNotebooks());
    expect(error).toMatchObject({ kind: 'bad-credential', errcode: -2010, status: 401 });
    expect(fake.log.filter((l) => l.api === '/user/notebooks')).toHaveLength(1);
  });

  it('V2 -202 with HTTP 499 is throttling: backed off and retried, then that book fails', async () => {
    fake.faults.inject({ api: '/book/bookmarklist', bookId: SEED }, [{ errcode: -202, status: 499 }]);
    expect((await book('v2', SEED)).data.highlights.length).toBeGreaterThan(0);
    fake.faults.inject({ api: '/book/bookmarklist', bookId: SEED, times: Infinity }, { errcode: -202, status: 499 });
    const { client } = await clientFor(fake, 'v2', { credentials: new MemoryCredentials(null, fake.apiKey) });
    const entry = (await client.listNotebooks()).find((e) => e.bookId === SEED)!;
    fake.resetLog();
    const error = await rejection(client.fetchBookData(entry));
    expect(error).toMatchObject({ kind: 'throttled', errcode: -202, status: 499, bookId: SEED });
    expect(fake.log.filter((l) => l.api === '/book/bookmarklist')).toHaveLength(5);
  });

  it('interpretResponse unwraps a Nuxt error only when the top level has no code (chapterInfos `data` is a list)', () => {
    const ctx = { family: 'v1' as const, endpoint: '/web/book/info' };
    const wrapped = {
      status: 404,
      headers: {},
      setCookie: [],
      text: JSON.stringify({ statusCode: 404, data: { errcode: -2000, errmsg: 'x' } }),
    };
    const result = interpretResponse(wrapped, ctx);
    expect(result.ok).toBe(false);
    const list = {
      status: 200,
      headers: {},
      setCookie: [],
      text: JSON.stringify({ data: [{ bookId: '1', updated: [] }] }),
    };
    expect(interpretResponse(list, ctx).ok).toBe(true);
  });
});
