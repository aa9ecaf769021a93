/** The "Restore deleted notes" settings section: the books whose note the reader deleted, each with a Restore button. */
import { Notice, Setting } from 'obsidian';
import type { Translate } from '../core/i18n';
import type { KeyValueStore } from '../core/ports';
import { loadIndex } from '../core/sync/state';

/** A book whose note the reader deleted (the sync does not write it again). */
export interface DeletedNote {
  bookId: string;
  title: string;
  path: string;
}

/** The notes the state marks as deleted by the reader, by title. */
export async function deletedNotes(state: KeyValueStore): Promise<DeletedNote[]> {
  const index = await loadIndex(state);
  return Object.entries(index.books)
    .filter(([, record]) => record.deleted === true)
    .map(([key, record]) => ({ bookId: record.bookId ?? key, title: record.title, path: record.path }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

export interface RestoreHost {
  readonly t: Translate;
  /** The deleted notes of this vault's state. */
  deletedNotes(): Promise<DeletedNote[]>;
  /** Syncs that book alone, which writes its note again and clears the mark. */
  restoreNote(bookId: string): Promise<unknown>;
}

/** The section: one row whose list fills in once the state is read (a row per deleted book). */
export function restoreDeletedSection(host: RestoreHost) {
  const { t } = host;
  const fill = async (setting: Setting): Promise<void> => {
    const list = setting.infoEl.createDiv({ cls: 'weread-sync-restore-list' });
    const notes = await host.deletedNotes();
    if (notes.length === 0) list.createDiv({ text: t('restore.empty') });
    for (const note of notes) {
      const row = new Setting(list).setName(note.title).setDesc(note.path);
      row.addButton((b) =>
        b.setButtonText(t('restore.button')).onClick(async () => {
          await host.restoreNote(note.bookId);
          new Notice(t('restore.done', { title: note.title }));
          row.settingEl.remove();
        }),
      );
    }
  };
  return {
    heading: t('restore.heading'),
    rows: [{ name: t('restore.heading'), desc: t('restore.desc'), render: (s: Setting) => void fill(s) }],
    collapsed: true,
  };
}
