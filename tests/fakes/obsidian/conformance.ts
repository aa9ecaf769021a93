// Owns the compile-time proof that the fake matches the real obsidian.d.ts for what it implements (checked by `tsc --noEmit`; never run).
import type * as real from 'obsidian';
import * as fake from './index';

type Ctor<T> = abstract new (...args: any[]) => T;

/**
 * The members `K` of the real class `R`, except that methods returning the class itself (Obsidian's `this`
 * chaining) return `Self` (the fake) — a partly implemented class cannot be the whole real one.
 */
type Part<R, K extends keyof R, Self = unknown> = {
  [P in K]: R[P] extends (...args: infer A) => infer Ret ? ([R] extends [Ret] ? (...args: A) => Self : R[P]) : R[P];
};

// Functions: the fake's signature must be usable wherever the real one is.
export const functions = {
  normalizePath: fake.normalizePath satisfies typeof real.normalizePath,
  requestUrl: fake.requestUrl satisfies typeof real.requestUrl,
  request: fake.request satisfies typeof real.request,
  getLanguage: fake.getLanguage satisfies typeof real.getLanguage,
  setIcon: fake.setIcon satisfies typeof real.setIcon,
  addIcon: fake.addIcon satisfies typeof real.addIcon,
  removeIcon: fake.removeIcon satisfies typeof real.removeIcon,
  setTooltip: fake.setTooltip satisfies typeof real.setTooltip,
  debounce: fake.debounce satisfies typeof real.debounce,
  requireApiVersion: fake.requireApiVersion satisfies typeof real.requireApiVersion,
  arrayBufferToBase64: fake.arrayBufferToBase64 satisfies typeof real.arrayBufferToBase64,
  base64ToArrayBuffer: fake.base64ToArrayBuffer satisfies typeof real.base64ToArrayBuffer,
  apiVersion: fake.apiVersion satisfies typeof real.apiVersion,
  Platform: fake.Platform satisfies typeof real.Platform,
};

// Classes implemented in full: instances are assignable to the real class type.
export const fullClasses = {
  TAbstractFile: fake.TAbstractFile satisfies Ctor<real.TAbstractFile>,
  TFile: fake.TFile satisfies Ctor<real.TFile>,
  TFolder: fake.TFolder satisfies Ctor<real.TFolder>,
  Events: fake.Events satisfies Ctor<real.Events>,
  Component: fake.Component satisfies Ctor<real.Component>,
  Notice: fake.Notice satisfies Ctor<real.Notice>,
  SecretStorage: fake.SecretStorage satisfies Ctor<real.SecretStorage>,
  SecretComponent: fake.SecretComponent satisfies Ctor<real.SecretComponent>,
  BaseComponent: fake.BaseComponent satisfies Ctor<real.BaseComponent>,
  TextComponent: fake.TextComponent satisfies Ctor<real.TextComponent>,
  TextAreaComponent: fake.TextAreaComponent satisfies Ctor<real.TextAreaComponent>,
  ToggleComponent: fake.ToggleComponent satisfies Ctor<real.ToggleComponent>,
  DropdownComponent: fake.DropdownComponent satisfies Ctor<real.DropdownComponent>,
  SliderComponent: fake.SliderComponent satisfies Ctor<real.SliderComponent>,
  ButtonComponent: fake.ButtonComponent satisfies Ctor<real.ButtonComponent>,
  ExtraButtonComponent: fake.ExtraButtonComponent satisfies Ctor<real.ExtraButtonComponent>,
  Scope: fake.Scope satisfies Ctor<real.Scope>,
};

// Constructor parameters match the real ones (the fake accepts what the real accepts).
export const constructorParameters = {
  Plugin: [] as unknown as ConstructorParameters<typeof real.Plugin> satisfies ConstructorParameters<
    typeof fake.Plugin
  >,
  PluginSettingTab: [] as unknown as ConstructorParameters<
    typeof real.PluginSettingTab
  > satisfies ConstructorParameters<typeof fake.PluginSettingTab>,
  Modal: [] as unknown as ConstructorParameters<typeof real.Modal> satisfies ConstructorParameters<typeof fake.Modal>,
  Setting: [] as unknown as ConstructorParameters<typeof real.Setting> satisfies ConstructorParameters<
    typeof fake.Setting
  >,
  Notice: [] as unknown as ConstructorParameters<typeof real.Notice> satisfies ConstructorParameters<
    typeof fake.Notice
  >,
  SecretComponent: [] as unknown as ConstructorParameters<typeof real.SecretComponent> satisfies ConstructorParameters<
    typeof fake.SecretComponent
  >,
  TextComponent: [] as unknown as ConstructorParameters<typeof real.TextComponent> satisfies ConstructorParameters<
    typeof fake.TextComponent
  >,
};

// Classes implemented in part: the implemented members have the real types (the rest throw at runtime).
type VaultPart = Pick<
  real.Vault,
  | 'configDir'
  | 'getName'
  | 'getFileByPath'
  | 'getFolderByPath'
  | 'getAbstractFileByPath'
  | 'getRoot'
  | 'create'
  | 'createBinary'
  | 'createFolder'
  | 'read'
  | 'cachedRead'
  | 'readBinary'
  | 'getResourcePath'
  | 'delete'
  | 'trash'
  | 'rename'
  | 'modify'
  | 'modifyBinary'
  | 'append'
  | 'process'
  | 'copy'
  | 'getAllLoadedFiles'
  | 'getAllFolders'
  | 'getMarkdownFiles'
  | 'getFiles'
  | 'on'
  | 'off'
  | 'offref'
  | 'trigger'
  | 'tryTrigger'
