// The plugin class end to end on the fake app, against the fake WeRead server over real HTTP.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApp, Modal, Notice, requestLog, setLanguage, unloadPlugin } from './fakes/obsidian';
import { DEFAULT_SETTINGS } from '../src/core/settings/settings';
import { CACHE_SHARDS } from '../src/core/weread/compact-cache';
import { loadFixtureLibrary } from './fakes/weread/library';
import type { FakeWeRead } from './fakes/weread/server';
import { PreviewModal } from '../src/obsidian/preview-modal';
import { SyncLogModal } from '../src/obsidian/sync-log';
import {
  configure,
  DATA_JSON,
  freshAppAndServer,
  loadedPlugin,
  manifest,
  newPlugin,
  notesByBookId,
  seedSettings,
  startedPlugin,
  trackTimers,
} from './obsidian/helpers';

const COMMANDS = [
  'sync',
  'preview-sync',
  'force-full-sync',
  'sync-current-book',
  'open-sync-log',
  'recreate-library-base',
  'daily-notes-backfill',
].map((id) => `${manifest.id}:${id}`);

let fake: FakeWeRead;
let app: FakeApp;
/** Every book of the library (with an API key and a cookie, 公众号 accounts sync too). */
let bookIds: string[];

beforeEach(async () => {
  const library = loadFixtureLibrary();
  bookIds = library.map((b) => b.notebook.bookId);
  ({ fake, app } = await freshAppAndServer({ books: library }));
});
afterEach(() => fake.close());

const configured = (overrides = {}) => configure(app, fake, overrides, 'both');

describe('onload', () => {
  it('registers the ribbon icon and the commands (no hotkeys) and does no network or vault work', async () => {
    await configured();
    const vaultEvents: string[] = [];
    for (const name of ['create', 'modify', 'delete', 'rename'])
      app.vault.on(name as 'create', (file) => vaultEvents.push(`${name} ${file.path}`));
    const plugin = await loadedPlugin(app);

    const ribbon = app.ribbonEl.querySelectorAll('.side-dock-ribbon-action');
    expect(ribbon).toHaveLength(1);
    expect(ribbon[0]!.getAttribute('aria-label')).toBe('Sync WeRead');
    expect(Object.keys(app.commands.commands).sort()).toEqual([...COMMANDS].sort());
    for (const command of app.commands.listCommands()) expect(command.hotkeys ?? []).toEqual([]);
    expect(app.commands.findCommand(`${manifest.id}:sync`)!.name).toBe('WeRead Sync: Sync WeRead');

    expect(requestLog).toEqual([]);
    expect(fake.log).toEqual([]);
    expect(app.vault.filePaths()).toEqual([]);
    expect(vaultEvents).toEqual([]);
    expect(plugin.runner.isRunning).toBe(false);
    await unloadPlugin(plugin);
  });

  it('uses Chinese when Obsidian is in Chinese', async () => {
    setLanguage('zh-TW');
    await configured();
    const plugin = await loadedPlugin(app);
    expect(app.ribbonEl.querySelector('.side-dock-ribbon-action')!.getAttribute('aria-label')).toBe('同步微信读书');
    expect(app.commands.findCommand(`${manifest.id}:preview-sync`)!.name).toContain('预览同步');
    await unloadPlugin(plugin);
  });
});

describe('auto-sync on layout ready', () => {
  it('syncs every book into the vault once the layout is ready', async () => {
    await configured();
    const plugin = await startedPlugin(app);
    await plugin.runner.idle();
    expect(fake.log.length).toBeGreaterThan(0);
    const notes = notesByBookId(app);
    for (const id of bookIds) expect(notes.has(id), `note for ${id}`).toBe(true);
    const log = await plugin.syncLog.entries();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ trigger: 'startup', dryRun: false });
    expect(log[0]!.counts!.created).toBeGreaterThanOrEqual(bookIds.length);
    // Something changed, so even an automatic sync says so.
    expect(Notice.messages.some((m) => /created/.test(m))).toBe(true);
    // What the plugin keeps in its folder is a handful of files whatever the library (state shards, cache shards).
    const kept = app.vault.store.list(`${app.vault.configDir}/plugins/${manifest.id}`).files;
    expect(kept.filter((f) => /\/cache-/.test(f)).length).toBeGreaterThan(0);
    expect(kept.filter((f) => /\/cache-/.test(f)).length).toBeLessThanOrEqual(CACHE_SHARDS);
    expect(kept.filter((f) => /\/state-/.test(f)).length).toBeLessThanOrEqual(12);
    await unloadPlugin(plugin);
  });

  it('does nothing without credentials, and nothing when sync on startup is off', async () => {
    await seedSettings(app, fake);
    const plugin = await startedPlugin(app);
    await plugin.runner.idle();
    expect(requestLog).toEqual([]);
    await unloadPlugin(plugin);

    const app2 = new FakeApp();
    await seedSettings(app2, fake, { syncOnStartup: false });
    app2.secretStorage.setSecret('weread-api-key', fake.apiKey);
    const plugin2 = await loadedPlugin(app2);
    await app2.triggerLayoutReady();
    await plugin2.runner.idle();
    expect(requestLog).toEqual([]);
    expect(app2.vault.filePaths()).toEqual([]);
    await unloadPlugin(plugin2);
  });
});

