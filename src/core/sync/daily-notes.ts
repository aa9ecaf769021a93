/**
 * The daily-notes pass of a sync: collects the highlights and thoughts that arrive (added to a note and made since
 * that note's last sync), then references them from their days' notes once every book is written; and a note store
 * for the merge that does not count our own daily references as the reader's links to a block.
 */
import type { Notebook } from '../model/notebook';
import type { NoteStore } from '../ports';
import type { Settings } from '../settings/settings';
import {
  applyDailyNotes,
  loadDailyState,
  type DailyNotesPorts,
  type DailyNotesReport,
  type DailyState,
} from '../daily/apply';
import { notebookItems, type DailyItem } from '../daily/items';
import { refersTo } from '../daily/section';
import type { BookReport } from './report';
import { loadIndex, noteKey } from './state';

/**
 * An item older than its note's last sync by more than this was there before (a template now rendering it, a book
 * that failed last time is newer): it is not "new". The slack covers WeRead's clock against ours.
 */
const ARRIVAL_SLACK_S = 10 * 60;

export interface DailyNotesPass {
  /** The note store to give the engine (link checks that leave out our own unedited daily lines). */
  store: NoteStore;
  /** The engine's hook: after each note is written. */
  onNoteWritten: (note: { notebook: Notebook; report: BookReport }) => void;
  /** Writes the daily notes; call once the sync is over. */
  finish: () => Promise<DailyNotesReport>;
}

/** Starts the pass before a sync (reads the state index to know when each note was last synced). */
export async function startDailyNotes(
  ports: DailyNotesPorts,
  settings: Settings,
  now: () => number = Date.now,
): Promise<DailyNotesPass> {
  const startedAt = now();
  const index = await loadIndex(ports.state);
  const daily = await loadDailyState(ports.state);
  const lastSync = Math.max(0, ...Object.values(index.books).map((r) => r.syncedAt));
  // A note never synced counts from the last sync of any note; with no sync at all, nothing is new (no flood).
  const cutoff = (key: string) => (index.books[key]?.syncedAt ?? (lastSync || startedAt)) / 1000 - ARRIVAL_SLACK_S;

  const items: DailyItem[] = [...daily.pending];
  const gone = new Set<string>();
  const onNoteWritten = ({ notebook, report }: { notebook: Notebook; report: BookReport }) => {
    for (const id of report.removed) gone.add(id);
    for (const kept of report.kept) gone.add(kept.id);
    if (!report.added.length) return;
    const known = notebookItems(notebook);
    const since = cutoff(noteKey(report.bookId, report.articleId));
    for (const id of report.added) {
      const item = known.get(id);
      if (!item || item.createTime < since) continue;
      items.push({ ...item, notePath: report.path, bookTitle: report.title });
    }
  };
  return {
    store: withoutOwnDailyLinks(ports.store, daily),
    onNoteWritten,
    finish: () => applyDailyNotes(ports, settings, daily, { items, gone, now: now() }),
  };
}

/**
 * The engine keeps a block deleted on WeRead when a note links to it. Our own daily line is no such link: the block
 * may go (and the line with it). A daily line the reader edited, or any other link, still keeps it.
 */
export function withoutOwnDailyLinks(store: NoteStore, daily: DailyState): NoteStore {
  return {
    read: (path) => store.read(path),
    exists: (path) => store.exists(path),
    write: (path, content, expected) => store.write(path, content, expected),
    listMarkdown: (folder) => store.listMarkdown(folder),
    linkedBlockIds: async (blockIds) => {
      const found = await store.linkedBlockIds(blockIds);
      const ours = [...found].filter((id) => daily.refs[id] !== undefined);
      if (!ours.length) return found;
      // Rare (a referenced highlight deleted on WeRead): look again, this time without our unedited lines.
      const still = new Set<string>();
      for (const path of await store.listMarkdown('')) {
        let text = await store.read(path);
        if (text === null || !text.includes('#^')) continue;
        const ourLines = new Set(ours.filter((id) => daily.refs[id]!.path === path).map((id) => daily.refs[id]!.line));
        if (ourLines.size)
          text = text
            .split(/\r?\n/)
            .filter((line) => !ourLines.has(line))
            .join('\n');
        for (const id of ours) if (refersTo(text, id)) still.add(id);
      }
      for (const id of ours) if (!still.has(id)) found.delete(id);
      return found;
    },
  };
}
