// Issue 20's four merge cases end to end: the CLI against the fake WeRead server, the reader editing the note between syncs.
import { describe, expect, it } from 'vitest';
import {
  blockLines,
  BOOK,
  bookmarkOf,
  CALLOUT,
  DELETED_MARK,
  deleteBlock,
  idOf,
  lineOf,
  useMergeScenario,
} from './merge-harness';

const scenario = useMergeScenario();
const { sync, edit } = scenario;

describe('issue 20 merge cases through the CLI', () => {
  it('1. an edited highlight deleted on WeRead stays, marked; an untouched one of another chapter goes', async () => {
    await sync();
    const x = idOf(1, 200);
    edit((lines) => {
      const at = lineOf(lines, x);
      lines[at] = (lines[at] ?? '').replace('乙段原文', '乙段原文（我改写了）');
    });
    scenario.fake.library.deleteHighlight(bookmarkOf(1, 200));
    scenario.fake.library.deleteHighlight(bookmarkOf(2, 100));
    const note = await sync();
    expect(blockLines(note, x)[0]).toContain('乙段原文（我改写了）');
    expect(blockLines(note, x).some((l) => l.includes(DELETED_MARK))).toBe(true);
    expect(note).not.toContain(idOf(2, 100));
    expect(note).not.toContain('丁段原文');
    expect(note.split('\n').filter((l) => l.includes(DELETED_MARK))).toHaveLength(1);
    expect(note).not.toContain(CALLOUT);
  });

  it('2. a highlight the reader deleted stays deleted when WeRead adds one just before it; no callout', async () => {
    await sync();
    edit((lines) => deleteBlock(lines, idOf(1, 200)));
    scenario.fake.library.addHighlight(BOOK, {
      chapterUid: 1,
      range: '150-160',
      markText: '新加的划线',
      createTime: 1600009999,
    });
    const note = await sync();
    expect(note).not.toContain(idOf(1, 200));
    expect(note).not.toContain('乙段原文');
    expect(blockLines(note, idOf(1, 150))[0]).toContain('新加的划线');
    const lines = note.split('\n');
    expect(lineOf(lines, idOf(1, 100))).toBeLessThan(lineOf(lines, idOf(1, 150)));
    expect(lineOf(lines, idOf(1, 150))).toBeLessThan(lineOf(lines, idOf(1, 300)));
    expect(note).not.toContain(CALLOUT);
  });

  it('3. a line the reader added under a highlight stays under it when WeRead adds one right after it', async () => {
    await sync();
    const x = idOf(1, 200);
    edit((lines) => {
      deleteBlock(lines, idOf(1, 300));
      const at = lineOf(lines, x);
      lines.splice(at + 2, 0, '    - 我的批注');
    });
    scenario.fake.library.addHighlight(BOOK, {
      chapterUid: 1,
      range: '250-260',
      markText: '紧随其后的划线',
      createTime: 1600009999,
    });
    const note = await sync();
    expect(blockLines(note, x)).toContain('    - 我的批注');
    expect(blockLines(note, idOf(1, 250))).not.toContain('    - 我的批注');
    expect(blockLines(note, idOf(1, 250))[0]).toContain('紧随其后的划线');
    expect(note.split('\n').filter((l) => l === '    - 我的批注')).toHaveLength(1);
    expect(note).not.toContain(idOf(1, 300));
    expect(note).not.toContain(CALLOUT);
  });

  it('4. a new highlight joins an emptied chapter that holds one kept block, under its one heading', async () => {
    await sync();
    const v = idOf(2, 200);
    edit((lines) => {
      const at = lineOf(lines, v);
      lines[at] = (lines[at] ?? '').replace('戊段原文', '戊段原文（我改写了）');
    });
    scenario.fake.library.deleteHighlight(bookmarkOf(2, 100));
    scenario.fake.library.deleteHighlight(bookmarkOf(2, 200));
    const kept = await sync();
    expect(blockLines(kept, v).some((l) => l.includes(DELETED_MARK))).toBe(true);
    scenario.fake.library.addHighlight(BOOK, {
      chapterUid: 2,
      range: '300-310',
      markText: '第二章的新划线',
      createTime: 1600009999,
    });
    const note = await sync();
    const lines = note.split('\n');
    expect(lines.filter((l) => l === '## 第2章')).toHaveLength(1);
    const heading = lines.indexOf('## 第2章');
    const added = lineOf(lines, idOf(2, 300));
    expect(lines[added]).toContain('第二章的新划线');
    expect(heading).toBeGreaterThanOrEqual(0);
    expect(added).toBeGreaterThan(heading);
    // Nothing but the chapter's own blocks between its heading and the new highlight.
    expect(lines.slice(heading + 1, added).filter((l) => /^#/.test(l))).toEqual([]);
    expect(blockLines(note, v)[0]).toContain('戊段原文（我改写了）');
    expect(note).not.toContain(CALLOUT);
  });
});
