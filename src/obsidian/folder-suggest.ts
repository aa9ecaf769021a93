/** Type-ahead for vault folders on a text input (the notes folder) and for Markdown files (a template file). */
import { AbstractInputSuggest, TFile, TFolder, type App } from 'obsidian';

abstract class PathSuggest<T extends TFile | TFolder> extends AbstractInputSuggest<T> {
  constructor(
    app: App,
    private readonly inputEl: HTMLInputElement,
    private readonly onPick: (path: string) => void,
  ) {
    super(app, inputEl);
  }

  protected abstract candidates(): T[];

  protected getSuggestions(query: string): T[] {
    const needle = query.trim().toLowerCase();
    return this.candidates()
      .filter((f) => f.path.toLowerCase().includes(needle))
      .sort((a, b) => a.path.localeCompare(b.path))
      .slice(0, 50);
  }

  renderSuggestion(item: T, el: HTMLElement): void {
    el.setText(item.path === '/' ? '/' : item.path);
  }

  override selectSuggestion(item: T): void {
    this.setValue(item.path);
    this.onPick(item.path);
    this.close();
  }
}

export class FolderSuggest extends PathSuggest<TFolder> {
  protected candidates(): TFolder[] {
    return this.app.vault.getAllLoadedFiles().filter((f): f is TFolder => f instanceof TFolder && !f.isRoot());
  }
}

export class MarkdownFileSuggest extends PathSuggest<TFile> {
  protected candidates(): TFile[] {
    return this.app.vault.getMarkdownFiles();
  }
}
