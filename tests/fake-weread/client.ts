// Owns the tiny HTTP helpers the fake server's own tests call it with (plain Node fetch, like a real client would).
import type { FakeWeRead } from '../fakes/weread/server';

export const BROWSER_HEADERS = {
  'user-agent': 'Mozilla/5.0 (Macintosh) weread-sync-test',
  accept: 'application/json, text/plain, */*',
  referer: 'https://weread.qq.com/',
};

/** A V1 call with the fake's working cookie (or the one given). */
export async function v1(
  fake: FakeWeRead,
  path: string,
  init: { method?: string; body?: unknown; cookie?: string } = {},
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const res = await fetch(fake.baseUrl + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...BROWSER_HEADERS,
      cookie: init.cookie ?? fake.cookieHeader,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : safeParse(text), text, headers: res.headers };
}

/** A V2 gateway call with the fake's API key (or the one given). */
export async function v2(
  fake: FakeWeRead,
  params: Record<string, unknown>,
  key: string | null = fake.apiKey,
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const res = await fetch(fake.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
    body: JSON.stringify({ skill_version: '1.0.3', ...params }),
  });
  const text = await res.text();
  return { status: res.status, body: safeParse(text), text, headers: res.headers };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
