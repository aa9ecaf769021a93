// The CLI end to end against the fake WeRead server over real HTTP: files, exit codes, the JSON report, no leaked secrets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { runCliInProcess, serverArgs, type CliRun } from './cli-harness';

const SEED = new URL('../golden/26211849.default.md', import.meta.url);
const REPO = new URL('../..', import.meta.url).pathname;

let fake: FakeWeRead;
let vault: string;

beforeEach(async () => {
  fake = await startFakeWeRead();
  vault = mkdtempSync(path.join(tmpdir(), 'weread-cli-'));
});
afterEach(async () => {
  await fake.close();
  rmSync(vault, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string | undefined> = {}, signal?: AbortSignal) =>
  runCliInProcess(args, { cwd: vault, env: { WEREAD_COOKIE: fake.cookieHeader, ...env }, signal });

function notes(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .sort();
}

describe('weread-sync sync', () => {
  it('writes one note per book, the seed book byte for byte, and exits 0', async () => {
    const run = await cli(['sync', '--vault', vault, ...serverArgs(fake)]);
    expect(run.code).toBe(0);
    const files = notes(path.join(vault, 'WeRead'));
    expect(files).toHaveLength(9);
    expect(readFileSync(path.join(vault, 'WeRead', 'Python深度学习.md'), 'utf8')).toBe(readFileSync(SEED, 'utf8'));
    expect(run.out).toMatch(/9 created, 0 updated, 0 unchanged, 0 failed/);
    expect(run.out).toContain(path.join(vault, 'WeRead'));
    expect(existsSync(path.join(vault, '.weread-sync'))).toBe(true);
  });

  it('writes the same notes through the API key (V2) as through the cookie (V1)', async () => {
    const v1 = await cli(['sync', '--vault', vault, ...serverArgs(fake)]);
    expect(v1.code).toBe(0);
    const other = mkdtempSync(path.join(tmpdir(), 'weread-cli-v2-'));
    try {
      // Both credentials: the gateway serves store books, the cookie serves the 公众号 account.
      const v2 = await cli(['sync', '--vault', other, ...serverArgs(fake)], { WEREAD_API_KEY: fake.apiKey });
      expect(v2.code).toBe(0);
      const names = notes(path.join(vault, 'WeRead'));
      expect(notes(path.join(other, 'WeRead'))).toEqual(names);
      for (const name of names) {
        expect(readFileSync(path.join(other, 'WeRead', name), 'utf8'), name).toBe(
          readFileSync(path.join(vault, 'WeRead', name), 'utf8'),
        );
      }
      expect(fake.log.some((e) => e.path.startsWith('/api/agent/gateway'))).toBe(true);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a second run with nothing new makes one request and rewrites nothing', async () => {
    await cli(['sync', '--vault', vault, ...serverArgs(fake)]);
    fake.resetLog();
    const before = readFileSync(path.join(vault, 'WeRead', 'Python深度学习.md'));
    const run = await cli(['sync', '--vault', vault, '--json', ...serverArgs(fake)]);
    expect(run.code).toBe(0);
    expect(fake.log).toHaveLength(1);
    const report = JSON.parse(run.out);
    expect(report.requests).toBe(1);
    expect(report.books.every((b: { status: string }) => b.status === 'unchanged')).toBe(true);
    expect(readFileSync(path.join(vault, 'WeRead', 'Python深度学习.md'))).toEqual(before);
  });

  it('--json prints the promised report shape', async () => {
    const run = await cli(['sync', '--vault', vault, '--json', ...serverArgs(fake)]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['books', 'requests', 'durationMs']));
    const seed = report.books.find((b: { bookId: string }) => b.bookId === '26211849');
    expect(seed).toMatchObject({
      title: 'Python深度学习',
      status: 'created',
      path: path.join(vault, 'WeRead', 'Python深度学习.md'),
    });
    expect(seed.added).toHaveLength(137);
    expect(seed.added).toContain('26211849-15-1826-1988');
    expect(report.requests).toBeGreaterThan(1);
  });

  it('--dry-run prints diffs and writes nothing', async () => {
    const run = await cli(['sync', '--vault', vault, '--dry-run', ...serverArgs(fake)]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('+# 高亮划线');
    expect(run.out).toMatch(/Dry run, nothing written: 9 would be created/);
    expect(run.out).toContain('Would create: WeRead/Python深度学习.md — 137 new');
    expect(run.out).not.toMatch(/^Created:/m);
    expect(existsSync(path.join(vault, 'WeRead'))).toBe(false);
  });

  it('--folder and --template choose where and how', async () => {
    const run = await cli([
      'sync',
      '--vault',
      vault,
      '--folder',
      'Books/读书',
      '--template',
      'callouts',
      ...serverArgs(fake),
    ]);
    expect(run.code).toBe(0);
    const note = readFileSync(path.join(vault, 'Books/读书', 'Python深度学习.md'), 'utf8');
    expect(note).toContain('> [!quote]');
  });

  it('--articles per-article writes one note per 公众号 article', async () => {
    const run = await cli(['sync', '--vault', vault, '--articles', 'per-article', '--json', ...serverArgs(fake)]);
    expect(run.code).toBe(0);
    const articles = JSON.parse(run.out).books.filter((b: { bookId: string }) => b.bookId === 'MP_WXS_3009185398');
    expect(articles.length).toBeGreaterThan(1);
    for (const a of articles) {
      expect(a.articleId).toBeTruthy();
      expect(readFileSync(a.path, 'utf8')).toContain(`articleId: "${a.articleId}"`);
    }
  });

  it('a custom template file from the vault is used', async () => {
    mkdirSync(path.join(vault, 'Templates'));
    writeFileSync(
      path.join(vault, 'Templates', 'mine.md'),
      '---\nbookId: "{{ metaData.bookId }}"\n---\n# {{ metaData.title }}\n{% for c in chapterHighlights %}{% for h in c.highlights %}- {{ h.markText }} ^{{ h.bookmarkId }}\n{% endfor %}{% endfor %}',
    );
    const run = await cli(['sync', '--vault', vault, '--template', 'Templates/mine.md', ...serverArgs(fake)]);
    expect(run.code).toBe(0);
    const note = readFileSync(path.join(vault, 'WeRead', 'Python深度学习.md'), 'utf8');
    // The note keeps the identity a later sync finds it by, even though the template wrote no doc_type.
    expect(
      note.startsWith('---\nbookId: "26211849"\ndoc_type: weread-highlights-reviews\n---\n# Python深度学习\n- '),
    ).toBe(true);
  });

  it('a custom template without frontmatter still gets the bookId', async () => {
    mkdirSync(path.join(vault, 'Templates'));
    writeFileSync(path.join(vault, 'Templates', 'bare.md'), '# {{ metaData.title }}\n');
    expect((await cli(['sync', '--vault', vault, '--template', 'Templates/bare.md', ...serverArgs(fake)])).code).toBe(
      0,
    );
    const note = readFileSync(path.join(vault, 'WeRead', 'Python深度学习.md'), 'utf8');
    expect(note).toBe('---\ndoc_type: weread-highlights-reviews\nbookId: "26211849"\n---\n# Python深度学习\n');
    // The next sync recognises it: no second note.
    expect((await cli(['sync', '--vault', vault, '--template', 'Templates/bare.md', ...serverArgs(fake)])).code).toBe(
      0,
    );
    expect(readdirSync(path.join(vault, 'WeRead')).filter((f) => f.startsWith('Python'))).toEqual([
      'Python深度学习.md',
    ]);
  });

  it("warns, in the reader's language, about a template that writes no block ids", async () => {
    writeFileSync(
      path.join(vault, 'plain.md'),
      '---\nbookId: "{{ metaData.bookId }}"\n---\n{% for c in chapterHighlights %}{% for h in c.highlights %}- {{ h.markText }}\n{% endfor %}{% endfor %}',
    );
    const en = await cli(['sync', '--vault', vault, '--template', 'plain.md', ...serverArgs(fake)]);
    expect(en.code).toBe(0);
    expect(en.err).toContain('Template warning: This template writes no block ids');
    const zh = await cli(['sync', '--vault', vault, '--template', 'plain.md', '--json', ...serverArgs(fake)], {
      LANG: 'zh_CN.UTF-8',
    });
    expect(JSON.parse(zh.out).templateWarnings).toEqual([expect.objectContaining({ code: 'no-block-ids' })]);
    const zhText = await cli(['sync', '--vault', vault, '--template', 'plain.md', ...serverArgs(fake)], {
      LANG: 'zh_CN.UTF-8',
    });
    expect(zhText.err).toContain('模板警告：此模板没有写入块 ID');
  });

  it('a broken template: exit 2, the template named with its line, nothing written', async () => {
    writeFileSync(path.join(vault, 'bad.md'), '# {{ metaData.title }}\n{% for c in chapterHighlights %}\n');
    const run = await cli(['sync', '--vault', vault, '--template', 'bad.md', ...serverArgs(fake)]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/bad\.md/);
    expect(run.err).toMatch(/line \d+/);
    expect(existsSync(path.join(vault, 'WeRead'))).toBe(false);
  });

  it('one failing book: exit 1, the others written, that note untouched and named', async () => {
    await cli(['sync', '--vault', vault, ...serverArgs(fake)]);
    const seedPath = path.join(vault, 'WeRead', 'Python深度学习.md');
    const before = readFileSync(seedPath, 'utf8');
    fake.library.addHighlight('26211849', { markText: '新的划线', chapterUid: 15, range: '9000-9010' });
    fake.library.addHighlight('822273', { markText: '另一本书的新划线' });
    fake.faults.inject({ api: '/web/book/bookmarklist', bookId: '26211849', times: Infinity }, { status: 500 });
    const run = await cli(['sync', '--vault', vault, '--json', ...serverArgs(fake)]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.out);
    const failed = report.books.find((b: { bookId: string }) => b.bookId === '26211849');
    expect(failed.status).toBe('failed');
    expect(failed.error).toBeTruthy();
    expect(report.books.find((b: { bookId: string }) => b.bookId === '822273').status).toBe('updated');
    expect(readFileSync(seedPath, 'utf8')).toBe(before);
    // Retried next time: the fault is gone, the book arrives.
    fake.faults.clear();
    const again = await cli(['sync', '--vault', vault, ...serverArgs(fake)]);
    expect(again.code).toBe(0);
    expect(readFileSync(seedPath, 'utf8')).toContain('新的划线');
  });
});

describe('weread-sync with an API key only', () => {
  it('skips 公众号 accounts with a clear line and exits 0', async () => {
    const run = await cli(['sync', '--vault', vault, ...serverArgs(fake)], {
      WEREAD_COOKIE: '',
      WEREAD_API_KEY: fake.apiKey,
    });
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      'Skipped: 差评 — Official-account (公众号) articles need the WeRead cookie; the API key cannot read them. Set WEREAD_COOKIE or pass --cookie-file to sync them.',
    );
    expect(run.out).toMatch(/8 created, 0 updated, 0 unchanged, 0 failed, 1 skipped/);
  });

  it('names a failing book with the reason in Chinese under a Chinese locale', async () => {
    fake.faults.inject({ api: '/book/bookmarklist', bookId: '26211849', times: Infinity }, { status: 503 });
    const run = await cli(['sync', '--vault', vault, ...serverArgs(fake)], {
      WEREAD_API_KEY: fake.apiKey,
      LANG: 'zh_CN.UTF-8',
    });
    expect(run.code).toBe(1);
    expect(run.out).toContain('失败：Python深度学习——微信读书服务器出错。请稍后再试，内容不会丢失。\n');
  });
});

describe('weread-sync interrupted', () => {
  it('exits 130, says the written books are kept, and the next run finishes the rest', async () => {
    fake.latencyMs = 40;
    const controller = new AbortController();
    const running = cli(['sync', '--vault', vault, '--concurrency', '1', ...serverArgs(fake)], {}, controller.signal);
    // Cancel once the first note is written (a fixed delay is too short on a loaded machine).
    const notesDir = path.join(vault, 'WeRead');
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !(existsSync(notesDir) && notes(notesDir).length > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    controller.abort();
    const run = await running;
    expect(run.code).toBe(130);
    expect(run.out).toMatch(
      /^Cancelled: \d+ notes? written (is|are) kept; \d+ books? not finished will sync next time\.$/m,
    );
    expect(run.out).not.toMatch(/^Failed:/m);
    fake.latencyMs = 0;
    const again = await cli(['sync', '--vault', vault, '--json', ...serverArgs(fake)]);
    expect(again.code).toBe(0);
    expect(readdirSync(path.join(vault, 'WeRead')).filter((f) => f.endsWith('.md'))).toHaveLength(9);
  });
});

describe('weread-sync with a damaged notebook list', () => {
  it('leaves out an entry it cannot identify, says so, and syncs the rest', async () => {
    fake.faults.inject({ api: '/api/user/notebook' }, { dropField: 'books.1.bookId' });
    const run = await cli(['sync', '--vault', vault, ...serverArgs(fake)]);
    expect(run.code).toBe(0);
    expect(run.err).toMatch(
      /An entry of the WeRead notebook list could not be read and was left out \(details: .*books\[1\]\.bookId is missing\)/,
    );
    expect(run.out).toMatch(/8 created/);
  });
});

describe('weread-sync cannot start (exit 2, one line)', () => {
  it('without credentials', async () => {
    const run = await cli(['sync', '--vault', vault, ...serverArgs(fake)], { WEREAD_COOKIE: '' });
    expect(run.code).toBe(2);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toMatch(/WEREAD_API_KEY/);
  });

  it('with an expired cookie that does not refresh', async () => {
    fake.faults.expireSession({ refreshWorks: false });
    const run = await cli(['sync', '--vault', vault, ...serverArgs(fake)]);
    expect(run.code).toBe(2);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toMatch(/The WeRead login has expired\. Put a fresh cookie in WEREAD_COOKIE/);
    expect(run.err).not.toMatch(/settings/i);
    expect(existsSync(path.join(vault, 'WeRead'))).toBe(false);
  });

  it('with a bad API key', async () => {
    const run = await cli(['sync', '--vault', vault, ...serverArgs(fake)], {
      WEREAD_COOKIE: '',
      WEREAD_API_KEY: 'wrk-not-a-real-key-0042',
    });
    expect(run.code).toBe(2);
    expect(run.err).not.toContain('wrk-not-a-real-key-0042');
  });

  it('when the server is unreachable', async () => {
    const run = await cli(['sync', '--vault', vault, '--base-url', 'http://127.0.0.1:9', '--concurrency', '1']);
    expect(run.code).toBe(2);
    expect(run.err.trim().split('\n')).toHaveLength(1);
  });

  it('with bad arguments', async () => {
    expect((await cli(['sync'])).code).toBe(2);
    expect((await cli(['sync', '--vault', path.join(vault, 'missing')])).code).toBe(2);
    expect((await cli(['sync', '--vault', vault, '--bogus'])).code).toBe(2);
    expect((await cli(['sync', '--vault', vault, '--concurrency', '0'])).code).toBe(2);
    expect((await cli(['sync', '--vault', vault, '--timezone', 'Mars/Olympus'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['sync', '--vault', vault, '--articles', 'sometimes'])).code).toBe(2);
    const escaped = await cli(['sync', '--vault', vault, '--folder', '../escaped', ...serverArgs(fake)]);
    expect(escaped.code).toBe(2);
    expect(escaped.err.trim().split('\n')).toHaveLength(1);
    expect(escaped.err).toContain('--folder: must not contain "." or ".." segments');
    expect(fake.log).toEqual([]);
  });
});

describe('weread-sync messages', () => {
  it('speaks Chinese in a Chinese locale', async () => {
    const run = await cli(['sync', '--vault', vault, ...serverArgs(fake)], { LANG: 'zh_CN.UTF-8' });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/同步完成/);
    const help = await cli(['help'], { LANG: 'zh_CN.UTF-8' });
    expect(help.out).toMatch(/用法/);
  });

  it('--version prints the version, and an unknown option is named plainly', async () => {
    const version = await cli(['--version']);
    expect(version.code).toBe(0);
    expect(version.out).toMatch(/^weread-sync \S+\n$/);
    const bogus = await cli(['sync', '--bogus'], { LANG: 'zh_CN.UTF-8' });
    expect(bogus.code).toBe(2);
    expect(bogus.err).toBe('未知选项 --bogus。运行“weread-sync help”查看用法。\n');
  });

  it('check with an API key only says the key works', async () => {
    const run = await cli(['check', '--vault', vault, ...serverArgs(fake)], {
      WEREAD_COOKIE: '',
      WEREAD_API_KEY: fake.apiKey,
    });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^(Logged in \(API key\)|The API key works)/);
  });

  it('check says who is logged in', async () => {
    const run = await cli(['check', '--vault', vault, ...serverArgs(fake)]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Logged in \(cookie\)/);
  });

  it('no output ever contains the cookie value or the API key', async () => {
    const skeyValue = fake.cookieHeader.match(/wr_skey=([^;]+)/)![1]!;
    const outputs: string[] = [];
    const record = (r: CliRun) => outputs.push(r.out, r.err);
    record(await cli(['sync', '--vault', vault, '--json', ...serverArgs(fake)], { WEREAD_API_KEY: fake.apiKey }));
    fake.faults.inject({ api: '/web/book/bookmarklist', times: Infinity }, { status: 500 });
    fake.library.addHighlight('26211849', { markText: 'x' });
    record(await cli(['sync', '--vault', vault, '--json', ...serverArgs(fake)]));
    fake.faults.clear();
    fake.faults.expireSession({ refreshWorks: false });
    record(await cli(['sync', '--vault', vault, ...serverArgs(fake)]));
    record(
      await cli(['check', '--vault', vault, ...serverArgs(fake)], {
        WEREAD_COOKIE: '',
        WEREAD_API_KEY: 'wrk-leakcheck-0000',
      }),
    );
    const all = outputs.join('\n');
    expect(all.length).toBeGreaterThan(100);
    expect(all).not.toContain(skeyValue);
    expect(all).not.toContain(fake.apiKey);
    expect(all).not.toContain('wrk-leakcheck-0000');
  });
});

describe('the installed bin', () => {
  it('runs the built CLI and exits 2 with one line when credentials are missing', async () => {
    const bin = path.join(REPO, 'bin', 'weread-sync.mjs');
    const run = promisify(execFile);
    const result = await run(process.execPath, [bin, 'sync', '--vault', vault], {
      env: { PATH: process.env.PATH, LANG: 'en_US.UTF-8' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((result as { code: number }).code).toBe(2);
    expect((result as { stderr: string }).stderr).toMatch(/No WeRead API key or cookie is set\. Set WEREAD_API_KEY/);
  });

  it('syncs through the built CLI', async () => {
    const bin = path.join(REPO, 'bin', 'weread-sync.mjs');
    const run = promisify(execFile);
    const result = await run(process.execPath, [bin, 'sync', '--vault', vault, '--json', ...serverArgs(fake)], {
      env: { PATH: process.env.PATH, WEREAD_COOKIE: fake.cookieHeader },
    });
    expect(JSON.parse(result.stdout).books).toHaveLength(9);
  });
});
