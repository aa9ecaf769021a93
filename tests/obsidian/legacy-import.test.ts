// The older plugin's import on the obsidian fake: found settings and notes, the modal's offer, and what Import / Not now do.
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeApp, Modal, resetFakeObsidian, Setting } from '../fakes/obsidian';
import { createT } from '../../src/core/i18n';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings/settings';
import type { SyncReport } from '../../src/core/service';
import {
  applyLegacyImport,
  findLegacy,
  LegacyImportModal,
  type LegacyImportHost,
} from '../../src/obsidian/legacy-import';

let app: FakeApp;

const OLDER = {
  noteLocation: '读书',
  fileNameType: 'BOOK_NAME_BOOKID',
  subFolderType: 'category',
  wereadApiKey: 'wrk-older-key',
  cookies: [{ name: 'wr_skey', value: 'older-cookie' }],
  activeThemeId: 'mine',
  themes: [{ id: 'mine', name: '我的模板', template: '# {{ metaData.title }}\n' }],
  noteCountLimit: 'lots',
};

async function writeConfig(path: string, data: unknown): Promise<void> {
  const full = `${app.vault.configDir}/${path}`;
  await app.vault.adapter.mkdir(full.split('/').slice(0, -1).join('/'));
  await app.vault.adapter.write(full, JSON.stringify(data));
}

function host(overrides: Partial<LegacyImportHost> = {}): LegacyImportHost & { saved: Settings[]; stored: unknown[] } {
  const saved: Settings[] = [];
  const stored: unknown[] = [];
  const settings: Settings = { ...DEFAULT_SETTINGS };
  return {
    app: app.asApp(),
    t: createT('en'),
    settings,
    saveSettings: async () => void saved.push({ ...settings }),
    previewWith: async () => null,
    storeCredentials: async (c) => void stored.push(c),
    saved,
    stored,
    ...overrides,
  };
}

beforeEach(() => {
  resetFakeObsidian();
  app = new FakeApp();
});

describe('findLegacy', () => {
  it('is null in a vault the older plugin never used', async () => {
    expect(await findLegacy(app.asApp())).toBeNull();
  });

  it('reads its data.json, whether it is still on, and counts its notes wherever they are', async () => {
    await writeConfig('plugins/obsidian-weread-plugin/data.json', OLDER);
    await writeConfig('community-plugins.json', ['dataview', 'obsidian-weread-plugin']);
    await app.vault.create('三体.md', '---\ndoc_type: weread-highlights-reviews\nbookId: "695233"\n---\n');
    await app.vault.createFolder('读书');
    await app.vault.create('读书/Python.md', '---\ndoc_type: weread-highlights-reviews\n---\n');
    await app.vault.create('diary.md', 'not a book');
    // The metadata cache's view of those files (the fake app does not parse frontmatter itself).
    (app as unknown as { metadataCache: unknown }).metadataCache = {
      getFileCache: (file: { path: string }) =>
        file.path === 'diary.md'
          ? { frontmatter: undefined }
          : { frontmatter: { doc_type: 'weread-highlights-reviews' } },
    };
    const found = (await findLegacy(app.asApp()))!;
    expect(found.noteCount).toBe(2);
    expect(found.stillEnabled).toBe(true);
    expect(found.legacy.settings.folder).toBe('读书');
    expect(found.legacy.warnings).toEqual([{ key: 'noteCountLimit', value: 'lots', code: 'bad-value' }]);
  });

  it('ignores a data.json that is not JSON', async () => {
    await writeConfig('plugins/obsidian-weread-plugin/data.json', 'x');
    await app.vault.adapter.write(`${app.vault.configDir}/plugins/obsidian-weread-plugin/data.json`, '{ nope');
    expect(await findLegacy(app.asApp())).toBeNull();
  });
});

