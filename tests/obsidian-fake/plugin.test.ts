// Tests the fake Plugin lifecycle, registrations, data.json, commands, ribbon, workspace and secret storage.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FakeApp,
  isLoaded,
  loadPlugin,
  MarkdownView,
  Plugin,
  PluginSettingTab,
  resetFakeObsidian,
  Setting,
  unloadPlugin,
} from '../fakes/obsidian';

const manifest = {
  id: 'weread-sync',
  name: 'WeRead Sync',
  author: 'me',
  version: '0.1.0',
  minAppVersion: '1.11.4',
  description: 'test',
};

function makeApp(): FakeApp {
  return new FakeApp();
}

afterEach(() => {
  resetFakeObsidian();
  vi.useRealTimers();
});

describe('Plugin lifecycle', () => {
  it('load() runs onload (awaited), unload() runs every cleanup and onunload', async () => {
    vi.useFakeTimers();
    const app = makeApp();
    const calls: string[] = [];
    const intervalTicks: number[] = [];
    const vaultEvents: string[] = [];
    const domClicks: string[] = [];
    const target = document.body.createDiv();

    class TestPlugin extends Plugin {
      override async onload(): Promise<void> {
        await Promise.resolve();
        calls.push('onload');
        this.register(() => calls.push('cleanup'));
        this.registerEvent(this.app.vault.on('create', (f: any) => vaultEvents.push(f.path)));
        this.registerInterval(window.setInterval(() => intervalTicks.push(1), 1000) as unknown as number);
        this.registerDomEvent(target, 'click', () => domClicks.push('click'));
        this.addCommand({ id: 'sync', name: 'Sync now', callback: () => calls.push('command') });
        this.addRibbonIcon('refresh-cw', 'Sync WeRead', () => calls.push('ribbon'));
        this.addStatusBarItem().setText('idle');
        this.addSettingTab(
          new (class extends PluginSettingTab {
            override display(): void {}
          })(this.app, this),
        );
      }
      override onunload(): void {
        calls.push('onunload');
      }
    }

    const plugin = new TestPlugin(app.asApp(), manifest);
    await loadPlugin(plugin);
    expect(isLoaded(plugin)).toBe(true);
    expect(calls).toEqual(['onload']);

    vi.advanceTimersByTime(2500);
    expect(intervalTicks.length).toBe(2);
    await app.vault.create('a.md', '');
    target.click();
    expect(app.commands.executeCommandById('weread-sync:sync')).toBe(true);
    (app.ribbonEl.querySelector('[aria-label="Sync WeRead"]') as HTMLElement).click();
    expect(app.statusBarEl.textContent).toBe('idle');
    expect(app.settingTabs).toHaveLength(1);

    await unloadPlugin(plugin);
    expect(isLoaded(plugin)).toBe(false);
    vi.advanceTimersByTime(5000);
    await app.vault.create('b.md', '');
    target.click();

    expect(intervalTicks.length).toBe(2);
    expect(vaultEvents).toEqual(['a.md']);
    expect(domClicks).toEqual(['click']);
    expect(calls).toEqual(['onload', 'command', 'ribbon', 'cleanup', 'onunload']);
    expect(app.commands.listCommands()).toEqual([]);
    expect(app.ribbonEl.children).toHaveLength(0);
    expect(app.statusBarEl.children).toHaveLength(0);
    expect(app.settingTabs).toEqual([]);
    expect(app.vault.listenerCount('create')).toBe(0);
  });

  it('prefixes command ids and names like Obsidian and keeps hotkeys', () => {
    const app = makeApp();
    const plugin = new Plugin(app.asApp(), manifest);
    const command = plugin.addCommand({ id: 'sync', name: 'Sync', hotkeys: [], callback: () => undefined });
    expect(command.id).toBe('weread-sync:sync');
    expect(app.commands.listCommands().map((c) => [c.id, c.name, c.hotkeys])).toEqual([
      ['weread-sync:sync', 'WeRead Sync: Sync', []],
    ]);
    plugin.removeCommand('sync');
    expect(app.commands.listCommands()).toEqual([]);
  });

  it('runs checkCallback and editorCallback commands only when they can run', async () => {
    const app = makeApp();
    const plugin = new Plugin(app.asApp(), manifest);
    let allowed = false;
    const ran: string[] = [];
    plugin.addCommand({
      id: 'check',
      name: 'Check',
      checkCallback: (checking) => {
        if (!allowed) return false;
        if (!checking) ran.push('check');
        return true;
      },
    });
    plugin.addCommand({
      id: 'edit',
      name: 'Edit',
      editorCallback: (editor, ctx) => ran.push(`edit ${editor.getValue()} ${(ctx as any).file.path}`),
    });
    plugin.addCommand({
      id: 'async',
      name: 'Async',
      callback: async () => {
        await new Promise((r) => setTimeout(r, 5));
        ran.push('async');
      },
    });
    expect(app.commands.executeCommandById('weread-sync:check')).toBe(false);
    expect(app.commands.executeCommandById('weread-sync:edit')).toBe(false);
    allowed = true;
    expect(app.commands.executeCommandById('weread-sync:check')).toBe(true);
    const file = await app.vault.create('book.md', 'body');
    await app.workspace.openFile(file);
    expect(app.commands.executeCommandById('weread-sync:edit')).toBe(true);
    await app.commands.runCommand('weread-sync:async');
    await expect(app.commands.runCommand('weread-sync:missing')).rejects.toThrow(/not registered/);
    expect(ran).toEqual(['check', 'edit body book.md', 'async']);
  });

  it('loadData/saveData use data.json under the non-default configDir', async () => {
    const app = makeApp();
    const plugin = new Plugin(app.asApp(), manifest);
    expect(plugin.manifest.dir).toBe('.config-test/plugins/weread-sync');
    expect(await plugin.loadData()).toBeNull();
    await plugin.saveData({ folder: 'WeRead', n: 1 });
    expect(app.vault.readPath('.config-test/plugins/weread-sync/data.json')).toBe(
      '{\n  "folder": "WeRead",\n  "n": 1\n}',
    );
    expect(await plugin.loadData()).toEqual({ folder: 'WeRead', n: 1 });
    expect(app.vault.readPath('.obsidian/plugins/weread-sync/data.json')).toBeNull();
    await app.vault.adapter.write('.config-test/plugins/weread-sync/data.json', '{broken');
    await expect(plugin.loadData()).rejects.toThrow(SyntaxError);
  });

  it('keeps secrets in SecretStorage, validates ids, never in data.json', async () => {
    const app = makeApp();
    const plugin = new Plugin(app.asApp(), manifest);
    const secrets = app.secretStorage;
    expect(secrets.getSecret('weread-cookie')).toBeNull();
    secrets.setSecret('weread-cookie', 'wr_skey=SECRET1');
    secrets.setSecret('api-key-2', 'SECRET2');
    expect(secrets.getSecret('weread-cookie')).toBe('wr_skey=SECRET1');
    expect(secrets.listSecrets()).toEqual(['api-key-2', 'weread-cookie']);
    for (const bad of ['Weread', 'we_read', 'we read', '', '-lead', 'trail-', 'a--b', 'ключ']) {
      expect(() => secrets.setSecret(bad, 'x'), bad).toThrow(/Invalid secret ID/);
    }
    await plugin.saveData({ cookieSecretId: 'weread-cookie' });
    const dataJson = app.vault.readPath('.config-test/plugins/weread-sync/data.json')!;
    expect(dataJson).not.toContain('SECRET');
  });
});