describe('triggers', () => {
  it('the command and the ribbon icon sync; the result notice counts the books', async () => {
    await configured({ syncOnStartup: false });
    const plugin = await startedPlugin(app);
    await app.commands.runCommand(`${manifest.id}:sync`);
    expect(notesByBookId(app).size).toBeGreaterThanOrEqual(bookIds.length);
    expect(Notice.messages.at(-1)).toMatch(/^WeRead Sync: \d+ created, \d+ updated, \d+ unchanged, 0 failed/);

    Notice.reset();
    const before = fake.log.length;
    (app.ribbonEl.querySelector('.side-dock-ribbon-action') as HTMLElement).click();
    expect(plugin.runner.isRunning).toBe(true);
    await plugin.runner.idle();
    expect(fake.log.length).toBeGreaterThan(before);
    expect(Notice.messages.at(-1)).toMatch(/0 created, 0 updated, \d+ unchanged, 0 failed/);
    const triggers = (await plugin.syncLog.entries()).map((e) => e.trigger);
    expect(triggers).toEqual(['ribbon', 'command']);
    await unloadPlugin(plugin);
  });

  it('a second trigger during a sync says so and does not start another', async () => {
    await configured({ syncOnStartup: false });
    const plugin = await startedPlugin(app);
    fake.latencyMs = 150;
    const first = app.commands.runCommand(`${manifest.id}:sync`);
    expect(plugin.runner.isRunning).toBe(true);
    await app.commands.runCommand(`${manifest.id}:force-full-sync`);
    (app.ribbonEl.querySelector('.side-dock-ribbon-action') as HTMLElement).click();
    expect(Notice.messages.filter((m) => m === 'A sync is already running')).toHaveLength(2);
    await first;
    const listRequests = fake.log.filter((e) => e.api === '/user/notebooks' || e.api === '/api/user/notebook');
    expect(listRequests).toHaveLength(1);
    expect(await plugin.syncLog.entries()).toHaveLength(1);
    await unloadPlugin(plugin);
  });

  it('"Preview sync" shows the changes in a modal and writes nothing', async () => {
    await configured({ syncOnStartup: false });
    const plugin = await startedPlugin(app);
    await app.commands.runCommand(`${manifest.id}:preview-sync`);
    expect(app.vault.filePaths()).toEqual([]);
    const modal = Modal.openModals.find((m) => m instanceof PreviewModal) as PreviewModal | undefined;
    expect(modal).toBeDefined();
    const text = modal!.contentEl.textContent ?? '';
    expect(text).toContain('created');
    expect(modal!.contentEl.querySelectorAll('.weread-sync-preview-book').length).toBeGreaterThanOrEqual(
      bookIds.length,
    );
    modal!.close();
    await unloadPlugin(plugin);
  });

  it('"Sync current book" is offered only on a WeRead note and syncs that book', async () => {
    await configured({ syncOnStartup: false });
    const plugin = await startedPlugin(app);
    const id = `${manifest.id}:sync-current-book`;
    expect(app.commands.executeCommandById(id)).toBe(false);
    const other = app.vault.seed('Notes/plain.md', '# Just a note\n');
    app.workspace.setActiveFile(other);
    expect(app.commands.executeCommandById(id)).toBe(false);

    const bookId = bookIds[0]!;
    const note = app.vault.seed(
      'WeRead/Mine.md',
      `---\ndoc_type: weread-highlights-reviews\nbookId: "${bookId}"\n---\n`,
    );
    app.workspace.setActiveFile(note);
    expect(app.commands.executeCommandById(id)).toBe(true);
    // The command reads the note first, then syncs.
    await vi.waitFor(async () => expect(await plugin.syncLog.entries()).toHaveLength(1));
    const [entry] = await plugin.syncLog.entries();
    expect(entry!.trigger).toBe('current');
    const perBook = fake.log.filter((e) => e.bookId !== undefined).map((e) => e.bookId);
    expect(perBook.every((b) => b === bookId)).toBe(true);
    await unloadPlugin(plugin);
  });

  it('"Open sync log" lists the last syncs', async () => {
    await configured();
    const plugin = await startedPlugin(app);
    await plugin.runner.idle();
    await app.commands.runCommand(`${manifest.id}:open-sync-log`);
    const modal = Modal.openModals.find((m) => m instanceof SyncLogModal)!;
    await new Promise((r) => setTimeout(r, 20));
    expect(modal.contentEl.querySelectorAll('.weread-sync-log-list > li')).toHaveLength(1);
    expect(modal.contentEl.textContent).toContain('on startup');
    // Each created note is a link that opens it.
    const links = [...modal.contentEl.querySelectorAll<HTMLElement>('.weread-sync-log-book.is-created a')];
    expect(links.length).toBeGreaterThanOrEqual(bookIds.length);
    links[0]!.click();
    await vi.waitFor(() => expect(app.workspace.openedLinks).toHaveLength(1));
    expect(app.workspace.getActiveFile()?.path).toBe(app.workspace.openedLinks[0]!.linktext);
    modal.close();
    await unloadPlugin(plugin);
  });

  it('with an API key but no cookie, 公众号 accounts are skipped with a clear line, not failed', async () => {
    await configured({ syncOnStartup: false });
    // Without a cookie, 公众号 articles cannot be read with an API key alone.
    app.secretStorage.setSecret('weread-cookie', '');
    const plugin = await startedPlugin(app);
    await app.commands.runCommand(`${manifest.id}:sync`);
    const mp = loadFixtureLibrary().filter((b) => b.notebook.bookId.startsWith('MP_'));
    expect(mp.length).toBeGreaterThan(0);
    const notice = Notice.messages.at(-1) ?? '';
    expect(notice).toMatch(/0 failed/);
    for (const book of mp)
      expect(notice).toContain(
        `${book.notebook.book.title}: Official-account (公众号) articles need the WeRead cookie; the API key cannot read them. Add a cookie under Account in the settings to sync them.`,
      );
    expect(notesByBookId(app).size).toBe(bookIds.length - mp.length);
    await unloadPlugin(plugin);
  });

  it("the notice names each failing book and the reason in the reader's language; the other books still sync", async () => {
    setLanguage('zh');
    await configured({ syncOnStartup: false });
    const plugin = await startedPlugin(app);
    fake.faults.inject({ api: '/web/book/bookmarklist', bookId: '26211849', times: Infinity }, { status: 503 });
    fake.faults.inject({ api: '/book/bookmarklist', bookId: '26211849', times: Infinity }, { status: 503 });
    await app.commands.runCommand(`${manifest.id}:sync`);
    const notice = Notice.messages.at(-1) ?? '';
    expect(notice).toMatch(/失败 1/);
    expect(notice).toContain('Python深度学习：微信读书服务器出错。请稍后再试，内容不会丢失。');
    // One language: no English tail (the technical detail is in the sync log); the title is the book's own.
    expect(notice.replaceAll('Python', '')).not.toMatch(/503|HTTP|[A-Za-z]{4,}/);
    expect(notesByBookId(app).size).toBe(bookIds.length - 1);
    const [entry] = await plugin.syncLog.entries();
    expect(entry!.failures).toEqual([
      expect.objectContaining({
        title: 'Python深度学习',
        reason: '微信读书服务器出错。请稍后再试，内容不会丢失。',
        detail: expect.stringMatching(/503/),
      }),
    ]);
    await unloadPlugin(plugin);
  });

  it('a failing sync says why, without the credentials', async () => {
    await configured({ syncOnStartup: false });
    app.secretStorage.setSecret('weread-api-key', 'wrk-not-the-right-key-123');
    app.secretStorage.setSecret('weread-cookie', '');
    const plugin = await startedPlugin(app);
    await app.commands.runCommand(`${manifest.id}:sync`);
    const all = Notice.messages.join('\n') + JSON.stringify(await plugin.syncLog.entries());
    expect(all).toMatch(/fail/i);
    expect(all).not.toContain('wrk-not-the-right-key-123');
    await unloadPlugin(plugin);
  });
});

