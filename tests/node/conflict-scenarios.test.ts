// Issue 12's cases end to end: the CLI against the fake WeRead server, the reader editing the note between syncs —
// a conflict only where both sides changed the same line, the callout where the reader looks, and the report naming it.
import { describe, expect, it } from 'vitest';
import { blockLines, BOOK, bookmarkOf, CALLOUT, idOf, lineOf, TITLE, useMergeScenario } from './merge-harness';

const scenario = useMergeScenario();
const { sync, edit } = scenario;

/** A thought on highlight X (chapter 1, 200–210): it renders under X and again in 读书笔记. */
function thoughtOnX(content: string): string {
  const { reviewId } = scenario.fake.library.addThought(BOOK, {
    chapterUid: 1,
    abstract: '乙段原文',
    range: '200-210',
    content,
  });
  return reviewId;
}

const timeLines = (note: string) => note.split('\n').filter((l) => l.trimStart().startsWith('- ⏱'));

describe('issue 12 conflict cases through the CLI', () => {
  it('a line the reader added under a thought merges with WeRead’s edit of that thought: no callout, one text', async () => {
    const reviewId = thoughtOnX('旧的想法');
    await sync();
    edit((lines) => {
      const at = lines.findIndex((l) => l.includes('💭 旧的想法'));
      expect(at).toBeGreaterThanOrEqual(0);
      lines.splice(at + 1, 0, '    - 我的补充：同意');
    });
    scenario.fake.library.editThought(reviewId, '改过的想法');
    const note = await sync();
    expect(note).not.toContain(CALLOUT);
    expect(note).not.toContain('旧的想法');
    expect(note.split('\n').filter((l) => l.includes('💭 改过的想法')).length).toBeGreaterThanOrEqual(2);
    expect(note.split('\n').filter((l) => l === '    - 我的补充：同意')).toHaveLength(1);
  });

  it('a real conflict: the callout follows the reader’s block inside its chapter, as a quoted list', async () => {
    await sync();
    const w = idOf(1, 300);
    edit((lines) => {
      const at = lineOf(lines, w);
      lines[at] = (lines[at] ?? '').replace('丙段原文', '丙段原文（读者改写）');
    });
    scenario.fake.library.editHighlight(bookmarkOf(1, 300), { markText: '丙段原文（微信读书改写）' });
    const { note, out } = await scenario.syncWithOutput();
    const lines = note.split('\n');
    const block = lineOf(lines, w);
    const callout = lines.indexOf(lines.find((l) => l.startsWith(CALLOUT)) ?? '');
    expect(lines[block]).toContain('丙段原文（读者改写）');
    // Right after the block (its sub-lines and a blank line between), before chapter 2's heading.
    expect(callout).toBeGreaterThan(block);
    expect(lines.slice(block + 1, callout).every((l) => l === '' || /^\s+- /.test(l))).toBe(true);
    expect(callout).toBeLessThan(lines.indexOf('## 第2章'));
    // A quoted list, never an indented code block inside the quote.
    const body = lines.slice(callout + 1).filter((l, k, all) => all.slice(0, k + 1).every((x) => x.startsWith('>')));
    expect(body[0]).toBe('> - 📌 丙段原文（微信读书改写）');
    expect(body.some((l) => /^> {4}/.test(l))).toBe(false);
    // The CLI names the note and the passage.
    expect(out).toContain(`WeRead/${TITLE}.md#^${w}`);
    expect(out).toMatch(/conflict/i);
  });

  it('a later WeRead edit of the same passage replaces its callout; a deleted callout stays resolved', async () => {
    await sync();
    const w = idOf(1, 300);
    edit((lines) => {
      const at = lineOf(lines, w);
      lines[at] = (lines[at] ?? '').replace('丙段原文', '丙段原文（读者改写）');
    });
    scenario.fake.library.editHighlight(bookmarkOf(1, 300), { markText: '第一次远端改写' });
    await sync();
    scenario.fake.library.editHighlight(bookmarkOf(1, 300), { markText: '第二次远端改写' });
    const replaced = await sync();
    expect(replaced.split('\n').filter((l) => l.startsWith(CALLOUT))).toHaveLength(1);
    expect(replaced).toContain('> - 📌 第二次远端改写');
    expect(replaced).not.toContain('第一次远端改写');
    // The reader resolves it: deletes the callout. Nothing new on WeRead: it stays resolved.
    edit((lines) => {
      const at = lines.findIndex((l) => l.startsWith(CALLOUT));
      let end = at;
      while (end < lines.length && (lines[end] ?? '').startsWith('>')) end++;
      lines.splice(at, end - at);
    });
    const resolved = await sync();
    expect(resolved).not.toContain(CALLOUT);
    expect(blockLines(resolved, w)[0]).toContain('丙段原文（读者改写）');
    scenario.fake.library.addHighlight(BOOK, { chapterUid: 2, range: '400-410', markText: '别处的新划线' });
    const later = await sync();
    expect(later).not.toContain(CALLOUT);
    expect(later).toContain('别处的新划线');
  });

  it('a time-zone change re-renders the times next to a reader’s edit, and the report counts the update', async () => {
    await sync();
    const x = idOf(1, 200);
    edit((lines) => {
      const at = lineOf(lines, x);
      lines[at] = (lines[at] ?? '').replace('乙段原文', '乙段原文（读者改写）');
      lines.splice(at + 2, 0, '    - 读者的一行');
    });
    const before = scenario.readNote();
    const { note, out } = await scenario.syncWithOutput([], 'UTC');
    expect(note).not.toContain(CALLOUT);
    expect(blockLines(note, x)[0]).toContain('乙段原文（读者改写）');
    expect(blockLines(note, x)).toContain('    - 读者的一行');
    // Every time moved by eight hours, the one under the reader's edited highlight included.
    const [was, now] = [timeLines(before), timeLines(note)];
    expect(now).toHaveLength(was.length);
    now.forEach((line, k) => expect(line).not.toBe(was[k]));
    const xTime = blockLines(note, x).find((l) => l.includes('⏱'));
    expect(blockLines(before, x)).not.toContain(xTime);
    expect(out).toMatch(/1 (book|note) updated|updated 1|1 updated/i);
  });
});