>;
type AdapterPart = Pick<
  real.DataAdapter,
  | 'getName'
  | 'exists'
  | 'stat'
  | 'list'
  | 'read'
  | 'readBinary'
  | 'write'
  | 'writeBinary'
  | 'append'
  | 'process'
  | 'mkdir'
  | 'rmdir'
  | 'remove'
  | 'rename'
  | 'copy'
  | 'getResourcePath'
>;
type WorkspacePart = Pick<
  real.Workspace,
  | 'layoutReady'
  | 'onLayoutReady'
  | 'getActiveFile'
  | 'getActiveViewOfType'
  | 'openLinkText'
  | 'on'
  | 'off'
  | 'offref'
  | 'trigger'
  | 'containerEl'
>;
type AppPart = Pick<real.App, 'secretStorage' | 'isDarkMode' | 'loadLocalStorage' | 'saveLocalStorage'> & {
  vault: VaultPart & { adapter: AdapterPart };
  workspace: WorkspacePart;
  fileManager: Pick<real.FileManager, 'renameFile' | 'trashFile' | 'getNewFileParent'>;
};
type PluginPart = Pick<
  real.Plugin,
  | 'app'
  | 'manifest'
  | 'load'
  | 'onload'
  | 'unload'
  | 'onunload'
  | 'addChild'
  | 'removeChild'
  | 'register'
  | 'registerEvent'
  | 'registerDomEvent'
  | 'registerInterval'
  | 'addRibbonIcon'
  | 'addStatusBarItem'
  | 'addCommand'
  | 'removeCommand'
  | 'addSettingTab'
  | 'loadData'
  | 'saveData'
  | 'onUserEnable'
>;
type SettingPart = Part<
  real.Setting,
  | 'settingEl'
  | 'infoEl'
  | 'nameEl'
  | 'descEl'
  | 'controlEl'
  | 'components'
  | 'setName'
  | 'setDesc'
  | 'setClass'
  | 'setTooltip'
  | 'setHeading'
  | 'setDisabled'
  | 'addButton'
  | 'addExtraButton'
  | 'addToggle'
  | 'addText'
  | 'addTextArea'
  | 'addDropdown'
  | 'addSlider'
  | 'addComponent'
  | 'clear',
  fake.Setting
>; // `then` is left out: it hands the whole (partly implemented) Setting to its callback.
type MetadataCachePart = Part<real.MetadataCache, 'getFileCache' | 'getCache' | 'on' | 'offref' | 'trigger'>;

type ModalPart = Part<
  real.Modal,
  | 'app'
  | 'scope'
  | 'containerEl'
  | 'modalEl'
  | 'titleEl'
  | 'contentEl'
  | 'shouldRestoreSelection'
  | 'open'
  | 'close'
  | 'onOpen'
  | 'onClose'
  | 'setTitle'
  | 'setContent'
  | 'setCloseCallback',
  fake.Modal
>;
type SettingTabPart = Pick<real.PluginSettingTab, 'app' | 'containerEl' | 'icon' | 'display' | 'hide'>;
type MarkdownViewPart = Pick<
  real.MarkdownView,
  'app' | 'file' | 'getViewType' | 'getMode' | 'getViewData' | 'setViewData' | 'clear' | 'containerEl' | 'contentEl'
>;
type EditorPart = Pick<
  real.Editor,
  'getValue' | 'setValue' | 'getLine' | 'lineCount' | 'lastLine' | 'getCursor' | 'getSelection' | 'replaceSelection'
>;
type SuggestPart = Part<
  real.AbstractInputSuggest<string>,
  'app' | 'limit' | 'setValue' | 'getValue' | 'selectSuggestion' | 'onSelect' | 'open' | 'close',
  fake.AbstractInputSuggest<string>
>;

declare const app: fake.FakeApp;
declare const vault: fake.FakeVault;
declare const plugin: fake.Plugin;
declare const setting: fake.Setting;
declare const modal: fake.Modal;
declare const tab: fake.PluginSettingTab;
declare const view: fake.MarkdownView;
declare const suggest: fake.AbstractInputSuggest<string>;

export const partialClasses = {
  app: app satisfies AppPart,
  vault: vault satisfies VaultPart,
  adapter: vault.adapter satisfies AdapterPart,
  workspace: app.workspace satisfies WorkspacePart,
  plugin: plugin satisfies PluginPart,
  setting: setting satisfies SettingPart,
  modal: modal satisfies ModalPart,
  tab: tab satisfies SettingTabPart,
  view: view satisfies MarkdownViewPart,
  editor: view.editor satisfies EditorPart,
  suggest: suggest satisfies SuggestPart,
  metadataCache: app.metadataCache satisfies MetadataCachePart,
  // Static members used by plugins.
  recurseChildren: fake.Vault.recurseChildren satisfies typeof real.Vault.recurseChildren,
};

// A subclass written against the real types (as src/main.ts is) type-checks; at runtime it extends the fake.
export class ExamplePlugin extends (fake.Plugin as unknown as typeof real.Plugin) {
  override async onload(): Promise<void> {
    this.addCommand({ id: 'sync', name: 'Sync', callback: () => undefined });
  }
}
