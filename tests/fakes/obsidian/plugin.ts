// Owns the fake Component, Plugin (lifecycle, registrations, data.json) and SettingTab/PluginSettingTab.
import type {
  App as RealApp,
  Command,
  Component as RealComponent,
  EventRef,
  Plugin as RealPlugin,
  PluginManifest,
} from 'obsidian';
import type { FakeApp } from './app';
import { domWindow } from './dom';
import type { FakeEventRef } from './events';
import { setIcon } from './misc';
import { strict } from './strict';

/**
 * Obsidian's Component. `load()` runs `onload()` then loads children; `unload()` unloads children, runs every
 * registered cleanup (last registered first), then `onunload()`. Unlike the real one, `load()`/`unload()` return a
 * promise for what `onload()`/`onunload()` returned, so tests can await an async onload.
 */
export class Component {
  private _loaded = false;
  private _children: Component[] = [];
  private _events: Array<() => unknown> = [];

  load(): Promise<void> {
    if (this._loaded) return Promise.resolve();
    this._loaded = true;
    const result = this.onload() as unknown;
    const children = this._children.map((child) => child.load());
    return Promise.all([result, ...children]).then(() => undefined);
  }

  onload(): void | Promise<void> {}

  unload(): Promise<void> {
    if (!this._loaded) return Promise.resolve();
    this._loaded = false;
    const errors: unknown[] = [];
    while (this._children.length > 0) this._children.pop()!.unload();
    while (this._events.length > 0) {
      try {
        this._events.pop()!();
      } catch (error) {
        errors.push(error);
      }
    }
    const result = this.onunload() as unknown;
    if (errors.length > 0)
      throw errors.length === 1
        ? errors[0]
        : new AggregateError(errors, 'fake obsidian: cleanups failed during unload');
    return Promise.resolve(result).then(() => undefined);
  }

  onunload(): void {}

  addChild<T extends RealComponent>(component: T): T {
    this._children.push(component as unknown as Component);
    if (this._loaded) void component.load();
    return component;
  }

  removeChild<T extends RealComponent>(component: T): T {
    const at = this._children.indexOf(component as unknown as Component);
    if (at >= 0) {
      this._children.splice(at, 1);
      void component.unload();
    }
    return component;
  }

  register(cb: () => any): void {
    this._events.push(cb);
  }

  registerEvent(eventRef: EventRef): void {
    const ref = eventRef as FakeEventRef;
    this.register(() => ref.emitter.offref(ref));
  }

  registerDomEvent(
    el: Window | Document | HTMLElement,
    type: string,
    callback: (this: HTMLElement, ev: any) => any,
    options?: boolean | AddEventListenerOptions,
  ): void {
    el.addEventListener(type, callback as EventListener, options);
    this.register(() => el.removeEventListener(type, callback as EventListener, options));
  }

  registerInterval(id: number): number {
    this.register(() => clearInterval(id));
    return id;
  }
}

/**
 * Obsidian's Plugin. Constructing one creates `<configDir>/plugins/<id>/` (the folder an installed plugin lives in).
 * Commands get Obsidian's prefixes: id `<manifest.id>:<id>`, name `<manifest.name>: <name>`.
 */
export class Plugin extends Component {
  app: RealApp;
  manifest: PluginManifest;

  constructor(app: RealApp, manifest: PluginManifest) {
    super();
    this.app = app;
    const fakeApp = app as unknown as FakeApp;
    const dir = manifest.dir ?? `${fakeApp.vault.configDir}/plugins/${manifest.id}`;
    this.manifest = { ...manifest, dir };
    fakeApp.vault.store.mkdir(dir);
    fakeApp.pluginManifests.push(this.manifest);
    return strict(this, 'Plugin');
  }

  private get __fakeApp(): FakeApp {
    return this.app as unknown as FakeApp;
  }

  addRibbonIcon(icon: string, title: string, callback: (evt: MouseEvent) => any): HTMLElement {
    const el = this.__fakeApp.ribbonEl.createDiv({
      cls: ['side-dock-ribbon-action', 'clickable-icon'],
      attr: { 'aria-label': title, 'data-tooltip-position': 'right' },
    });
    setIcon(el, icon);
    el.addEventListener('click', (evt) => callback(evt as MouseEvent));
    this.register(() => el.detach());
    return el;
  }

  addStatusBarItem(): HTMLElement {
    const el = this.__fakeApp.statusBarEl.createDiv({
      cls: ['status-bar-item', `plugin-${this.manifest.id.toLowerCase().replace(/[^a-z0-9_-]/g, '-')}`],
    });
    this.register(() => el.detach());
    return el;
  }

  addCommand(command: Command): Command {
    command.id = `${this.manifest.id}:${command.id}`;
    command.name = `${this.manifest.name}: ${command.name}`;
    this.__fakeApp.commands.addCommand(command);
    const id = command.id;
    this.register(() => this.__fakeApp.commands.removeCommand(id));
    return command;
  }

  removeCommand(commandId: string): void {
    this.__fakeApp.commands.removeCommand(`${this.manifest.id}:${commandId}`);
  }

  addSettingTab(settingTab: { containerEl: HTMLElement; display(): void; hide(): void }): void {
    const tabs = this.__fakeApp.settingTabs;
    tabs.push(settingTab);
    this.register(() => {
      const at = tabs.indexOf(settingTab);
      if (at >= 0) tabs.splice(at, 1);
    });
  }

  private get __dataPath(): string {
    return `${this.manifest.dir}/data.json`;
  }

  /** The parsed `data.json` of this plugin, or null when there is none. Rejects on invalid JSON. */
  async loadData(): Promise<any> {
    const adapter = this.__fakeApp.vault.adapter;
    if (!(await adapter.exists(this.__dataPath))) return null;
    return JSON.parse(await adapter.read(this.__dataPath));
  }

  /** Writes `data.json` (2-space JSON, as Obsidian does). */
  async saveData(data: any): Promise<void> {
    const adapter = this.__fakeApp.vault.adapter;
    await adapter.mkdir(this.manifest.dir!);
    await adapter.write(this.__dataPath, JSON.stringify(data, null, 2));
  }

  onUserEnable(): void {}
}

/** Obsidian's SettingTab: `containerEl` is filled by `display()`; `hide()` empties it. */
export abstract class SettingTab {
  app: RealApp;
  containerEl: HTMLElement;
  icon = 'settings';

  constructor(app: RealApp) {
    this.app = app;
    this.containerEl = domWindow().document.createElement('div');
    this.containerEl.addClass('vertical-tab-content');
  }

  display(): void {}

  hide(): void {
    this.containerEl.empty();
  }
}

/** Obsidian's PluginSettingTab. */
export class PluginSettingTab extends SettingTab {
  plugin: RealPlugin | Plugin;

  constructor(app: RealApp, plugin: RealPlugin | Plugin) {
    super(app);
    this.plugin = plugin;
    return strict(this, 'PluginSettingTab');
  }
}

/** Test helper: whether `load()` ran and `unload()` did not since. */
export function isLoaded(component: object): boolean {
  return (component as { _loaded?: boolean })._loaded === true;
}

/** Test helper: `plugin.load()` awaited (the real type says `void`; the fake's returns the onload promise). */
export async function loadPlugin(plugin: { load(): void }): Promise<void> {
  await (plugin.load() as unknown as Promise<void>);
}

/** Test helper: `plugin.unload()` awaited. */
export async function unloadPlugin(plugin: { unload(): void }): Promise<void> {
  await (plugin.unload() as unknown as Promise<void>);
}
