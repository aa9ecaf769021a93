// Items 4 and 5 of issue 13 (and issue 18 item 6): size caps on responses (gzip bombs included), linear text
// handling on 200,000 spaces, and WeRead text that stays text in the note and its file name.
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleNotebook } from '../../src/core/model/assemble';
import { builtInTemplate, renderNote } from '../../src/core/render';
import { oneLine } from '../../src/core/render/filters';
import { htmlToMarkdown } from '../../src/core/render/html-to-md';
import { SAMPLE_BOOK, SAMPLE_ENTRY } from '../../src/core/sample-book';
import { DEFAULT_SETTINGS } from '../../src/core/settings/settings';
import { MAX_RESPONSE_BYTES } from '../../src/core/weread/transport';
import { createNodeHttp } from '../../src/node/node-http';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { hostileBook } from './helpers';
import { credentials, fakeServerFlags, runCliInProcess } from '../node/cli-harness';

let fake: FakeWeRead | undefined;
let server: Server | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tempVault = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'weread-sec-'));
  dirs.push(d);
  return d;
};

describe('size limits', () => {
  it('an oversize answer fails that request once, without retries', async () => {
    fake = await startFakeWeRead({ books: [hostileBook(() => undefined)] });
    const huge = `{"updated":[],"pad":"${'x'.repeat(MAX_RESPONSE_BYTES + 10)}"}`;
    fake.faults.inject({ api: '/web/book/bookmarklist', times: Infinity }, { status: 200, body: huge });
    const vault = tempVault();
    const run = await runCliInProcess(['sync', '--vault', vault, ...fakeServerFlags(fake)], {
      cwd: vault,
      env: credentials(fake),
    });
    expect(run.code).toBe(1);
    expect(fake.log.filter((r) => r.api === '/web/book/bookmarklist')).toHaveLength(1);
    expect(run.out + run.err).toMatch(/larger than/);
  });

  it('a gzip bomb is stopped while inflating, not after', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)); // ~64 KB that inflates to 64 MB
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const before = process.memoryUsage().rss;
    const request = createNodeHttp().request({
      method: 'GET',
      url: `http://127.0.0.1:${port}/`,
      headers: {},
      timeoutMs: 20_000,
      maxBytes: 4 * 1024 * 1024,
    });
    await expect(request).rejects.toMatchObject({ name: 'ResponseTooLargeError' });
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });
});

describe('linear time on server text', () => {
  const spaces = ' '.repeat(200_000);
  const timed = (fn: () => unknown): number => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };

  it('oneLine and htmlToMarkdown take well under a second on 200,000 spaces', () => {
    expect(timed(() => oneLine(`a${spaces}b`))).toBeLessThan(1000);
    expect(timed(() => htmlToMarkdown(`<p>a${spaces}<b>${spaces}x${spaces}</b>${spaces}<i>`))).toBeLessThan(1000);
    expect(timed(() => htmlToMarkdown('<'.repeat(200_000)))).toBeLessThan(1000);
  });

  it('a whole note renders fast with a 200,000-space intro, title and highlight', () => {
    const book = structuredClone(SAMPLE_BOOK);
    book.info = { ...book.info, intro: `x${spaces}y`, title: `t${spaces}u` };
    const first = book.highlights[0]!;
    book.highlights[0] = { ...first, markText: `m${spaces}n` };
    const notebook = assembleNotebook(SAMPLE_ENTRY, book);
    for (const name of ['default', 'callouts', 'separated', 'weread-export'])
      expect(
        timed(() => renderNote(notebook, builtInTemplate(name), DEFAULT_SETTINGS)),
        name,
      ).toBeLessThan(1500);
  });
});

describe('server text is text', () => {
  it('HTML, controls, bidi overrides, U+FFFC, [[, %%, tags and block-id tails stay inert in the note and file name', async () => {
    fake = await startFakeWeRead({
      books: [
        hostileBook((b) => {
          b.notebook.book.title = '三体\u202Egpj.exe #2版 <img src=https://evil.example/t.png>\u0000';
          b.info.title = b.notebook.book.title;
          b.info.intro =
            '简介 <img src="https://evil.example/i.png"> ![x](https://evil.example/m.png) [[链接]] %%隐藏%%';
          b.bookmarks[0]!.markText = '\uFFFC图1\uFFFC <iframe src=https://evil.example></iframe> 结尾 ^fake-id';
        }),
      ],
    });
    const vault = tempVault();
    const run = await runCliInProcess(['sync', '--vault', vault, ...fakeServerFlags(fake)], {
      cwd: vault,
      env: credentials(fake),
    });
    expect(run.code).toBe(0);
    const [file] = readdirSync(path.join(vault, 'WeRead'));
    expect(file).not.toMatch(/[\u202E\u0000<>]/);
    const note = readFileSync(path.join(vault, 'WeRead', file!), 'utf8');
    expect(note).not.toMatch(/<img|<iframe|!\[x\]\(https:\/\/evil/);
    expect(note).not.toMatch(/[\u202E\u0000\uFFFC]/);
    expect(note).not.toMatch(/(?<!\\)\[\[链接/);
    expect(note).not.toMatch(/(?<!\\)%%隐藏/);
    expect(note).not.toMatch(/ #2版/);
    expect(note).not.toMatch(/ \^fake-id/);
    expect(note).toContain('结尾 \\^fake-id ^695233-108-3450-3584');
  });

  it('empty 简介 / ISBN rows are left out, and the seed note is unchanged', async () => {
    fake = await startFakeWeRead({
      books: [
        hostileBook((b) => {
          b.info.intro = '';
          b.info.isbn = '';
        }),
      ],
    });
    const vault = tempVault();
    await runCliInProcess(['sync', '--vault', vault, '--base-url', fake.baseUrl], {
      cwd: vault,
      env: credentials(fake),
    });
    const note = readFileSync(path.join(vault, 'WeRead', '三体.md'), 'utf8');
    expect(note).not.toContain('简介');
    expect(note).not.toContain('> - ISBN');
    expect(note).toContain('> - 作者： 刘慈欣');
  });
});
