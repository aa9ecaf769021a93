// Owns the public face of the fake `obsidian` module (vitest aliases 'obsidian' here): re-exports, throwing stand-ins, reset.
import { domWindow, installDom } from './dom';
import { resetPlatform, setLanguage } from './misc';
import { resetRequestLog } from './request';
import { NotImplementedError, strict } from './strict';
import { Modal, Notice } from './ui';

installDom();

import moment from 'moment';
export {
  FakeApp,
  FakeApp as App,
  CommandRegistry,
  FakeFileManager,
  FakeFileManager as FileManager,
  SecretStorage,
} from './app';
export type { FakeAppOptions } from './app';
export { FakeDataAdapter } from './adapter';
export { FakeMetadataCache, parseMetadata } from './metadata-cache';
export { domWindow, installDom, patchDom } from './dom';
export { Events } from './events';
export type { FakeEventRef } from './events';
export { TAbstractFile, TFile, TFolder } from './files';
export {
  addIcon,
  apiVersion,
  arrayBufferToBase64,
  base64ToArrayBuffer,
  customIconIds,
  debounce,
  getLanguage,
  Platform,
  PLATFORMS,
  removeIcon,
  requireApiVersion,
  resetPlatform,
  setIcon,
  setLanguage,
  setPlatform,
  setTooltip,
} from './misc';
export type { PlatformFlags } from './misc';
export { normalizePath } from './path';
export { Component, isLoaded, loadPlugin, Plugin, PluginSettingTab, SettingTab, unloadPlugin } from './plugin';
export { onRequest, request, requestCount, requestLog, RequestUrlError, requestUrl, resetRequestLog } from './request';
export type { RequestLogEntry } from './request';
export { MemoryStore } from './store';
export type { StoreStat, VaultStore } from './store';
export { NotImplementedError, strict } from './strict';
export {
  AbstractInputSuggest,
  AbstractTextComponent,
  BaseComponent,
  ButtonComponent,
  componentOf,
  DropdownComponent,
  ExtraButtonComponent,
  findSetting,
  Modal,
  Notice,
  PopoverSuggest,
  Scope,
  SecretComponent,
  Setting,
  settingsIn,
  SliderComponent,
  TextAreaComponent,
  TextComponent,
  ToggleComponent,
  ValueComponent,
} from './ui';
export { FakeVault, FakeVault as Vault } from './vault';
export type { FakeVaultOptions } from './vault';
export {
  FakeEditor,
  FakeWorkspace,
  FakeWorkspace as Workspace,
  FakeWorkspaceLeaf,
  FakeWorkspaceLeaf as WorkspaceLeaf,
  MarkdownView,
} from './workspace';

/** A function export the fake does not implement: calling it, or reading a property of it, throws. */
function missingFunction(name: string): any {
  return strict(() => {
    throw new NotImplementedError(name);
  }, name);
}

/** A class export the fake does not implement: constructing it (or a subclass) throws. */
function missingClass(name: string): any {
  return class {
    constructor() {
      throw new NotImplementedError(name);
    }
  };
}

// Obsidian bundles moment (its own dependency, installed with the obsidian package): the fake exports the real one.
export { moment };

// Exports of the real module that a sync plugin should not need; using one fails loudly instead of being undefined.
export const parseYaml = missingFunction('parseYaml');
export const stringifyYaml = missingFunction('stringifyYaml');
export const htmlToMarkdown = missingFunction('htmlToMarkdown');
export const sanitizeHTMLToDom = missingFunction('sanitizeHTMLToDom');
export const getFrontMatterInfo = missingFunction('getFrontMatterInfo');
export const parseFrontMatterEntry = missingFunction('parseFrontMatterEntry');
export const getAllTags = missingFunction('getAllTags');
export const getIcon = missingFunction('getIcon');
export const getIconIds = missingFunction('getIconIds');
export const displayTooltip = missingFunction('displayTooltip');
export const prepareFuzzySearch = missingFunction('prepareFuzzySearch');
export const prepareSimpleSearch = missingFunction('prepareSimpleSearch');
export const MarkdownRenderer = missingClass('MarkdownRenderer');
export const MarkdownRenderChild = missingClass('MarkdownRenderChild');
export const ItemView = missingClass('ItemView');
export const FileView = missingClass('FileView');
export const TextFileView = missingClass('TextFileView');
export const Menu = missingClass('Menu');
export const MenuItem = missingClass('MenuItem');
export const SuggestModal = missingClass('SuggestModal');
export const FuzzySuggestModal = missingClass('FuzzySuggestModal');
export const EditorSuggest = missingClass('EditorSuggest');
export const SearchComponent = missingClass('SearchComponent');
export const MomentFormatComponent = missingClass('MomentFormatComponent');
export const ColorComponent = missingClass('ColorComponent');
export const ProgressBarComponent = missingClass('ProgressBarComponent');
export const FileSystemAdapter = missingClass('FileSystemAdapter');
export const MetadataCache = missingClass('MetadataCache');
export const Keymap = missingClass('Keymap');
export const HoverPopover = missingClass('HoverPopover');

/** Test helper: forgets notices, open modals, the request log, platform and language changes, and clears the page. */
export function resetFakeObsidian(): void {
  for (const modal of [...Modal.openModals]) modal.close();
  Notice.reset();
  resetRequestLog();
  resetPlatform();
  setLanguage('en');
  domWindow().document.body.empty();
}
