// End-to-end sync of a 公众号 account with `articles: 'per-article'`: one note per article, keyed by (bookId, articleId).
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNote } from '../../../src/core/render/frontmatter';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings/settings';
import type { BookReport, SyncReport } from '../../../src/core/sync';
import { noteKeyOf, withArticleId } from '../../../src/core/sync/identity';
import type { FixtureBook } from '../../fakes/weread/fixture-types';
import { harness, SETTINGS, type Harness } from './harness';

const MP = 'MP_WXS_3009185398';
const PHONE = 'MP_WXS_3009185398_Pa3kD9fA2x'; // 为什么你的手机越用越卡？: two highlights
const BATTERY = 'MP_WXS_3009185398_Qb7nE2gH5y'; // 一块电池的一生: one highlight
const PHONE_NOTE = 'WeRead/为什么你的手机越用越卡？.md';
const BATTERY_NOTE = 'WeRead/一块电池的一生.md';
const PHONE_H1 = 'MP_WXS_3009185398_1_120-168';
const PHONE_H2 = 'MP_WXS_3009185398_1_560-601';
const BATTERY_H = 'MP_WXS_3009185398_2_33-80';
const blockId = (wereadId: string) => wereadId.replace(/_/g, '-');

const PER_ARTICLE: Settings = { ...SETTINGS, articles: 'per-article' };

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const read = (rel: string) => h.readNote(rel);
const write = (rel: string, text: string) => h.writeNote(rel, text);
const sync = (opts: { settings?: Settings } = {}) => h.sync({ settings: opts.settings ?? PER_ARTICLE });

function article(report: SyncReport, articleId: string): BookReport {
  const found = report.books.filter((b) => b.bookId === MP && b.articleId === articleId);
  expect(found, `reports for ${articleId}`).toHaveLength(1);
  return found[0]!;
}

function identity(rel: string): { bookId: unknown; articleId: unknown } {
  const data = parseNote(read(rel)).data;
  return { bookId: data['bookId'], articleId: data['articleId'] };
}

