/** The WeRead request pipeline over HttpPort: headers, auth, pacing and concurrency, timeouts, retries, session refresh, error classification. */
import type { CredentialStore, HttpPort, HttpRequest, HttpResponse } from '../ports';
import { isUsableSession, mergeSetCookies, parseCookieHeader, serializeCookieJar, type CookieJar } from './cookies';
import { excerptOf, kindForErrcode, WeReadError, type WeReadErrorKind } from './errors';
import { secretRegistry, type SecretRegistry } from './redact';

/** Time as the transport sees it; injectable so tests of pacing and backoff run fast. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with an error named 'AbortError' when the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  timer(fn: () => void, ms: number): () => void;
}

function abortError(): Error {
  const error = new Error('aborted');
  error.name = 'AbortError';
  return error;
}

/** The one place core touches the host's timers (core runs in Node and in Obsidian, so neither `window` nor Node timers specifically). */
function hostTimer(fn: () => void, ms: number): () => void {
  const handle = setTimeout(fn, Math.max(0, ms));
  return () => clearTimeout(handle);
}

export const realClock: Clock = {
  now: () => Date.now(),
  timer: hostTimer,
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const onAbort = (): void => {
        cancel();
        reject(abortError());
      };
      const cancel = hostTimer(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface RetryPolicy {
  /** Retries after the first attempt (so at most maxRetries + 1 requests per call, plus one after a session refresh). */
  maxRetries: number;
  /** Backoff before retry k is random(0, min(maxDelayMs, baseDelayMs · 2^k)) ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A call gives up rather than wait past this much time since it started. */
  maxTotalMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 8000, maxTotalMs: 60000 };

export interface TransportOptions {
  http: HttpPort;
  credentials: CredentialStore;
  /** V1 origin, e.g. https://weread.qq.com (no trailing slash needed). */
  baseUrl: string;
  /** V2 gateway URL. */
  gatewayUrl: string;
  /** Requests in flight at most (default 3). */
  concurrency?: number;
  /** Minimum ms between request starts (default 50). */
  minSpacingMs?: number;
  /** Per-request timeout in ms (default 15000). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  /** 0 ≤ random() < 1, for jitter. */
  random?: () => number;
  /** Aborting cancels in-flight requests and everything queued ('cancelled'). */
  signal?: AbortSignal;
  /** Where secrets are registered for redaction (default: the process-wide registry). */
  secrets?: SecretRegistry;
  /** Receives one redacted line per request. */
  log?: (line: string) => void;
  userAgent?: string;
  /**
   * Origins other than WeRead's that may receive the credentials (a local test server). Only a device-local setting
   * may fill this (the CLI's flags and environment, the plugin's `App.saveLocalStorage`), never a synced file.
   */
  trustedOrigins?: readonly string[];
}

/** The only servers that receive a WeRead credential unless the device says otherwise. */
export const WEREAD_ORIGINS: readonly string[] = ['https://weread.qq.com', 'https://i.weread.qq.com'];

/** Largest answer read from most endpoints (book details, highlights, thoughts, chapters). */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** Largest answer of the notebook list (thousands of books), and of the batched chapter lists. */
export const MAX_LIST_RESPONSE_BYTES = 48 * 1024 * 1024;
/** The domain the cookie jar belongs to: a Set-Cookie is taken only when its Domain covers this host. */
const COOKIE_JAR_DOMAIN = 'weread.qq.com';
const LIST_ENDPOINTS = /notebook|chapterInfos|shelf/i;

/** The origin (`scheme://host[:port]`) of a URL, or undefined when it is not an http(s) URL. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** True for https://weread.qq.com and https://i.weread.qq.com (default port only). */
export function isWeReadOrigin(url: string): boolean {
  const origin = originOf(url);
  return origin !== undefined && WEREAD_ORIGINS.includes(origin);
}

export type Family = 'v1' | 'v2';

export interface V1Call {
  method: 'GET' | 'POST';
  /** Path on the V1 origin, e.g. `/web/book/info`. Also the endpoint name in errors. */
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  bookId?: string;
}

const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const SKILL_VERSION = '1.0.3';

/** Bounded concurrency plus a minimum spacing between request starts. Slots pass directly from a finishing request to the next waiter. */
export class RequestLimiter {
  private inFlight = 0;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private readonly waiters: Waiter[] = [];
  /** One abort listener per signal (not one per queued request), so a long queue adds no listener pile-up. */
  private readonly watched = new WeakSet<AbortSignal>();
  /** Most requests in flight at once so far. */
  maxObservedInFlight = 0;

  constructor(
    private readonly max: number,
    private readonly spacingMs: number,
    private readonly clock: Clock,
  ) {}

  async acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortError();
    if (this.inFlight < this.max && this.waiters.length === 0) {
      this.inFlight += 1;
    } else {
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { resolve, reject, signal };
        if (signal) this.watchAbort(signal);
        this.waiters.push(waiter);
      });
    }
    this.maxObservedInFlight = Math.max(this.maxObservedInFlight, this.inFlight);
    // Measured against the last actual start (not a reservation), so a late timer never lets two starts bunch up.
    for (;;) {
      const wait = this.lastStartAt + this.spacingMs - this.clock.now();
      if (wait <= 0) break;
      try {
        await this.clock.sleep(wait, signal);
      } catch (error) {
        this.release();
        throw error;
      }
    }
    this.lastStartAt = this.clock.now();
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next.resolve();
    else this.inFlight -= 1;
  }

  /** On abort, every request still queued under that signal is rejected and leaves the queue. */
  private watchAbort(signal: AbortSignal): void {
    if (this.watched.has(signal)) return;
    this.watched.add(signal);
    signal.addEventListener(
      'abort',
      () => {
        for (let i = this.waiters.length - 1; i >= 0; i--) {
          const waiter = this.waiters[i]!;
          if (waiter.signal !== signal) continue;
          this.waiters.splice(i, 1);
          waiter.reject(abortError());
        }
      },
      { once: true },
    );
  }
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
}

