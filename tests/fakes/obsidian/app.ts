// Owns the fake App and its parts the plugin touches: commands, file manager, secret storage, ribbon, status bar, setting tabs.
import type { App as RealApp, Command, PluginManifest, TAbstractFile as RealTAbstractFile } from 'obsidian';
import { domWindow, installDom } from './dom';
import { Events } from './events';
import { TAbstractFile, TFolder } from './files';
import { strict } from './strict';
import { FakeMetadataCache } from './metadata-cache';
import { FakeVault, type FakeVaultOptions } from './vault';
import { FakeWorkspace, MarkdownView } from './workspace';

/** Obsidian's SecretStorage, kept in memory on the app — never in data.json, never on disk. */
export class SecretStorage extends Events {
  private readonly secrets = new Map<string, string>();

  constructor() {
    super();
    return strict(this, 'SecretStorage');
  }

  /** Throws unless `id` is lowercase letters and digits in dash-separated groups (e.g. `weread-cookie`). */
  setSecret(id: string, secret: string): void {
    if (typeof id !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) {
      throw new Error(`Invalid secret ID: ${JSON.stringify(id)}. Use lowercase letters, digits and dashes.`);
    }
    if (typeof secret !== 'string') throw new TypeError('fake obsidian: SecretStorage.setSecret needs a string secret');
    this.secrets.set(id, secret);
  }

  getSecret(id: string): string | null {
    return this.secrets.get(id) ?? null;
  }

  listSecrets(): string[] {
    return [...this.secrets.keys()].sort();
  }
}

/** Obsidian's internal command registry (`app.commands`), with the test entry points. */
export class CommandRegistry {
  /** Every registered command by full id (`<plugin id>:<command id>`). */
  readonly commands: Record<string, Command> = {};

  constructor(private readonly app: FakeApp) {
    return strict(this, 'app.commands');
  }

  addCommand(command: Command): void {
    if (this.commands[command.id])
      throw new Error(`fake obsidian: a command with id ${command.id} is already registered`);
    this.commands[command.id] = command;
  }

  removeCommand(id: string): void {
    delete this.commands[id];
  }

  listCommands(): Command[] {
    return Object.values(this.commands);
  }

  findCommand(id: string): Command | undefined {
    return this.commands[id];
  }

  /** As in Obsidian: runs the command if it can run now and returns whether it ran. */
  executeCommandById(id: string): boolean {
    return this.run(id).ran;
  }

  /** Test helper: like `executeCommandById`, but awaits what the callback returns; throws if the command did not run. */
  async runCommand(id: string): Promise<void> {
    const { ran, result } = this.run(id);
    if (!ran)
      throw new Error(`fake obsidian: command ${id} ${this.commands[id] ? 'cannot run now' : 'is not registered'}`);
    await result;
  }

  private run(id: string): { ran: boolean; result?: unknown } {
    const command = this.commands[id];
    if (!command) return { ran: false };
    const view = this.app.workspace.getActiveViewOfType(MarkdownView);
    if (command.editorCheckCallback || command.editorCallback) {
      if (!view) return { ran: false };
      const editor = view.editor as never;
      if (command.editorCheckCallback) {
        if (!command.editorCheckCallback(true, editor, view as never)) return { ran: false };
        return { ran: true, result: command.editorCheckCallback(false, editor, view as never) };
      }
      return { ran: true, result: command.editorCallback!(editor, view as never) };
    }
    if (command.checkCallback) {
      if (!command.checkCallback(true)) return { ran: false };
      return { ran: true, result: command.checkCallback(false) };
    }
    if (command.callback) return { ran: true, result: command.callback() };
    return { ran: false };
  }
}

/** Obsidian's FileManager: renames and trashes through the vault (link updating is not simulated). */
export class FakeFileManager {
  constructor(private readonly vault: FakeVault) {
    return strict(this, 'FileManager');
  }

  async renameFile(file: RealTAbstractFile, newPath: string): Promise<void> {
    await this.vault.rename(file as TAbstractFile, newPath);
  }

  async trashFile(file: RealTAbstractFile): Promise<void> {
    await this.vault.trash(file as TAbstractFile, true);
  }

