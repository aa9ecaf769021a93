// Tests the fake's V2 agent gateway over real HTTP: key checks, flat params, paging of notebooks and reviews, 公众号 refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLibrary, loadFixtureLibrary } from '../fakes/weread/library';
import { FAKE_ERRORS, startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { v2 } from './client';

let fake: FakeWeRead;
beforeAll(async () => {
  fake = await startFakeWeRead({
    books: [
      ...loadFixtureLibrary(),
      ...generateLibrary({ books: 300, highlightsPerBook: 3, thoughtsPerBook: 1, seed: 7 }),
    ],
  });
});
afterAll(async () => {
  await fake.close();
});

describe('V2 authentication and errors', () => {
  it('answers -2013 with HTTP 200 for a wrong or missing key', async () => {
    for (const key of ['wrk-wrong', null]) {
      const { status, body, headers } = await v2(fake, { api_name: '/_list' }, key);
      expect(status).toBe(200);
      expect(headers.get('content-type')).toBe('application/json');
      expect(body).toEqual({ errcode: -2013, errmsg: '鉴权失败' });
    }
  });

  it('lists its calls on /_list without an errcode', async () => {
    const { body } = await v2(fake, { api_name: '/_list' });
    expect(body.errcode).toBeUndefined();
    expect(body.apis.map((a: any) => a.api_name)).toContain('/review/list/mine');
  });

  it('answers -2003 for bad params, including bookId spelled wrong on the review list', async () => {
    const bad = { errcode: -2003, errmsg: '参数格式错误' };
    expect((await v2(fake, { api_name: '/book/info' })).body).toEqual(bad);
    expect((await v2(fake, { api_name: '/book/info', bookId: 822273 })).body).toEqual(bad);
    expect((await v2(fake, { api_name: '/review/list/mine', bookId: '822273' })).body).toEqual(bad);
    expect((await v2(fake, { api_name: '/user/notebooks', count: 'many' })).body).toEqual(bad);
    expect((await v2(fake, { api_name: '/user/notebooks', count: 0 })).body).toEqual(bad);
    expect((await v2(fake, { bookId: '1' })).body).toEqual(bad);
  });

  it('answers an errcode for an unknown api_name and an unknown book', async () => {
    expect((await v2(fake, { api_name: '/book/nothing' })).body.errcode).toBe(FAKE_ERRORS.unknownApi.code);
    expect((await v2(fake, { api_name: '/book/info', bookId: '404' })).body).toEqual({
      errcode: -2000,
      errmsg: '书籍不存在',
    });
  });

  it('refuses 公众号 accounts on bookmarklist and review list, but serves their info', async () => {
    const mp = 'MP_WXS_3009185398';
    expect((await v2(fake, { api_name: '/book/bookmarklist', bookId: mp })).body).toEqual({
      errcode: -2004,
      errmsg: '公众号内容暂不支持',
    });
    expect((await v2(fake, { api_name: '/review/list/mine', bookid: mp })).body.errcode).toBe(-2004);
    expect((await v2(fake, { api_name: '/book/info', bookId: mp })).body.type).toBe(3);
  });
});

describe('V2 paging', () => {
  it('pages the notebook list by lastSort, 20 by default, newest first, losing nothing', async () => {
    const seen: any[] = [];
    let lastSort: number | undefined;
    let pages = 0;
    for (;;) {
      const { body } = await v2(fake, { api_name: '/user/notebooks', ...(lastSort === undefined ? {} : { lastSort }) });
      pages += 1;
      expect(body.books.length).toBeLessThanOrEqual(20);
      expect(body.totalBookCount).toBe(309);
      seen.push(...body.books);
      if (body.hasMore !== 1) break;
      lastSort = body.books[body.books.length - 1].sort;
    }
    expect(pages).toBe(16);
    expect(new Set(seen.map((b) => b.bookId)).size).toBe(309);
    const sorts = seen.map((b) => b.sort);
    expect(sorts).toEqual([...sorts].sort((a, b) => b - a));
  });

  it('honours a larger count', async () => {
    const first = await v2(fake, { api_name: '/user/notebooks', count: 300 });
    expect(first.body.books).toHaveLength(300);
    expect(first.body.hasMore).toBe(1);
    const rest = await v2(fake, { api_name: '/user/notebooks', count: 300, lastSort: first.body.books[299].sort });
    expect(rest.body.books).toHaveLength(9);
    expect(rest.body.hasMore).toBe(0);
  });

  it('pages 45 thoughts in 20s with the returned synckey, in a stable order', async () => {
    const ids: string[] = [];
    let synckey = 0;
    const hasMores: number[] = [];
    for (;;) {
      const { body } = await v2(fake, { api_name: '/review/list/mine', bookid: '3300089819', synckey });
      expect(body.totalCount).toBe(45);
      ids.push(...body.reviews.map((r: any) => r.reviewId));
      hasMores.push(body.hasMore);
      if (body.hasMore !== 1) break;
      synckey = body.synckey;
    }
    expect(hasMores).toEqual([1, 1, 0]);
    expect(new Set(ids).size).toBe(45);
    const v1Order = fake.library.get('3300089819')!.reviews.map((r) => r.reviewId);
    expect(ids).toEqual(v1Order);
  });

  it('serves bookmarklist, chapterinfo and getprogress with the V1 shapes', async () => {
    const marks = await v2(fake, { api_name: '/book/bookmarklist', bookId: '811795' });
    expect(marks.body.updated).toHaveLength(3);
    expect(marks.body.chapters).toHaveLength(3);
    const chapters = await v2(fake, { api_name: '/book/chapterinfo', bookId: '822273' });
    expect(chapters.body).toMatchObject({
      bookId: '822273',
      chapterUpdateTime: expect.any(Number),
      synckey: expect.any(Number),
    });
    expect(chapters.body.chapters).toHaveLength(10);
    const progress = await v2(fake, { api_name: '/book/getprogress', bookId: '3300054321' });
    expect(progress.body.book.progress).toBe(64);
  });
});
