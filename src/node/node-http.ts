/** The Node HttpPort adapter (CLI, tests, bench) over node:http/https: timeouts, cancellation, decompression with a size cap, every Set-Cookie, network errors named clearly. */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Readable } from 'node:stream';
import { clearTimeout, setTimeout } from 'node:timers';
import * as zlib from 'node:zlib';
import type { HttpPort, HttpRequest, HttpResponse } from '../core/ports';

// node:http rather than the global fetch: fetch loads undici on first use, 50–80 ms of CPU that a sync with nothing
// new (one request) would otherwise spend on it (issue 17's no-op budget at 2,000 books).

/** A failure to get any HTTP answer (DNS, refused, reset, TLS); `code` is the system error code when known. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The body is larger than the caller accepts (checked on content-length and while reading, after decompression). */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes`);
  }
}

function named(name: 'TimeoutError' | 'AbortError', message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

// Keep-alive, as fetch does: a sync sends thousands of requests to two hosts. Idle pooled sockets are unref'd by Node,
// so they do not keep a finished CLI run alive.
const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** What Node's network and zlib errors carry. */
type SystemError = Error & { code?: string };

function networkError(error: SystemError): NetworkError {
  return new NetworkError(error.code ? `${error.code}: ${error.message}` : error.message, error.code);
}

/** The decoder for a Content-Encoding, or null: identity, or an encoding fetch would not decode either (read as is). */
function decoderFor(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

/** Header names in lower case, repeated values joined as fetch joins them. */
function headerRecord(res: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/**
 * Reads the (decoded) body as UTF-8, failing with ResponseTooLargeError as soon as it passes `maxBytes`: a declared
 * content-length over the cap fails before reading, and inflated bytes are counted as they come (a gzip bomb stops
 * there, not after).
 */
function readBody(res: http.IncomingMessage, maxBytes: number | undefined): Promise<string> {
  const declared = Number(res.headers['content-length']);
  if (maxBytes !== undefined && Number.isFinite(declared) && declared > maxBytes)
    return Promise.reject(new ResponseTooLargeError(maxBytes));
  const decoder = decoderFor(res.headers['content-encoding']);
  const body: Readable = decoder ? res.pipe(decoder) : res;
  return new Promise((resolve, reject) => {
    const text = new TextDecoder();
    let received = 0;
    let out = '';
    body.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
      if (maxBytes !== undefined && received > maxBytes) {
        body.destroy();
        res.destroy();
        reject(new ResponseTooLargeError(maxBytes));
        return;
      }
      out += text.decode(chunk, { stream: true });
    });
    body.on('end', () => resolve(out + text.decode()));
    // A connection cut mid-body, or a body that does not decode, is a network failure like any other.
    const failed = (error: SystemError) => reject(networkError(error));
    body.on('error', failed);
    if (decoder) res.on('error', failed);
  });
}

/** One request; redirects are answers (never followed), so a credential never travels to a host the client did not check. */
function send(req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(req.url);
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:')
    return Promise.reject(new NetworkError(`unsupported address scheme ${url.protocol}`));
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
  return new Promise<HttpResponse>((resolve, reject) => {
    const outgoing = (secure ? https : http).request(
      url,
      { method: req.method, headers, agent: secure ? agents.https : agents.http },
      (res) => {
        if (req.method === 'HEAD') res.resume();
        const answer = req.method === 'HEAD' ? Promise.resolve('') : readBody(res, req.maxBytes);
        answer.then(
          (text) =>
            resolve({
              status: res.statusCode ?? 0,
              headers: headerRecord(res),
              setCookie: res.headers['set-cookie'] ?? [],
              text,
            }),
          reject,
        );
      },
    );
    const stop = (error: Error) => {
      reject(error);
      outgoing.destroy(error);
    };
    const timer = setTimeout(() => stop(named('TimeoutError', `no answer within ${req.timeoutMs} ms`)), req.timeoutMs);
    const onAbort = () => stop(named('AbortError', 'the request was cancelled'));
    if (req.signal?.aborted) onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    outgoing.on('error', (error: SystemError) => {
      if (error.name === 'TimeoutError' || error.name === 'AbortError') return reject(error);
      reject(networkError(error));
    });
    outgoing.on('close', () => {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    });
    outgoing.end(req.body);
  });
}

/** An HttpPort over node:http/https. Any HTTP status resolves; timeouts reject with name 'TimeoutError', aborts with 'AbortError', the rest with NetworkError. */
export function createNodeHttp(): HttpPort {
  return { request: send };
}
