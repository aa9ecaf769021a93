// Owns the fake Workspace (layout-ready queue, active file, leaves) and the minimal MarkdownView, WorkspaceLeaf and Editor.
import type { App as RealApp } from 'obsidian';
import { domWindow } from './dom';
import { Events } from './events';
import { TFile } from './files';
import { strict } from './strict';
import type { FakeVault } from './vault';

/** A tiny stand-in for CodeMirror's editor: the text and a cursor. Edits are not saved to the vault by themselves. */
export class FakeEditor {
  private text = '';
  private cursor = { line: 0, ch: 0 };

  constructor() {
    return strict(this, 'Editor');
  }

  getValue(): string {
    return this.text;
  }
  setValue(content: string): void {
    this.text = content;
  }
  getLine(line: number): string {
    return this.text.split('\n')[line] ?? '';
  }
  lineCount(): number {
    return this.text.split('\n').length;
  }
  lastLine(): number {
    return this.lineCount() - 1;
  }
  getCursor(): { line: number; ch: number } {
    return { ...this.cursor };
  }
  setCursor(pos: { line: number; ch: number } | number, ch?: number): void {
    this.cursor = typeof pos === 'number' ? { line: pos, ch: ch ?? 0 } : { ...pos };
  }
  getSelection(): string {
    return '';
  }
  /** Inserts at the cursor (there is never a selection in the fake). */
  replaceSelection(replacement: string): void {
    const lines = this.text.split('\n');
    const line = lines[this.cursor.line] ?? '';
    lines[this.cursor.line] = line.slice(0, this.cursor.ch) + replacement + line.slice(this.cursor.ch);
    this.text = lines.join('\n');
  }
}

/** Obsidian's MarkdownView, reduced to `file`, `editor`, `leaf`, `app` and the view data. */
export class MarkdownView {
  app: RealApp;
  leaf: FakeWorkspaceLeaf;
  file: TFile | null = null;
  editor: FakeEditor = new FakeEditor();
  containerEl: HTMLElement;
  contentEl: HTMLElement;

  constructor(leaf: FakeWorkspaceLeaf) {
    this.leaf = leaf;
    this.app = leaf.app;
    this.containerEl = domWindow().document.createElement('div');
    this.containerEl.addClass('workspace-leaf-content');
    this.contentEl = this.containerEl.createDiv('view-content');
    return strict(this, 'MarkdownView');
  }

  getViewType(): string {
    return 'markdown';
  }
  getMode(): 'source' | 'preview' {
    return 'source';
  }
  getViewData(): string {
    return this.editor.getValue();
  }
  setViewData(data: string, clear: boolean): void {
    void clear;
    this.editor.setValue(data);
  }
  clear(): void {
    this.editor.setValue('');
  }
  getDisplayText(): string {
    return this.file?.basename ?? '';
  }
}

/** Obsidian's WorkspaceLeaf, reduced to opening a file into a MarkdownView. */
export class FakeWorkspaceLeaf {
  view: MarkdownView | null = null;

  constructor(
    readonly app: RealApp,
    private readonly workspace: FakeWorkspace,
  ) {
    return strict(this, 'WorkspaceLeaf');
  }

  async openFile(file: TFile): Promise<void> {
    await this.workspace.openFile(file, this);
  }

  getViewState(): { type: string; state: Record<string, unknown> } {
    return this.view ? { type: 'markdown', state: { file: this.view.file?.path } } : { type: 'empty', state: {} };
  }

  detach(): void {
    this.workspace.detachLeaf(this);
  }
}

/**
 * Obsidian's Workspace. `onLayoutReady` callbacks wait for `app.triggerLayoutReady()` (then run at once).
 * Test helper `openFile(file)` makes a file active and fires `file-open` and `active-leaf-change`.
 */
export class FakeWorkspace extends Events {
  layoutReady = false;
  activeLeaf: FakeWorkspaceLeaf | null = null;
  containerEl: HTMLElement;
  private layoutReadyCallbacks: Array<() => unknown> = [];
  private activeFile: TFile | null = null;
  private leaves: FakeWorkspaceLeaf[] = [];

