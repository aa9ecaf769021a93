// Tests the fake requestUrl against a real loopback node:http server.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onRequest, request, requestCount, requestLog, requestUrl, resetRequestLog } from '../fakes/obsidian';

let server: Server;
let base: string;
const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      switch (req.url) {
        case '/json':
          res.writeHead(200, { 'Content-Type': 'application/json', 'X-Custom': 'Yes' });
          res.end(JSON.stringify({ ok: true, echo: body, cookie: req.headers.cookie ?? null }));
          return;
        case '/cookies':
          res.setHeader('Set-Cookie', ['wr_skey=NEW; Path=/', 'wr_vid=42; Path=/']);
          res.end('cookies');
          return;
        case '/not-json':
          res.end('<html>');
          return;
        case '/missing':
          res.writeHead(404);
          res.end('nope');
          return;
        case '/gzip':
          res.writeHead(200, { 'Content-Encoding': 'gzip' });
          res.end(gzipSync('编码 ok'));
          return;
        case '/redirect':
          res.writeHead(302, { Location: '/json' });
          res.end();
          return;
        default:
          res.writeHead(500);
          res.end('boom');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  resetRequestLog();
  received.length = 0;
});

describe('requestUrl', () => {
  it('sends method, any header (Cookie, Origin), body and content type; parses json', async () => {
    const response = await requestUrl({
      url: `${base}/json`,
      method: 'POST',
      contentType: 'application/json',
      headers: { Cookie: 'wr_skey=abc', Origin: 'https://weread.qq.com', Referer: 'https://weread.qq.com/' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.headers['x-custom']).toBe('Yes');
    expect(response.json).toEqual({ ok: true, echo: '{"a":1}', cookie: 'wr_skey=abc' });
    expect(JSON.parse(response.text).ok).toBe(true);
    expect(new TextDecoder().decode(response.arrayBuffer)).toBe(response.text);
    const seen = received[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers.origin).toBe('https://weread.qq.com');
    expect(seen.headers['user-agent']).toMatch(/obsidian/);
  });

  it('joins Set-Cookie headers with ", " and keeps each in the log', async () => {
    const response = await requestUrl(`${base}/cookies`);
    expect(response.headers['set-cookie']).toBe('wr_skey=NEW; Path=/, wr_vid=42; Path=/');
    expect(requestLog[0]!.setCookie).toEqual(['wr_skey=NEW; Path=/', 'wr_vid=42; Path=/']);
  });

  it('rejects on status >= 400 with the status, unless throw is false', async () => {
    await expect(requestUrl(`${base}/missing`)).rejects.toMatchObject({
      status: 404,
      message: 'Request failed, status 404',
    });
    await expect(requestUrl({ url: `${base}/other`, method: 'GET' })).rejects.toMatchObject({ status: 500 });
    const response = await requestUrl({ url: `${base}/missing`, throw: false });
    expect(response.status).toBe(404);
    expect(response.text).toBe('nope');
  });

  it('json is a getter that throws on invalid JSON; text still works', async () => {
    const response = await requestUrl(`${base}/not-json`);
    expect(response.text).toBe('<html>');
    expect(() => response.json).toThrow(SyntaxError);
  });

  it('offers .text/.json on the promise, decompresses gzip, follows redirects', async () => {
    expect(await requestUrl(`${base}/gzip`).text).toBe('编码 ok');
    expect((await requestUrl(`${base}/redirect`).json).ok).toBe(true);
    expect(await request(`${base}/gzip`)).toBe('编码 ok');
  });

  it('rejects on network errors and logs them', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(requestUrl(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(requestLog[0]!.error).toMatch(/ECONNREFUSED/);
  });

  it('counts and reports requests as they start', async () => {
    const started: string[] = [];
    const stop = onRequest((entry) => started.push(`${entry.method} ${new URL(entry.url).pathname}`));
    await requestUrl(`${base}/json`);
    await requestUrl({ url: `${base}/missing`, throw: false });
    stop();
    await requestUrl(`${base}/json`);
    expect(requestCount()).toBe(3);
    expect(started).toEqual(['GET /json', 'GET /missing']);
    expect(requestLog.map((e) => e.status)).toEqual([200, 404, 200]);
  });
});
