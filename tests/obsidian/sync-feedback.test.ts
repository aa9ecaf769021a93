// What the reader sees after a sync, through the plugin on the fake app: the conflicted notes as links in the notice
// and in the sync log, Preview sync with conflicts first, a failed sync in one language, the mobile progress notice.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApp, Modal, Notice, resetFakeObsidian, setLanguage, setPlatform, unloadPlugin } from '../fakes/obsidian';
import type { FakeWeRead } from '../fakes/weread/server';
import { PreviewModal } from '../../src/obsidian/preview-modal';
import {
  configure,
  freshAppAndServer,
  manifest,
  notesByBookId,
  seedSettings,
  startedPlugin,
  useServerOnThisDevice,
} from './helpers';
import type WeReadSyncPlugin from '../../src/main';

let fake: FakeWeRead;
let app: FakeApp;

beforeEach(async () => {
  ({ fake, app } = await freshAppAndServer());
});
afterEach(() => fake.close());

async function configured(overrides = {}): Promise<WeReadSyncPlugin> {
  await configure(app, fake, { syncOnStartup: false, ...overrides }, 'both');
  return startedPlugin(app);
}

interface Conflict {
  bookId: string;
  path: string;
  title: string;
  blockId: string;
}

/**
 * In each of `count` books, a highlight the reader edits in the note while WeRead edits the same highlight: a real
 * conflict. Returns the books in library order.
 */
async function makeConflicts(plugin: WeReadSyncPlugin, count: number): Promise<Conflict[]> {
  const books = fake.library
    .bookIds()
    .filter((id) => !id.startsWith('MP_'))
    .slice(0, count);
  const ids = books.map((bookId, n) =>
    String(fake.library.addHighlight(bookId, { markText: `ORIGINAL ${n}` }).bookmarkId),
  );
  await plugin.sync({ trigger: 'command' });
  const notes = notesByBookId(app);
  const conflicts: Conflict[] = [];
  for (const [n, bookId] of books.entries()) {
    const path = notes.get(bookId)!;
    const text = app.vault.readPath(path)!;
    expect(text).toContain(`ORIGINAL ${n}`);
    await app.vault.adapter.write(path, text.replace(`ORIGINAL ${n}`, `READER EDIT ${n}`));
    fake.library.editHighlight(ids[n]!, { markText: `REMOTE EDIT ${n}` });
    const blockId = new RegExp(`READER EDIT ${n} \\^(\\S+)`).exec(app.vault.readPath(path)!)![1]!;
    conflicts.push({ bookId, path, title: fake.library.get(bookId)!.notebook.book.title, blockId });
  }
  Notice.reset();
  return conflicts;
}

