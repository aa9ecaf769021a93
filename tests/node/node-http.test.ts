// Tests the Node HttpPort (node:http) over a real loopback server: every Set-Cookie, lower-case headers, decoding, redirects as answers, size caps, and clearly named timeout/abort/network failures.
import { createServer, type Server } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/core/ports';
import { createNodeHttp } from '../../src/node/node-http';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hang') return;
    if (req.url?.startsWith('/encoded/')) {
      const encoding = req.url.slice('/encoded/'.length);
      const body = Buffer.from('{"text":"微信读书"}');
      const encode = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync }[encoding] ?? ((b: Buffer) => b);
      res.writeHead(200, { 'content-encoding': encoding });
      return res.end(encode(body));
    }
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'https://elsewhere.example/steal' });
      return res.end();
    }
    if (req.url === '/echo-body') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () =>
        res.end(JSON.stringify({ length: req.headers['content-length'], body: Buffer.concat(chunks).toString() })),
      );
      return;
    }
    if (req.url === '/big') {
      res.writeHead(200, { 'content-length': String(10_000) });
      return res.end('x'.repeat(10_000));
    }
    if (req.url === '/cut') {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    if (req.url === '/slow-body') {
      res.writeHead(200);
      res.write('first');
      return;
    }
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

describe('createNodeHttp', () => {
  const http = createNodeHttp();
  /** A request to the test server: GET, no headers, a 2 s timeout, unless `more` says otherwise. */
  const ask = (pathname: string, more: Partial<HttpRequest> = {}) =>
    http.request({ method: 'GET', url: `${base}${pathname}`, headers: {}, timeoutMs: 2000, ...more });

  it('returns status, lower-case headers, body and one setCookie entry per cookie', async () => {
    const res = await ask('/x', { headers: { Cookie: 'wr_vid=1' } });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"ok":1}');
    expect(res.headers['x-echo']).toBe('wr_vid=1');
    expect(res.setCookie).toEqual(['wr_skey=a1; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT', 'wr_rt=b2; Path=/']);
    const head = await ask('/', { method: 'HEAD' });
    expect(head.text).toBe('');
    expect(head.setCookie).toHaveLength(2);
  });

  it('names timeouts, aborts and network failures', async () => {
    expect((await failure(ask('/hang', { timeoutMs: 50 }))).name).toBe('TimeoutError');
    const controller = new AbortController();
    const pending = ask('/hang', { timeoutMs: 5000, signal: controller.signal });
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

  it('decodes gzip, deflate and br bodies as UTF-8', async () => {
    for (const encoding of ['gzip', 'deflate', 'br', 'identity']) {
      const res = await ask(`/encoded/${encoding}`);
      expect(JSON.parse(res.text)).toEqual({ text: '微信读书' });
    }
  });

  it('returns a redirect as the answer and does not follow it', async () => {
    const res = await ask('/redirect', { headers: { Cookie: 'wr_skey=secret' } });
    expect(res.status).toBe(302);
    expect(res.headers['location']).toBe('https://elsewhere.example/steal');
  });

  it('sends a POST body with its byte length', async () => {
    const body = JSON.stringify({ bookId: '书' });
    const res = await ask('/echo-body', { method: 'POST', body });
    expect(JSON.parse(res.text)).toEqual({ length: String(Buffer.byteLength(body)), body });
  });

  it('refuses a body over maxBytes by its content-length, and accepts one within', async () => {
    const over = await failure(ask('/big', { maxBytes: 9_999 }));
    expect(over.name).toBe('ResponseTooLargeError');
    const within = await ask('/big', { maxBytes: 10_000 });
    expect(within.text).toHaveLength(10_000);
  });

  it('names a connection cut mid-body a network failure, and a body that stalls a timeout', async () => {
    expect((await failure(ask('/cut'))).name).toBe('NetworkError');
    expect((await failure(ask('/slow-body', { timeoutMs: 100 }))).name).toBe('TimeoutError');
  });

  it('refuses an address that is not http or https', async () => {
    const error = await failure(
      http.request({ method: 'GET', url: 'file:///etc/passwd', headers: {}, timeoutMs: 2000 }),
    );
    expect(error.name).toBe('NetworkError');
  });
});
