// Tests the client over real HTTP against the fake WeRead (V1, cookie): budget, batching, caching, session refresh, faults, limits, cancellation.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NotebookEntry } from '../../../src/core/model/notebook';
import { WeReadError } from '../../../src/core/weread/errors';
import { loadFixtureLibrary } from '../../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../../fakes/weread/server';
import { clientFor, MemoryCache, rejection } from './helpers';

let fake: FakeWeRead;
let entries: NotebookEntry[];

beforeAll(async () => {
  fake = await startFakeWeRead({ books: loadFixtureLibrary() });
  entries = await (await clientFor(fake, 'v1')).client.listNotebooks();
  fake.resetLog();
});
afterEach(() => {
  fake.faults.clear();
  fake.latencyMs = 0;
  fake.resetLog();
});
afterAll(() => fake.close());

const entry = (bookId: string): NotebookEntry => entries.find((e) => e.bookId === bookId)!;
const calls = (api: string) => fake.log.filter((l) => l.api === api);

describe('V1 client', () => {
  it('uses V1 with only a cookie; lists every notebook in one request', async () => {
    const { client } = await clientFor(fake, 'v1');
    expect(client.mode).toBe('v1');
    const list = await client.listNotebooks();
    expect(list.map((e) => e.bookId).sort()).toEqual(
      loadFixtureLibrary()
        .map((b) => b.notebook.bookId)
        .sort(),
    );
    expect(fake.log).toHaveLength(1);
    expect(client.requestCount).toBe(1);
    const seed = list.find((e) => e.bookId === '26211849')!;
    expect(seed).toMatchObject({ bookType: 0, noteCount: expect.any(Number), sort: expect.any(Number) });
  });

  it('fetches every book within budget: chapter lists of all books in ONE chapterInfos request, info/bookmarks/reviews once each', async () => {
    const { client } = await clientFor(fake, 'v1');
    const books = entries;
    const data = await Promise.all(books.map((e) => client.fetchBookData(e)));
    const regular = books.filter((e) => e.bookType !== 3);
    expect(calls('/web/book/chapterInfos')).toHaveLength(1);
    expect(calls('/web/book/chapterInfos')[0]!.bookIds!.sort()).toEqual(regular.map((e) => e.bookId).sort());
    expect(calls('/web/book/info')).toHaveLength(regular.length);
    expect(calls('/web/book/bookmarklist')).toHaveLength(books.length);
    expect(calls('/web/review/list')).toHaveLength(books.length);
    expect(client.requestCount).toBe(fake.log.length);
    expect(client.requestCount / books.length).toBeLessThanOrEqual(3.2);

    const seed = data[books.findIndex((e) => e.bookId === '26211849')]!;
    const fixture = fake.library.get('26211849')!;
    expect(seed.highlights).toHaveLength(fixture.bookmarks.length);
    expect(seed.thoughts).toHaveLength(fixture.reviews.length);
    expect(seed.chapters).toHaveLength(fixture.chapters.length);
    expect(seed.info.title).toBe(fixture.info.title);
    expect(seed.progress).toBeUndefined();
  });

  it('a 公众号 account is read through V1 without book/info or chapters, with its articles', async () => {
    const { client } = await clientFor(fake, 'both');
    expect(client.mode).toBe('v2');
    const mp = await client.fetchBookData(entry('MP_WXS_3009185398'));
    expect(mp.chapters).toEqual([]);
    expect(mp.articles!.length).toBeGreaterThan(0);
    expect(mp.highlights).toHaveLength(3);
    expect(fake.log.every((l) => !l.path.includes('agent/gateway'))).toBe(true);
    expect(calls('/web/book/info')).toHaveLength(0);
  });

  it('book info is cached across syncs (a second client does not refetch it); force refetches; a changed book costs 3 requests', async () => {
    const cache = new MemoryCache();
    const first = await clientFor(fake, 'v1', { cache });
    await first.client.fetchBookData(entry('822273'));
    fake.resetLog();
    const second = await clientFor(fake, 'v1', { cache });
    const data = await second.client.fetchBookData(entry('822273'));
    expect(data.info.title).toBe(fake.library.get('822273')!.info.title);
    expect(calls('/web/book/info')).toHaveLength(0);
    expect(second.client.requestCount).toBe(3);
    await second.client.fetchBookData(entry('822273'), { force: true, withProgress: true });
    expect(calls('/web/book/info')).toHaveLength(1);
    expect(calls('/web/book/getProgress')).toHaveLength(1);
  });

  it('-2012 with a working HEAD refresh: one refresh, success, renewed wr_skey persisted through the CredentialStore', async () => {
    const { client, credentials } = await clientFor(fake, 'v1');
    const oldSkey = fake.skey;
    fake.faults.expireSession({ refreshWorks: true });
    const data = await Promise.all(['822273', '811795', '695233'].map((id) => client.fetchBookData(entry(id))));
    expect(data.every((d) => d.highlights.length > 0)).toBe(true);
    expect(fake.log.filter((l) => l.method === 'HEAD')).toHaveLength(1);
    expect(fake.skey).not.toBe(oldSkey);
    expect(credentials.cookie).toContain(`wr_skey=${fake.skey}`);
    expect(credentials.cookie).toContain(`wr_vid=${fake.vid}`);
    expect(credentials.saved.length).toBeGreaterThan(0);
  });

  it('-2012 that does not recover: one clear session-expired error per call, a single refresh, then no more traffic', async () => {
    const { client } = await clientFor(fake, 'v1');
    fake.faults.expireSession({ refreshWorks: false });
    const error = await rejection(client.listNotebooks());
    expect(error.kind).toBe('session-expired');
    expect(error.nextStep).toMatch(/log in to WeRead again/i);
    expect(fake.log.map((l) => l.method)).toEqual(['GET', 'HEAD', 'GET']);
    const next = await rejection(client.fetchBookData(entry('822273')));
    expect(next.kind).toBe('session-expired');
    expect(next.bookId).toBe('822273');
    expect(fake.log).toHaveLength(3);
    const check = await client.checkLogin();
    expect(check.ok).toBe(false);
  });

  it('HTTP 401 is treated like -2012 (refresh, retry once)', async () => {
    const { client } = await clientFor(fake, 'v1');
    fake.faults.inject({ api: '/web/book/bookmarklist', bookId: '822273' }, { status: 401, body: '' });
    const data = await client.fetchBookData(entry('822273'));
    expect(data.highlights.length).toBeGreaterThan(0);
    expect(fake.log.filter((l) => l.method === 'HEAD')).toHaveLength(1);
  });

  it('429 and 499 then success: the backoff is visible in the request log timestamps', async () => {
    const { client } = await clientFor(fake, 'v1');
    fake.faults.inject({ api: '/web/book/bookmarklist', bookId: '811795' }, [{ status: 429 }, { status: 499 }]);
    await client.fetchBookData(entry('811795'));
    const tries = calls('/web/book/bookmarklist');
    expect(tries.map((l) => l.status)).toEqual([429, 499, 200]);
    // random = 1: the delays are the full 20 ms and 40 ms
    expect(tries[1]!.startedAt - tries[0]!.endedAt).toBeGreaterThanOrEqual(18);
    expect(tries[2]!.startedAt - tries[1]!.endedAt).toBeGreaterThanOrEqual(38);
  });

  it('5xx: retried to success; always failing → a server error for that book only, after a bounded number of tries', async () => {
    const { client } = await clientFor(fake, 'v1');
    fake.faults.inject({ api: '/web/review/list', bookId: '811795' }, [
      { status: 502, body: '<html>Bad Gateway</html>' },
      { status: 503 },
    ]);
    expect((await client.fetchBookData(entry('811795'))).thoughts).toHaveLength(8);
    fake.faults.inject({ api: '/web/review/list', bookId: '822273', times: Infinity }, { status: 500, body: 'oops' });
    const [bad, good] = await Promise.allSettled([
      client.fetchBookData(entry('822273')),
      client.fetchBookData(entry('695233')),
    ]);
    expect(bad.status === 'rejected' && (bad.reason as WeReadError).kind).toBe('server');
    expect(bad.status === 'rejected' && (bad.reason as WeReadError).bookId).toBe('822273');
    expect(good.status).toBe('fulfilled');
    expect(calls('/web/review/list').filter((l) => l.bookId === '822273')).toHaveLength(5);
  });

  it('a hung request times out and is retried', async () => {
    const { client } = await clientFor(fake, 'v1', { timeoutMs: 300 });
    fake.faults.inject({ api: '/web/book/bookmarklist', bookId: '695233' }, { hang: true });
    const data = await client.fetchBookData(entry('695233'));
    expect(data.highlights).toHaveLength(2);
    expect(calls('/web/book/bookmarklist')).toHaveLength(2);
    fake.faults.inject({ api: '/web/book/bookmarklist', bookId: '695233', times: Infinity }, { hang: true });
    const error = await rejection(
      (await clientFor(fake, 'v1', { timeoutMs: 100, retry: { maxRetries: 1, baseDelayMs: 1 } })).client.fetchBookData(
        entry('695233'),
      ),
    );
    expect(error.kind).toBe('timeout');
  });

  it.each([
    ['malformed JSON', { status: 200, body: '{"updated": [ {"bookmarkId": 1,, }' }, /truncated or malformed/],
    [
      'an HTML page with status 200',
      { status: 200, body: '<!DOCTYPE html><html><body>请登录</body></html>', contentType: 'text/html' },
      /HTML page/,
    ],
    [
      'a truncated body',
      { status: 200, body: '{"synckey":1,"updated":[{"bookId":"695233","bookmarkId":"695233_1' },
      /truncated or malformed/,
    ],
  ])('%s → bad-data naming the endpoint, with an excerpt', async (_, fault, problem) => {
    const { client } = await clientFor(fake, 'v1');
    fake.faults.inject({ api: '/web/book/bookmarklist', bookId: '695233' }, fault);
    const error = await rejection(client.fetchBookData(entry('695233')));
    expect(error.kind).toBe('bad-data');
    expect(error.endpoint).toBe('/web/book/bookmarklist');
    expect(error.bookId).toBe('695233');
    expect(error.problem).toMatch(problem);
    expect(error.excerpt!.length).toBeGreaterThan(0);
  });

  it('a missing required field → bad-data naming endpoint and field path', async () => {
    const { client } = await clientFor(fake, 'v1');
    fake.faults.inject({ api: '/web/book/bookmarklist', bookId: '811795' }, { dropField: 'updated.1.markText' });
    const error = await rejection(client.fetchBookData(entry('811795')));
    expect(error.kind).toBe('bad-data');
    expect(error.message).toContain('/web/book/bookmarklist: updated[1].markText is missing');
  });

  it('-2003 is reported as a bug naming the endpoint, not retried', async () => {
    const { client } = await clientFor(fake, 'v1');
    fake.faults.inject({ api: '/web/book/bookmarklist', bookId: '811795' }, { errcode: -2003, errmsg: '参数格式错误' });
    const error = await rejection(client.fetchBookData(entry('811795')));
    expect(error.kind).toBe('bug');
    expect(error.message).toContain('/web/book/bookmarklist');
    expect(calls('/web/book/bookmarklist')).toHaveLength(1);
  });

  it('never has more requests in flight than the limit (server-side maxInFlight)', async () => {
    // Hung requests of earlier tests may still be open on the server: start counting from a quiet server.
    for (let i = 0; i < 100 && fake.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 10));
    fake.resetLog();
    fake.latencyMs = 15;
    const { client } = await clientFor(fake, 'v1', { concurrency: 2, cache: new MemoryCache() });
    await Promise.all(entries.map((e) => client.fetchBookData(e)));
    expect(fake.log.length).toBeGreaterThan(20);
    expect(fake.maxInFlight).toBe(2);
  });

  it('cancellation stops everything within one request', async () => {
    fake.latencyMs = 40;
    const controller = new AbortController();
    const { client } = await clientFor(fake, 'v1', {
      concurrency: 1,
      signal: controller.signal,
      cache: new MemoryCache(),
    });
    const all = entries.map((e) => rejection(client.fetchBookData(e)));
    await new Promise((r) => setTimeout(r, 60));
    const sentBefore = fake.log.length;
    controller.abort();
    const errors = await Promise.all(all);
    expect(errors.every((e) => e.kind === 'cancelled')).toBe(true);
    await new Promise((r) => setTimeout(r, 60));
    expect(fake.log.length - sentBefore).toBeLessThanOrEqual(1);
    expect(fake.log.length).toBeLessThanOrEqual(3);
  });

  it('checkLogin reports the user from the cookie', async () => {
    const { client } = await clientFor(fake, 'v1');
    const check = await client.checkLogin();
    expect(check).toEqual({ ok: true, mode: 'v1', user: { vid: fake.vid, name: '书虫小王' } });
  });

  it('without any credential: mode none, not-configured errors, no requests', async () => {
    const { client } = await clientFor(fake, 'none');
    expect(client.mode).toBe('none');
    expect((await rejection(client.listNotebooks())).kind).toBe('not-configured');
    const check = await client.checkLogin();
    expect(!check.ok && check.error.kind).toBe('not-configured');
    expect(fake.log).toHaveLength(0);
  });
});