  getNewFileParent(sourcePath: string, newFilePath?: string): TFolder {
    void sourcePath;
    void newFilePath;
    return this.vault.getRoot();
  }
}

export interface FakeAppOptions extends FakeVaultOptions {
  /** Use this vault instead of making one from the options. */
  vault?: FakeVault;
  /**
   * Give the app a metadata cache (frontmatter, links, embeds; parsed a microtask after each change). Off by default,
   * so tests see the plugin's fallback for a cache that has not parsed a file yet.
   */
  metadataCache?: boolean;
}

/** Something with a `display()`/`hide()` pair, as PluginSettingTab has. */
interface DisplayableTab {
  containerEl: HTMLElement;
  display(): void;
  hide(): void;
}

/**
 * The fake App. Real members: `vault`, `workspace`, `fileManager`, `secretStorage`, `isDarkMode`,
 * `loadLocalStorage`, `saveLocalStorage`, `metadataCache` (opt-in), and the internal `commands`. Everything else throws on access.
 * Test helpers: `triggerLayoutReady()`, `ribbonEl`, `statusBarEl`, `settingTabs`, `openSettingTab()`,
 * `pluginManifests`, `asApp()`.
 */
export class FakeApp {
  vault: FakeVault;
  workspace: FakeWorkspace;
  fileManager: FakeFileManager;
  secretStorage: SecretStorage;
  commands: CommandRegistry;
  /** Only with `metadataCache: true` in the options; otherwise reading it throws like any missing member. */
  declare metadataCache: FakeMetadataCache;
  /** The left ribbon: `addRibbonIcon` puts its icons here. */
  ribbonEl: HTMLElement;
  /** The status bar: `addStatusBarItem` puts its items here. */
  statusBarEl: HTMLElement;
  /** Tabs added with `addSettingTab`, in order. */
  settingTabs: DisplayableTab[] = [];
  /** Manifests of the plugins constructed on this app. */
  pluginManifests: PluginManifest[] = [];
  private readonly localStorage = new Map<string, unknown>();
  private openTab: DisplayableTab | null = null;

  constructor(options: FakeAppOptions = {}) {
    installDom();
    const self = strict(this, 'App');
    this.vault = options.vault ?? new FakeVault(options);
    this.workspace = new FakeWorkspace(self as unknown as RealApp, this.vault);
    this.fileManager = new FakeFileManager(this.vault);
    this.secretStorage = new SecretStorage();
    this.commands = new CommandRegistry(self);
    if (options.metadataCache) this.metadataCache = new FakeMetadataCache(this.vault);
    const doc = domWindow().document;
    this.ribbonEl = doc.body.createDiv('side-dock-ribbon');
    this.statusBarEl = doc.body.createDiv('status-bar');
    return self;
  }

  isDarkMode(): boolean {
    return false;
  }

  loadLocalStorage(key: string): any | null {
    return this.localStorage.has(key) ? structuredClone(this.localStorage.get(key)) : null;
  }

  saveLocalStorage(key: string, data: unknown | null): void {
    if (data === null || data === undefined) this.localStorage.delete(key);
    else this.localStorage.set(key, structuredClone(data));
  }

  /** Test helper: the layout becomes ready; queued `onLayoutReady` callbacks run (awaited). */
  triggerLayoutReady(): Promise<void> {
    return this.workspace.triggerLayoutReady();
  }

  /** Test helper: shows a setting tab as the settings window would (hides the one shown before). Returns its container. */
  openSettingTab(tab: DisplayableTab): HTMLElement {
    if (this.openTab && this.openTab !== tab) this.openTab.hide();
    this.openTab = tab;
    // Like Obsidian, the container is not emptied first: display() must do that itself.
    if (!tab.containerEl.isConnected) domWindow().document.body.appendChild(tab.containerEl);
    tab.display();
    return tab.containerEl;
  }

  /** Test helper: closes the settings window (calls `hide()` on the open tab). */
  closeSettings(): void {
    this.openTab?.hide();
    this.openTab = null;
  }

  /** This app typed as the real `App`, to hand to code written against the real types. */
  asApp(): RealApp {
    return this as unknown as RealApp;
  }
}