describe('Workspace', () => {
  it('queues onLayoutReady until triggerLayoutReady, then runs callbacks at once', async () => {
    const app = makeApp();
    const order: string[] = [];
    app.workspace.onLayoutReady(async () => {
      await Promise.resolve();
      order.push('queued');
    });
    expect(order).toEqual([]);
    expect(app.workspace.layoutReady).toBe(false);
    await app.triggerLayoutReady();
    expect(order).toEqual(['queued']);
    app.workspace.onLayoutReady(() => order.push('immediate'));
    expect(order).toEqual(['queued', 'immediate']);
  });

  it('surfaces a failing layout-ready callback', async () => {
    const app = makeApp();
    app.workspace.onLayoutReady(() => {
      throw new Error('startup sync failed');
    });
    await expect(app.triggerLayoutReady()).rejects.toThrow('startup sync failed');
  });

  it('openFile sets the active file and view and fires file-open', async () => {
    const app = makeApp();
    const opened: Array<string | null> = [];
    app.workspace.on('file-open', (file: any) => opened.push(file?.path ?? null));
    expect(app.workspace.getActiveFile()).toBeNull();
    expect(app.workspace.getActiveViewOfType(MarkdownView)).toBeNull();
    const file = await app.vault.create('Dune.md', '# Dune');
    await app.workspace.openFile(file);
    expect(app.workspace.getActiveFile()).toBe(file);
    const view = app.workspace.getActiveViewOfType(MarkdownView)!;
    expect(view.file).toBe(file);
    expect(view.editor.getValue()).toBe('# Dune');
    expect(view.getViewType()).toBe('markdown');
    await app.vault.delete(file);
    expect(app.workspace.getActiveFile()).toBeNull();
    expect(opened).toEqual(['Dune.md']);
  });
});

describe('PluginSettingTab', () => {
  it('displays into containerEl and hide() empties it', () => {
    const app = makeApp();
    const plugin = new Plugin(app.asApp(), manifest);
    class Tab extends PluginSettingTab {
      override display(): void {
        this.containerEl.empty();
        new Setting(this.containerEl).setName('Folder');
      }
    }
    const tab = new Tab(app.asApp(), plugin);
    plugin.addSettingTab(tab);
    const el = app.openSettingTab(tab);
    expect(el.querySelectorAll('.setting-item')).toHaveLength(1);
    app.openSettingTab(tab);
    expect(el.querySelectorAll('.setting-item')).toHaveLength(1);
    app.closeSettings();
    expect(el.children).toHaveLength(0);
  });
});