describe('unload', () => {
  it('cancels a running sync between books and leaves no timer, command, icon or tab behind', async () => {
    const timers = trackTimers();
    try {
      await configured({ syncOnStartup: false, syncIntervalMinutes: 5 });
      const plugin = await startedPlugin(app);
      expect(timers.active()).toBe(1); // the interval
      fake.latencyMs = 100;
      const running = app.commands.runCommand(`${manifest.id}:sync`);
      await new Promise((r) => setTimeout(r, 30));
      await unloadPlugin(plugin);
      await running;
      await plugin.runner.idle();
      expect(timers.active()).toBe(0);
      expect(app.commands.listCommands()).toEqual([]);
      expect(app.ribbonEl.children).toHaveLength(0);
      expect(app.statusBarEl.children).toHaveLength(0);
      expect(app.settingTabs).toEqual([]);
      // Cancelled before it could finish every book.
      expect(notesByBookId(app).size).toBeLessThan(bookIds.length);
      expect(plugin.runner.isRunning).toBe(false);
      // A trigger after unload does nothing.
      expect(await plugin.sync({ trigger: 'command' })).toBeNull();
    } finally {
      timers.restore();
    }
  });
});

describe('settings', () => {
  it('persist across reloads, and data.json never holds a credential', async () => {
    await configured({ syncOnStartup: false });
    const plugin = await loadedPlugin(app);
    plugin.settings.folder = 'Reading/WeRead';
    plugin.settings.syncIntervalMinutes = 30;
    await plugin.saveSettings();
    await plugin.account.saveCookie(fake.cookieHeader);
    await app.triggerLayoutReady();
    await app.commands.runCommand(`${manifest.id}:sync`);
    await unloadPlugin(plugin);

    const again = await loadedPlugin(app);
    expect(again.settings.folder).toBe('Reading/WeRead');
    expect(again.settings.syncIntervalMinutes).toBe(30);
    expect(notesByBookId(app, 'Reading/WeRead').size).toBeGreaterThan(0);
    const dataJson = app.vault.adapter ? await app.vault.adapter.read(DATA_JSON(app)) : '';
    expect(dataJson).not.toContain(fake.apiKey);
    expect(dataJson).not.toContain(fake.skey);
    expect(dataJson).not.toMatch(/wr_skey|wrk-/);
    // Nothing else the plugin keeps holds them either.
    const dir = `${app.vault.configDir}/plugins/${manifest.id}`;
    for (const file of app.vault.store.list(dir).files) {
      const text = await app.vault.adapter.read(file);
      expect(text, file).not.toContain(fake.apiKey);
      expect(text, file).not.toContain(fake.skey);
    }
    await unloadPlugin(again);
  });

  it('moves credentials an older version left in data.json into SecretStorage', async () => {
    await seedSettings(app, fake);
    const raw = JSON.parse(await app.vault.adapter.read(DATA_JSON(app)));
    await app.vault.adapter.write(
      DATA_JSON(app),
      JSON.stringify({ ...raw, cookie: fake.cookieHeader, apiKey: fake.apiKey }),
    );
    const plugin = await loadedPlugin(app);
    expect(app.secretStorage.getSecret('weread-api-key')).toBe(fake.apiKey);
    expect(app.secretStorage.getSecret('weread-cookie')).toBe(fake.cookieHeader);
    const dataJson = await app.vault.adapter.read(DATA_JSON(app));
    expect(dataJson).not.toContain(fake.apiKey);
    expect(dataJson).not.toContain(fake.skey);
    await unloadPlugin(plugin);
  });

  it('repairs invalid settings on load and says which', async () => {
    await configured({ concurrency: 50 });
    const plugin = newPlugin(app);
    await plugin.load();
    expect(plugin.settings.concurrency).toBe(DEFAULT_SETTINGS.concurrency);
    expect(Notice.messages.join('\n')).toContain('Requests in flight: must be a whole number from 1 to 8');
    await unloadPlugin(plugin);
  });
});
