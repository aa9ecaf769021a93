// Owns requestUrl's browser transport (fetch) for the headless-Chromium build of the fake; CORS applies there.
import type { TransportRequest, TransportResponse } from './request-types';

/**
 * fetch-based transport. Unlike Obsidian's requestUrl, the browser enforces CORS (the server must allow the
 * page's origin and the headers used) and hides Set-Cookie, so `setCookie` is always empty here.
 */
export async function transport(request: TransportRequest): Promise<TransportResponse> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body as BodyInit | undefined,
    redirect: 'follow',
  });
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return {
    status: response.status,
    headers,
    setCookie: [],
    body: new Uint8Array(await response.arrayBuffer()),
    url: response.url,
  };
}