interface CallContext {
  family: Family;
  endpoint: string;
  bookId?: string;
}

type AttemptResult =
  { ok: true; json: Record<string, unknown> } | { ok: false; error: WeReadError; retryAfterMs?: number };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function numberOf(x: unknown): number | undefined {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (typeof x === 'string' && /^-?\d+$/.test(x.trim())) return Number(x);
  return undefined;
}

function describeNonJson(text: string): string {
  const t = text.trim();
  if (t === '') return 'the answer is empty';
  if (t.startsWith('<')) return 'the answer is an HTML page, not JSON';
  if (t.startsWith('{') || t.startsWith('[')) return 'the answer is truncated or malformed JSON';
  return 'the answer is not JSON';
}

/** Turns a response into its JSON object, or a classified WeReadError. An error body is an error even with HTTP 200. */
export function interpretResponse(resp: HttpResponse, ctx: CallContext): AttemptResult {
  const base = { endpoint: ctx.endpoint, bookId: ctx.bookId, status: resp.status };
  let json: unknown;
  let parsed = false;
  try {
    json = JSON.parse(resp.text);
    parsed = true;
  } catch {
    parsed = false;
  }

  if (parsed && isRecord(json)) {
    // Some errors come wrapped Nuxt-style, `{statusCode, message, data: {errcode, errmsg}}`, with HTTP 401/404.
    const wrapped = json.errcode === undefined && json.errCode === undefined && isRecord(json.data) ? json.data : json;
    const errcode = numberOf(wrapped.errcode ?? wrapped.errCode);
    if (errcode !== undefined && errcode !== 0) {
      const rawMessage = wrapped.errmsg ?? wrapped.errMsg;
      const serverMessage = typeof rawMessage === 'string' ? rawMessage : undefined;
      let kind: WeReadErrorKind | undefined = kindForErrcode(errcode);
      // The gateway has no session to refresh: its "login timeout" means the key is not accepted.
      if (kind === 'session-expired' && ctx.family === 'v2') kind = 'bad-credential';
      if (kind) return { ok: false, error: new WeReadError(kind, { ...base, errcode, serverMessage }) };
      const byStatus = statusKind(resp.status, ctx.family);
      if (byStatus)
        return {
          ok: false,
          error: new WeReadError(byStatus, { ...base, errcode, serverMessage }),
          retryAfterMs: retryAfter(resp),
        };
      return { ok: false, error: new WeReadError('server', { ...base, errcode, serverMessage, retryable: false }) };
    }
  }

  const byStatus = statusKind(resp.status, ctx.family);
  if (byStatus) {
    const excerpt = parsed ? undefined : excerptOf(resp.text);
    return {
      ok: false,
      error: new WeReadError(byStatus, { ...base, excerpt: excerpt || undefined }),
      retryAfterMs: retryAfter(resp),
    };
  }
  if (resp.status >= 400) {
    return {
      ok: false,
      error: new WeReadError('server', { ...base, excerpt: excerptOf(resp.text) || undefined, retryable: false }),
    };
  }
  if (!parsed) {
    return {
      ok: false,
      error: new WeReadError('bad-data', {
        ...base,
        problem: describeNonJson(resp.text),
        excerpt: excerptOf(resp.text) || undefined,
      }),
    };
  }
  if (!isRecord(json)) {
    return {
      ok: false,
      error: new WeReadError('bad-data', {
        ...base,
        problem: 'the answer is not a JSON object',
        excerpt: excerptOf(resp.text),
      }),
    };
  }
  return { ok: true, json };
}

