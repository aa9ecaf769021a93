/** The status bar item: "WeRead: 37/412 books" while a sync runs, empty otherwise. */
import type { Translate } from '../core/i18n';

export class SyncStatusBar {
  constructor(
    private readonly el: HTMLElement,
    private readonly t: Translate,
  ) {
    this.el.addClass('weread-sync-status');
    this.clear();
  }

  starting(): void {
    this.el.setText(this.t('status.starting'));
    this.el.show();
  }

  progress(done: number, total: number): void {
    this.el.setText(this.t('status.progress', { done, total }));
    this.el.show();
  }

  clear(): void {
    this.el.setText('');
    this.el.hide();
  }

  get text(): string {
    return this.el.getText();
  }
}
