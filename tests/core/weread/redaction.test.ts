// Tests that no credential leaks: recognisable cookie values and API key, every error kind triggered for real, every message, JSON form and log line checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotebookEntry } from '../../../src/core/model/notebook';
import type { WeReadError, WeReadErrorKind } from '../../../src/core/weread/errors';
import { loadFixtureLibrary } from '../../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../../fakes/weread/server';
import { clientFor, MemoryCredentials, rejection } from './helpers';

const VID = '98765432';
const SKEY = 'SKEYsecret777';
const KEY = 'wrk-SECRETkey999';
const SECRETS = [VID, SKEY, KEY, 'SECRETkey999'];

let fake: FakeWeRead;
let book: NotebookEntry;

beforeAll(async () => {
  fake = await startFakeWeRead({ books: loadFixtureLibrary(), vid: VID, skey: SKEY, apiKey: KEY });
  book = (await (await clientFor(fake, 'v1')).client.listNotebooks()).find((e) => e.bookId === '695233')!;
});
afterAll(() => fake.close());

const echo = `login page for wr_vid=${VID}; wr_skey=${SKEY}; Authorization: Bearer ${KEY}`;

describe('redaction', () => {
  it('no error kind, message, JSON form or log line contains a cookie value or the API key', async () => {
    const errors = new Map<WeReadErrorKind, WeReadError>();
    const logs: string[] = [];
    const run = async (
      auth: 'v1' | 'v2',
      setup: () => void,
      call: (c: Awaited<ReturnType<typeof clientFor>>['client']) => Promise<unknown>,
      extra: Parameters<typeof clientFor>[2] = {},
    ) => {
      fake.faults.clear();
      setup();
      const made = await clientFor(fake, auth, { retry: { maxRetries: 1, baseDelayMs: 1 }, timeoutMs: 150, ...extra });
      const error = await rejection(call(made.client));
      logs.push(...made.logLines);
      errors.set(error.kind, error);
    };
    const fetchBook = (c: Awaited<ReturnType<typeof clientFor>>['client']) => c.fetchBookData(book);
    const bm = { api: '/web/book/bookmarklist', bookId: '695233', times: Infinity };

    await run('v1', () => fake.faults.expireSession({ refreshWorks: false }), fetchBook);
    await run(
      'v2',
      () => undefined,
      (c) => c.listNotebooks(),
      { credentials: new MemoryCredentials(null, `${KEY}x`) },
    );
    await run('v1', () => fake.faults.inject(bm, { status: 429, body: echo }), fetchBook);
    await run('v1', () => fake.faults.inject(bm, { status: 500, body: echo }), fetchBook);
    await run('v1', () => fake.faults.inject(bm, { reset: true }), fetchBook);
    await run('v1', () => fake.faults.inject(bm, { hang: true }), fetchBook);
    await run('v1', () => fake.faults.inject(bm, { status: 200, body: `<html>${echo}</html>` }), fetchBook);
    await run('v1', () => fake.faults.inject(bm, { errcode: -2003, errmsg: `bad ${echo}` }), fetchBook);
    const controller = new AbortController();
    controller.abort();
    await run('v1', () => undefined, fetchBook, { signal: controller.signal });
    await run('v1', () => undefined, fetchBook, { credentials: new MemoryCredentials(`wr_skey=${SKEY}`) });
    fake.faults.clear();

    expect([...errors.keys()].sort()).toEqual(
      [
        'bad-credential',
        'bad-data',
        'bug',
        'cancelled',
        'network',
        'not-configured',
        'server',
        'session-expired',
        'throttled',
        'timeout',
      ].sort(),
    );
    const texts = [...errors.values()].flatMap((e) => [e.message, JSON.stringify(e.toJSON()), String(e)]).concat(logs);
    for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(errors.get('server')!.excerpt).toContain('***');
    expect(logs.length).toBeGreaterThan(5);
  });
});
