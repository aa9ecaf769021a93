// The CLI merge scenarios' set-up: one small book on the fake WeRead server, a temp vault, and the reader's edits.
import { afterEach, beforeEach, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import type { FixtureBook } from '../fakes/weread/fixture-types';
import { credentials, fakeServerFlags, runCliInProcess } from './cli-harness';

export const BOOK = '900001';
export const TITLE = '合并场景';
export const CALLOUT = '> [!warning]';
export const DELETED_MARK = '⚠️ 已在微信读书中删除';

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

export const idOf = (chapterUid: number, start: number) => `${BOOK}-${chapterUid}-${start}-${start + 10}`;
export const bookmarkOf = (chapterUid: number, start: number) => `${BOOK}_${chapterUid}_${start}-${start + 10}`;
export const lineOf = (lines: readonly string[], id: string) => lines.findIndex((l) => l.endsWith(`^${id}`));

/** Removes a highlight block (its line and the indented lines under it) from the note. */
export function deleteBlock(lines: string[], id: string): void {
  const at = lineOf(lines, id);
  expect(at, id).toBeGreaterThanOrEqual(0);
  let end = at + 1;
  while (end < lines.length && /^\s+\S/.test(lines[end] ?? '')) end++;
  lines.splice(at, end - at);
}

/** The lines of a block: its id line and the indented lines under it. */
export function blockLines(note: string, id: string): string[] {
  const lines = note.split('\n');
  const at = lineOf(lines, id);
  if (at < 0) return [];
  let end = at + 1;
  while (end < lines.length && /^\s+\S/.test(lines[end] ?? '')) end++;
  return lines.slice(at, end);
}

export interface MergeScenario {
  readonly fake: FakeWeRead;
  readonly vault: string;
  readNote(): string;
  /** Runs `weread-sync sync` (English, the given time zone) and returns the note and what the CLI printed. */
  syncWithOutput(args?: string[], timezone?: string): Promise<{ note: string; out: string }>;
  sync(): Promise<string>;
  /** Edits the note as the reader would in an editor. */
  edit(change: (lines: string[]) => void): void;
}

/** A fresh fake server with the book and a fresh vault around each test of the calling file. */
export function useMergeScenario(): MergeScenario {
  let fake: FakeWeRead;
  let vault: string;
  beforeEach(async () => {
    fake = await startFakeWeRead({ books: [book()] });
    vault = mkdtempSync(path.join(tmpdir(), 'weread-merge-'));
  });
  afterEach(async () => {
    await fake.close();
    rmSync(vault, { recursive: true, force: true });
  });
  const notePath = () => path.join(vault, 'WeRead', `${TITLE}.md`);
  const readNote = () => readFileSync(notePath(), 'utf8');
  const syncWithOutput = async (extra: string[] = [], timezone = 'Asia/Shanghai') => {
    const args = ['sync', '--vault', vault, ...fakeServerFlags(fake), '--timezone', timezone, ...extra];
    const run = await runCliInProcess(args, { cwd: vault, env: credentials(fake) });
    expect(run.code, run.printed).toBe(0);
    return { note: readNote(), out: run.printed };
  };
  return {
    get fake() {
      return fake;
    },
    get vault() {
      return vault;
    },
    readNote,
    syncWithOutput,
    sync: async () => (await syncWithOutput()).note,
    edit(change) {
      const lines = readNote().split('\n');
      change(lines);
      writeFileSync(notePath(), lines.join('\n'));
    },
  };
}
