// Daily notes through the CLI against the fake WeRead server in a real temp vault: what arrives is referenced once from its day's note.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { credentials, runCliInProcess, syncArgs } from './cli-harness';

const BOOK = '26211849';
const NOTE = 'WeRead/Python深度学习.md';
const DAY_S = 86400;

let fake: FakeWeRead;
let vault: string;

beforeEach(async () => {
  fake = await startFakeWeRead();
  vault = mkdtempSync(path.join(tmpdir(), 'weread-daily-'));
  mkdirSync(path.join(vault, '.obsidian'));
  writeFileSync(
    path.join(vault, '.obsidian', 'daily-notes.json'),
    JSON.stringify({ folder: 'Journal', format: 'YYYY-MM-DD', template: 'Templates/Daily' }),
  );
  mkdirSync(path.join(vault, 'Templates'));
  writeFileSync(path.join(vault, 'Templates', 'Daily.md'), '# {{title}}\n\n## Plan\n\n');
});
afterEach(async () => {
  await fake.close();
  rmSync(vault, { recursive: true, force: true });
});

/** `weread-sync sync --daily-notes`: what it printed (stdout and stderr as a terminal shows them) and any --json report. */
async function sync(...extra: string[]): Promise<{ code: number; out: string; json?: any }> {
  const run = await runCliInProcess(syncArgs(vault, fake, '--daily-notes', ...extra), {
    cwd: vault,
    env: credentials(fake),
  });
  return { code: run.code, out: run.printed, json: extra.includes('--json') ? JSON.parse(run.printed) : undefined };
}

const read = (rel: string) => readFileSync(path.join(vault, rel), 'utf8');
const write = (rel: string, text: string) => writeFileSync(path.join(vault, rel), text);

/** The calendar day of a unix time in Asia/Shanghai. */
function dayIn(unix: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(unix * 1000));
}

