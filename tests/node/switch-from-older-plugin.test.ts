// Switching from the older WeRead plugin through the CLI: its notes adopted wherever they are, its settings imported, no duplicate.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { credentials, runCliInProcess, syncArgs } from './cli-harness';
import { expectOlderNotesAdopted, olderPluginNotes, OLDER_PLUGIN_DATA } from '../fakes/older-plugin-vault';

let fake: FakeWeRead;
let vault: string;

beforeEach(async () => {
  fake = await startFakeWeRead();
  vault = mkdtempSync(path.join(tmpdir(), 'weread-switch-'));
  for (const note of olderPluginNotes()) put(note.path, note.text);
  put('.obsidian/plugins/obsidian-weread-plugin/data.json', JSON.stringify(OLDER_PLUGIN_DATA));
  put('.obsidian/app.json', '{}');
});
afterEach(async () => {
  await fake.close();
  rmSync(vault, { recursive: true, force: true });
});

function put(rel: string, text: string): void {
  const file = path.join(vault, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const read = (rel: string) => readFileSync(path.join(vault, rel), 'utf8');

/** Every Markdown file of the vault (not the config or state folders) → its text. */
function snapshot(): Map<string, string> {
  const files = readdirSync(vault, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md') && !f.startsWith('.'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
  return new Map(files.map((f) => [f, read(f)]));
}

const sync = (extra: string[] = []) =>
  runCliInProcess(syncArgs(vault, fake, ...extra), { cwd: vault, env: credentials(fake) });

describe('switching from the older plugin through the CLI', () => {
  it('adopts every note where it is, keeps block ids and reader lines, refreshes counts, puts new books in 读书/', async () => {
    const older = olderPluginNotes();
    const before = snapshot();
    const run = await sync();
    expect(run.code).toBe(0);
    expect(run.err).toContain('Settings: imported from the older WeRead plugin');
    expect(run.err).toContain('noteLocation');
    const after = snapshot();
    // One note per book: the older notes stay where they are, each new book gets one note under 读书/.
    const created = expectOlderNotesAdopted(before, after);
    expect(created.length).toBeGreaterThan(0);
    // Every line an older note had is still there but the stale count.
    for (const note of older) {
      const text = after.get(note.path)!;
      for (const line of note.text.split('\n'))
        if (line !== 'noteCount: 1') expect(text, `${note.path}: ${line}`).toContain(line);
    }
    // The import lasts: our data.json, with the older plugin's folder.
    const ours = JSON.parse(read('.obsidian/plugins/weread-sync/data.json')) as { folder: string };
    expect(ours.folder).toBe('读书');
    // The next run reads our settings and changes nothing.
    const again = await sync();
    expect(again.err).toContain('Settings: .obsidian/plugins/weread-sync/data.json');
    expect(snapshot()).toEqual(after);
  });

  it('a dry run imports nothing and writes nothing; migrate imports explicitly', async () => {
    const before = snapshot();
    const dry = await sync(['--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.err).toContain('not saved (dry run)');
    expect(snapshot()).toEqual(before);
    expect(existsSync(path.join(vault, '.obsidian/plugins/weread-sync'))).toBe(false);
    const preview = await runCliInProcess(['migrate', '--vault', vault, '--dry-run'], { cwd: vault, lang: 'en' });
    expect(preview.code).toBe(0);
    expect(preview.out).toContain('Would import');
    expect(existsSync(path.join(vault, '.obsidian/plugins/weread-sync'))).toBe(false);
    expect((await runCliInProcess(['migrate', '--vault', vault], { cwd: vault, lang: 'en' })).code).toBe(0);
    expect(existsSync(path.join(vault, '.obsidian/plugins/weread-sync/data.json'))).toBe(true);
  });

  it('moving or renaming a note anywhere, then syncing, changes nothing else', async () => {
    await sync();
    renameSync(path.join(vault, 'Python深度学习.md'), path.join(vault, '书房/深度学习（改名）.md'));
    const moved = snapshot();
    fake.library.addHighlight('26211849', { chapterUid: 16, range: '700-720', markText: '新的划线' });
    const run = await sync();
    expect(run.code).toBe(0);
    const after = snapshot();
    expect([...after.keys()]).toEqual([...moved.keys()]);
    for (const [file, text] of moved) if (file !== '书房/深度学习（改名）.md') expect(after.get(file), file).toBe(text);
    expect(after.get('书房/深度学习（改名）.md')).toContain('新的划线');
  });

  it('two notes claiming one book: the one the state knows is synced, the other is reported and left alone', async () => {
    await sync();
    const copy = read('读书/深入理解计算机系统.md');
    put('副本/CSAPP 副本.md', copy);
    fake.library.addHighlight('822273', { chapterUid: 1, range: '990-999', markText: '副本之后的划线' });
    const run = await sync(['--json']);
    const report = JSON.parse(run.out) as { books: Array<{ bookId: string; path: string; duplicates?: string[] }> };
    expect(report.books.find((b) => b.bookId === '822273')).toMatchObject({
      path: path.join(vault, '读书/深入理解计算机系统.md'),
      duplicates: [path.join(vault, '副本/CSAPP 副本.md')],
    });
    expect(read('读书/深入理解计算机系统.md')).toContain('副本之后的划线');
    expect(read('副本/CSAPP 副本.md')).toBe(copy);
    const text = await sync();
    expect(text.out).not.toContain('name the same book'); // nothing changed on WeRead: no book synced, nothing said
  });

  it('a note the reader deleted stays deleted; --force brings it back', async () => {
    await sync();
    rmSync(path.join(vault, '书房/想法.md'));
    fake.library.addHighlight('811795', { chapterUid: 1, range: '900-910', markText: '删后的新划线' });
    const run = await sync(['--json']);
    const report = JSON.parse(run.out) as { books: Array<{ bookId: string; status: string; skipReason?: string }> };
    expect(report.books.find((b) => b.bookId === '811795')).toMatchObject({
      status: 'skipped',
      skipReason: 'note-deleted',
    });
    expect([...snapshot().values()].some((t) => t.includes('bookId: "811795"'))).toBe(false);
    await sync(['--force']);
    expect([...snapshot().values()].some((t) => t.includes('删后的新划线'))).toBe(true);
  });
});