describe('conflicts the reader can find', () => {
  it('the notice names the conflicted notes (a few, then "and N more"), each a link to its callout', async () => {
    const plugin = await configured();
    const conflicts = await makeConflicts(plugin, 4);
    await app.commands.runCommand(`${manifest.id}:sync`);

    // The sync log keeps every conflicted note with its link target (in the report's order).
    const [entry] = await plugin.syncLog.entries();
    const byPath = new Map(conflicts.map((c) => [c.path, c]));
    expect([...(entry!.books ?? [])].sort((x, y) => x.path.localeCompare(y.path))).toEqual(
      [...conflicts]
        .sort((x, y) => x.path.localeCompare(y.path))
        .map((c) => ({ title: c.title, path: c.path, blockId: c.blockId, status: 'conflicted', conflicts: 1 })),
    );
    const inOrder = entry!.books!.map((b) => byPath.get(b.path)!);

    const notice = Notice.notices.at(-1)!;
    const lines = notice.message.split('\n');
    expect(lines[0]).toMatch(/^WeRead Sync: 0 created, 4 updated, \d+ unchanged, 0 failed$/);
    expect(lines.slice(1)).toEqual([
      'Conflicts in 4 notes: your text was kept, and the text from WeRead is in a callout below it.',
      inOrder[0]!.title,
      inOrder[1]!.title,
      inOrder[2]!.title,
      'and 1 more (see the sync log)',
    ]);
    const links = [...notice.messageEl.querySelectorAll<HTMLElement>('a.weread-sync-note-link')];
    expect(links.map((a) => a.textContent)).toEqual(inOrder.slice(0, 3).map((c) => c.title));

    // A click opens the note at the reader's block that the callout follows.
    links[1]!.click();
    await vi.waitFor(() => expect(app.workspace.openedLinks).toHaveLength(1));
    const clicked = inOrder[1]!;
    expect(app.workspace.openedLinks[0]!.linktext).toBe(`${clicked.path}#^${clicked.blockId}`);
    expect(app.workspace.getActiveFile()?.path).toBe(clicked.path);
    const text = app.vault.readPath(clicked.path)!;
    // The callout with WeRead's text follows that block, before the next block.
    const after = text.slice(text.indexOf(`^${clicked.blockId}`) + 1);
    const nextBlock = after.search(/\^[\w-]+\n/);
    const callout = after.search(/> \[!warning\][^\n]*\n(?:>.*\n)*?>.*REMOTE EDIT/);
    expect(callout).toBeGreaterThan(0);
    expect(nextBlock === -1 || callout < nextBlock).toBe(true);
    await unloadPlugin(plugin);
  });

  it('in Chinese: "1 篇笔记有冲突", no English, and the log modal links the note', async () => {
    setLanguage('zh');
    const plugin = await configured();
    const [conflict] = await makeConflicts(plugin, 1);
    await app.commands.runCommand(`${manifest.id}:sync`);
    const message = Notice.messages.at(-1)!;
    expect(message.split('\n').slice(1)).toEqual([
      '1 篇笔记有冲突：已保留你的内容，微信读书的新内容在其下方的提示框中。',
      conflict!.title,
    ]);
    expect(message.replace(conflict!.title, '')).not.toMatch(/[A-Za-z]{3,}/);

    await app.commands.runCommand(`${manifest.id}:open-sync-log`);
    const modal = Modal.openModals.at(-1)!;
    await vi.waitFor(() => expect(modal.contentEl.querySelector('.weread-sync-log-book.is-conflicted')).not.toBeNull());
    const line = modal.contentEl.querySelector<HTMLElement>('.weread-sync-log-book.is-conflicted')!;
    expect(line.textContent).toBe(`冲突 ${conflict!.title}`);
    line.querySelector<HTMLElement>('a')!.click();
    await vi.waitFor(() => expect(app.workspace.getActiveFile()?.path).toBe(conflict!.path));
    modal.close();
    await unloadPlugin(plugin);
  });

  it('Preview sync lists conflicts first, "1 conflict" in the singular, and translated reasons', async () => {
    setLanguage('zh');
    const plugin = await configured();
    const [conflict] = await makeConflicts(plugin, 1);
    const failing = fake.library.bookIds().filter((id) => !id.startsWith('MP_'))[3]!;
    fake.library.addHighlight(failing, { markText: 'NEW' });
    for (const api of ['/web/book/bookmarklist', '/book/bookmarklist'])
      fake.faults.inject({ api, bookId: failing, times: Infinity }, { status: 503 });
    await app.commands.runCommand(`${manifest.id}:preview-sync`);
    const modal = Modal.openModals.find((m) => m instanceof PreviewModal)!;
    const sections = [...modal.contentEl.querySelectorAll<HTMLElement>('.weread-sync-preview-book')];
    expect(sections[0]!.className).toContain('is-conflicted');
    expect(sections[0]!.querySelector('h4')!.textContent).toContain(conflict!.title);
    expect(sections[0]!.querySelector('.weread-sync-preview-facts')!.textContent).toContain('冲突 1');
    const failed = sections.find((s) => s.className.includes('is-failed'))!;
    expect(failed.querySelector('.weread-sync-preview-error')!.textContent).toBe(
      '微信读书服务器出错。请稍后再试，内容不会丢失。',
    );
    modal.close();
    setLanguage('en');
    await unloadPlugin(plugin);

    // English: the singular.
    resetFakeObsidian();
    app = new FakeApp();
    const again = await configured();
    await makeConflicts(again, 1);
    await app.commands.runCommand(`${manifest.id}:preview-sync`);
    const english = Modal.openModals.find((m) => m instanceof PreviewModal)!;
    const facts = english.contentEl.querySelector('.weread-sync-preview-facts')!.textContent!;
    expect(facts).toContain('1 conflict');
    expect(facts).not.toContain('1 conflicts');
    english.close();
    await unloadPlugin(again);
  });
});

describe('a failed sync', () => {
  it('says what went wrong and what to do in the reader’s language only; the log keeps the detail', async () => {
    setLanguage('zh');
    // This device points at a closed port (server addresses are device-local, never data.json's).
    await seedSettings(app, fake, { syncOnStartup: false });
    useServerOnThisDevice(app, { baseUrl: 'http://127.0.0.1:9', gatewayUrl: 'http://127.0.0.1:9/api/agent/gateway' });
    app.secretStorage.setSecret('weread-api-key', fake.apiKey);
    const plugin = await startedPlugin(app);
    await app.commands.runCommand(`${manifest.id}:sync`);
    const message = Notice.messages.at(-1)!;
    expect(message).toBe('微信读书同步失败。无法连接微信读书。请检查网络连接后重试。');
    const [entry] = await plugin.syncLog.entries();
    expect(entry!.error).toMatch(/^无法连接微信读书。请检查网络连接后重试。（详情：.+）$/);
    await unloadPlugin(plugin);
  });
});

describe('progress on mobile', () => {
  it('a notice that updates in place while the sync runs, then goes away; none on desktop', async () => {
    setPlatform('ios');
    const plugin = await configured();
    await app.commands.runCommand(`${manifest.id}:sync`);
    const progress = Notice.notices.filter((n) => n.duration === 0);
    expect(progress).toHaveLength(1);
    expect(progress[0]!.hidden).toBe(true);
    const total = fake.library.bookIds().length;
    const shown = Notice.messages.filter((m) => m.startsWith('WeRead Sync: ') && m.includes(' of '));
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.at(-1)).toMatch(new RegExp(`^WeRead Sync: ${total} of ${total} books$`));
    expect(Notice.messages.at(-1)).toMatch(/created/);
    await unloadPlugin(plugin);

    resetFakeObsidian();
    const desktop = new FakeApp();
    app = desktop;
    const onDesktop = await configured();
    await app.commands.runCommand(`${manifest.id}:sync`);
    expect(Notice.notices.filter((n) => n.duration === 0)).toEqual([]);
    await unloadPlugin(onDesktop);
  });
});