describe('applyLegacyImport', () => {
  it('saves the mapped settings, writes the template into the vault and stores credentials only when asked', async () => {
    await writeConfig('plugins/obsidian-weread-plugin/data.json', OLDER);
    const found = (await findLegacy(app.asApp()))!;
    const h = host();
    await applyLegacyImport(h, found, false);
    expect(h.settings).toMatchObject({
      folder: '读书',
      fileNamePattern: '{{title}}-{{bookId}}',
      subfolder: 'category-top',
      template: 'WeRead templates/我的模板.md',
      legacyImport: 'imported',
    });
    expect(app.vault.readPath('WeRead templates/我的模板.md')).toBe('# {{ metaData.title }}\n');
    expect(h.stored).toEqual([]);
    expect(JSON.stringify(h.saved)).not.toContain('older-cookie');
    expect(JSON.stringify(h.saved)).not.toContain('wrk-older-key');

    const again = host();
    await applyLegacyImport(again, found, true);
    expect(again.stored).toEqual([{ apiKey: 'wrk-older-key', cookie: 'wr_skey=older-cookie' }]);
    // The same template text is not written twice.
    expect(app.vault.filePaths().filter((p) => p.startsWith('WeRead templates/'))).toEqual([
      'WeRead templates/我的模板.md',
    ]);
  });
});

describe('LegacyImportModal', () => {
  function buttons(modal: { contentEl: HTMLElement }): HTMLButtonElement[] {
    return Array.from(modal.contentEl.querySelectorAll('button'));
  }

  it('shows what was found, the warning about two plugins, the dry run, and imports on Import', async () => {
    await writeConfig('plugins/obsidian-weread-plugin/data.json', OLDER);
    await writeConfig('community-plugins.json', ['obsidian-weread-plugin']);
    const found = (await findLegacy(app.asApp()))!;
    const previewed: Settings[] = [];
    const report = {
      books: [{ status: 'created' }, { status: 'updated' }, { status: 'unchanged' }, { status: 'unchanged' }],
    } as unknown as SyncReport;
    const h = host({ previewWith: async (s) => (previewed.push(s), report) });
    let done: boolean | undefined;
    const modal = new LegacyImportModal(h, found, (imported) => (done = imported));
    modal.open();
    await new Promise((r) => setTimeout(r, 0));
    const text = modal.contentEl.textContent ?? '';
    expect(text).toContain('Found 0 notes of the older WeRead plugin and 6 of its settings');
    expect(text).toContain('Not imported: noteCountLimit = lots');
    expect(text).toContain('The older WeRead plugin is still on');
    expect(text).toContain('The first sync would create 1 notes, update 1 and leave 2 unchanged.');
    expect(previewed[0]?.folder).toBe('读书');
    expect(text).toContain('Also take its login');
    buttons(modal)
      .find((b) => b.textContent === 'Import')!
      .click();
    await new Promise((r) => setTimeout(r, 0));
    expect(done).toBe(true);
    expect(Modal.openModals).not.toContain(modal);
    expect(h.settings.legacyImport).toBe('imported');
    expect(h.stored).toEqual([{ apiKey: 'wrk-older-key', cookie: 'wr_skey=older-cookie' }]);
  });

  it('records a "not now" so the offer is not made again', async () => {
    await writeConfig('plugins/obsidian-weread-plugin/data.json', { noteLocation: '读书' });
    const found = (await findLegacy(app.asApp()))!;
    const h = host();
    const modal = new LegacyImportModal(h, found);
    modal.open();
    expect(modal.contentEl.textContent).not.toContain('Also take its login');
    buttons(modal)
      .find((b) => b.textContent === 'Not now')!
      .click();
    await new Promise((r) => setTimeout(r, 0));
    expect(h.settings.legacyImport).toBe('declined');
    expect(h.settings.folder).toBe(DEFAULT_SETTINGS.folder);
    expect(h.saved).toHaveLength(1);
    expect(Setting).toBeDefined();
  });
});
