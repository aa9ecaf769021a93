// Owns requestUrl's Node transport: node:http/https like Electron's net (no CORS, any header, redirects, decompression).
import * as http from 'node:http';
import * as https from 'node:https';
import * as zlib from 'node:zlib';
import type { TransportRequest, TransportResponse } from './request-types';

/** What Obsidian's Electron sends when the plugin sets no User-Agent. */
const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) obsidian/1.13.1 Chrome/140.0.0.0 Electron/38.0.0 Safari/537.36';
const MAX_REDIRECTS = 20;
// No keep-alive: a test's server.close() must not wait for pooled sockets.
const httpAgent = new http.Agent({ keepAlive: false });
const httpsAgent = new https.Agent({ keepAlive: false });

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function decode(body: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(body);
    case 'deflate':
      return zlib.inflateSync(body);
    case 'br':
      return zlib.brotliDecompressSync(body);
    default:
      return body;
  }
}

function once(request: TransportRequest): Promise<TransportResponse> {
  const url = new URL(request.url);
  const isHttps = url.protocol === 'https:';
  if (!isHttps && url.protocol !== 'http:')
    return Promise.reject(new Error(`net::ERR_UNKNOWN_URL_SCHEME (${url.protocol})`));
  const headers: Record<string, string> = { ...request.headers };
  if (!hasHeader(headers, 'user-agent')) headers['User-Agent'] = DEFAULT_USER_AGENT;
  if (!hasHeader(headers, 'accept-encoding')) headers['Accept-Encoding'] = 'gzip, deflate, br';
  if (request.body !== undefined) headers['Content-Length'] = String(request.body.byteLength);
  return new Promise((resolve, reject) => {
    const req = (isHttps ? https : http).request(
      url,
      { method: request.method, headers, agent: isHttps ? httpsAgent : httpAgent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          try {
            const responseHeaders: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined)
                responseHeaders[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
            }
            const raw = Buffer.concat(chunks);
            const body = request.method === 'HEAD' ? raw : decode(raw, res.headers['content-encoding']);
            resolve({
              status: res.statusCode ?? 0,
              headers: responseHeaders,
              setCookie: res.headers['set-cookie'] ?? [],
              body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
              url: url.toString(),
            });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', reject);
    if (request.body !== undefined) req.end(Buffer.from(request.body));
    else req.end();
  });
}

/** Sends the request, following redirects as Chromium does (303, and 301/302 after POST, turn into GET). */
export async function transport(request: TransportRequest): Promise<TransportResponse> {
  let current = request;
  for (let hop = 0; ; hop++) {
    const response = await once(current);
    const location = response.headers['location'];
    if (![301, 302, 303, 307, 308].includes(response.status) || location === undefined) return response;
    if (hop >= MAX_REDIRECTS) throw new Error('net::ERR_TOO_MANY_REDIRECTS');
    const toGet =
      response.status === 303 || ((response.status === 301 || response.status === 302) && current.method === 'POST');
    const headers = { ...current.headers };
    if (toGet) {
      for (const key of Object.keys(headers)) if (/^content-(type|length)$/i.test(key)) delete headers[key];
    }
    current = {
      url: new URL(location, current.url).toString(),
      method: toGet ? 'GET' : current.method,
      headers,
      body: toGet ? undefined : current.body,
    };
  }
}
