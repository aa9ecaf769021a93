// Switching from the older WeRead plugin in the plugin (obsidian fake with its metadata cache): the offer, notes adopted anywhere, deleted notes restored.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApp, Modal, unloadPlugin } from '../fakes/obsidian';
import type { FakeWeRead } from '../fakes/weread/server';
import { LegacyImportModal } from '../../src/obsidian/legacy-import';
import type WeReadSyncPlugin from '../../src/main';
import { expectOlderNotesAdopted, olderPluginNotes, OLDER_PLUGIN_DATA } from '../fakes/older-plugin-vault';
import { DATA_JSON, freshAppAndServer, loadedPlugin, signIn, startedPlugin, useServerOnThisDevice } from './helpers';

let fake: FakeWeRead;
let app: FakeApp;
let plugin: WeReadSyncPlugin;

beforeEach(async () => {
  ({ fake, app } = await freshAppAndServer({}, { metadataCache: true }));
  useServerOnThisDevice(app, fake);
  signIn(app, fake);
  for (const note of olderPluginNotes()) {
    const folder = note.path.split('/').slice(0, -1).join('/');
    if (folder && !app.vault.getAbstractFileByPath(folder)) await app.vault.createFolder(folder);
    app.vault.seed(note.path, note.text);
  }
  const dir = `${app.vault.configDir}/plugins/obsidian-weread-plugin`;
  await app.vault.adapter.mkdir(dir);
  await app.vault.adapter.write(`${dir}/data.json`, JSON.stringify(OLDER_PLUGIN_DATA));
  await app.metadataCache.settled();
});
afterEach(async () => {
  await unloadPlugin(plugin);
  await fake.close();
});

/** Every Markdown file → its text. */
function snapshot(): Map<string, string> {
  const files = app.vault.filePaths().filter((p) => p.endsWith('.md'));
  return new Map(files.sort().map((p) => [p, app.vault.readPath(p)!]));
}

/** Loads the plugin, lets the offer open at layout ready and accepts it; the startup sync (the first) waited for it. */
async function importAndSync(): Promise<void> {
  plugin = await loadedPlugin(app);
  // This device's time zone (the golden notes' dates) and no pacing against the local fake server.
  Object.assign(plugin.settings, { timeZone: 'Asia/Shanghai', minRequestSpacingMs: 0 });
  await app.triggerLayoutReady();
  const modal = Modal.openModals.at(-1);
  expect(modal).toBeInstanceOf(LegacyImportModal);
  await plugin.runner.idle(); // the modal's dry-run preview
  expect((await plugin.syncLog.entries()).map((e) => e.trigger)).toEqual(['preview']);
  await (modal as unknown as { finish(accepted: boolean): Promise<void> }).finish(true);
  await vi.waitFor(async () => expect((await plugin.syncLog.entries())[0]?.trigger).toBe('startup'), {
    timeout: 20000,
  });
  await plugin.runner.idle();
  await app.metadataCache.settled();
}

async function sync(request: Parameters<WeReadSyncPlugin['sync']>[0] = { trigger: 'command' }) {
  await app.metadataCache.settled();
  const report = await plugin.sync(request);
  await app.metadataCache.settled();
  return report!;
}

describe('switching from the older plugin in the plugin', () => {
  it('offers the import once, adopts every note where it is and puts new books where its settings say', async () => {
    const before = snapshot();
    await importAndSync();
    expect(plugin.settings.folder).toBe('读书');
    expect(JSON.parse(app.vault.readPath(DATA_JSON(app))!)).toMatchObject({ folder: '读书' });
    const after = snapshot();
    expect((await plugin.syncLog.entries())[0]).toMatchObject({ trigger: 'startup', counts: { failed: 0 } });
    expectOlderNotesAdopted(before, after);

    // The offer is made once: a restart with our settings in place opens nothing.
    await unloadPlugin(plugin);
    const open = Modal.openModals.length;
    plugin = await startedPlugin(app);
    await plugin.runner.idle();
    expect(Modal.openModals.length).toBe(open);
    // Nothing new on WeRead: the next sync writes nothing.
    expect((await sync()).totals).toMatchObject({ created: 0, updated: 0 });
    expect(snapshot()).toEqual(after);
  });

  it('moving or renaming a note anywhere, then syncing, changes nothing else', async () => {
    await importAndSync();
    const file = app.vault.getAbstractFileByPath('读书/深入理解计算机系统.md')!;
    await app.vault.createFolder('档案');
    await app.vault.rename(file, '档案/CSAPP.md');
    const moved = snapshot();
    const report = await sync({ trigger: 'force', force: true });
    expect(report.totals.created).toBe(0);
    expect(snapshot()).toEqual(moved);
  });

  it('a deleted note stays deleted, is listed under Restore deleted notes, and comes back from there', async () => {
    await importAndSync();
    await app.vault.delete(app.vault.getAbstractFileByPath('书房/想法.md')!);
    fake.library.addHighlight('811795', { chapterUid: 1, range: '900-910', markText: '删后的新划线' });
    const report = await sync();
    expect(report.books.find((b) => b.bookId === '811795')).toMatchObject({
      status: 'skipped',
      skipReason: 'note-deleted',
    });
    expect([...snapshot().values()].some((t) => t.includes('删后的新划线'))).toBe(false);
    expect(await plugin.deletedNotes()).toEqual([expect.objectContaining({ bookId: '811795', path: '书房/想法.md' })]);
    await plugin.restoreNote('811795');
    await app.metadataCache.settled();
    expect([...snapshot().values()].some((t) => t.includes('删后的新划线'))).toBe(true);
    expect(await plugin.deletedNotes()).toEqual([]);
  });
});
