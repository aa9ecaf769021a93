// The plugin where the real app is less forgiving than a quick test: edits saved during a sync, case-insensitive disks,
// settings repaired once, the interval timer only moved by valid values, no timer after an early unload.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeApp, findSetting, componentOf, Notice, TextComponent, unloadPlugin, type TFile } from './fakes/obsidian';
import type { FakeWeRead } from './fakes/weread/server';
import { configure, DATA_JSON, freshAppAndServer, loadedPlugin, startedPlugin, trackTimers } from './obsidian/helpers';

const SEED_NOTE = 'WeRead/Python深度学习.md';
let fake: FakeWeRead;
let app: FakeApp;

beforeEach(async () => {
  ({ fake, app } = await freshAppAndServer());
});
afterEach(() => fake.close());

const configured = (overrides = {}) => configure(app, fake, { syncOnStartup: false, ...overrides });

describe('the plugin against a less forgiving app', () => {
  it('never overwrites an edit the reader saved while the sync was merging that note', async () => {
    await configured();
    const plugin = await loadedPlugin(app);
    await plugin.sync({ trigger: 'command' });
    fake.library.addHighlight('26211849', { markText: 'NEW HIGHLIGHT FROM WEREAD' });
    const vault = app.asApp().vault;
    const read = vault.read.bind(vault);
    let armed = true;
    vault.read = async (file: TFile) => {
      const text = await read(file);
      if (armed && file.path === SEED_NOTE) {
        armed = false;
        // The editor autosaves the reader's typing between the sync's read and its write.
        await vault.modify(file, text + '\nREADER LINE TYPED DURING SYNC\n');
      }
      return text;
    };
    const report = await plugin.sync({ trigger: 'command' });
    const book = report!.books.find((b) => b.bookId === '26211849')!;
    expect(book.status).toBe('failed');
    expect(book.errorKind).toBe('note-changed');
    expect(app.vault.readPath(SEED_NOTE)).toContain('READER LINE TYPED DURING SYNC');
    // Its state did not advance: the next sync merges both.
    await plugin.sync({ trigger: 'command' });
    const text = app.vault.readPath(SEED_NOTE)!;
    expect(text).toContain('READER LINE TYPED DURING SYNC');
    expect(text).toContain('NEW HIGHLIGHT FROM WEREAD');
    await unloadPlugin(plugin);
  });

  it('treats a file whose name differs only in case as taken (one file on macOS, Windows and iOS)', async () => {
    await configured();
    const vault = app.asApp().vault;
    await vault.createFolder('WeRead');
    await vault.create('WeRead/python深度学习.md', '# my own notes on this book\n');
    const plugin = await loadedPlugin(app);
    const report = await plugin.sync({ trigger: 'command' });
    const book = report!.books.find((b) => b.bookId === '26211849')!;
    expect(book.status).toBe('created');
    expect(book.path).toBe('WeRead/Python深度学习 (26211849).md');
    expect(app.vault.readPath('WeRead/python深度学习.md')).toBe('# my own notes on this book\n');
    expect(app.vault.readPath(SEED_NOTE)).toBeNull();
    await unloadPlugin(plugin);
  });

  it('saves repaired settings, so the problem is reported once, not on every start', async () => {
    await configured({ concurrency: 20 });
    const first = await loadedPlugin(app);
    await unloadPlugin(first);
    expect(Notice.messages.filter((m) => m.includes('Requests in flight'))).toHaveLength(1);
    expect(JSON.parse(await app.vault.adapter.read(DATA_JSON(app))).concurrency).toBeLessThanOrEqual(8);
    const second = await loadedPlugin(app);
    await unloadPlugin(second);
    expect(Notice.messages.filter((m) => m.includes('Requests in flight'))).toHaveLength(1);
  });

  it('moves the interval timer only for a valid value', async () => {
    const timers = trackTimers();
    try {
      await configured({ syncIntervalMinutes: 30 });
      const plugin = await startedPlugin(app);
      expect(timers.active()).toBe(1);
      const el = app.openSettingTab(plugin.settingTab);
      const interval = componentOf(findSetting(el, 'Sync interval'), TextComponent);
      await interval.simulateChange('30m');
      expect(plugin.settings.syncIntervalMinutes).toBe(30);
      expect(timers.active()).toBe(1);
      await interval.simulateChange('0');
      expect(timers.active()).toBe(0);
      await interval.simulateChange('15');
      expect(timers.active()).toBe(1);
      await unloadPlugin(plugin);
      expect(timers.active()).toBe(0);
    } finally {
      timers.restore();
    }
  });

  it('starts no timer when unloaded before the layout was ready', async () => {
    const timers = trackTimers();
    try {
      await configured({ syncIntervalMinutes: 5 });
      const plugin = await loadedPlugin(app);
      await unloadPlugin(plugin);
      await app.triggerLayoutReady();
      expect(timers.active()).toBe(0);
      expect(fake.log).toEqual([]);
    } finally {
      timers.restore();
    }
  });
});