describe("articles: 'per-article'", () => {
  it('writes one note per article, titled and named by the article, with its own highlights and (bookId, articleId) in the frontmatter', async () => {
    h = await harness([MP, '26211849']);
    const report = await sync();
    const phone = article(report, PHONE);
    const battery = article(report, BATTERY);
    expect(phone).toMatchObject({ status: 'created', title: '为什么你的手机越用越卡？', path: PHONE_NOTE });
    expect(battery).toMatchObject({ status: 'created', title: '一块电池的一生', path: BATTERY_NOTE });
    expect(phone.added.sort()).toEqual([blockId(PHONE_H1), blockId(PHONE_H2)]);
    expect(battery.added).toContain(blockId(BATTERY_H));
    expect(identity(PHONE_NOTE)).toEqual({ bookId: MP, articleId: PHONE });
    expect(identity(BATTERY_NOTE)).toEqual({ bookId: MP, articleId: BATTERY });
    const phoneText = read(PHONE_NOTE);
    expect(phoneText).toContain(
      '- 📌 系统更新之后，旧机型的性能余量被新功能一点点吃掉。 ^MP-WXS-3009185398-1-120-168\n',
    );
    expect(phoneText).toContain('- 📌 清理缓存只能缓解，不能根治。 ^MP-WXS-3009185398-1-560-601\n');
    expect(phoneText).toContain('> [!abstract] 为什么你的手机越用越卡？\n');
    expect(phoneText).toContain('noteCount: 2\n');
    expect(phoneText).not.toContain(blockId(BATTERY_H));
    expect(read(BATTERY_NOTE)).toContain('锂电池最怕的不是用，而是长期满电和高温。 ^MP-WXS-3009185398-2-33-80\n');
    // No note for the account as a whole; other books are synced as before.
    expect(existsSync(h.notePath('WeRead/差评.md'))).toBe(false);
    expect(report.books.find((b) => b.bookId === '26211849')).toMatchObject({
      status: 'created',
      path: 'WeRead/Python深度学习.md',
    });
    expect(report.books.find((b) => b.bookId === '26211849')!.articleId).toBeUndefined();
  });

  it('a second sync is a no-op: 1 request, no note read or written, every article reported unchanged', async () => {
    h = await harness([MP, '26211849']);
    const first = await sync();
    h.store.reset();
    const before = h.fake.log.length;
    const second = await sync();
    expect(h.fake.log.length - before).toBe(1);
    expect(second.requests).toBe(1);
    expect([h.store.reads, h.store.writes, h.store.lists, h.store.linkQueries]).toEqual([0, 0, 0, 0]);
    expect(second.books.every((b) => b.status === 'unchanged')).toBe(true);
    expect(second.books.map((b) => [b.bookId, b.articleId, b.path])).toEqual(
      first.books.map((b) => [b.bookId, b.articleId, b.path]),
    );
    expect(article(second, PHONE).title).toBe('为什么你的手机越用越卡？');
  });

  it('a highlight added to one article updates only that article’s note', async () => {
    h = await harness([MP]);
    await sync();
    const battery = read(BATTERY_NOTE);
    const added = h.fake.library.addHighlight(MP, {
      chapterUid: 1,
      range: '700-720',
      markText: '远端新增的一条',
      chapterName: '为什么你的手机越用越卡？',
      refMpReviewId: PHONE,
    });
    h.store.reset();
    const report = await sync();
    expect(article(report, PHONE)).toMatchObject({ status: 'updated', added: [blockId(String(added.bookmarkId))] });
    expect(article(report, BATTERY).status).toBe('unchanged');
    expect(h.store.writes).toBe(1);
    expect(read(BATTERY_NOTE)).toBe(battery);
    const phone = read(PHONE_NOTE);
    expect(phone).toContain('- 📌 远端新增的一条 ^MP-WXS-3009185398-1-700-720\n');
    // In reading order: after 120-168 and 560-601.
    expect(phone.indexOf('1-700-720')).toBeGreaterThan(phone.indexOf('1-560-601'));
    expect(phone).toContain('noteCount: 3\n');
  });

  it('keeps the reader’s edits in an article note, finds it after a move, and reports a conflict by block id', async () => {
    h = await harness([MP]);
    await sync();
    const edited = read(PHONE_NOTE)
      .replace('noteCount: 2\n', 'noteCount: 2\nrating: 五星\n')
      .replace('- 📌 清理缓存只能缓解', '- 📌 （读者）清理缓存只能缓解')
      .concat('\n我的总结：别急着换手机。\n');
    mkdirSync(h.notePath('WeRead/公众号'), { recursive: true });
    write('WeRead/公众号/手机变卡.md', edited);
    rmSync(h.notePath(PHONE_NOTE));
    h.fake.library.editHighlight(PHONE_H2, { markText: '远端改写：清理缓存没用。' });
    h.fake.library.addHighlight(MP, { chapterUid: 1, range: '800-820', markText: '又一条', refMpReviewId: PHONE });
    const report = await sync();
    const phone = article(report, PHONE);
    expect(phone.path).toBe('WeRead/公众号/手机变卡.md');
    expect(phone.conflicts).toEqual([blockId(PHONE_H2)]);
    expect(phone.added).toEqual(['MP-WXS-3009185398-1-800-820']);
    expect(existsSync(h.notePath(PHONE_NOTE))).toBe(false);
    const after = read('WeRead/公众号/手机变卡.md');
    expect(after).toContain('rating: 五星\n');
    expect(after).toContain('- 📌 （读者）清理缓存只能缓解，不能根治。 ^MP-WXS-3009185398-1-560-601\n');
    expect(after).toContain('> - 📌 远端改写：清理缓存没用。');
    expect(after).toContain('\n我的总结：别急着换手机。\n');
    expect(after).toContain('- 📌 又一条 ^MP-WXS-3009185398-1-800-820\n');
    expect(article(report, BATTERY).status).toBe('unchanged');
    // The index was repaired: the next no-op reads nothing.
    h.store.reset();
    const next = await sync();
    expect(article(next, PHONE).path).toBe('WeRead/公众号/手机变卡.md');
    expect(h.store.reads).toBe(0);
  });

  it('reports an article whose highlights were all deleted as vanished and leaves its note untouched', async () => {
    h = await harness([MP]);
    await sync();
    const phone = read(PHONE_NOTE);
    const battery = read(BATTERY_NOTE);
    h.fake.library.deleteHighlight(PHONE_H1);
    h.fake.library.deleteHighlight(PHONE_H2);
    const report = await sync();
    expect(article(report, PHONE)).toMatchObject({
      status: 'vanished',
      path: PHONE_NOTE,
      title: '为什么你的手机越用越卡？',
    });
    expect(article(report, BATTERY).status).toBe('unchanged');
    expect(report.totals.vanished).toBe(1);
    expect(read(PHONE_NOTE)).toBe(phone);
    expect(read(BATTERY_NOTE)).toBe(battery);
    // Still vanished on a no-op, which stays one request and no read.
    h.store.reset();
    const before = h.fake.log.length;
    const next = await sync();
    expect(article(next, PHONE).status).toBe('vanished');
    expect(h.fake.log.length - before).toBe(1);
    expect(h.store.reads).toBe(0);
    // A highlight coming back brings the article back into the same note.
    h.fake.library.addHighlight(MP, { chapterUid: 1, range: '900-910', markText: '回来了', refMpReviewId: PHONE });
    const back = await sync();
    expect(article(back, PHONE)).toMatchObject({ status: 'updated', path: PHONE_NOTE });
    expect(read(PHONE_NOTE)).toContain('- 📌 回来了 ^MP-WXS-3009185398-1-900-910\n');
  });

  it('gives two articles with the same title two files, and never writes a file that is not that article’s note', async () => {
    h = await harness([MP]);
    const account: FixtureBook = h.fake.library.get(MP)!;
    account.refMpInfos!.find((a) => a['reviewId'] === BATTERY)!['title'] = '为什么你的手机越用越卡？';
    h.fake.library.removeBook(MP);
    h.fake.library.addBook(account);
    write(PHONE_NOTE, '# 我自己写的笔记\n');
    const report = await sync();
    const phone = article(report, PHONE);
    const battery = article(report, BATTERY);
    expect(read(PHONE_NOTE)).toBe('# 我自己写的笔记\n');
    expect(phone.pathConflict).toBe(PHONE_NOTE);
    expect(new Set([phone.path, battery.path]).size).toBe(2);
    expect(phone.path).toBe(`WeRead/为什么你的手机越用越卡？ (${PHONE}).md`);
    expect(battery.path).toBe(`WeRead/为什么你的手机越用越卡？ (${BATTERY}).md`);
    expect(identity(phone.path)).toEqual({ bookId: MP, articleId: PHONE });
    expect(identity(battery.path)).toEqual({ bookId: MP, articleId: BATTERY });
    // Stable: the next change finds both where they are.
    h.fake.library.addHighlight(MP, { chapterUid: 2, range: '90-99', markText: '电池', refMpReviewId: BATTERY });
    const next = await sync();
    expect(article(next, BATTERY)).toMatchObject({ status: 'updated', path: battery.path });
    expect(article(next, PHONE)).toMatchObject({ status: 'unchanged', path: phone.path });
  });

  it('fails every article note when the account’s fetch fails, leaves them byte-identical, and retries next time', async () => {
    h = await harness([MP, '695233']);
    await sync();
    const phone = read(PHONE_NOTE);
    const battery = read(BATTERY_NOTE);
    h.fake.library.addHighlight(MP, { chapterUid: 2, range: '90-99', markText: '失败后补上', refMpReviewId: BATTERY });
    h.fake.library.addHighlight('695233');
    h.fake.faults.inject({ api: '/web/book/bookmarklist', bookId: MP, times: Infinity }, { status: 500 });
    const report = await sync();
    for (const id of [PHONE, BATTERY]) {
      const r = article(report, id);
      expect(r.status).toBe('failed');
      expect(r.error).toBeTruthy();
      expect(r.error).not.toContain(h.fake.skey);
    }
    expect(article(report, PHONE).path).toBe(PHONE_NOTE);
    expect(report.books.find((b) => b.bookId === '695233')!.status).toBe('updated');
    expect(read(PHONE_NOTE)).toBe(phone);
    expect(read(BATTERY_NOTE)).toBe(battery);
    h.fake.faults.clear();
    const retry = await sync();
    expect(article(retry, BATTERY).status).toBe('updated');
    expect(article(retry, PHONE).status).toBe('unchanged');
    expect(read(BATTERY_NOTE)).toContain('失败后补上');
  });
});

