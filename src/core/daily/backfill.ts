/** The back-fill on request: references every highlight and thought made in a date range from its day's note (books already synced only). */
import type { NotebookEntry } from '../model/notebook';
import { resolveTimeZone } from '../render/filters';
import {
  clientFor,
  clientSource,
  createRenderer,
  resolveTemplate,
  withCacheFlushed,
  type ServicePorts,
} from '../service';
import type { Settings } from '../settings/settings';
import { loadNoteBase, noteUnits } from '../sync/note-writer';
import type { StateIndex } from '../sync/state';
import { SyncState } from '../sync/state-store';
import { applyDailyNotes, loadDailyState, type DailyNotesReport } from './apply';
import { dayOf, isDayKey, type DayKey } from './dates';
import { notebookItems, type DailyItem } from './items';

export interface BackfillOptions {
  /** First and last day, `YYYY-MM-DD`, in the configured time zone. */
  from: DayKey;
  to: DayKey;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; title?: string }) => void;
}

export interface BackfillReport extends DailyNotesReport {
  /** Books asked for (those with note activity since the first day). */
  books: number;
  /** Books that could not be fetched (their days are not filled). */
  failedBooks: string[];
}

function wasSynced(index: StateIndex, entry: NotebookEntry): boolean {
  if (index.books[entry.bookId]) return true;
  return Object.values(index.books).some((r) => r.bookId === entry.bookId && r.articleId !== undefined);
}

/**
 * Fetches the books with note activity since `from` (3 requests each), and references from each day's note every
 * highlight and thought of [from, to] that its book note holds. Lines already there are not added again.
 */
export function backfillDailyNotes(
  ports: ServicePorts,
  settings: Settings,
  opts: BackfillOptions,
): Promise<BackfillReport> {
  return withCacheFlushed(ports, () => backfill(ports, settings, opts));
}

async function backfill(ports: ServicePorts, settings: Settings, opts: BackfillOptions): Promise<BackfillReport> {
  if (!isDayKey(opts.from) || !isDayKey(opts.to) || opts.from > opts.to)
    throw new RangeError(`Not a date range: ${opts.from} – ${opts.to}`);
  const zone = resolveTimeZone(settings.timeZone);
  const template = await resolveTemplate(ports, settings.template);
  const client = await clientFor(ports, settings, opts.signal);
  const plain = { ...settings, popularHighlights: false };
  const source = clientSource(client, plain, template, { hasCookie: Boolean(await ports.credentials.getCookie()) });
  // Read only: the back-fill never writes the sync state (a version-1 state is migrated in memory).
  const state = await SyncState.load(ports.state, { readOnly: true });
  const index = state.index;
  // Which highlights a book note holds is known from its merge base, re-rendered from the data the sync kept.
  const renderer = createRenderer(settings, template);
  // `sort` is the book's last note activity: a book quiet since the day before `from` has nothing in the range.
  const since = Date.parse(`${opts.from}T00:00:00Z`) / 1000 - 86400;
  const entries = (await source.listNotebooks()).filter(
    (e) => e.sort >= since && wasSynced(index, e) && !source.skipReason?.(e),
  );
  const items: DailyItem[] = [];
  const failedBooks: string[] = [];
  for (const [i, entry] of entries.entries()) {
    if (opts.signal?.aborted) break;
    try {
      const notebook = await source.fetchNotebook(entry, { force: false, signal: opts.signal });
      for (const unit of noteUnits(entry, notebook, source.perArticle?.(entry) ?? false)) {
        const record = index.books[unit.key];
        if (!record) continue;
        const inNote = new Set((await loadNoteBase(state, renderer, unit.key, unit.name.articleId))?.ids ?? []);
        for (const item of notebookItems(unit.notebook).values()) {
          const day = dayOf(item.createTime, zone);
          if (day < opts.from || day > opts.to || !inNote.has(item.blockId)) continue;
          items.push({ ...item, notePath: record.path, bookTitle: record.title });
        }
      }
    } catch {
      failedBooks.push(entry.title);
    }
    opts.onProgress?.({ done: i + 1, total: entries.length, title: entry.title });
  }
  const daily = await loadDailyState(ports.state);
  const report = await applyDailyNotes(ports, settings, daily, {
    items: [...daily.pending, ...items],
    gone: new Set(),
    now: Date.now(),
  });
  return { ...report, books: entries.length, failedBooks };
}
