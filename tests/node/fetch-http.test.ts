// Tests the Node fetch HttpPort over a real loopback server: every Set-Cookie, lower-case headers, and clearly named timeout/abort/network failures.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchHttp } from '../../src/node/fetch-http';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hang') return;
    res.setHeader('Set-Cookie', ['wr_skey=a1; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT', 'wr_rt=b2; Path=/']);
    res.setHeader('X-Echo', String(req.headers.cookie ?? ''));
    res.end(req.method === 'HEAD' ? undefined : '{"ok":1}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const failure = async (p: Promise<unknown>): Promise<Error> => {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
};

describe('createFetchHttp', () => {
  const http = createFetchHttp();

  it('returns status, lower-case headers, body and one setCookie entry per cookie', async () => {
    const res = await http.request({
      method: 'GET',
      url: `${base}/x`,
      headers: { Cookie: 'wr_vid=1' },
      timeoutMs: 2000,
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"ok":1}');
    expect(res.headers['x-echo']).toBe('wr_vid=1');
    expect(res.setCookie).toEqual(['wr_skey=a1; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT', 'wr_rt=b2; Path=/']);
    const head = await http.request({ method: 'HEAD', url: `${base}/`, headers: {}, timeoutMs: 2000 });
    expect(head.text).toBe('');
    expect(head.setCookie).toHaveLength(2);
  });

  it('names timeouts, aborts and network failures', async () => {
    expect((await failure(http.request({ method: 'GET', url: `${base}/hang`, headers: {}, timeoutMs: 50 }))).name).toBe(
      'TimeoutError',
    );
    const controller = new AbortController();
    const pending = http.request({
      method: 'GET',
      url: `${base}/hang`,
      headers: {},
      timeoutMs: 5000,
      signal: controller.signal,
    });
    controller.abort();
    expect((await failure(pending)).name).toBe('AbortError');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const refused = await failure(
      http.request({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {}, timeoutMs: 2000 }),
    );
    expect(refused.name).toBe('NetworkError');
    expect(refused.message).toMatch(/ECONNREFUSED/);
  });
});