  constructor(
    private readonly app: RealApp,
    private readonly vault: FakeVault,
  ) {
    super();
    this.containerEl = domWindow().document.createElement('div');
    this.containerEl.addClass('workspace');
    return strict(this, 'Workspace');
  }

  get activeEditor(): MarkdownView | null {
    return this.getActiveViewOfType(MarkdownView);
  }

  onLayoutReady(callback: () => any): void {
    if (this.layoutReady) callback();
    else this.layoutReadyCallbacks.push(callback);
  }

  /** Test helper (via `app.triggerLayoutReady()`): runs the queued callbacks; rejects with the first failure. */
  async triggerLayoutReady(): Promise<void> {
    if (this.layoutReady) return;
    this.layoutReady = true;
    const queued = this.layoutReadyCallbacks.splice(0);
    const results = await Promise.allSettled(queued.map(async (cb) => cb()));
    this.trigger('layout-change');
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  getActiveFile(): TFile | null {
    if (this.activeFile && this.vault.getAbstractFileByPath(this.activeFile.path) !== this.activeFile)
      this.activeFile = null;
    return this.activeFile;
  }

  /** Test helper: sets the active file without opening a view or firing events. */
  setActiveFile(file: TFile | null): void {
    this.activeFile = file;
  }

  getActiveViewOfType<T>(type: abstract new (...args: any[]) => T): T | null {
    const view = this.activeLeaf?.view ?? null;
    return view instanceof type ? view : null;
  }

  getLeaf(newLeaf?: unknown): FakeWorkspaceLeaf {
    if (!newLeaf && this.activeLeaf) return this.activeLeaf;
    const leaf = new FakeWorkspaceLeaf(this.app, this);
    this.leaves.push(leaf);
    return leaf;
  }

  getLeavesOfType(viewType: string): FakeWorkspaceLeaf[] {
    return this.leaves.filter((leaf) => leaf.view !== null && viewType === 'markdown');
  }

  iterateAllLeaves(callback: (leaf: FakeWorkspaceLeaf) => any): void {
    [...this.leaves].forEach(callback);
  }

  /** Opens `file` in `leaf` (default: the active or a new leaf), loads its text into the editor, fires the events. */
  async openFile(file: TFile, leaf: FakeWorkspaceLeaf = this.getLeaf()): Promise<void> {
    if (!(file instanceof TFile)) throw new TypeError('fake obsidian: Workspace.openFile needs a TFile');
    const text = await this.vault.read(file);
    if (!this.leaves.includes(leaf)) this.leaves.push(leaf);
    const view = leaf.view ?? new MarkdownView(leaf);
    view.file = file;
    view.editor.setValue(text);
    leaf.view = view;
    this.activeLeaf = leaf;
    this.activeFile = file;
    this.trigger('active-leaf-change', leaf);
    this.trigger('file-open', file);
  }

  /** Test helper: every link opened with `openLinkText`, in order (`linktext` as given, with its `#subpath`). */
  openedLinks: Array<{ linktext: string; sourcePath: string }> = [];

  /**
   * Opens a link as Obsidian does: `path#heading` or `path#^block`; the path with or without `.md`, resolved
   * exactly (the fake has no metadata cache, so no shortest-path or alias resolution). Obsidian creates a note for
   * an unresolved link; the fake rejects instead, so a link to a note that does not exist is never silent.
   */
  async openLinkText(linktext: string, sourcePath: string, newLeaf?: unknown): Promise<void> {
    const hash = linktext.indexOf('#');
    const path = hash === -1 ? linktext : linktext.slice(0, hash);
    const found = this.vault.getAbstractFileByPath(path) ?? this.vault.getAbstractFileByPath(`${path}.md`);
    if (!(found instanceof TFile)) throw new Error(`fake obsidian: openLinkText: no note at "${path}"`);
    this.openedLinks.push({ linktext, sourcePath });
    await this.openFile(found, this.getLeaf(newLeaf));
  }

  detachLeaf(leaf: FakeWorkspaceLeaf): void {
    this.leaves = this.leaves.filter((l) => l !== leaf);
    if (this.activeLeaf === leaf) {
      this.activeLeaf = null;
      this.activeFile = null;
      this.trigger('active-leaf-change', null);
      this.trigger('file-open', null);
    }
  }
}
