// Tests that the fake throws on what it does not implement, while staying inspectable by vitest and awaitable.
import { describe, expect, it } from 'vitest';
import * as obsidian from 'obsidian';
import { FakeApp, MarkdownRenderer, moment, NotImplementedError, parseYaml, Plugin, Setting } from '../fakes/obsidian';

const manifest = { id: 'p', name: 'P', author: 'a', version: '1', minAppVersion: '1', description: '' };

describe('unimplemented members', () => {
  it('throw a NotImplementedError naming the member', () => {
    const app = new FakeApp() as any;
    expect(() => app.metadataCache).toThrow('fake obsidian: App.metadataCache is not implemented');
    expect(() => app.plugins).toThrow(NotImplementedError);
    expect(() => app.vault.getConfig).toThrow('fake obsidian: Vault.getConfig is not implemented');
    expect(() => app.vault.adapter.basePath).toThrow('fake obsidian: DataAdapter.basePath is not implemented');
    expect(() => app.workspace.getLeavesOfTypeX).toThrow('Workspace.getLeavesOfTypeX');
    expect(() => app.fileManager.processFrontMatter).toThrow('FileManager.processFrontMatter');
    const plugin = new Plugin(app, manifest) as any;
    expect(() => plugin.registerView).toThrow('Plugin.registerView');
    expect(() => (new Setting(document.body.createDiv()) as any).addSearch).toThrow('Setting.addSearch');
    expect(() => parseYaml('a: 1')).toThrow('parseYaml is not implemented');
    expect(moment('2024-03-05', 'YYYY-MM-DD', true).format('dddd')).toBe('Tuesday'); // the real moment
    expect(() => new MarkdownRenderer()).toThrow('MarkdownRenderer is not implemented');
  });

  it('let tests add stand-ins by assignment', () => {
    const app = new FakeApp() as any;
    app.metadataCache = { getFileCache: () => null };
    expect(app.metadataCache.getFileCache()).toBeNull();
  });

  it('stay safe for await, JSON, vitest matchers and string conversion', async () => {
    const app = new FakeApp();
    expect(await Promise.resolve(app)).toBe(app);
    expect(await Promise.resolve(app.vault)).toBe(app.vault);
    expect(() => JSON.stringify(app.secretStorage)).not.toThrow();
    expect(String(app.commands)).toBe('[object Object]');
    expect(app.vault).toEqual(app.vault);
    expect({ vault: app.vault }).toMatchObject({ vault: expect.anything() });
  });

  it('the obsidian alias resolves to the fake', () => {
    expect(obsidian.normalizePath('/a//b/')).toBe('a/b');
    expect(obsidian.Plugin).toBe(Plugin);
  });
});