describe('article identity in the frontmatter', () => {
  it('puts articleId after bookId, replaces one the template wrote, and leaves a note without frontmatter alone', () => {
    const note = '---\ndoc_type: x\nbookId: "MP_1"\ntags: [a]\n---\n# body\n';
    const withId = withArticleId(note, 'MP_1_a');
    expect(withId).toBe('---\ndoc_type: x\nbookId: "MP_1"\narticleId: "MP_1_a"\ntags: [a]\n---\n# body\n');
    expect(noteKeyOf(withId)).toBe('MP_1#MP_1_a');
    expect(noteKeyOf(note)).toBe('MP_1');
    expect(withArticleId('---\nbookId: MP_1\narticleId: old\n---\n', 'new')).toBe(
      '---\nbookId: MP_1\narticleId: "new"\n---\n',
    );
    expect(withArticleId('---\ntitle: t\n---', 'a')).toBe('---\ntitle: t\narticleId: "a"\n---');
    expect(withArticleId('# no frontmatter\n', 'a')).toBe('# no frontmatter\n');
    expect(noteKeyOf('---\narticleId: a\n---\n')).toBeNull();
  });

  it('dry run: one created note per article with its diff, nothing written', async () => {
    h = await harness([MP]);
    const dry = await h.sync({ settings: PER_ARTICLE, dryRun: true });
    expect(article(dry, PHONE).status).toBe('created');
    expect(article(dry, PHONE).diff).toContain('\n+articleId: "MP_WXS_3009185398_Pa3kD9fA2x"\n');
    expect(existsSync(h.notePath(PHONE_NOTE))).toBe(false);
    expect(existsSync(h.stateDir)).toBe(false);
  });
});

