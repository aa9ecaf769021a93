// Tests the fake's fault switches over real HTTP: session expiry with and without refresh, injected statuses, errcodes, hangs, resets, dropped fields.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFixtureLibrary } from '../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { v1, v2 } from './client';

let fake: FakeWeRead;
beforeEach(async () => {
  fake = await startFakeWeRead({ books: loadFixtureLibrary() });
});
afterEach(async () => {
  await fake.close();
});

const head = (cookie: string) => fetch(fake.baseUrl + '/', { method: 'HEAD', headers: { cookie } });

describe('expireSession', () => {
  it('with refreshWorks: -2012 until HEAD / issues a new skey, which then works', async () => {
    const oldCookie = fake.cookieHeader;
    fake.faults.expireSession({ refreshWorks: true });
    expect((await v1(fake, '/api/user/notebook', { cookie: oldCookie })).body.errcode).toBe(-2012);
    const res = await head(oldCookie);
    const setCookie = res.headers.get('set-cookie')!;
    const newSkey = setCookie.match(/^wr_skey=([^;]+);/)![1]!;
    expect(newSkey).not.toBe('fakeskey01');
    expect(fake.skey).toBe(newSkey);
    const renewed = oldCookie.replace(/wr_skey=[^;]+/, `wr_skey=${newSkey}`);
    expect(renewed).toBe(fake.cookieHeader);
    expect((await v1(fake, '/api/user/notebook', { cookie: renewed })).body.books.length).toBeGreaterThan(0);
    expect((await v1(fake, '/api/user/notebook', { cookie: oldCookie })).body.errcode).toBe(-2012);
  });

  it('without refreshWorks: HEAD renews nothing and every V1 call keeps answering -2012; V2 is unaffected', async () => {
    fake.faults.expireSession({ refreshWorks: false });
    const res = await head(fake.cookieHeader);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await v1(fake, '/web/book/bookmarklist?bookId=822273')).body).toEqual({
      errCode: -2012,
      errMsg: '登录超时',
    });
    expect((await v2(fake, { api_name: '/book/info', bookId: '822273' })).body.bookId).toBe('822273');
    fake.faults.clear();
    expect((await v1(fake, '/web/book/bookmarklist?bookId=822273')).body.updated).toHaveLength(7);
  });
});

describe('inject', () => {
  it('answers an injected status the given number of times, then normally', async () => {
    fake.faults.inject({ api: '/web/book/bookmarklist', times: 2 }, { status: 429, body: 'slow down' });
    const a = await v1(fake, '/web/book/bookmarklist?bookId=822273');
    const b = await v1(fake, '/web/book/bookmarklist?bookId=811795');
    const c = await v1(fake, '/web/book/bookmarklist?bookId=822273');
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.text).toBe('slow down');
    expect(fake.log.map((e) => e.fault)).toEqual(['status', 'status', undefined]);
  });

  it('plays a sequence of responses, matching on api and bookId', async () => {
    fake.faults.inject({ api: '/book/bookmarklist', bookId: '811795' }, [
      { status: 500 },
      { status: 200, body: '<html><body>系统繁忙</body></html>', contentType: 'text/html' },
      { status: 200, body: '{"updated":[{"bookId":"8117' },
      { status: 499 },
    ]);
    const other = await v2(fake, { api_name: '/book/bookmarklist', bookId: '822273' });
    expect(other.body.updated).toHaveLength(7);
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await v2(fake, { api_name: '/book/bookmarklist', bookId: '811795' }));
    expect(answers.map((a) => a.status)).toEqual([500, 200, 200, 499, 200]);
    expect(answers[1]!.headers.get('content-type')).toBe('text/html');
    expect(answers[1]!.body).toBeUndefined();
    expect(answers[2]!.body).toBeUndefined(); // truncated JSON
    expect(answers[4]!.body.updated).toHaveLength(3);
  });

  it('shapes an injected errcode for the route', async () => {
    fake.faults.inject({ times: 3 }, { errcode: -2012, errmsg: '登录超时' });
    expect((await v1(fake, '/api/user/notebook')).body).toMatchObject({
      errcode: -2012,
      errmsg: '登录超时',
      errlog: expect.any(String),
    });
    expect((await v1(fake, '/web/book/info?bookId=822273')).body).toEqual({ errCode: -2012, errMsg: '登录超时' });
    expect((await v2(fake, { api_name: '/_list' })).body).toEqual({ errcode: -2012, errmsg: '登录超时' });
    expect((await v2(fake, { api_name: '/_list' })).body.apis).toBeDefined();
  });

  it('matches a chapterInfos request by any of its bookIds', async () => {
    fake.faults.inject({ bookId: '811795' }, { status: 503 });
    const { status } = await v1(fake, '/web/book/chapterInfos', { body: { bookIds: ['822273', '811795'] } });
    expect(status).toBe(503);
  });

  it('drops a field from the normal answer', async () => {
    fake.faults.inject({ api: '/web/book/bookmarklist' }, { dropField: 'updated.0.markText' });
    fake.faults.inject({ api: '/api/user/notebook' }, { dropField: 'books.3.sort' });
    const marks = await v1(fake, '/web/book/bookmarklist?bookId=822273');
    expect(marks.body.updated[0].markText).toBeUndefined();
    expect(marks.body.updated[0].bookmarkId).toBeDefined();
    expect(marks.body.updated[1].markText).toBeDefined();
    const list = await v1(fake, '/api/user/notebook');
    expect(list.body.books[3].sort).toBeUndefined();
    expect(list.body.books[2].sort).toBeDefined();
    expect((await v1(fake, '/api/user/notebook')).body.books[3].sort).toBeDefined();
  });

  it('applies forever with times Infinity until cleared', async () => {
    fake.faults.inject({ api: '/book/info', times: Infinity }, { status: 500 });
    for (let i = 0; i < 4; i += 1)
      expect((await v2(fake, { api_name: '/book/info', bookId: '822273' })).status).toBe(500);
    fake.faults.clear();
    expect((await v2(fake, { api_name: '/book/info', bookId: '822273' })).status).toBe(200);
  });

  it('resets the connection', async () => {
    fake.faults.inject({ api: '/web/book/info' }, { reset: true });
    await expect(v1(fake, '/web/book/info?bookId=822273')).rejects.toThrow();
    expect((await v1(fake, '/web/book/info?bookId=822273')).status).toBe(200);
  });

  it('hangs until the client gives up, and close() still ends quickly', async () => {
    fake.faults.inject({ api: '/web/book/info', times: Infinity }, { hang: true });
    const aborted = fetch(fake.baseUrl + '/web/book/info?bookId=822273', {
      headers: { cookie: fake.cookieHeader },
      signal: AbortSignal.timeout(150),
    });
    await expect(aborted).rejects.toThrow();
    const pending = fetch(fake.baseUrl + '/web/book/info?bookId=822273', { headers: { cookie: fake.cookieHeader } });
    pending.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.inFlight).toBe(1);
    expect(fake.log.at(-1)).toMatchObject({ fault: 'hang', status: 0, endedAt: 0 });
    const started = Date.now();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(pending).rejects.toThrow();
  });
});
