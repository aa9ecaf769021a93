/** The Node `fetch` HttpPort adapter (CLI, tests, bench): timeouts, cancellation, every Set-Cookie, network errors named clearly. */
import type { HttpPort, HttpRequest, HttpResponse } from '../core/ports';

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

function named(name: 'TimeoutError' | 'AbortError', message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** The innermost cause's code and message: undici wraps the system error as `TypeError: fetch failed`. */
function describeCause(error: unknown): { code?: string; message: string } {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  let code: string | undefined;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const c = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof c.code === 'string') code = c.code;
    if (typeof c.message === 'string' && c.message) message = c.message;
    current = c.cause;
  }
  return { code, message };
}

/** The body is larger than the caller accepts (checked on content-length and while reading, after decompression). */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(readonly limit: number) {
    super(`the answer is larger than ${limit} bytes`);
  }
}

/** Reads a body as UTF-8, stopping (and cancelling the stream) as soon as it passes `maxBytes` decoded bytes. */
async function readCapped(res: Response, maxBytes: number | undefined): Promise<string> {
  if (maxBytes === undefined || !res.body) return res.text();
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body.cancel().catch(() => undefined);
    throw new ResponseTooLargeError(maxBytes);
  }
  // fetch decompresses gzip/deflate before these chunks: counting them caps the inflated size (a gzip bomb stops here).
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

export interface FetchHttpOptions {
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** An HttpPort over Node's fetch. Any HTTP status resolves; timeouts reject with name 'TimeoutError', aborts with 'AbortError', the rest with NetworkError. */
export function createFetchHttp(opts: FetchHttpOptions = {}): HttpPort {
  const doFetch = opts.fetch ?? fetch;
  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      const timeout = AbortSignal.timeout(req.timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      const fail = (error: unknown): never => {
        if (req.signal?.aborted) throw named('AbortError', 'the request was cancelled');
        if (timeout.aborted) throw named('TimeoutError', `no answer within ${req.timeoutMs} ms`);
        const { code, message } = describeCause(error);
        throw new NetworkError(code ? `${code}: ${message}` : message, code);
      };
      let res: Response;
      try {
        res = await doFetch(req.url, {
          method: req.method,
          headers: req.headers,
          body: req.body,
          signal,
          redirect: 'manual',
        });
      } catch (error) {
        return fail(error);
      }
      let text: string;
      try {
        text = req.method === 'HEAD' ? '' : await readCapped(res, req.maxBytes);
      } catch (error) {
        if (error instanceof ResponseTooLargeError) throw error;
        return fail(error);
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return { status: res.status, headers, setCookie: res.headers.getSetCookie(), text };
    },
  };
}