describe("articles: 'per-account' (the default)", () => {
  it('keeps one note per account; switching modes creates the other notes and leaves the old ones alone', async () => {
    expect(DEFAULT_SETTINGS.articles).toBe('per-account');
    h = await harness([MP]);
    const first = await sync({ settings: SETTINGS });
    expect(first.books).toHaveLength(1);
    const whole = first.books[0]!;
    expect(whole).toMatchObject({ bookId: MP, title: '差评', path: 'WeRead/差评.md', status: 'created' });
    expect(whole.articleId).toBeUndefined();
    const account = read('WeRead/差评.md');
    expect(parseNote(account).data['articleId']).toBeUndefined();
    expect(account).toContain('## 为什么你的手机越用越卡？\n');
    expect(account).toContain('## 一块电池的一生\n');
    for (const id of [PHONE_H1, PHONE_H2, BATTERY_H]) expect(account).toContain(`^${blockId(id)}\n`);

    // To per-article: new notes, the account's note untouched (and never taken for an article's).
    const perArticle = await sync();
    expect(article(perArticle, PHONE)).toMatchObject({ status: 'created', path: PHONE_NOTE });
    expect(article(perArticle, BATTERY)).toMatchObject({ status: 'created', path: BATTERY_NOTE });
    expect(read('WeRead/差评.md')).toBe(account);

    // And back: the account's note is found again, the article notes stay as they are.
    const phone = read(PHONE_NOTE);
    h.fake.library.addHighlight(MP, { chapterUid: 1, range: '700-720', markText: '切回来', refMpReviewId: PHONE });
    const back = await sync({ settings: SETTINGS });
    expect(back.books).toHaveLength(1);
    expect(back.books[0]).toMatchObject({ bookId: MP, path: 'WeRead/差评.md', status: 'updated' });
    expect(read('WeRead/差评.md')).toContain('- 📌 切回来 ^MP-WXS-3009185398-1-700-720\n');
    expect(read(PHONE_NOTE)).toBe(phone);
    expect(existsSync(h.notePath('WeRead/差评 (MP_WXS_3009185398).md'))).toBe(false);
  });
});
