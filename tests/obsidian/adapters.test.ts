// The Obsidian adapters on the fake app: requestUrl as HttpPort (real HTTP), the vault NoteStore, the config-dir KeyValueStore, SecretStorage credentials.
import type { DataAdapter } from 'obsidian';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeApp, requestLog, resetFakeObsidian } from '../fakes/obsidian';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { RequestUrlHttp, splitSetCookie } from '../../src/obsidian/request-url-http';
import { VaultNoteStore } from '../../src/obsidian/vault-store';
import { AdapterKeyValueStore, keyToFileName, pluginDataDir } from '../../src/obsidian/data-store';
import { SecretStorageCredentials } from '../../src/obsidian/secrets';

describe('RequestUrlHttp (requestUrl over real HTTP)', () => {
  let fake: FakeWeRead;
  beforeAll(async () => {
    fake = await startFakeWeRead();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    resetFakeObsidian();
    fake.faults.clear();
    fake.latencyMs = 0;
  });

  const http = new RequestUrlHttp();

  it('resolves any HTTP status (throw: false), with lower-case headers', async () => {
    const res = await http.request({
      method: 'POST',
      url: fake.gatewayUrl,
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
      body: '{"api_name":"/_list"}',
      timeoutMs: 5000,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).errcode).toBe(-2013);
    fake.faults.inject({ api: '/_list' }, { status: 503, body: 'busy' });
    const failed = await http.request({
      method: 'POST',
      url: fake.gatewayUrl,
      headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
      body: '{"api_name":"/_list"}',
      timeoutMs: 5000,
    });
    expect(failed.status).toBe(503);
    expect(Object.keys(failed.headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(requestLog).toHaveLength(2);
  });

  it('times out with a TimeoutError when the server hangs', async () => {
    fake.faults.inject({ api: '/_list' }, { hang: true });
    const started = Date.now();
    const error = await http
      .request({
        method: 'POST',
        url: fake.gatewayUrl,
        headers: { authorization: `Bearer ${fake.apiKey}` },
        body: '{"api_name":"/_list"}',
        timeoutMs: 150,
      })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects with an AbortError when the signal aborts (before or during the request)', async () => {
    const before = new AbortController();
    before.abort();
    await expect(
      http.request({ method: 'GET', url: fake.baseUrl + '/', headers: {}, timeoutMs: 5000, signal: before.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    fake.latencyMs = 500;
    const during = new AbortController();
    const pending = http.request({
      method: 'POST',
      url: fake.gatewayUrl,
      headers: { authorization: `Bearer ${fake.apiKey}` },
      body: '{"api_name":"/_list"}',
      timeoutMs: 5000,
      signal: during.signal,
    });
    setTimeout(() => during.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('splits joined Set-Cookie values into one entry per cookie', () => {
    expect(splitSetCookie('wr_skey=abc; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT, wr_vid=1; Path=/')).toEqual([
      'wr_skey=abc; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT',
      'wr_vid=1; Path=/',
    ]);
    expect(splitSetCookie(['a=1', 'b=2, c=3'])).toEqual(['a=1', 'b=2', 'c=3']);
    expect(splitSetCookie(undefined)).toEqual([]);
  });

  it('hands the renewed cookie of a HEAD refresh to the caller', async () => {
    const res = await http.request({
      method: 'HEAD',
      url: fake.baseUrl + '/',
      headers: { cookie: fake.cookieHeader },
      timeoutMs: 5000,
    });
    expect(res.setCookie.some((c) => c.startsWith('wr_skey='))).toBe(true);
  });
});

describe('VaultNoteStore', () => {
  beforeEach(() => resetFakeObsidian());

  it('creates notes with their folders, edits through Vault.process, reads back', async () => {
    const app = new FakeApp();
    const store = new VaultNoteStore(app.asApp());
    expect(await store.read('WeRead/Books/a.md')).toBeNull();
    await store.write('WeRead//Books/a.md', 'one');
    expect(app.vault.readPath('WeRead/Books/a.md')).toBe('one');
    expect(await store.exists('WeRead/Books/a.md')).toBe(true);
    await store.write('WeRead/Books/a.md', 'two');
    expect(await store.read('WeRead/Books/a.md')).toBe('two');
    await store.write('WeRead/b.md', 'b');
    await store.write('Other/c.md', 'c');
    expect((await store.listMarkdown('WeRead')).sort()).toEqual(['WeRead/Books/a.md', 'WeRead/b.md']);
    expect((await store.listMarkdown('')).length).toBe(3);
  });

  it('refuses to write over a folder', async () => {
    const app = new FakeApp();
    app.vault.seed('X/y.md/inner.md', '');
    await expect(new VaultNoteStore(app.asApp()).write('X/y.md', 'z')).rejects.toThrow(/folder/);
  });

  it('finds block ids linked from anywhere in the vault', async () => {
    const app = new FakeApp();
    app.vault.seed('WeRead/Book.md', 'text ^abc123\nmore ^def456');
    app.vault.seed(
      'Daily/2026-01-01.md',
      'see [[Book#^abc123]] and ![[Book#^zzz|alias]] and [x](WeRead/Book.md#^ghi789)',
    );
    const linked = await new VaultNoteStore(app.asApp()).linkedBlockIds(['abc123', 'def456', 'ghi789', 'zzz']);
    expect([...linked].sort()).toEqual(['abc123', 'ghi789', 'zzz']);
  });
});

describe('AdapterKeyValueStore', () => {
  it('keeps files under <configDir>/plugins/<id>/, never data.json, never outside', async () => {
    const app = new FakeApp({ configDir: '.my-config' });
    const dir = pluginDataDir(app.vault.configDir, 'weread-sync');
    expect(dir).toBe('.my-config/plugins/weread-sync');
    const state = new AdapterKeyValueStore(app.vault.adapter as unknown as DataAdapter, dir, 'state');
    expect(await state.get('index')).toBeNull();
    await state.set('index', '{"a":1}');
    await state.set('../../escape', 'x');
    expect(await state.get('index')).toBe('{"a":1}');
    expect(app.vault.store.list(dir).files.sort()).toEqual(
      [`${dir}/state-.._.._escape.json`.replace('state-.._', 'state-__'), `${dir}/state-index.json`].sort(),
    );
    await state.delete('index');
    expect(await state.get('index')).toBeNull();
    expect(keyToFileName('cache', 'data')).toBe('cache-data.json');
    expect(app.vault.filePaths()).toEqual([]);
  });
});

describe('AdapterKeyValueStore compression and crash safety', () => {
  const text = JSON.stringify({ rows: Array.from({ length: 300 }, (_, i) => ({ chapter: i % 9, text: '一段划线' })) });
  const setup = () => {
    const app = new FakeApp();
    const dir = pluginDataDir(app.vault.configDir, 'weread-sync');
    const adapter = app.vault.adapter as unknown as DataAdapter;
    return { app, dir, adapter, state: new AdapterKeyValueStore(adapter, dir, 'state') };
  };

  it('stores setCompressed values as gzip (CompressionStream) and reads them, and plain ones, back', async () => {
    const { dir, adapter, state } = setup();
    await state.setCompressed('data-0', text);
    const bytes = new Uint8Array(await adapter.readBinary(`${dir}/state-data-0.json`));
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(bytes.length).toBeLessThan(new TextEncoder().encode(text).length / 4);
    expect(await state.get('data-0')).toBe(text);
    await adapter.write(`${dir}/state-data-1.json`, text); // an older version's plain shard
    expect(await state.get('data-1')).toBe(text);
    await state.setCompressed('data-1', text); // replaced in place, no temp file left
    expect(await state.get('data-1')).toBe(text);
    expect((await adapter.list(dir)).files.sort()).toEqual([`${dir}/state-data-0.json`, `${dir}/state-data-1.json`]);
  });

  it('a kill between removing the old file and renaming the new one leaves the new value; a torn temp file is no value', async () => {
    const { dir, adapter, state } = setup();
    await state.set('index', '{"v":1}');
    // What `set` leaves when killed after the old file went and before the rename: only the complete temp file.
    await adapter.write(`${dir}/state-index.json.tmp`, '{"v":2}');
    await adapter.remove(`${dir}/state-index.json`);
    expect(await state.get('index')).toBe('{"v":2}');
    await state.set('index', '{"v":3}');
    expect(await state.get('index')).toBe('{"v":3}');
    expect(await adapter.exists(`${dir}/state-index.json.tmp`)).toBe(false);
    // Killed while writing the temp file of a first compressed write: half a gzip stream fails its check.
    await state.setCompressed('data-2', text);
    const whole = new Uint8Array(await adapter.readBinary(`${dir}/state-data-2.json`));
    await adapter.remove(`${dir}/state-data-2.json`);
    await adapter.writeBinary(`${dir}/state-data-2.json.tmp`, whole.slice(0, whole.length >> 1).buffer);
    expect(await state.get('data-2')).toBeNull();
    // Killed while writing the temp file over an existing value: the old value is still read.
    await state.setCompressed('data-3', text);
    await adapter.write(`${dir}/state-data-3.json.tmp`, '{"half');
    expect(await state.get('data-3')).toBe(text);
    await state.delete('data-3');
    expect(await state.get('data-3')).toBeNull();
  });

  it('writes and reads UTF-8 bytes compressed (setCompressedBytes, getBytes), read back as text too', async () => {
    const { dir, adapter, state } = setup();
    const utf8 = new TextEncoder().encode(text);
    await state.setCompressedBytes('data-4', [utf8.subarray(0, 3), utf8.subarray(3)]);
    const stored = new Uint8Array(await adapter.readBinary(`${dir}/state-data-4.json`));
    expect([stored[0], stored[1]]).toEqual([0x1f, 0x8b]);
    expect(await state.getBytes('data-4')).toEqual(utf8);
    expect(await state.get('data-4')).toBe(text);
    await state.set('data-5', text);
    expect(await state.getBytes('data-5')).toEqual(utf8);
    expect(await state.getBytes('missing')).toBeNull();
  });

  it('keeps plain text where the platform has no CompressionStream', async () => {
    const { dir, adapter, state } = setup();
    const saved = globalThis.CompressionStream;
    try {
      (globalThis as { CompressionStream?: unknown }).CompressionStream = undefined;
      await state.setCompressed('data-0', text);
    } finally {
      globalThis.CompressionStream = saved;
    }
    expect(await adapter.read(`${dir}/state-data-0.json`)).toBe(text);
    expect(await state.get('data-0')).toBe(text);
  });
});

describe('SecretStorageCredentials', () => {
  it('reads and writes the named secrets; an empty secret is no secret', async () => {
    const app = new FakeApp();
    const names = { apiKeySecretName: 'weread-api-key', cookieSecretName: 'weread-cookie' };
    const credentials = new SecretStorageCredentials(app.asApp(), () => names);
    expect(await credentials.hasAny()).toBe(false);
    await credentials.setCookie(' wr_vid=1; wr_skey=abcdef ');
    expect(await credentials.getCookie()).toBe('wr_vid=1; wr_skey=abcdef');
    credentials.clearCookie();
    expect(await credentials.getCookie()).toBeNull();
    app.secretStorage.setSecret('weread-api-key', 'wrk-123456');
    expect(await credentials.getApiKey()).toBe('wrk-123456');
  });
});
