// Owns the fake requestUrl/request: real HTTP through a transport, Obsidian's response shape and throw rule, and a request log.
import type { RequestUrlParam, RequestUrlResponse, RequestUrlResponsePromise } from 'obsidian';
import { transport } from './request-node';

/** One requestUrl call as the fake saw it. Holds raw headers (cookies too): assert on it, never print it. */
export interface RequestLogEntry {
  seq: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  /** Undefined when the request failed at the network level. */
  status?: number;
  responseHeaders?: Record<string, string>;
  /** Each Set-Cookie separately (the response joins them with ', ', as Electron does). */
  setCookie?: string[];
  error?: string;
}

/** Every requestUrl/request call since the last `resetRequestLog()`, in order. */
export const requestLog: RequestLogEntry[] = [];
let sequence = 0;
const listeners = new Set<(entry: RequestLogEntry) => void>();

/** How many requests were started since the last reset. */
export function requestCount(): number {
  return requestLog.length;
}

/** Clears the log (and the count). */
export function resetRequestLog(): void {
  requestLog.length = 0;
}

/** Calls `listener` as each request starts; returns the unsubscribe function. */
export function onRequest(listener: (entry: RequestLogEntry) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The error requestUrl rejects with on status >= 400 (when `throw` is not false). */
export class RequestUrlError extends Error {
  constructor(readonly status: number) {
    super(`Request failed, status ${status}`);
  }
}

const decoder = new TextDecoder();

function toBytes(body: string | ArrayBuffer): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
}

async function perform(param: RequestUrlParam | string): Promise<RequestUrlResponse> {
  const p: RequestUrlParam = typeof param === 'string' ? { url: param } : param;
  const method = (p.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { ...(p.headers ?? {}) };
  if (p.contentType !== undefined) {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-type') delete headers[key];
    headers['Content-Type'] = p.contentType;
  }
  const entry: RequestLogEntry = {
    seq: ++sequence,
    method,
    url: p.url,
    requestHeaders: headers,
    requestBody:
      typeof p.body === 'string' ? p.body : p.body !== undefined ? `<${p.body.byteLength} bytes>` : undefined,
  };
  requestLog.push(entry);
  for (const listener of listeners) listener(entry);
  let response;
  try {
    response = await transport({
      url: p.url,
      method,
      headers,
      body: p.body === undefined ? undefined : toBytes(p.body),
    });
  } catch (error) {
    entry.error = error instanceof Error ? error.message : String(error);
    throw error;
  }
  entry.status = response.status;
  entry.responseHeaders = response.headers;
  entry.setCookie = response.setCookie;
  if (p.throw !== false && response.status >= 400) throw new RequestUrlError(response.status);
  const bytes = response.body;
  const text = decoder.decode(bytes);
  return {
    status: response.status,
    headers: response.headers,
    text,
    arrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    // A getter, as in Obsidian: parsing happens (and can throw) only when read.
    get json() {
      return JSON.parse(text);
    },
  };
}

/** Obsidian's requestUrl: resolves for any status below 400 (or any status with `throw: false`). */
export function requestUrl(param: RequestUrlParam | string): RequestUrlResponsePromise {
  const promise = perform(param) as RequestUrlResponsePromise;
  Object.defineProperties(promise, {
    arrayBuffer: { get: () => promise.then((r) => r.arrayBuffer) },
    json: { get: () => promise.then((r) => r.json) },
    text: { get: () => promise.then((r) => r.text) },
  });
  return promise;
}

/** Obsidian's request: the body text. */
export async function request(param: RequestUrlParam | string): Promise<string> {
  return (await requestUrl(param)).text;
}
