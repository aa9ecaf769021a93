// Tests the request pipeline against a scripted in-memory HttpPort: headers, backoff (injected clock), limits, shared session refresh, cancellation.
import { describe, expect, it } from 'vitest';
import type { HttpPort, HttpRequest, HttpResponse } from '../../../src/core/ports';
import { WeReadTransport, realClock, type Clock } from '../../../src/core/weread/transport';
import { MemoryCredentials, rejection } from './helpers';

const COOKIE = 'wr_vid=15707910; wr_skey=oldSkey1; wr_name=%E4%B9%A6%E8%99%AB';

function ok(body: unknown, setCookie: string[] = []): HttpResponse {
  return { status: 200, headers: {}, setCookie, text: JSON.stringify(body) };
}

/** A stub port that answers with `handler` and records every request. */
function stubHttp(handler: (req: HttpRequest, n: number) => Promise<HttpResponse> | HttpResponse) {
  const requests: HttpRequest[] = [];
  let inFlight = 0;
  const stats = { maxInFlight: 0 };
  const http: HttpPort = {
    async request(req) {
      requests.push(req);
      inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      try {
        return await handler(req, requests.length);
      } finally {
        inFlight -= 1;
      }
    },
  };
  return { http, requests, stats };
}

/** Virtual time: sleeping advances it instantly and is recorded. */
function virtualClock(): Clock & { sleeps: number[] } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    timer: realClock.timer,
    async sleep(ms) {
      sleeps.push(ms);
      t += ms;
    },
  };
}

function transport(http: HttpPort, extra: Partial<ConstructorParameters<typeof WeReadTransport>[0]> = {}) {
  const credentials = new MemoryCredentials(COOKIE, 'wrk-unitTestKey123');
  const t = new WeReadTransport({
    http,
    credentials,
    baseUrl: 'https://weread.example',
    gatewayUrl: 'https://gw.example/api/agent/gateway',
    minSpacingMs: 0,
    retry: { maxRetries: 4, baseDelayMs: 20, maxDelayMs: 1000, maxTotalMs: 10000 },
    random: () => 0.5,
    ...extra,
  });
  return { t, credentials };
}

