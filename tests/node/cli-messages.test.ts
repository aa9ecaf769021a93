// Every CLI message in zh_CN and en_US against the fake WeRead server: one language, CLI terms, words for counts, dry-run wording, --json totals, --quiet.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { EN, runCliInProcess, serverArgs, syncArgs, ZH } from './cli-harness';

const SEED = 'WeRead/Python深度学习.md';
const H_SECOND = '26211849_15_3297-3374';

let fake: FakeWeRead;
let vault: string;
/** Titles and note paths of the library: data, not messages, so they are left out of the language checks. */
let names: string[] = [];

beforeEach(async () => {
  fake = await startFakeWeRead();
  vault = mkdtempSync(path.join(tmpdir(), 'weread-cli-msg-'));
});
afterEach(async () => {
  await fake.close();
  rmSync(vault, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string | undefined>, opts: { tty?: boolean } = {}) =>
  runCliInProcess(args, { cwd: vault, lang: null, env: { WEREAD_COOKIE: fake.cookieHeader, ...env }, tty: opts.tty });
const sync = (lang: string, extra: string[] = [], env: Record<string, string | undefined> = {}) =>
  cli(syncArgs(vault, fake, ...extra), { LANG: lang, ...env });

async function learnNames(): Promise<void> {
  const other = mkdtempSync(path.join(tmpdir(), 'weread-cli-names-'));
  try {
    const run = await cli(['sync', '--vault', other, '--json', '--dry-run', ...serverArgs(fake)], { LANG: EN });
    const books = JSON.parse(run.out).books as { title: string; path: string | null }[];
    names = books
      .flatMap((b) => [b.title, b.path ? path.relative(other, b.path) : ''])
      .filter(Boolean)
      .sort((a, b) => b.length - a.length);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
}

/** The output without data: the vault path, book titles, note paths, block references, diffs and numbers. */
function messagesOnly(text: string): string {
  let t = text.split(path.join(vault, 'WeRead')).join('').split(vault).join('');
  for (const name of names) t = t.split(name).join('');
  return t
    .replace(/WeRead\//g, '')
    .replace(/#\^[\w-]+/g, '')
    .replace(/“[^”]*”/g, '')
    .replace(/\x1b\[2K|\r/g, '');
}

/** ASCII words a Chinese message may use: env vars, flags, the Cookie/API terms, cookie names, file type. */
const ZH_ALLOWED =
  /^(WEREAD_[A-Z_]+|--[a-z-]+|API|Cookie|YAML|wr_vid|wr_skey|weread\.qq\.com|weread-sync|help|IANA|\.md|s)$/;

function expectChineseOnly(text: string): void {
  const words = messagesOnly(text).match(/[-\w.]*[A-Za-z][-\w.]*/g) ?? [];
  expect({ text, foreign: words.filter((w) => !ZH_ALLOWED.test(w)) }).toEqual({ text, foreign: [] });
  // Chinese punctuation: no ASCII sentence marks after Chinese text, no ". (" tails.
  expect(messagesOnly(text)).not.toMatch(/[\u4e00-\u9fff][.,;:!?]|。\s*\(|\s（/);
}

function expectEnglishOnly(text: string): void {
  expect(messagesOnly(text).replace(/公众号/g, '')).not.toMatch(/[\u4e00-\u9fff，。：；（）]/);
}

describe('a first sync and an update, in both languages', () => {
  beforeEach(learnNames);

  it('zh: counts in words, Chinese punctuation, the request count inside the sentence', async () => {
    const first = await sync(ZH);
    expect(first.code).toBe(0);
    expect(first.out).toContain(`新建：${SEED}（新增 137）\n`);
    expect(first.out).toMatch(/同步完成，用时 [\d.]+ 秒：新建 9，更新 0，未变 0，失败 0（\d+ 次请求）。\n/);
    expect(first.out).not.toMatch(/\(\+\d+|~\d/);
    fake.library.addHighlight('26211849', { markText: '新的划线', chapterUid: 15, range: '9000-9010' });
    const second = await sync(ZH);
    expect(second.out).toContain(`更新：${SEED}（新增 1）\n`);
    expectChineseOnly(first.out + first.err + second.out + second.err);
  });

  it('en: counts in words, plurals', async () => {
    const first = await sync(EN);
    expect(first.out).toContain(`Created: ${SEED} — 137 new\n`);
    expect(first.out).toMatch(/Synced in [\d.]+ s: 9 created, 0 updated, 0 unchanged, 0 failed \(\d+ requests\)\.\n/);
    const again = await sync(EN);
    expect(again.out).toMatch(/\(1 request\)\./);
    expectEnglishOnly(first.out + first.err + again.out + again.err);
  });
});

describe('--dry-run says what would happen', () => {
  beforeEach(learnNames);

  it('zh', async () => {
    const run = await sync(ZH, ['--dry-run']);
    expect(run.out).toContain(`将创建：${SEED}（新增 137）`);
    expect(run.out).toContain('预演，未写入任何文件：将创建 9，将更新 0，未变 0，失败 0。');
    expect(run.out).not.toMatch(/^新建：/m);
    expectChineseOnly(run.out.replace(/^[-+@ ].*$/gm, '') + run.err);
  });

  it('en', async () => {
    await sync(EN);
    fake.library.addHighlight('26211849', { markText: '新的划线', chapterUid: 15, range: '9000-9010' });
    const run = await sync(EN, ['--dry-run']);
    expect(run.out).toContain(`Would update: ${SEED} — 1 new`);
    expect(run.out).toContain(
      'Dry run, nothing written: 0 would be created, 1 would be updated, 8 unchanged, 0 failed.',
    );
    expect(run.out).not.toMatch(/^(Created|Updated):/m);
  });
});

describe('--json and --quiet', () => {
  it('--json has totals that match the books', async () => {
    const run = await sync(EN, ['--json']);
    const report = JSON.parse(run.out);
    const count = (s: string) => report.books.filter((b: { status: string }) => b.status === s).length;
    expect(report.totals).toMatchObject({
      created: count('created'),
      updated: 0,
      unchanged: 0,
      failed: 0,
      cancelled: 0,
    });
    expect(report.totals.created).toBe(9);
    expect(report.totals.added).toBe(report.books.reduce((n: number, b: { added: string[] }) => n + b.added.length, 0));
  });

  it('--quiet prints only the summary, and a failure with it', async () => {
    const quiet = await sync(ZH, ['--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.out.trim().split('\n')).toEqual([expect.stringMatching(/^同步完成/)]);
    expect(quiet.err).toBe('');
    fake.library.addHighlight('26211849', { markText: '新的划线', chapterUid: 15, range: '9000-9010' });
    fake.library.addHighlight('822273', { markText: '另一本书的新划线' });
    fake.faults.inject({ api: '/web/book/bookmarklist', bookId: '26211849', times: Infinity }, { status: 500 });
    const failing = await sync(EN, ['--quiet']);
    expect(failing.code).toBe(1);
    expect(failing.out.trim().split('\n')).toEqual([
      'Failed: Python深度学习 — WeRead had a server problem. Try again later; nothing was lost.',
      expect.stringMatching(/^Synced in [\d.]+ s: 0 created, 1 updated, 7 unchanged, 1 failed/),
    ]);
    const json = JSON.parse((await sync(ZH, ['--json'])).out);
    expect(json.totals).toMatchObject({ failed: 1, cancelled: 0 });
    expect(json.books.find((b: { bookId: string }) => b.bookId === '26211849')).toMatchObject({
      status: 'failed',
      errorKind: 'server',
      reason: { summary: '微信读书服务器出错。', nextStep: '请稍后再试，内容不会丢失。' },
    });
  });

  it('a labelled spinner from the first moment on a terminal, then the bar; nothing with --quiet', async () => {
    const run = await sync(EN, [], {});
    expect(run.err).toBe('');
    const tty = await cli(['sync', '--vault', vault, '--force', ...serverArgs(fake)], { LANG: ZH }, { tty: true });
    expect(tty.err.startsWith('\r\x1b[2K⠋ 正在与微信读书同步…')).toBe(true);
    expect(tty.err).toMatch(/\] \d+\/9 本/);
    expect(tty.err.endsWith('\r\x1b[2K')).toBe(true);
    const quiet = await cli(['sync', '--vault', vault, '--quiet', ...serverArgs(fake)], { LANG: EN }, { tty: true });
    expect(quiet.err).toBe('');
  });
});

describe('credentials in CLI terms', () => {
  it('a malformed cookie is called malformed, not missing (zh and en)', async () => {
    const zh = await sync(ZH, [], { WEREAD_COOKIE: 'garbage' });
    expect(zh.code).toBe(2);
    expect(zh.err).toBe(
      '无法开始同步：微信读书 Cookie 格式有误：缺少 wr_vid 和 wr_skey。请把已登录的 weread.qq.com 页面的完整 Cookie 放入 WEREAD_COOKIE 或 --cookie-file。\n',
    );
    expectChineseOnly(zh.err);
    const en = await sync(EN, [], { WEREAD_COOKIE: 'garbage' });
    expect(en.err).toMatch(/^Could not start the sync: The WeRead cookie is malformed/);
    expect(en.err).not.toMatch(/No WeRead/);
    expect(fake.log).toEqual([]);
  });

  it('a malformed cookie next to an API key is named and not used; the sync goes on', async () => {
    const run = await sync(EN, [], { WEREAD_COOKIE: 'garbage', WEREAD_API_KEY: fake.apiKey });
    expect(run.code).toBe(0);
    expect(run.err).toContain(
      'The cookie in WEREAD_COOKIE is malformed (it has no wr_vid and wr_skey) and is not used',
    );
  });

  it('a rejected API key names WEREAD_API_KEY, never the settings, and check gives its advice once', async () => {
    for (const lang of [ZH, EN]) {
      const env = { WEREAD_COOKIE: '', WEREAD_API_KEY: 'wrk-not-a-real-key-0042', LANG: lang };
      const run = await cli(['sync', '--vault', vault, ...serverArgs(fake)], env);
      const check = await cli(['check', '--vault', vault, ...serverArgs(fake)], env);
      for (const r of [run, check]) {
        expect(r.code).toBe(2);
        expect(r.err).toContain('WEREAD_API_KEY');
        expect(r.err).not.toMatch(/settings|设置/);
        expect(r.err.trim().split('\n')).toHaveLength(1);
      }
      const advice = lang === ZH ? '请检查 WEREAD_API_KEY' : 'Check WEREAD_API_KEY';
      expect(check.err.split(advice)).toHaveLength(2);
      if (lang === ZH) expectChineseOnly(run.err + check.err);
      else expectEnglishOnly(run.err + check.err);
    }
  });

  it('an expired cookie: check says so once, in CLI terms', async () => {
    fake.faults.expireSession({ refreshWorks: false });
    const zh = await cli(['check', '--vault', vault, ...serverArgs(fake)], { LANG: ZH });
    expect(zh.code).toBe(2);
    expect(zh.err).toBe(
      '未登录：微信读书登录已过期。请在 WEREAD_COOKIE 或 --cookie-file 中提供新的 Cookie，或改用 WEREAD_API_KEY。\n',
    );
    const en = await cli(['check', '--vault', vault, ...serverArgs(fake)], { LANG: EN });
    expect(en.err.split('Put a fresh cookie')).toHaveLength(2);
  });

  it('no credential at all, and bad arguments, in Chinese', async () => {
    const none = await sync(ZH, [], { WEREAD_COOKIE: '' });
    expect(none.err).toBe(
      '没有设置微信读书 API 密钥或 Cookie。请设置 WEREAD_API_KEY 或 WEREAD_COOKIE，或使用 --cookie-file。\n',
    );
    const missing = await cli(['sync', '--vault'], { LANG: ZH });
    expect(missing.err).toBe('--vault 需要一个值。运行“weread-sync help”查看用法。\n');
    const folder = await sync(ZH, ['--folder', '../x']);
    expect(folder.err).toMatch(/^参数有误：--folder：/);
    for (const r of [none, missing, folder]) expectChineseOnly(r.err);
  });
});

/** A real conflict in the seed note: the reader edits a highlight in the note while WeRead edits the same highlight. */
function editBothSides(): void {
  const file = path.join(vault, SEED);
  writeFileSync(file, readFileSync(file, 'utf8').replace('- 📌 大多数深度学习都是', '- 📌 （读者）大多数深度学习都是'));
  fake.library.editHighlight(H_SECOND, { markText: '远端改写的这一段' });
}

describe('cancelled books and conflicts', () => {
  beforeEach(learnNames);

  it('a cancel before any book is "cancelled" (exit 130), not a failure to start', async () => {
    const controller = new AbortController();
    controller.abort();
    const { code, err } = await runCliInProcess(syncArgs(vault, fake), {
      cwd: vault,
      lang: ZH,
      env: { WEREAD_COOKIE: fake.cookieHeader },
      signal: controller.signal,
    });
    expect(code).toBe(130);
    expect(err).toBe('同步已取消。已写入的笔记保留，其余的下次同步。\n');
  });

  it('lists every conflicted passage with its note, block id and a quote; the summary names the notes', async () => {
    await sync(ZH);
    editBothSides();
    const zh = await sync(ZH);
    expect(zh.out).toContain(`冲突：${SEED} 中有 1 处内容两边都有修改，保留了你的文字，微信读书的版本在警告标注中：\n`);
    expect(zh.out).toContain(
      `  ${SEED}#^26211849-15-3297-3374  “📌 （读者）大多数深度学习都是将简单的层链接起来，从而实现渐进式的数据蒸馏（d…”\n`,
    );
    expect(zh.out).toContain(`有冲突的笔记（1 篇）：${SEED}。\n`);
    expectChineseOnly(zh.out + zh.err);
  });

  it('en: conflicts with the right plural', async () => {
    await sync(EN);
    editBothSides();
    const en = await sync(EN, ['--quiet']);
    expect(en.out).toContain(`Conflicts in 1 note: ${SEED}.\n`);
    expect(en.out).not.toContain('passages');
  });
});
