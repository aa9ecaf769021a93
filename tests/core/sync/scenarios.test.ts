// End-to-end sync scenarios: fake WeRead server + real client + real renderer + fs store in a temp vault.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { builtInTemplate } from '../../../src/core/render';
import type { SyncReport } from '../../../src/core/sync';
import { harness, makeRenderer, SETTINGS, type Harness } from './harness';

const SEED_PATH = new URL('../../golden/26211849.default.md', import.meta.url);
const SEED = readFileSync(SEED_PATH, 'utf8');
const SEED_NOTE = 'WeRead/Python深度学习.md';
// Highlights and thoughts of the seed book (WeRead ids).
const H_FIRST = '26211849_15_1826-1988'; // ^26211849-15-1826-1988, first in 2.1
const H_SECOND = '26211849_15_3297-3374';
const H_LAST_21 = '26211849_15_3441-3503';
const THOUGHT = '11897562_7jRz8yaOx';

function book(report: SyncReport, bookId: string) {
  const b = report.books.find((x) => x.bookId === bookId);
  if (!b) throw new Error(`no report for ${bookId}`);
  return b;
}

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const read = (rel: string) => h.readNote(rel);
const write = (rel: string, text: string) => h.writeNote(rel, text);

describe('first sync and no-op', () => {
  it('creates one note per book (the seed byte for byte, same titles apart), then a second sync makes 1 request, reads and writes nothing', async () => {
    h = await harness();
    const first = await h.sync();
    expect(first.totals.created).toBe(3);
    expect(read(SEED_NOTE)).toBe(SEED);
    expect(book(first, '695233').path).toBe('WeRead/三体.md');
    expect(book(first, '41576853').path).toBe('WeRead/三体 (41576853).md');
    expect(read('WeRead/三体 (41576853).md')).toContain('bookId: "41576853"');
    expect(book(first, '26211849').added).toHaveLength(137);

    h.store.reset();
    const before = h.fake.log.length;
    const second = await h.sync();
    expect(second.books.map((b) => b.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(h.fake.log.length - before).toBe(1);
    expect(second.requests).toBe(1);
    expect([h.store.reads, h.store.writes, h.store.lists, h.store.linkQueries]).toEqual([0, 0, 0, 0]);
  });
});

describe('remote changes', () => {
  it('adds, edits and deletes highlights and thoughts: exactly those blocks change', async () => {
    h = await harness();
    await h.sync();
    const before = read(SEED_NOTE);
    const added = h.fake.library.addHighlight('26211849', { chapterUid: 15, range: '2000-2100', markText: '新划线' });
    h.fake.library.editHighlight(H_SECOND, { markText: '改过的划线' });
    h.fake.library.deleteHighlight(H_LAST_21);
    h.fake.library.editThought(THOUGHT, '改过的想法');
    h.fake.library.deleteThought('11897562_7jVjnhkkj');
    const thought = h.fake.library.addThought('26211849', {
      chapterUid: 17,
      range: '4085-4116',
      abstract: '用标准的dot运算符',
      content: '远端新想法',
    });
    h.store.reset();
    const report = await h.sync();
    const b = book(report, '26211849');
    expect(b.status).toBe('updated');
    expect(b.added.sort()).toEqual(
      [String(added.bookmarkId).replace(/_/g, '-'), thought.reviewId.replace(/_/g, '-')].sort(),
    );
    // The new thought sits on a highlighted passage, so that highlight's block changes too.
    expect(b.updated.sort()).toEqual(['11897562-7jRz8yaOx', '26211849-15-3297-3374', '26211849-17-4085-4116']);
    expect(b.removed.sort()).toEqual(['11897562-7jVjnhkkj', '26211849-15-3441-3503']);
    expect(book(report, '695233').status).toBe('unchanged');
    expect(h.store.writes).toBe(1);
    const after = read(SEED_NOTE);
    expect(after).toContain('- 📌 新划线 ^26211849-15-2000-2100\n');
    expect(after).toContain('- 📌 改过的划线 ^26211849-15-3297-3374\n');
    expect(after).not.toContain('26211849-15-3441-3503');
    expect(after).toContain('    - 💭 改过的想法');
    expect(after).toContain('    - 💭 远端新想法');
    expect(after).not.toContain('神经元降维');
    // Nothing else moved: every other non-blank line of the note is still there, in order.
    const kept = before
      .split('\n')
      .filter(
        (l) =>
          l.trim() !== '' &&
          !/3297-3374|3441-3503|01:06:06|点积就是|7jVjnhkkj|神经元降维|00:46:20|3\.1 神经网络剖析|划线评论|noteCount|reviewCount|lastReadDate/.test(
            l,
          ),
      );
    let at = 0;
    const lines = after.split('\n');
    for (const line of kept) {
      const found = lines.indexOf(line, at);
      expect(found, line).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
});

describe("the reader's words", () => {
  it('keeps an appended paragraph, an edited highlight, a frontmatter key and a moved, renamed note while a remote change arrives', async () => {
    h = await harness();
    await h.sync();
    let text = read(SEED_NOTE);
    text = text.replace('reviewCount: 2\n', 'reviewCount: 2\nrating: 五星\n');
    text = text.replace(
      '^26211849-15-1826-1988\n    - ⏱ 2020-08-25 01:03:31 \n',
      '^26211849-15-1826-1988\n    - ⏱ 2020-08-25 01:03:31 \n    - 我的补充：训练集与测试集要分开。\n',
    );
    text = text.replace('大多数深度学习都是将简单的层链接起来', '大多数深度学习（我改的）都是将简单的层链接起来');
    mkdirSync(h.notePath('WeRead/读过'), { recursive: true });
    rmSync(h.notePath(SEED_NOTE));
    write('WeRead/读过/深度学习笔记.md', text);
    h.fake.library.addHighlight('26211849', { chapterUid: 16, range: '500-600', markText: '远端新增' });
    const report = await h.sync();
    const b = book(report, '26211849');
    expect(b.path).toBe('WeRead/读过/深度学习笔记.md');
    expect(existsSync(h.notePath(SEED_NOTE))).toBe(false);
    const after = read('WeRead/读过/深度学习笔记.md');
    expect(after).toContain('rating: 五星\n');
    expect(after).toContain('    - 我的补充：训练集与测试集要分开。\n');
    expect(after).toContain('大多数深度学习（我改的）都是将简单的层链接起来');
    expect(after).toContain('- 📌 远端新增 ^26211849-16-500-600\n');
    expect(after).toContain('noteCount: 135\n');
    expect(b.conflicts).toEqual([]);
    // The index was repaired: the next no-op reads nothing.
    h.store.reset();
    await h.sync();
    expect(h.store.reads).toBe(0);
  });

  it('shows a conflict callout when both sides edit the same highlight, keeping the reader text', async () => {
    h = await harness();
    await h.sync();
    write(SEED_NOTE, read(SEED_NOTE).replace('- 📌 大多数深度学习都是', '- 📌 （读者）大多数深度学习都是'));
    h.fake.library.editHighlight(H_SECOND, { markText: '远端改写的这一段' });
    const report = await h.sync();
    const b = book(report, '26211849');
    expect(b.conflicts).toEqual(['26211849-15-3297-3374']);
    const after = read(SEED_NOTE);
    expect(after).toContain(
      '- 📌 （读者）大多数深度学习都是将简单的层链接起来，从而实现渐进式的数据蒸馏（data distillation）。 ^26211849-15-3297-3374\n    - ⏱ 2020-08-25 01:05:39 \n\n> [!warning] 微信读书中的这段内容已更改\n> - 📌 远端改写的这一段\n',
    );
    // A later sync with no new conflict keeps everything as the reader left it.
    h.fake.library.addHighlight('26211849', { chapterUid: 16, range: '500-600', markText: '再来一条' });
    const next = await h.sync();
    expect(book(next, '26211849').conflicts).toEqual([]);
    const later = read(SEED_NOTE);
    expect(later).toContain('- 📌 （读者）大多数深度学习都是');
    expect(later).toContain('> - 📌 远端改写的这一段');
    expect(later).toContain('再来一条');
  });

  it('keeps and marks a remotely deleted highlight that another note links to; removes an unlinked one', async () => {
    h = await harness();
    await h.sync();
    write('Daily/2024-01-01.md', '今天读到 ![[Python深度学习#^26211849-15-1826-1988]]\n');
    h.fake.library.deleteHighlight(H_FIRST);
    h.fake.library.deleteHighlight(H_LAST_21);
    const report = await h.sync();
    const b = book(report, '26211849');
    expect(b.kept).toEqual([{ id: '26211849-15-1826-1988', reason: 'linked' }]);
    expect(b.removed).toEqual(['26211849-15-3441-3503']);
    const after = read(SEED_NOTE);
    expect(after).toContain('^26211849-15-1826-1988\n    - ⏱ 2020-08-25 01:03:31 \n    - ⚠️ 已在微信读书中删除\n');
    expect(after).not.toContain('26211849-15-3441-3503');
    // Stable: the next change does not remove it or mark it twice.
    h.fake.library.addHighlight('26211849', { chapterUid: 16, range: '500-600' });
    await h.sync();
    expect(read(SEED_NOTE).split('已在微信读书中删除').length).toBe(2);
  });

  it('does not bring back a block the reader deleted', async () => {
    h = await harness();
    await h.sync();
    write(SEED_NOTE, read(SEED_NOTE).replace(/\n- 📌 本例中的网络包含2个Dense层[^\n]*\n    - ⏱ [^\n]*\n/, '\n'));
    h.fake.library.addHighlight('26211849', { chapterUid: 16, range: '500-600', markText: '新的' });
    await h.sync();
    const after = read(SEED_NOTE);
    expect(after).not.toContain('26211849-15-3441-3503');
    expect(after).toContain('新的 ^26211849-16-500-600');
  });

  it('loses nothing when the state folder is deleted', async () => {
    h = await harness();
    await h.sync();
    const edited =
      read(SEED_NOTE).replace('- 📌 大多数深度学习都是', '- 📌 （读者）大多数深度学习都是') + '\n我的总结。\n';
    write(SEED_NOTE, edited);
    rmSync(h.stateDir, { recursive: true, force: true });
    h.fake.library.addHighlight('26211849', { chapterUid: 16, range: '500-600', markText: '状态丢失后新增' });
    h.fake.library.editHighlight(H_LAST_21, { markText: '远端改了（无基准时不覆盖）' });
    const report = await h.sync();
    expect(book(report, '26211849').status).toBe('updated');
    expect(book(report, '695233').status).toBe('unchanged');
    const after = read(SEED_NOTE);
    expect(after).toContain('（读者）大多数深度学习都是');
    expect(after).toContain('\n我的总结。\n');
    expect(after).toContain('- 📌 状态丢失后新增 ^26211849-16-500-600\n');
    // The new base was recorded: the next remote change merges three-way and keeps everything.
    h.fake.library.addHighlight('26211849', { chapterUid: 17, range: '100-200', markText: '第二次' });
    await h.sync();
    const later = read(SEED_NOTE);
    expect(later).toContain('（读者）大多数深度学习都是');
    expect(later).toContain('\n我的总结。\n');
    expect(later).toContain('第二次 ^26211849-17-100-200');
  });

  it('re-renders every note with a new template and keeps every reader edit', async () => {
    h = await harness();
    await h.sync();
    const edited = read(SEED_NOTE)
      .replace('reviewCount: 2\n', 'reviewCount: 2\nrating: 五星\n')
      .replace('- 📌 大多数深度学习都是', '- 📌 （读者）大多数深度学习都是')
      .replace('# 读书笔记\n', '# 读书笔记\n\n我在读书笔记前写的话。\n');
    write(SEED_NOTE, edited);
    const settings = { ...SETTINGS, template: 'callouts' };
    const report = await h.sync({ settings, renderer: makeRenderer(settings, builtInTemplate('callouts')) });
    expect(report.totals.updated).toBe(3);
    const after = read(SEED_NOTE);
    expect(after).toContain('rating: 五星\n');
    expect(after).toContain('（读者）大多数深度学习都是');
    expect(after).toContain('我在读书笔记前写的话。');
    expect(after.match(/大多数深度学习/g)).toHaveLength(1);
    expect(after).toContain('> [!quote] 2020-08-25 01:03:31\n> train_images');
    // Untouched highlights now come in the new template's shape.
    const fresh = makeRenderer(settings, builtInTemplate('callouts'));
    expect(fresh.fingerprint).not.toBe(makeRenderer(SETTINGS).fingerprint);
    expect(after).not.toBe(edited);
    expect(read('WeRead/三体.md')).not.toContain('- 📌');
  });
});

describe('adopting notes of the older plugin', () => {
  it('adopts the seed note without rewriting its body, refreshes its counts and inserts a new highlight in the right chapter', async () => {
    h = await harness(['26211849']);
    write('WeRead/旧笔记/Python深度学习.md', SEED);
    h.fake.library.addHighlight('26211849', { chapterUid: 16, range: '700-720', markText: '旧笔记里没有的划线' });
    const report = await h.sync();
    const b = book(report, '26211849');
    expect(b.path).toBe('WeRead/旧笔记/Python深度学习.md');
    expect(b.added).toEqual(['26211849-16-700-720']);
    expect(existsSync(h.notePath(SEED_NOTE))).toBe(false);
    const after = read('WeRead/旧笔记/Python深度学习.md');
    const inserted = '\n- 📌 旧笔记里没有的划线 ^26211849-16-700-720\n';
    const body = (text: string) => text.slice(text.indexOf('\n---\n') + 5);
    const withoutNew = after.replace(/\n- 📌 旧笔记里没有的划线 \^26211849-16-700-720\n    - ⏱ [^\n]*\n/, '');
    expect(body(withoutNew)).toBe(body(SEED));
    // The frontmatter is the rendering's: one more highlight counted (the seed says 134).
    expect(SEED).toContain('\nnoteCount: 134\n');
    expect(after).toContain('\nnoteCount: 135\n');
    // In chapter 2.2, between 673-756 and 857-922.
    const at = after.indexOf(inserted);
    expect(at).toBeGreaterThan(after.indexOf('^26211849-16-673-756'));
    expect(at).toBeLessThan(after.indexOf('^26211849-16-857-922'));
  });

  it('adopts an unchanged seed note with no write at all', async () => {
    h = await harness(['26211849']);
    write('WeRead/Python深度学习.md', SEED);
    h.store.reset();
    const report = await h.sync();
    expect(book(report, '26211849').status).toBe('unchanged');
    expect(h.store.writes).toBe(0);
    expect(read(SEED_NOTE)).toBe(SEED);
  });
});

describe('files and failures', () => {
  it('never overwrites a file that is not the note of that book', async () => {
    h = await harness(['26211849']);
    write(SEED_NOTE, '# 我自己的 Python深度学习 笔记\n');
    const report = await h.sync();
    const b = book(report, '26211849');
    expect(b.path).toBe('WeRead/Python深度学习 (26211849).md');
    expect(b.pathConflict).toBe(SEED_NOTE);
    expect(read(SEED_NOTE)).toBe('# 我自己的 Python深度学习 笔记\n');
    expect(read(b.path)).toBe(SEED);
  });

  it('leaves a failing book byte-identical, syncs the others, and retries it next time', async () => {
    h = await harness();
    await h.sync();
    const before = read(SEED_NOTE);
    h.fake.library.addHighlight('26211849', { chapterUid: 16, range: '500-600', markText: '失败后补上' });
    h.fake.library.addHighlight('695233');
    h.fake.faults.inject({ api: '/web/book/bookmarklist', bookId: '26211849', times: Infinity }, { status: 500 });
    const report = await h.sync();
    expect(book(report, '26211849').status).toBe('failed');
    expect(book(report, '26211849').error).toBeTruthy();
    expect(book(report, '26211849').error).not.toContain(h.fake.skey);
    expect(book(report, '695233').status).toBe('updated');
    expect(read(SEED_NOTE)).toBe(before);
    h.fake.faults.clear();
    const retry = await h.sync();
    expect(book(retry, '26211849').status).toBe('updated');
    expect(read(SEED_NOTE)).toContain('失败后补上');
  });

  it('fails a book whose write fails without touching its note or state', async () => {
    h = await harness(['26211849']);
    await h.sync();
    const before = read(SEED_NOTE);
    h.fake.library.addHighlight('26211849', { chapterUid: 16, range: '500-600' });
    h.store.failWritesTo = SEED_NOTE;
    const report = await h.sync();
    expect(book(report, '26211849')).toMatchObject({ status: 'failed', error: `disk full writing ${SEED_NOTE}` });
    expect(read(SEED_NOTE)).toBe(before);
    h.store.failWritesTo = null;
    expect(book(await h.sync(), '26211849').status).toBe('updated');
  });

  it('fails a book on a template error and keeps its note', async () => {
    h = await harness(['26211849']);
    await h.sync();
    h.fake.library.addHighlight('26211849', { chapterUid: 16, range: '500-600' });
    const broken = {
      ...makeRenderer(SETTINGS),
      render: () => {
        throw new Error('模板第 3 行有错误');
      },
    };
    const report = await h.sync({ renderer: broken });
    expect(book(report, '26211849')).toMatchObject({ status: 'failed', error: '模板第 3 行有错误' });
    expect(read(SEED_NOTE)).toBe(SEED);
  });

  it('reports a book that vanished from the list and keeps its note', async () => {
    h = await harness();
    await h.sync();
    h.fake.library.removeBook('695233');
    const report = await h.sync();
    expect(book(report, '695233').status).toBe('vanished');
    expect(existsSync(h.notePath('WeRead/三体.md'))).toBe(true);
  });

  it('dry run: diffs, no writes, no state', async () => {
    h = await harness(['26211849']);
    const dry = await h.sync({ dryRun: true });
    expect(book(dry, '26211849').status).toBe('created');
    expect(book(dry, '26211849').diff).toMatch(
      /^--- \/dev\/null\n\+\+\+ b\/WeRead\/Python深度学习.md\n@@ -1,0 \+1,\d+ @@\n\+---\n/,
    );
    expect(existsSync(h.notePath(SEED_NOTE))).toBe(false);
    expect(existsSync(h.stateDir)).toBe(false);
    await h.sync();
    h.fake.library.editHighlight(H_SECOND, { markText: '试运行看到的' });
    const dry2 = await h.sync({ dryRun: true });
    expect(book(dry2, '26211849').status).toBe('updated');
    expect(book(dry2, '26211849').diff).toContain('\n+- 📌 试运行看到的 ^26211849-15-3297-3374\n');
    expect(read(SEED_NOTE)).toBe(SEED);
  });

  it('stops between books when cancelled', async () => {
    h = await harness();
    const controller = new AbortController();
    controller.abort();
    const report = await h.sync({ signal: controller.signal });
    expect(report.cancelled).toBe(true);
    expect(report.books.every((b) => b.status === 'skipped')).toBe(true);
    expect(existsSync(h.notePath(SEED_NOTE))).toBe(false);
    const full = await h.sync();
    expect(full.totals.created).toBe(3);
  });

  it('moves nothing when the reader renamed a note outside the folder state knows about', async () => {
    h = await harness(['26211849']);
    await h.sync();
    renameSync(h.notePath(SEED_NOTE), h.notePath('WeRead/改名.md'));
    h.fake.library.addHighlight('26211849', { chapterUid: 16, range: '500-600' });
    const report = await h.sync();
    expect(book(report, '26211849').path).toBe('WeRead/改名.md');
    expect(existsSync(h.notePath(SEED_NOTE))).toBe(false);
  });
});
