// Tests the fake's request log, latency and in-flight counting over real HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { loadFixtureLibrary } from '../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { v1, v2 } from './client';

let fake: FakeWeRead | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('request log', () => {
  it('records each request with its api, bookId(s), status, times and headers', async () => {
    fake = await startFakeWeRead({ books: loadFixtureLibrary() });
    await v1(fake, '/web/book/bookmarklist?bookId=822273');
    await v2(fake, { api_name: '/review/list/mine', bookid: '811795', synckey: 0 });
    await v1(fake, '/web/book/chapterInfos', { body: { bookIds: ['822273', '811795'] } });
    expect(fake.log).toHaveLength(3);
    const [a, b, c] = fake.log;
    expect(a).toMatchObject({
      seq: 1,
      method: 'GET',
      path: '/web/book/bookmarklist?bookId=822273',
      api: '/web/book/bookmarklist',
      bookId: '822273',
      status: 200,
    });
    expect(a!.headers.referer).toBe('https://weread.qq.com/');
    expect(a!.endedAt).toBeGreaterThanOrEqual(a!.startedAt);
    expect(b).toMatchObject({
      seq: 2,
      method: 'POST',
      path: '/api/agent/gateway',
      api: '/review/list/mine',
      bookId: '811795',
      status: 200,
    });
    expect(c).toMatchObject({ seq: 3, api: '/web/book/chapterInfos', bookIds: ['822273', '811795'] });
    fake.resetLog();
    expect(fake.log).toHaveLength(0);
    await v1(fake, '/api/user/notebook');
    expect(fake.log[0]!.seq).toBe(4);
  });

  it('waits latencyMs before each answer and counts concurrent requests in maxInFlight', async () => {
    fake = await startFakeWeRead({ books: loadFixtureLibrary(), latencyMs: 60 });
    const server = fake;
    const started = Date.now();
    await Promise.all(
      ['822273', '811795', '695233', '41576853'].map((id) => v1(server, `/web/book/info?bookId=${id}`)),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(fake.maxInFlight).toBe(4);
    expect(fake.inFlight).toBe(0);
    for (const entry of fake.log) expect(entry.endedAt - entry.startedAt).toBeGreaterThanOrEqual(55);
    fake.resetLog();
    expect(fake.maxInFlight).toBe(0);
    await v1(fake, '/web/book/info?bookId=822273');
    await v1(fake, '/web/book/info?bookId=811795');
    expect(fake.maxInFlight).toBe(1);
    fake.latencyMs = 0;
    await v1(fake, '/api/user/notebook');
    const last = fake.log.at(-1)!;
    // Latency is now off: the answer is not held back by the old 60 ms delay.
    expect(last.endedAt - last.startedAt).toBeLessThan(60);
  });

  it('serves the fixture library by default, and nothing with books: []', async () => {
    fake = await startFakeWeRead();
    expect((await v1(fake, '/api/user/notebook')).body.totalBookCount).toBe(loadFixtureLibrary().length);
    const empty = await startFakeWeRead({ books: [] });
    try {
      expect((await v1(empty, '/api/user/notebook')).body).toMatchObject({ totalBookCount: 0, hasMore: 0, books: [] });
    } finally {
      await empty.close();
    }
  });

  it('deep-copies its books: two servers from the same fixtures never share state', async () => {
    const books = loadFixtureLibrary();
    fake = await startFakeWeRead({ books });
    const other = await startFakeWeRead({ books });
    try {
      fake.library.deleteHighlight('822273_39_200-260');
      expect(other.library.get('822273')!.bookmarks).toHaveLength(7);
      expect(books.find((b) => b.notebook.bookId === '822273')!.bookmarks).toHaveLength(7);
    } finally {
      await other.close();
    }
  });
});
