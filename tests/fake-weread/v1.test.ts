// Tests the fake's V1 cookie API over real HTTP: shapes, credentials, error bodies, chapterInfos batching, cookie refresh.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFixtureLibrary } from '../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { v1 } from './client';

let fake: FakeWeRead;
beforeEach(async () => {
  fake = await startFakeWeRead({ books: loadFixtureLibrary() });
});
afterEach(async () => {
  await fake.close();
});

describe('V1 notebook list', () => {
  it('lists every book with notes, newest sort first, with totals and hasMore 0', async () => {
    const { status, body, headers } = await v1(fake, '/api/user/notebook');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json');
    expect(body.hasMore).toBe(0);
    expect(body.totalBookCount).toBe(body.books.length);
    expect(body.books.length).toBe(loadFixtureLibrary().length);
    const sorts = body.books.map((b: any) => b.sort);
    expect(sorts).toEqual([...sorts].sort((a: number, b: number) => b - a));
    expect(body.synckey).toBe(sorts[0]);
    const mp = body.books.find((b: any) => b.bookId === 'MP_WXS_3009185398');
    expect(mp.book.type).toBe(3);
    const uploaded = body.books.find((b: any) => b.bookId === 'CB_4N19Ux9VkAfJ6TB6U5');
    expect(uploaded.book.author).toBeUndefined();
    expect(uploaded.book.cover).toBeUndefined();
    expect(body.books.filter((b: any) => b.book.title === '三体')).toHaveLength(2);
  });

  it('answers the realistic cookie header and accepts the default credentials', () => {
    expect(fake.cookieHeader).toMatch(/^wr_vid=10000001; wr_skey=fakeskey01; wr_name=%[0-9A-F]{2}/);
    for (const name of ['wr_avatar', 'wr_gid', 'wr_pf=0', 'wr_rt', 'wr_localvid', 'wr_gender=1'])
      expect(fake.cookieHeader).toContain(name);
    expect(decodeURIComponent(fake.cookieHeader.match(/wr_name=([^;]+)/)![1]!)).toMatch(/^[\u4e00-\u9fff]+$/);
  });
});

describe('V1 credentials', () => {
  it('answers -2012 in lower case on /api/* and camel case on /web/* without a valid cookie, with HTTP 200', async () => {
    const api = await v1(fake, '/api/user/notebook', { cookie: 'wr_vid=10000001; wr_skey=wrong' });
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ errcode: -2012, errmsg: '登录超时' });
    expect(typeof api.body.errlog).toBe('string');
    const web = await v1(fake, '/web/book/info?bookId=822273', { cookie: 'wr_skey=fakeskey01' });
    expect(web.status).toBe(200);
    expect(web.body).toEqual({ errCode: -2012, errMsg: '登录超时' });
  });

  it('HEAD / renews wr_skey with a Set-Cookie for the weread domain', async () => {
    const res = await fetch(fake.baseUrl + '/', { method: 'HEAD', headers: { cookie: fake.cookieHeader } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('set-cookie')).toMatch(/^wr_skey=fakeskey01; Path=\/; Domain=\.weread\.qq\.com;/);
  });
});

