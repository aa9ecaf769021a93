// Owns the test doubles the WeRead client tests share: in-memory credential and cache stores, and a client wired to the fake server over real HTTP.
import type { CredentialStore, KeyValueStore } from '../../../src/core/ports';
import { createWeReadClient, type WeReadClient, type WeReadClientOptions } from '../../../src/core/weread/client';
import { createNodeHttp } from '../../../src/node/node-http';
import type { FakeWeRead } from '../../fakes/weread/server';
import { WeReadError } from '../../../src/core/weread/errors';

export class MemoryCredentials implements CredentialStore {
  /** Every cookie persisted through setCookie, oldest first. */
  readonly saved: string[] = [];
  constructor(
    public cookie: string | null,
    public apiKey: string | null = null,
  ) {}
  async getCookie(): Promise<string | null> {
    return this.cookie;
  }
  async setCookie(cookie: string): Promise<void> {
    this.cookie = cookie;
    this.saved.push(cookie);
  }
  async getApiKey(): Promise<string | null> {
    return this.apiKey;
  }
}

export class MemoryCache implements KeyValueStore {
  readonly map = new Map<string, string>();
  async get(key: string): Promise<string | null> {
    return this.map.get(key) ?? null;
  }
  async set(key: string, value: string): Promise<void> {
    this.map.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
}

/** Fast retry settings: backoff is visible in timestamps yet tests stay quick. */
export const FAST_RETRY = { maxRetries: 4, baseDelayMs: 20, maxDelayMs: 200, maxTotalMs: 5000 };

export interface FakeClientSetup {
  client: WeReadClient;
  credentials: MemoryCredentials;
  cache: MemoryCache;
  logLines: string[];
}

/** A client against the fake over real HTTP. `auth`: 'v1' = cookie only, 'v2' = key only, 'both'. */
export async function clientFor(
  fake: FakeWeRead,
  auth: 'v1' | 'v2' | 'both' | 'none',
  overrides: Partial<WeReadClientOptions> & { credentials?: MemoryCredentials; cache?: MemoryCache } = {},
): Promise<FakeClientSetup> {
  const credentials =
    overrides.credentials ??
    new MemoryCredentials(
      auth === 'v1' || auth === 'both' ? fake.cookieHeader : null,
      auth === 'v2' || auth === 'both' ? fake.apiKey : null,
    );
  const cache = overrides.cache ?? new MemoryCache();
  const logLines: string[] = [];
  const client = await createWeReadClient({
    http: createNodeHttp(),
    credentials,
    cache,
    baseUrl: fake.baseUrl,
    gatewayUrl: fake.gatewayUrl,
    trustedOrigins: [fake.baseUrl, fake.gatewayUrl],
    concurrency: 3,
    minSpacingMs: 0,
    timeoutMs: 2000,
    retry: FAST_RETRY,
    random: () => 1,
    log: (line) => logLines.push(line),
    ...overrides,
  });
  return { client, credentials, cache, logLines };
}

/** The WeReadError a promise rejects with (any other outcome fails the test). */
export async function rejection(p: Promise<unknown>): Promise<WeReadError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof WeReadError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
