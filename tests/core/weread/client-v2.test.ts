// Tests the client over real HTTP against the fake WeRead (V2 gateway, API key): paging to the end, chapters per book, bad keys, 公众号 routing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpPort } from '../../../src/core/ports';
import { createWeReadClient } from '../../../src/core/weread/client';
import { WeReadError } from '../../../src/core/weread/errors';
import { generateLibrary, loadFixtureLibrary } from '../../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../../fakes/weread/server';
import { clientFor, MemoryCache, MemoryCredentials } from './helpers';

let fake: FakeWeRead;

beforeAll(async () => {
  fake = await startFakeWeRead({
    books: [
      ...loadFixtureLibrary(),
      ...generateLibrary({ books: 300, highlightsPerBook: 2, thoughtsPerBook: 1, seed: 7 }),
    ],
  });
});
afterEach(() => {
  fake.faults.clear();
  fake.resetLog();
});
afterAll(() => fake.close());

const gateway = (api: string) => fake.log.filter((l) => l.api === api);

describe('V2 client', () => {
  it('with an API key uses the gateway and pages the notebook list to the end', async () => {
    const { client } = await clientFor(fake, 'v2', { notebookPageSize: 100 });
    expect(client.mode).toBe('v2');
    const list = await client.listNotebooks();
    expect(list).toHaveLength(309);
    expect(new Set(list.map((e) => e.bookId)).size).toBe(309);
    const pages = gateway('/user/notebooks');
    expect(pages).toHaveLength(4);
    expect(client.requestCount).toBe(4);
    expect(pages.every((p) => p.headers.authorization === `Bearer ${fake.apiKey}`)).toBe(true);
  });

  it('reads all 45 thoughts of a book (pages of 20), and chapters per book', async () => {
    const { client } = await clientFor(fake, 'v2', { reviewPageSize: 20 });
    const list = await client.listNotebooks();
    const book = list.find((e) => e.bookId === '3300089819')!;
    fake.resetLog();
    const data = await client.fetchBookData(book, { withProgress: true });
    expect(data.thoughts).toHaveLength(45);
    expect(new Set(data.thoughts.map((t) => t.reviewId)).size).toBe(45);
    expect(gateway('/review/list/mine')).toHaveLength(3);
    expect(gateway('/book/chapterinfo')).toHaveLength(1);
    expect(data.chapters).toHaveLength(fake.library.get('3300089819')!.chapters.length);
    expect(data.progress).toBeDefined();
  });

  it('a 公众号 book without a cookie fails with not-configured for that book; with a cookie it goes through V1', async () => {
    const { client } = await clientFor(fake, 'v2');
    const mp = (await client.listNotebooks()).find((e) => e.bookType === 3)!;
    let error: unknown;
    try {
      await client.fetchBookData(mp);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeReadError);
    expect((error as WeReadError).kind).toBe('not-configured');
    expect((error as WeReadError).bookId).toBe(mp.bookId);
    expect((error as WeReadError).message).toMatch(/公众号/);
  });

  it('a wrong key (-2013) → bad-credential from checkLogin, without retries', async () => {
    const { client } = await clientFor(fake, 'v2', { credentials: new MemoryCredentials(null, 'wrk-wrongKey000') });
    const check = await client.checkLogin();
    expect(check.ok).toBe(false);
    expect(!check.ok && check.error.kind).toBe('bad-credential');
    expect(!check.ok && check.error.errcode).toBe(-2013);
    expect(fake.log).toHaveLength(1);
    const good = await (await clientFor(fake, 'v2')).client.checkLogin();
    expect(good).toEqual({ ok: true, mode: 'v2' });
  });

  it('a second sync reuses cached info and chapters-of-the-same-time; a changed book costs ≤ 3 requests', async () => {
    const cache = new MemoryCache();
    const book = (await (await clientFor(fake, 'v2')).client.listNotebooks()).find((e) => e.bookId === '822273')!;
    await (await clientFor(fake, 'v2', { cache })).client.fetchBookData(book);
    fake.resetLog();
    const { client } = await clientFor(fake, 'v2', { cache });
    await client.fetchBookData(book);
    expect(gateway('/book/info')).toHaveLength(0);
    expect(client.requestCount).toBeLessThanOrEqual(3);
  });
});

describe('fetchApiKeyWithCookie', () => {
  it('reads the key from apikeyGet with the cookie', async () => {
    const seen: string[] = [];
    const http: HttpPort = {
      async request(req) {
        seen.push(`${req.method} ${req.url} ${req.headers.Cookie}`);
        return { status: 200, headers: {}, setCookie: [], text: '{"apikey":"wrk-issuedKey42","expire":0}' };
      },
    };
    const client = await createWeReadClient({
      http,
      credentials: new MemoryCredentials('wr_vid=1234567; wr_skey=abcdefgh'),
      cache: new MemoryCache(),
      baseUrl: 'https://weread.example',
      gatewayUrl: 'https://gw.example',
      trustedOrigins: ['https://weread.example', 'https://gw.example'],
    });
    expect(await client.fetchApiKeyWithCookie()).toBe('wrk-issuedKey42');
    expect(seen).toEqual(['GET https://weread.example/api/skills/apikeyGet wr_vid=1234567; wr_skey=abcdefgh']);
  });
});