/** As if the last sync had happened `days` ago (the state index is the CLI's own file). */
function backdateLastSync(days: number): void {
  const file = path.join(vault, '.weread-sync', 'state', 'index.json');
  const index = JSON.parse(readFileSync(file, 'utf8'));
  for (const record of Object.values<any>(index.books)) record.syncedAt -= days * DAY_S * 1000;
  writeFileSync(file, JSON.stringify(index));
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

const blockId = (wereadId: string) => wereadId.replace(/[^A-Za-z0-9-]/g, '-').replace(/-+$/, '');

describe('daily notes (CLI --daily-notes)', () => {
  it('references what arrives from its day, creates from the template, keeps the reader, adds nothing twice', async () => {
    expect((await sync()).code).toBe(0);
    // The first sync with the feature on does not flood the past: no daily note at all.
    expect(existsSync(path.join(vault, 'Journal'))).toBe(false);

    backdateLastSync(5);
    const now = Math.floor(Date.now() / 1000);
    const h1 = fake.library.addHighlight(BOOK, { chapterUid: 15, createTime: now - 2 * DAY_S });
    const t1 = fake.library.addThought(BOOK, {
      chapterUid: 15,
      range: '500-530',
      abstract: 'train_images和train_labels组成了训练集',
      content: '训练集与测试集要分开',
      createTime: now - 2 * DAY_S + 60,
    });
    const h2 = fake.library.addHighlight(BOOK, { chapterUid: 16, createTime: now - DAY_S });
    const day1 = dayIn(now - 2 * DAY_S);
    const day2 = dayIn(now - DAY_S);
    // The reader already has a note for day 2, with their own lines under our heading and after it.
    mkdirSync(path.join(vault, 'Journal'));
    const readerDay2 = `# ${day2}\n\nMorning pages.\n\n## 微信读书\n- my own line\n\n## Evening\nreader evening\n`;
    write(`Journal/${day2}.md`, readerDay2);

    const second = await sync('--json');
    expect(second.code).toBe(0);
    expect(second.json.dailyNotes).toMatchObject({ added: 3, removed: 0, failed: [] });

    const note1 = read(`Journal/${day1}.md`);
    const id1 = blockId(h1.bookmarkId as string);
    const idT = blockId(t1.reviewId);
    // Created from the template ({{title}} filled), our section after it, one line per item: book, passage, thought.
    expect(note1).toBe(
      `# ${day1}\n\n## Plan\n\n## 微信读书\n` +
        `- [[WeRead/Python深度学习#^${id1}|Python深度学习]]: ${h1.markText as string}\n` +
        `- [[WeRead/Python深度学习#^${idT}|Python深度学习]]: train_images和train_labels组成了训练集 💭 训练集与测试集要分开\n`,
    );
    const note2 = read(`Journal/${day2}.md`);
    const id2 = blockId(h2.bookmarkId as string);
    expect(note2).toBe(
      `# ${day2}\n\nMorning pages.\n\n## 微信读书\n- my own line\n` +
        `- [[WeRead/Python深度学习#^${id2}|Python深度学习]]: ${h2.markText as string}\n\n## Evening\nreader evening\n`,
    );
    // Each block the daily notes point at exists in the book note.
    const book = read(NOTE);
    for (const id of [id1, idT, id2]) expect(book).toContain(`^${id}`);

    // A second sync (nothing new) and a forced one add nothing twice.
    await sync();
    await sync('--force');
    expect(read(`Journal/${day1}.md`)).toBe(note1);
    expect(read(`Journal/${day2}.md`)).toBe(note2);
    expect(occurrences(note1, `#^${id1}`)).toBe(1);

    // A template change re-renders the book note: the block ids, and so the daily references, still hold.
    const switched = await sync('--template', 'callouts');
    expect(switched.code).toBe(0);
    const rerendered = read(NOTE);
    expect(rerendered).not.toBe(book);
    for (const id of [id1, idT, id2]) expect(rerendered).toContain(`^${id}`);
    expect(read(`Journal/${day1}.md`)).toBe(note1);
  });

  it('drops the line of a highlight deleted on WeRead, unless the reader edited that line', async () => {
    await sync();
    backdateLastSync(3);
    const now = Math.floor(Date.now() / 1000);
    const gone = fake.library.addHighlight(BOOK, { chapterUid: 15, createTime: now - DAY_S });
    const edited = fake.library.addHighlight(BOOK, { chapterUid: 15, createTime: now - DAY_S + 30 });
    await sync();
    const day = dayIn(now - DAY_S);
    const file = `Journal/${day}.md`;
    const idGone = blockId(gone.bookmarkId as string);
    const idEdited = blockId(edited.bookmarkId as string);
    const before = read(file);
    expect(occurrences(before, `#^${idGone}`)).toBe(1);
    // The reader comments on one line; then both highlights are deleted on WeRead.
    const editedLine = before.split('\n').find((l) => l.includes(idEdited))!;
    write(file, before.replace(editedLine, `${editedLine} — worth rereading`));
    fake.library.deleteHighlight(gone.bookmarkId as string);
    fake.library.deleteHighlight(edited.bookmarkId as string);

    const run = await sync('--json');
    expect(run.json.dailyNotes).toMatchObject({ added: 0, removed: 1 });
    const after = read(file);
    expect(after).not.toContain(idGone);
    expect(after).toContain(`${editedLine} — worth rereading`);
    // The book note: the unreferenced block is gone; the one the reader's edited line links to is kept, marked.
    const book = read(NOTE);
    expect(book).not.toContain(`^${idGone}`);
    expect(book).toContain(`^${idEdited}`);
    expect(run.json.books.find((b: any) => b.bookId === BOOK).removed).toContain(idGone);
  });

  it('back-fills a date range on request (--daily-notes-from/--daily-notes-to), adding nothing twice', async () => {
    await sync();
    const day = '2020-08-25';
    const book = fake.library.get(BOOK)!;
    const ids = [
      ...book.bookmarks.map((b) => ({ id: blockId(b.bookmarkId as string), t: b.createTime as number })),
      ...book.reviews.map((r) => ({ id: blockId(r.reviewId), t: r.review.createTime as number })),
    ]
      .filter((x) => dayIn(x.t) === day)
      .map((x) => x.id);
    expect(ids.length).toBeGreaterThan(3);
    const bookNote = read(NOTE);
    fake.resetLog();
    const run = await sync('--daily-notes-from', day, '--daily-notes-to', day);
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Daily notes: ${ids.length} reference(s) added, 0 removed, in 1 note(s) (1 created).`);
    // The back-fill reads the books (this one included) and writes daily notes only: the book note is as it was.
    expect(fake.log.some((e) => e.api.includes('bookmarklist') && e.bookId === BOOK)).toBe(true);
    expect(read(NOTE)).toBe(bookNote);
    const text = read(`Journal/${day}.md`);
    expect(text.startsWith(`# ${day}\n\n## Plan\n\n## 微信读书\n`)).toBe(true);
    for (const id of ids) expect(occurrences(text, `#^${id}|`)).toBe(1);
    expect(readdirSync(path.join(vault, 'Journal'))).toEqual([`${day}.md`]);

    await sync('--daily-notes-from', day);
    expect(read(`Journal/${day}.md`)).toBe(text);
    const bad = await sync('--daily-notes-from', '2020-08-26', '--daily-notes-to', day);
    expect(bad.code).toBe(2);
  });

  it('reads Periodic Notes when its daily notes are on, and embeds with --config-dir', async () => {
    rmSync(path.join(vault, '.obsidian'), { recursive: true });
    mkdirSync(path.join(vault, '.config', 'plugins', 'periodic-notes'), { recursive: true });
    writeFileSync(
      path.join(vault, '.config', 'plugins', 'periodic-notes', 'data.json'),
      JSON.stringify({ daily: { enabled: true, folder: 'Days', format: 'YYYY/MM/DD', template: '' } }),
    );
    await sync('--config-dir', '.config');
    backdateLastSync(2);
    const now = Math.floor(Date.now() / 1000);
    const h = fake.library.addHighlight(BOOK, { chapterUid: 15, createTime: now - DAY_S });
    await sync('--config-dir', '.config');
    const [y, m, d] = dayIn(now - DAY_S).split('-');
    const files = readdirSync(path.join(vault, 'Days'), { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => f.endsWith('.md'))).toEqual([path.join(y!, m!, `${d}.md`)]);
    const id = blockId(h.bookmarkId as string);
    expect(read(`Days/${y}/${m}/${d}.md`)).toBe(
      `## 微信读书\n- [[WeRead/Python深度学习#^${id}|Python深度学习]]: ${h.markText as string}\n`,
    );
  });
});