describe('transport', () => {
  it('sends the browser headers: V1 with Referer and Cookie, V2 with a flat JSON body and Bearer key', async () => {
    const { http, requests } = stubHttp(() => ok({ ok: 1 }));
    const { t } = transport(http);
    await t.v1({ method: 'GET', path: '/web/book/info', query: { bookId: '1' } });
    await t.v2('/book/info', { bookId: '1' });
    const [v1, v2] = requests;
    expect(v1!.url).toBe('https://weread.example/web/book/info?bookId=1');
    expect(v1!.headers).toMatchObject({
      Referer: 'https://weread.qq.com/',
      Accept: 'application/json, text/plain, */*',
      Cookie: COOKIE,
    });
    expect(v1!.headers['Accept-Encoding']).not.toMatch(/br/);
    expect(v1!.headers['User-Agent']!.length).toBeLessThan(160);
    expect(v2!.headers.Authorization).toBe('Bearer wrk-unitTestKey123');
    expect(JSON.parse(v2!.body!)).toEqual({ api_name: '/book/info', skill_version: '1.0.3', bookId: '1' });
    expect(t.requestCount).toBe(2);
  });

  it('backs off exponentially with jitter on 429/499/5xx/network, then succeeds', async () => {
    const clock = virtualClock();
    const answers: Array<HttpResponse | Error> = [
      { status: 429, headers: {}, setCookie: [], text: '' },
      { status: 499, headers: {}, setCookie: [], text: '' },
      { status: 503, headers: {}, setCookie: [], text: '<html>busy</html>' },
      Object.assign(new Error('ECONNRESET'), { name: 'NetworkError' }),
      ok({ fine: true }),
    ];
    const { http, requests } = stubHttp((_, n) => {
      const a = answers[n - 1]!;
      if (a instanceof Error) throw a;
      return a;
    });
    const { t } = transport(http, { clock });
    await expect(t.v1({ method: 'GET', path: '/x' })).resolves.toEqual({ fine: true });
    expect(requests).toHaveLength(5);
    expect(clock.sleeps).toEqual([10, 20, 40, 80]); // 0.5 × 20·2^k
  });

  it('gives up after the retry bound with the last error, and honours the total time bound', async () => {
    const clock = virtualClock();
    const { http, requests } = stubHttp(() => ({ status: 502, headers: {}, setCookie: [], text: '' }));
    const { t } = transport(http, { clock });
    const error = await rejection(t.v1({ method: 'GET', path: '/x', bookId: '9' }));
    expect(error.kind).toBe('server');
    expect(error.bookId).toBe('9');
    expect(requests).toHaveLength(5);

    const short = stubHttp(() => ({ status: 429, headers: {}, setCookie: [], text: '' }));
    const { t: t2 } = transport(short.http, {
      clock: virtualClock(),
      retry: { maxRetries: 10, baseDelayMs: 100, maxDelayMs: 100, maxTotalMs: 120 },
    });
    expect((await rejection(t2.v1({ method: 'GET', path: '/x' }))).kind).toBe('throttled');
    expect(short.requests).toHaveLength(3);
  });

  it('does not retry what retrying cannot fix', async () => {
    for (const body of [{ errcode: -2013 }, { errcode: -2003 }, { errcode: -2010 }]) {
      const { http, requests } = stubHttp(() => ok(body));
      const { t } = transport(http, { clock: virtualClock() });
      await rejection(t.v2('/book/info'));
      expect(requests).toHaveLength(1);
    }
  });

  it('keeps at most `concurrency` requests in flight and spaces request starts', async () => {
    const starts: number[] = [];
    const { http, stats } = stubHttp(async () => {
      starts.push(Date.now());
      await new Promise((r) => setTimeout(r, 15));
      return ok({});
    });
    const { t } = transport(http, { concurrency: 2, minSpacingMs: 10 });
    await Promise.all(Array.from({ length: 8 }, () => t.v1({ method: 'GET', path: '/x' })));
    expect(stats.maxInFlight).toBe(2);
    expect(t.limiter.maxObservedInFlight).toBe(2);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(9);
  });

  it('concurrent -2012s share ONE HEAD refresh; the renewed wr_skey is persisted and every call succeeds', async () => {
    const { http, requests } = stubHttp(async (req) => {
      if (req.method === 'HEAD') {
        await new Promise((r) => setTimeout(r, 10));
        return {
          status: 200,
          headers: {},
          setCookie: ['wr_skey=newSkey2; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT'],
          text: '',
        };
      }
      await new Promise((r) => setTimeout(r, 5));
      return req.headers.Cookie!.includes('wr_skey=newSkey2')
        ? ok({ n: 1 })
        : ok({ errCode: -2012, errMsg: '登录超时' });
    });
    const { t, credentials } = transport(http, { concurrency: 3 });
    const results = await Promise.all(Array.from({ length: 6 }, () => t.v1({ method: 'GET', path: '/web/x' })));
    expect(results).toEqual(Array.from({ length: 6 }, () => ({ n: 1 })));
    expect(requests.filter((r) => r.method === 'HEAD')).toHaveLength(1);
    expect(credentials.cookie).toContain('wr_skey=newSkey2');
    expect(credentials.cookie).toContain('wr_vid=15707910');
  });

  it('refresh, retry once, still -2012 → one clear session-expired; later calls fail fast without requests', async () => {
    const { http, requests } = stubHttp((req) =>
      req.method === 'HEAD'
        ? { status: 200, headers: {}, setCookie: [], text: '' }
        : ok({ errcode: -2012, errmsg: '登录超时' }),
    );
    const { t } = transport(http);
    const error = await rejection(t.v1({ method: 'GET', path: '/api/user/notebook' }));
    expect(error.kind).toBe('session-expired');
    expect(error.nextStep).toMatch(/Log in to WeRead again/);
    expect(requests.map((r) => r.method)).toEqual(['GET', 'HEAD', 'GET']);
    expect((await rejection(t.v1({ method: 'GET', path: '/web/book/info' }))).kind).toBe('session-expired');
    expect(requests).toHaveLength(3);
  });

  it('cancellation aborts the in-flight request and stops queued ones', async () => {
    const controller = new AbortController();
    const { http, requests } = stubHttp(
      (req) =>
        new Promise<HttpResponse>((_, reject) => {
          req.signal?.addEventListener('abort', () =>
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
          );
        }),
    );
    const { t } = transport(http, { concurrency: 1, signal: controller.signal });
    const calls = Array.from({ length: 4 }, (_, i) => rejection(t.v1({ method: 'GET', path: `/x${i}` })));
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    const errors = await Promise.all(calls);
    expect(errors.map((e) => e.kind)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(requests).toHaveLength(1);
  });

  it('a port that never answers still times out', async () => {
    const { http } = stubHttp(() => new Promise<HttpResponse>(() => undefined));
    const { t } = transport(http, { timeoutMs: 10, retry: { maxRetries: 0 } });
    const error = await rejection(t.v1({ method: 'GET', path: '/slow' }));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('without credentials the call is not-configured and nothing is sent', async () => {
    const { http, requests } = stubHttp(() => ok({}));
    const t = new WeReadTransport({
      http,
      credentials: new MemoryCredentials(null, null),
      baseUrl: 'https://w',
      gatewayUrl: 'https://g',
    });
    expect((await rejection(t.v1({ method: 'GET', path: '/a' }))).kind).toBe('not-configured');
    expect((await rejection(t.v2('/b'))).kind).toBe('not-configured');
    expect(requests).toHaveLength(0);
  });
});
