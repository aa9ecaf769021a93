// Item 2 of issue 13: credentials go only to WeRead (or a server set on this device); data.json cannot redirect them
// nor name another plugin's secret; Set-Cookie is taken only for weread.qq.com; no redirect is followed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../src/core/ports';
import { WeReadTransport } from '../../src/core/weread/transport';
import { DEFAULT_SETTINGS } from '../../src/core/settings/settings';
import { FakeApp, Notice, resetFakeObsidian, unloadPlugin } from '../fakes/obsidian';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { MemoryCredentials } from '../core/weread/helpers';
import { DATA_JSON, loadedPlugin, seedSettings, signIn, startedPlugin } from '../obsidian/helpers';

const COOKIE = 'wr_vid=1234567; wr_skey=abcdefgh';

/** An HttpPort that records what it is asked and answers with `answer`. */
function recordingHttp(answer: Partial<HttpResponse> = {}) {
  const sent: HttpRequest[] = [];
  return {
    sent,
    http: {
      request: async (req: HttpRequest): Promise<HttpResponse> => {
        sent.push(req);
        return { status: 200, headers: {}, setCookie: [], text: '{"books":[]}', ...answer };
      },
    },
  };
}

describe('the transport', () => {
  it('refuses to send the cookie or the API key to a host that is not WeRead, before any request', async () => {
    const { http, sent } = recordingHttp();
    const t = new WeReadTransport({
      http,
      credentials: new MemoryCredentials(COOKIE, 'wrk-secret'),
      baseUrl: 'https://evil.example',
      gatewayUrl: 'http://weread.qq.com/api/agent/gateway',
      minSpacingMs: 0,
    });
    await expect(t.v1({ method: 'GET', path: '/api/user/notebook' })).rejects.toMatchObject({ kind: 'not-configured' });
    await expect(t.v2('/user/notebooks')).rejects.toMatchObject({ kind: 'not-configured' });
    expect(sent).toEqual([]);
  });

  it('sends to https://weread.qq.com and https://i.weread.qq.com, and to an origin this device trusts', async () => {
    const { http, sent } = recordingHttp();
    const t = new WeReadTransport({
      http,
      credentials: new MemoryCredentials(COOKIE, 'wrk-secret'),
      baseUrl: 'https://weread.qq.com',
      gatewayUrl: 'https://i.weread.qq.com/api/agent/gateway',
      minSpacingMs: 0,
    });
    await t.v1({ method: 'GET', path: '/api/user/notebook' });
    await t.v2('/user/notebooks');
    const local = new WeReadTransport({
      http,
      credentials: new MemoryCredentials(COOKIE),
      baseUrl: 'http://127.0.0.1:9',
      gatewayUrl: 'http://127.0.0.1:9/gw',
      trustedOrigins: ['http://127.0.0.1:9'],
      minSpacingMs: 0,
    });
    await local.v1({ method: 'GET', path: '/api/user/notebook' });
    expect(sent.map((r) => new URL(r.url).origin)).toEqual([
      'https://weread.qq.com',
      'https://i.weread.qq.com',
      'http://127.0.0.1:9',
    ]);
  });

  it('takes Set-Cookie only for weread.qq.com, and never follows a redirect', async () => {
    const credentials = new MemoryCredentials(COOKIE);
    const { http, sent } = recordingHttp({
      status: 302,
      headers: { location: 'https://evil.example/steal' },
      setCookie: ['wr_skey=evil1234; Domain=evil.example; Path=/', 'wr_other=1; Domain=.qq.com.evil.example'],
    });
    const t = new WeReadTransport({
      http,
      credentials,
      baseUrl: 'https://weread.qq.com',
      gatewayUrl: 'https://i.weread.qq.com/api/agent/gateway',
      minSpacingMs: 0,
    });
    await expect(t.v1({ method: 'GET', path: '/api/user/notebook' })).rejects.toMatchObject({ kind: 'server' });
    expect(sent).toHaveLength(1);
    expect(credentials.saved).toEqual([]);
    expect(serializeJar(await t.cookieJar())).toBe(COOKIE);
  });
});

function serializeJar(jar: Map<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

describe('the plugin', () => {
  let fake: FakeWeRead;
  let evil: FakeWeRead;
  beforeEach(async () => {
    resetFakeObsidian();
    fake = await startFakeWeRead();
    evil = await startFakeWeRead();
  });
  afterEach(async () => {
    await fake.close();
    await evil.close();
  });

  it('ignores a server and secret names in data.json: nothing reaches that server, no other secret is read', async () => {
    const app = new FakeApp();
    await seedSettings(app, fake);
    // A synced data.json, edited elsewhere: another server, and another plugin's secrets.
    await app.vault.adapter.write(
      DATA_JSON(app),
      JSON.stringify({
        ...DEFAULT_SETTINGS,
        baseUrl: evil.baseUrl,
        gatewayUrl: evil.gatewayUrl,
        apiKeySecretName: 'other-plugin-token',
        cookieSecretName: 'other-plugin-cookie',
      }),
    );
    app.secretStorage.setSecret('other-plugin-token', 'wrk-not-ours');
    signIn(app, fake);
    const plugin = await startedPlugin(app);
    await plugin.runner.idle();
    expect(evil.log).toEqual([]);
    expect(fake.log.length).toBeGreaterThan(0);
    expect(fake.log.some((r) => (r.headers.authorization ?? '').includes('wrk-not-ours'))).toBe(false);
    expect(plugin.settings.apiKeySecretName).toBe('weread-api-key');
    // Saving writes no server address into the synced file.
    await plugin.saveSettings();
    const saved = await app.vault.adapter.read(DATA_JSON(app));
    expect(saved).not.toContain(evil.baseUrl);
    expect(saved).not.toContain(fake.baseUrl);
    await unloadPlugin(plugin);
  });

  it('with nothing set on this device, credentials go to WeRead only, never to a data.json server', async () => {
    const app = new FakeApp();
    await app.vault.adapter.mkdir(DATA_JSON(app).replace(/\/data\.json$/, ''));
    await app.vault.adapter.write(
      DATA_JSON(app),
      JSON.stringify({ ...DEFAULT_SETTINGS, baseUrl: evil.baseUrl, gatewayUrl: evil.gatewayUrl, syncOnStartup: false }),
    );
    const plugin = await loadedPlugin(app);
    expect(plugin.settings.baseUrl).toBe('https://weread.qq.com');
    expect(plugin.settings.gatewayUrl).toBe(DEFAULT_SETTINGS.gatewayUrl);
    expect(evil.log).toEqual([]);
    await unloadPlugin(plugin);
  });
});

describe('the device-local test server', () => {
  let fake: FakeWeRead;
  beforeEach(async () => {
    resetFakeObsidian();
    fake = await startFakeWeRead();
  });
  afterEach(async () => fake.close());

  it('is announced with a warning on every start, and a data.json server with another', async () => {
    const app = new FakeApp();
    await seedSettings(app, fake, { syncOnStartup: false });
    await app.vault.adapter.write(
      DATA_JSON(app),
      JSON.stringify({ ...DEFAULT_SETTINGS, baseUrl: 'https://evil.example', syncOnStartup: false }),
    );
    const plugin = await loadedPlugin(app);
    expect(Notice.messages.some((m) => m.includes(`test server, ${fake.baseUrl}`))).toBe(true);
    expect(Notice.messages.some((m) => m.includes('names a server or secret (baseUrl)'))).toBe(true);
    await unloadPlugin(plugin);
  });
});
