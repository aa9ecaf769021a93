/** The "Preview sync" modal: what a sync would change, book by book, with the diff of each note when the report carries one. */
import { App, Modal, Setting } from 'obsidian';
import type { BookReport, SyncReport } from '../core/service';
import type { MessageKey, Translate } from '../core/i18n';
import { readerText } from './report-summary';

/** The diff text of a book, if the report has one (dry runs). */
function diffOf(book: BookReport): string | undefined {
  const candidate = (book as unknown as { diff?: unknown }).diff;
  return typeof candidate === 'string' && candidate !== '' ? candidate : undefined;
}

export class PreviewModal extends Modal {
  constructor(
    app: App,
    private readonly report: SyncReport,
    private readonly t: Translate,
    private readonly lang: string,
    private readonly onApply?: () => void,
  ) {
    super(app);
  }

  override onOpen(): void {
    const { contentEl, t } = this;
    this.titleEl.setText(t('preview.title'));
    contentEl.addClass('weread-sync-preview');
    // Conflicts first (what the reader must look at), then failures, then the rest in report order.
    const rank = (b: BookReport): number => (b.conflicts.length > 0 ? 0 : b.status === 'failed' ? 1 : 2);
    const changing = this.report.books
      .filter((b) => b.status !== 'unchanged' && b.status !== 'skipped')
      .map((book, index) => ({ book, index }))
      .sort((x, y) => rank(x.book) - rank(y.book) || x.index - y.index)
      .map((x) => x.book);
    if (changing.length === 0) contentEl.createEl('p', { text: t('preview.nothing') });
    for (const book of changing) {
      const conflicted = book.conflicts.length > 0 ? ' is-conflicted' : '';
      const section = contentEl.createDiv({ cls: `weread-sync-preview-book is-${book.status}${conflicted}` });
      section.createEl('h4', {
        text: t('preview.book', { title: book.title || book.bookId, status: t(`status.${book.status}` as MessageKey) }),
      });
      const facts = [
        book.added.length ? t('preview.added', { count: book.added.length }) : '',
        book.updated.length ? t('preview.updatedCount', { count: book.updated.length }) : '',
        book.removed.length ? t('preview.removed', { count: book.removed.length }) : '',
        book.kept.length ? t('preview.kept', { count: book.kept.length }) : '',
        book.conflicts.length === 1 ? t('preview.conflictsOne') : '',
        book.conflicts.length > 1 ? t('preview.conflictsMany', { count: book.conflicts.length }) : '',
      ].filter(Boolean);
      if (facts.length) section.createEl('p', { text: facts.join(' · '), cls: 'weread-sync-preview-facts' });
      if (book.path) section.createEl('p', { text: book.path, cls: 'weread-sync-preview-path' });
      if (book.status === 'failed') {
        // The reason in the reader's language; the technical message only when there is no translation.
        const reason = readerText(book.errorKind, book.error, this.lang);
        section.createEl('p', { text: reason, cls: 'weread-sync-preview-error' });
      }
      const diff = diffOf(book);
      if (diff) this.renderDiff(section, diff);
    }
    const buttons = new Setting(contentEl);
    if (this.onApply && changing.length > 0) {
      buttons.addButton((b) =>
        b
          .setButtonText(t('preview.apply'))
          .setCta()
          .onClick(() => {
            this.close();
            this.onApply?.();
          }),
      );
    }
    buttons.addButton((b) => b.setButtonText(t('preview.close')).onClick(() => this.close()));
  }

  /** Each diff line in its own element, coloured by its first character (no HTML is parsed). */
  private renderDiff(parent: HTMLElement, diff: string): void {
    const pre = parent.createEl('pre', { cls: 'weread-sync-diff' });
    for (const line of diff.split('\n')) {
      const cls = line.startsWith('+')
        ? 'weread-sync-diff-add'
        : line.startsWith('-')
          ? 'weread-sync-diff-del'
          : 'weread-sync-diff-ctx';
      pre.createDiv({ text: line, cls });
    }
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