describe('V1 book calls', () => {
  it('serves book info as given, including a nearly empty one', async () => {
    const full = await v1(fake, '/web/book/info?bookId=822273');
    expect(full.body).toMatchObject({ bookId: '822273', isbn: '9787111544937', category: '计算机-计算机综合' });
    const bare = await v1(fake, '/web/book/info?bookId=CB_4N19Ux9VkAfJ6TB6U5');
    expect(bare.body.title).toBe('旅行笔记（自制版）');
    for (const missing of ['author', 'cover', 'isbn', 'category']) expect(bare.body[missing]).toBeUndefined();
  });

  it('serves the bookmark list with only the chapters that have highlights', async () => {
    const { body } = await v1(fake, '/web/book/bookmarklist?bookId=822273');
    expect(Object.keys(body).sort()).toEqual(['book', 'chapters', 'refMpInfos', 'removed', 'synckey', 'updated']);
    expect(body.updated).toHaveLength(7);
    expect(body.removed).toEqual([]);
    const uids = body.chapters.map((c: any) => c.chapterUid).sort((a: number, b: number) => a - b);
    expect(uids).toEqual([8, 38, 41, 90, 212, 300]); // 999 is named by a highlight but missing from the book
    expect(body.chapters[0]).toEqual({
      bookId: '822273',
      chapterUid: expect.any(Number),
      chapterIdx: expect.any(Number),
      title: expect.any(String),
    });
    expect(body.updated.find((h: any) => h.chapterUid === 41).bookmarkId).toBe('822273_39_200-260');
    expect(body.updated.map((h: any) => h.range)).toEqual(expect.arrayContaining(['4527-', '4527']));
    expect(body.book).toMatchObject({ bookId: '822273', title: '深入理解计算机系统（原书第3版）' });
  });

  it('serves 公众号 highlights with refMpReviewId and the articles in refMpInfos', async () => {
    const { body } = await v1(fake, '/web/book/bookmarklist?bookId=MP_WXS_3009185398');
    expect(body.chapters).toEqual([]);
    expect(body.refMpInfos).toHaveLength(2);
    const articleIds = new Set(body.refMpInfos.map((a: any) => a.reviewId));
    for (const h of body.updated) expect(articleIds.has(h.refMpReviewId)).toBe(true);
  });

  it('serves every review in one response', async () => {
    const { body } = await v1(fake, '/web/review/list?bookId=3300089819&listType=11&mine=1&synckey=0');
    expect(body).toMatchObject({ totalCount: 45, hasMore: 0, removed: [] });
    expect(body.reviews).toHaveLength(45);
    expect(body.reviews[0].review.reviewId).toBe(body.reviews[0].reviewId);
  });

  it('serves chapters of several books in one chapterInfos request, skipping unknown ids', async () => {
    const { body } = await v1(fake, '/web/book/chapterInfos', {
      body: { bookIds: ['822273', '811795', 'nope', 'MP_WXS_3009185398'] },
    });
    expect(body.data.map((d: any) => d.bookId)).toEqual(['822273', '811795', 'MP_WXS_3009185398']);
    const levels = new Set(body.data[0].updated.map((c: any) => c.level));
    expect([...levels].sort()).toEqual([1, 2, 3, 4]);
    expect(body.data[0].chapterUpdateTime).toBeGreaterThan(0);
    expect(body.data[0].updated[0]).toMatchObject({ bookId: '822273', chapterUid: 500, chapterIdx: 1, level: 1 });
    expect(body.data[2].updated).toEqual([]);
    const bad = await v1(fake, '/web/book/chapterInfos', { body: { bookIds: 'x' } });
    expect(bad.body).toEqual({ errCode: -2003, errMsg: '参数格式错误' });
  });

  it('serves reading progress, with a default when the fixture has none', async () => {
    const given = await v1(fake, '/web/book/getProgress?bookId=3300054321');
    expect(given.body).toMatchObject({ bookId: '3300054321', book: { progress: 64, readingTime: 40210 } });
    expect(given.body.timestamp).toBeGreaterThan(1_700_000_000);
    const derived = await v1(fake, '/web/book/getProgress?bookId=822273');
    expect(derived.body.book).toMatchObject({ chapterUid: 500, progress: 18, isStartReading: 1 });
  });

  it('answers an unknown bookId with a WeRead-like error and an unknown path with 404', async () => {
    const { status, body } = await v1(fake, '/web/book/bookmarklist?bookId=0000');
    expect(status).toBe(200);
    expect(body).toEqual({ errCode: -2000, errMsg: '书籍不存在' });
    expect((await v1(fake, '/web/book/nothing')).status).toBe(404);
  });
});
