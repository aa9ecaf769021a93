/** (File not named http.ts: the lint boundary treats 'http' as a Node built-in.) The HttpPort on Obsidian's `requestUrl`: no CORS limits, works on mobile; adds the timeout and abort that requestUrl lacks. */
import { requestUrl, type RequestUrlResponse } from 'obsidian';
import type { HttpPort, HttpRequest, HttpResponse } from '../core/ports';

function namedError(name: 'AbortError' | 'TimeoutError', message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * Splits a Set-Cookie value that the platform joined with commas ("a=1; Expires=Wed, 21 Oct 2026 …, b=2")
 * into one entry per cookie: a comma starts a new cookie only when a `name=` follows it.
 */
export function splitSetCookie(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const joined of values) {
    for (const part of joined.split(/,(?=\s*[A-Za-z0-9_.!#$%&'*+^`|~-]+=)/)) {
      const trimmed = part.trim();
      if (trimmed) out.push(trimmed);
    }
  }
  return out;
}

/** Header names in lower case; Set-Cookie is taken out (it goes to `setCookie`). */
function normalizeHeaders(headers: Record<string, string | string[]> | undefined): {
  headers: Record<string, string>;
  setCookie: string[];
} {
  const out: Record<string, string> = {};
  let setCookie: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') setCookie = setCookie.concat(splitSetCookie(value));
    else out[lower] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { headers: out, setCookie };
}

/** The body's size in bytes: the declared content-length or, when larger, what arrived. */
function bodySize(response: RequestUrlResponse, headers: Record<string, string>): number {
  const declared = Number(headers['content-length']);
  let received = 0;
  try {
    received = response.arrayBuffer.byteLength;
  } catch {
    // A HEAD answer has no body.
  }
  return Math.max(Number.isFinite(declared) ? declared : 0, received);
}

/** An HttpPort that sends every request through `requestUrl` with `throw: false`. */
export class RequestUrlHttp implements HttpPort {
  async request(req: HttpRequest): Promise<HttpResponse> {
    if (req.signal?.aborted) throw namedError('AbortError', 'The request was aborted');
    let timer: number | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      // requestUrl cannot be cancelled: the request may still finish in the background; its answer is dropped.
      timer = window.setTimeout(
        () => reject(namedError('TimeoutError', `No answer from ${new URL(req.url).host} within ${req.timeoutMs} ms`)),
        req.timeoutMs,
      );
      onAbort = () => reject(namedError('AbortError', 'The request was aborted'));
      req.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const response: RequestUrlResponse = await Promise.race([
        requestUrl({
          url: req.url,
          method: req.method,
          headers: req.headers,
          body: req.body,
          contentType: req.body !== undefined ? (req.headers['content-type'] ?? 'application/json') : undefined,
          throw: false,
        }),
        stop,
      ]);
      const { headers, setCookie } = normalizeHeaders(response.headers);
      // requestUrl cannot stream: the size is checked once the body is in, before anything parses it.
      if (req.maxBytes !== undefined && bodySize(response, headers) > req.maxBytes) {
        const error = new Error(`the answer is larger than ${req.maxBytes} bytes`);
        error.name = 'ResponseTooLargeError';
        throw error;
      }
      let text = '';
      try {
        text = response.text;
      } catch {
        // A HEAD answer or a binary body has no text.
      }
      return { status: response.status, headers, setCookie, text };
    } finally {
      if (timer !== undefined) window.clearTimeout(timer);
      if (onAbort) req.signal?.removeEventListener('abort', onAbort);
    }
  }
}
