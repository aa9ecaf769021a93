// Issue 20's four merge cases end to end: the CLI against the fake WeRead server, the reader editing the note between syncs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import type { FixtureBook } from '../fakes/weread/fixture-types';
import { runCli, type CliIO } from '../../src/node/cli';

const BOOK = '900001';
const TITLE = '合并场景';
const CALLOUT = '> [!warning]';
const DELETED_MARK = '⚠️ 已在微信读书中删除';

function highlight(chapterUid: number, start: number, text: string): Record<string, unknown> {
  const range = `${start}-${start + 10}`;
  return {
    bookId: BOOK,
    bookmarkId: `${BOOK}_${chapterUid}_${range}`,
    chapterUid,
    chapterName: `第${chapterUid}章`,
    range,
    markText: text,
    createTime: 1600000000 + chapterUid * 1000 + start,
    type: 1,
    colorStyle: 1,
    style: 0,
    bookVersion: 0,
  };
}

/** Chapter 1: A, X, W; chapter 2: Y, V. */
function book(): FixtureBook {
  const bookmarks = [
    highlight(1, 100, '甲段原文'),
    highlight(1, 200, '乙段原文'),
    highlight(1, 300, '丙段原文'),
    highlight(2, 100, '丁段原文'),
    highlight(2, 200, '戊段原文'),
  ];
  return {
    notebook: {
      bookId: BOOK,
      book: { bookId: BOOK, title: TITLE, author: '作者', type: 0 },
      noteCount: bookmarks.length,
      reviewCount: 0,
      bookmarkCount: 0,
      sort: 1600000000,
    },
    info: { bookId: BOOK, title: TITLE, author: '作者', type: 0 },
    bookmarks,
    reviews: [],
    chapters: [
      { chapterUid: 1, chapterIdx: 1, title: '第1章', level: 1 },
      { chapterUid: 2, chapterIdx: 2, title: '第2章', level: 1 },
    ],
    chapterUpdateTime: 1600000000,
  };
}

const idOf = (chapterUid: number, start: number) => `${BOOK}-${chapterUid}-${start}-${start + 10}`;
const bookmarkOf = (chapterUid: number, start: number) => `${BOOK}_${chapterUid}_${start}-${start + 10}`;

let fake: FakeWeRead;
let vault: string;
const notePath = () => path.join(vault, 'WeRead', `${TITLE}.md`);
const readNote = () => readFileSync(notePath(), 'utf8');

beforeEach(async () => {
  fake = await startFakeWeRead({ books: [book()] });
  vault = mkdtempSync(path.join(tmpdir(), 'weread-merge-'));
});
afterEach(async () => {
  await fake.close();
  rmSync(vault, { recursive: true, force: true });
});

async function sync(): Promise<string> {
  let out = '';
  const io: CliIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    env: { LANG: 'en_US.UTF-8', WEREAD_COOKIE: fake.cookieHeader },
    cwd: vault,
    isTTY: false,
  };
  const args = ['sync', '--vault', vault, '--base-url', fake.baseUrl, '--gateway-url', fake.gatewayUrl];
  const code = await runCli([...args, '--timezone', 'Asia/Shanghai'], io);
  expect(code, out).toBe(0);
  return readNote();
}

/** Edits the note as the reader would in an editor. */
function edit(change: (lines: string[]) => void): void {
  const lines = readNote().split('\n');
  change(lines);
  writeFileSync(notePath(), lines.join('\n'));
}

const lineOf = (lines: readonly string[], id: string) => lines.findIndex((l) => l.endsWith(`^${id}`));

/** Removes a highlight block (its line and the indented lines under it) from the note. */
function deleteBlock(lines: string[], id: string): void {
  const at = lineOf(lines, id);
  expect(at, id).toBeGreaterThanOrEqual(0);
  let end = at + 1;
  while (end < lines.length && /^\s+\S/.test(lines[end] ?? '')) end++;
  lines.splice(at, end - at);
}

/** The lines of a block: its id line and the indented lines under it. */
function blockLines(note: string, id: string): string[] {
  const lines = note.split('\n');
  const at = lineOf(lines, id);
  if (at < 0) return [];
  let end = at + 1;
  while (end < lines.length && /^\s+\S/.test(lines[end] ?? '')) end++;
  return lines.slice(at, end);
}

describe('issue 20 merge cases through the CLI', () => {
  it('1. an edited highlight deleted on WeRead stays, marked; an untouched one of another chapter goes', async () => {
    await sync();
    const x = idOf(1, 200);
    edit((lines) => {
      const at = lineOf(lines, x);
      lines[at] = (lines[at] ?? '').replace('乙段原文', '乙段原文（我改写了）');
    });
    fake.library.deleteHighlight(bookmarkOf(1, 200));
    fake.library.deleteHighlight(bookmarkOf(2, 100));
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
    fake.library.addHighlight(BOOK, {
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
    fake.library.addHighlight(BOOK, {
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
    fake.library.deleteHighlight(bookmarkOf(2, 100));
    fake.library.deleteHighlight(bookmarkOf(2, 200));
    const kept = await sync();
    expect(blockLines(kept, v).some((l) => l.includes(DELETED_MARK))).toBe(true);
    fake.library.addHighlight(BOOK, {
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