function statusKind(status: number, family: Family): WeReadErrorKind | undefined {
  if (status === 401) return family === 'v1' ? 'session-expired' : 'bad-credential';
  if (status === 429 || status === 499) return 'throttled';
  if (status >= 500) return 'server';
  return undefined;
}

function retryAfter(resp: HttpResponse): number | undefined {
  const value = resp.headers['retry-after'];
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** One WeRead session's transport. Holds the cookie jar (loaded once from the CredentialStore, persisted on every renewal). */
export class WeReadTransport {
  /** HTTP requests sent (every attempt, retries and session refreshes included). */
  requestCount = 0;
  readonly limiter: RequestLimiter;
  private readonly http: HttpPort;
  private readonly credentials: CredentialStore;
  private readonly baseUrl: string;
  private readonly gatewayUrl: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly signal?: AbortSignal;
  private readonly secrets: SecretRegistry;
  private readonly log?: (line: string) => void;
  private readonly userAgent: string;
  private readonly trustedOrigins: ReadonlySet<string>;

  private loaded?: Promise<void>;
  private jar: CookieJar = new Map();
  private apiKey: string | null = null;
  /** Bumped whenever the jar changes; lets a request that failed with an old session know it was already renewed. */
  private jarVersion = 0;
  private refreshing?: Promise<void>;
  /** A jar version refused even after a refresh: calls with it fail fast instead of trying again. */
  private deadVersion?: number;

  constructor(opts: TransportOptions) {
    this.http = opts.http;
    this.credentials = opts.credentials;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.gatewayUrl = opts.gatewayUrl;
    this.timeoutMs = opts.timeoutMs ?? 15000;
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.signal = opts.signal;
    this.secrets = opts.secrets ?? secretRegistry;
    this.log = opts.log;
    this.userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
    const trusted = (opts.trustedOrigins ?? []).map(originOf).filter((o): o is string => o !== undefined);
    this.trustedOrigins = new Set([...WEREAD_ORIGINS, ...trusted]);
    this.limiter = new RequestLimiter(
      Math.max(1, opts.concurrency ?? 3),
      Math.max(0, opts.minSpacingMs ?? 50),
      this.clock,
    );
  }

  /** Reads the credentials once and registers them for redaction. */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      const [cookie, apiKey] = await Promise.all([this.credentials.getCookie(), this.credentials.getApiKey()]);
      this.secrets.addCookieHeader(cookie);
      this.secrets.add(apiKey);
      this.jar = parseCookieHeader(cookie);
      this.apiKey = apiKey?.trim() || null;
    })();
    return this.loaded;
  }

  async hasCookie(): Promise<boolean> {
    await this.load();
    return isUsableSession(this.jar);
  }

  async hasApiKey(): Promise<boolean> {
    await this.load();
    return this.apiKey !== null;
  }

  /** A copy of the current cookie jar (for the user's identity). */
  async cookieJar(): Promise<CookieJar> {
    await this.load();
    return new Map(this.jar);
  }

  /** A V1 web API call; resolves to the response's JSON object (error bodies already turned into errors). */
  async v1(call: V1Call): Promise<Record<string, unknown>> {
    await this.load();
    const ctx: CallContext = { family: 'v1', endpoint: call.path, bookId: call.bookId };
    if (!isUsableSession(this.jar))
      throw new WeReadError('not-configured', { ...ctx, detail: 'no WeRead login (cookie) is set' });
    this.checkDestination(this.baseUrl, ctx);
    const query = call.query
      ? `?${new URLSearchParams(Object.entries(call.query).map(([k, x]) => [k, String(x)])).toString()}`
      : '';
    return this.call(ctx, () => {
      const headers = this.commonHeaders();
      headers['Referer'] = 'https://weread.qq.com/';
      headers['Cookie'] = serializeCookieJar(this.jar);
      if (call.body !== undefined) headers['Content-Type'] = 'application/json;charset=UTF-8';
      return {
        method: call.method,
        url: `${this.baseUrl}${call.path}${query}`,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      };
    });
  }

  /** A V2 gateway call: `api_name` plus flat params in a JSON body, with the API key as Bearer token. */
  async v2(apiName: string, params: Record<string, unknown> = {}, bookId?: string): Promise<Record<string, unknown>> {
    await this.load();
    const ctx: CallContext = { family: 'v2', endpoint: apiName, bookId };
    const apiKey = this.apiKey;
    if (apiKey === null) throw new WeReadError('not-configured', { ...ctx, detail: 'no WeRead API key is set' });
    this.checkDestination(this.gatewayUrl, ctx);
    const body = JSON.stringify({ api_name: apiName, skill_version: SKILL_VERSION, ...params });
    return this.call(ctx, () => {
      const headers = this.commonHeaders();
      headers['Authorization'] = `Bearer ${apiKey}`;
      headers['Content-Type'] = 'application/json';
      return { method: 'POST', url: this.gatewayUrl, headers, body };
    });
  }

  /** True when a credential may be sent to `url`: WeRead over https, or an origin this device trusts. */
  mayReceiveCredentials(url: string): boolean {
    const origin = originOf(url);
    return origin !== undefined && this.trustedOrigins.has(origin);
  }

  /** Refuses (before any request) to send a credential anywhere but WeRead or a server set on this device. */
  private checkDestination(url: string, ctx: CallContext): void {
    if (this.mayReceiveCredentials(url)) return;
    throw new WeReadError('not-configured', {
      ...ctx,
      detail: `refusing to send the WeRead credential to ${originOf(url) ?? 'an invalid address'}: only https://weread.qq.com and https://i.weread.qq.com receive it, unless a server is set on this device`,
    });
  }

  private commonHeaders(): Record<string, string> {
    return {
      'User-Agent': this.userAgent,
      Accept: 'application/json, text/plain, */*',
      'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8',
      // No br: mobile requestUrl cannot decode brotli.
      'Accept-Encoding': 'gzip, deflate',
    };
  }

  private cancelled(ctx: CallContext): WeReadError {
    return new WeReadError('cancelled', { endpoint: ctx.endpoint, bookId: ctx.bookId });
  }

  private sessionExpired(ctx: CallContext, cause?: WeReadError): WeReadError {
    return new WeReadError('session-expired', {
      endpoint: ctx.endpoint,
      bookId: ctx.bookId,
      status: cause?.status,
      errcode: cause?.errcode,
      serverMessage: cause?.serverMessage,
    });
  }

  private async call(
    ctx: CallContext,
    build: () => Omit<HttpRequest, 'timeoutMs' | 'signal'>,
  ): Promise<Record<string, unknown>> {
    const startedAt = this.clock.now();
    let retries = 0;
    let refreshed = false;
    for (;;) {
      if (this.signal?.aborted) throw this.cancelled(ctx);
      if (ctx.family === 'v1' && this.deadVersion === this.jarVersion) throw this.sessionExpired(ctx);
      const versionUsed = this.jarVersion;
      const result = await this.attempt(ctx, build);
      if (result.ok) return result.json;
      const error = result.error;

      if (error.kind === 'session-expired' && ctx.family === 'v1') {
        if (refreshed) {
          // Refreshed and still refused: this session is over; later calls fail fast instead of each trying again.
          if (this.jarVersion === versionUsed) this.deadVersion = versionUsed;
          throw this.sessionExpired(ctx, error);
        }
        refreshed = true;
        await this.refreshSession(versionUsed);
        continue;
      }

      if (error.retryable && retries < this.retry.maxRetries) {
        const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** retries);
        const delay = Math.min(this.retry.maxDelayMs, result.retryAfterMs ?? this.random() * ceiling);
        if (this.clock.now() - startedAt + delay <= this.retry.maxTotalMs) {
          retries += 1;
          try {
            await this.clock.sleep(delay, this.signal);
          } catch {
            throw this.cancelled(ctx);
          }
          continue;
        }
      }
      throw error;
    }
  }

  /** One HTTP exchange through the limiter, with a timeout and cancellation. */
  private async attempt(
    ctx: CallContext,
    build: () => Omit<HttpRequest, 'timeoutMs' | 'signal'>,
  ): Promise<AttemptResult> {
    try {
      await this.limiter.acquire(this.signal);
    } catch {
      return { ok: false, error: this.cancelled(ctx) };
    }
    const request = {
      ...build(),
      maxBytes: LIST_ENDPOINTS.test(ctx.endpoint) ? MAX_LIST_RESPONSE_BYTES : MAX_RESPONSE_BYTES,
    };
    let response: HttpResponse;
    const started = this.clock.now();
    try {
      response = await this.send(request);
    } catch (error) {
      this.writeLog(`${request.method} ${ctx.endpoint} failed: ${errorName(error)}`);
      return { ok: false, error: this.classifyFailure(error, ctx) };
    } finally {
      this.limiter.release();
    }
    this.writeLog(
      `${request.method} ${ctx.endpoint}${ctx.bookId ? ` [${ctx.bookId}]` : ''} → ${response.status} in ${this.clock.now() - started} ms`,
    );
    if (ctx.family === 'v1') await this.absorbSetCookie(response.setCookie, request.url);
    if (response.status >= 300 && response.status < 400) {
      // Never followed: a redirect would carry the credential to wherever it points.
      return {
        ok: false,
        error: new WeReadError('server', {
          ...ctx,
          status: response.status,
          detail: 'redirect not followed',
          retryable: false,
        }),
      };
    }
    return interpretResponse(response, ctx);
  }

  /** Sends one request with a timeout that holds even if the adapter ignores it, and aborts it when the transport is cancelled. */
  private send(request: Omit<HttpRequest, 'timeoutMs' | 'signal'>): Promise<HttpResponse> {
    // The last line of defence: whatever built the request, a credential goes nowhere untrusted.
    if (!this.mayReceiveCredentials(request.url)) return Promise.reject(new Error('untrusted destination'));
    this.requestCount += 1;
    const controller = new AbortController();
    const outer = this.signal;
    const onOuterAbort = (): void => controller.abort();
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    let cancelGuard: (() => void) | undefined;
    const guard = new Promise<never>((_, reject) => {
      cancelGuard = realClock.timer(
        () => {
          const error = new Error(`no answer within ${this.timeoutMs} ms`);
          error.name = 'TimeoutError';
          controller.abort();
          reject(error);
        },
        this.timeoutMs + Math.min(1000, this.timeoutMs),
      );
    });
    const exchange = this.http.request({ ...request, timeoutMs: this.timeoutMs, signal: controller.signal });
    return Promise.race([exchange, guard]).finally(() => {
      cancelGuard?.();
      outer?.removeEventListener('abort', onOuterAbort);
    });
  }

  private classifyFailure(error: unknown, ctx: CallContext): WeReadError {
    const base = { endpoint: ctx.endpoint, bookId: ctx.bookId, cause: error };
    if (this.signal?.aborted) return this.cancelled(ctx);
    const name = errorName(error);
    const message = error instanceof Error ? error.message : String(error);
    if (name === 'TimeoutError')
      return new WeReadError('timeout', { ...base, detail: `no answer within ${this.timeoutMs} ms` });
    if (name === 'AbortError') return new WeReadError('timeout', { ...base, detail: 'the request was aborted' });
    if (name === 'ResponseTooLargeError')
      return new WeReadError('bad-data', {
        ...base,
        problem: 'the answer is larger than WeRead Sync accepts',
        retryable: false,
      });
    return new WeReadError('network', { ...base, detail: message });
  }

  /** Takes a renewed session from an answer of `url`, only when that server may hold the cookie at all (WeRead, or a stand-in set on this device). */
  private async absorbSetCookie(setCookie: readonly string[], url: string): Promise<boolean> {
    if (setCookie.length === 0 || !this.mayReceiveCredentials(url)) return false;
    // The jar is WeRead's: a cookie for another domain (Domain=evil.example) never joins it, whoever sent it.
    if (!mergeSetCookies(this.jar, setCookie, this.clock.now(), COOKIE_JAR_DOMAIN)) return false;
    this.jarVersion += 1;
    const header = serializeCookieJar(this.jar);
    this.secrets.addCookieHeader(header);
    try {
      await this.credentials.setCookie(header);
    } catch (error) {
      // The renewed session is already in use in memory; failing to store it (a read-only cookie file, a locked
      // keychain) must not turn a good answer into a failed sync. It only means the next run starts from the old cookie.
      this.writeLog(`could not store the renewed cookie: ${errorName(error)}`);
    }
    return true;
  }

  /**
   * `HEAD {baseUrl}/` to renew wr_skey (Set-Cookie merged and persisted). Concurrent callers share one refresh; a caller
   * whose failed request used an older session than the current one needs none.
   */
  private refreshSession(versionUsed: number): Promise<void> {
    if (this.jarVersion !== versionUsed) return Promise.resolve();
    if (!this.mayReceiveCredentials(this.baseUrl)) return Promise.resolve();
    this.refreshing ??= (async () => {
      try {
        await this.limiter.acquire(this.signal);
      } catch {
        return;
      }
      let response: HttpResponse | undefined;
      try {
        const headers = this.commonHeaders();
        headers['Referer'] = 'https://weread.qq.com/';
        headers['Cookie'] = serializeCookieJar(this.jar);
        response = await this.send({ method: 'HEAD', url: `${this.baseUrl}/`, headers, maxBytes: MAX_RESPONSE_BYTES });
        this.writeLog(`HEAD / (session refresh) → ${response.status}`);
      } catch (error) {
        this.writeLog(`HEAD / (session refresh) failed: ${errorName(error)}`);
      } finally {
        this.limiter.release();
      }
      if (response) await this.absorbSetCookie(response.setCookie, `${this.baseUrl}/`);
    })().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private writeLog(line: string): void {
    if (this.log) this.log(this.secrets.redact(line));
  }
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object' && 'name' in error && typeof error.name === 'string') return error.name;
  return 'Error';
}
