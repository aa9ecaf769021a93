/** Writes daily-note references: groups items by day, creates missing daily notes from their template, merges our section, keeps its own state. */
import type { KeyValueStore, NoteStore } from '../ports';
import { resolveTimeZone } from '../render/filters';
import type { Settings } from '../settings/settings';
import {
  cleanVaultPath,
  DAILY_NOTES_CONFIG_FILE,
  parseDailyNoteConfig,
  PERIODIC_NOTES_CONFIG_FILE,
  type DailyNoteConfig,
} from './config';
import { dayOf, formatDay as dayjsFormatDay, type DayFormatter, type DayKey } from './dates';
import { dailyLine, type DailyItem } from './items';
import { mergeDailySection } from './section';
import { fillDailyTemplate } from './template';

/** What the daily-notes pass needs besides the note store and the state store. */
export interface DailyNotesPorts {
  store: NoteStore;
  state: KeyValueStore;
  /** A file of the vault's config folder (`daily-notes.json`, `plugins/periodic-notes/data.json`), or null. */
  readConfigFile?(name: string): Promise<string | null>;
  /** Formats a day with the daily-note format; default dayjs (the plugin passes Obsidian's moment). */
  formatDay?: DayFormatter;
}

/** A reference we wrote: the daily note and the exact line (a line still equal to it is ours to remove). */
export interface DailyRef {
  path: string;
  line: string;
}

export interface DailyState {
  v: 1;
  refs: Record<string, DailyRef>;
  /** Items whose daily note could not be written last time (retried on the next sync). */
  pending: DailyItem[];
}

export interface DailyNotesReport {
  /** Daily notes created or changed. */
  notes: Array<{ path: string; status: 'created' | 'updated' }>;
  /** References added and removed. */
  added: number;
  removed: number;
  /** Daily notes that could not be written (their references are tried again on the next sync). */
  failed: Array<{ path: string; error: string }>;
}

const STATE_KEY = 'daily-notes';
const MAX_PENDING = 5000;

function isItem(x: unknown): x is DailyItem {
  const r = x as Record<string, unknown> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.blockId === 'string' &&
    typeof r.createTime === 'number' &&
    typeof r.notePath === 'string' &&
    typeof r.bookTitle === 'string' &&
    typeof r.passage === 'string' &&
    typeof r.thought === 'string'
  );
}

export async function loadDailyState(state: KeyValueStore): Promise<DailyState> {
  const empty: DailyState = { v: 1, refs: {}, pending: [] };
  let raw: unknown;
  try {
    raw = JSON.parse((await state.get(STATE_KEY)) ?? 'null');
  } catch {
    return empty; // damaged state is as good as none
  }
  const r = raw as Partial<DailyState> | null;
  if (!r || r.v !== 1 || typeof r.refs !== 'object' || r.refs === null) return empty;
  const refs: Record<string, DailyRef> = {};
  for (const [id, ref] of Object.entries(r.refs))
    if (typeof ref?.path === 'string' && typeof ref.line === 'string') refs[id] = { path: ref.path, line: ref.line };
  return { v: 1, refs, pending: Array.isArray(r.pending) ? r.pending.filter(isItem) : [] };
}

export async function saveDailyState(state: KeyValueStore, daily: DailyState): Promise<void> {
  await state.set(STATE_KEY, JSON.stringify(daily));
}

/** The reader's daily-note settings (Periodic Notes, else Daily notes, else Obsidian's defaults). */
export async function loadDailyConfig(ports: Pick<DailyNotesPorts, 'readConfigFile'>): Promise<DailyNoteConfig> {
  const read = async (name: string) => (ports.readConfigFile ? ports.readConfigFile(name).catch(() => null) : null);
  return parseDailyNoteConfig(await read(DAILY_NOTES_CONFIG_FILE), await read(PERIODIC_NOTES_CONFIG_FILE));
}

/** The vault path of a day's daily note, or null when the format makes no usable path. */
export function dailyNotePath(config: DailyNoteConfig, day: DayKey, formatDay: DayFormatter): string | null {
  const name = cleanVaultPath(formatDay(day, config.format));
  if (!name) return null;
  return [config.folder, `${name}.md`].filter(Boolean).join('/');
}

async function newDailyNote(
  ports: DailyNotesPorts,
  config: DailyNoteConfig,
  day: DayKey,
  path: string,
  ctx: { now: number; zone: string; formatDay: DayFormatter },
): Promise<string> {
  if (!config.template) return '';
  const template = config.template;
  const text = (await ports.store.read(template)) ?? (await ports.store.read(`${template}.md`));
  if (text === null) return '';
  const title = path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/, '');
  return fillDailyTemplate(text, { day, title, ...ctx });
}

export interface ApplyInput {
  items: readonly DailyItem[];
  /** Block ids deleted on WeRead: their lines go, unless the reader edited them. */
  gone: ReadonlySet<string>;
  now: number;
}

/** Adds the items' lines to their days' notes and removes the gone ones'; records what it wrote in the daily state. */
export async function applyDailyNotes(
  ports: DailyNotesPorts,
  settings: Settings,
  daily: DailyState,
  input: ApplyInput,
): Promise<DailyNotesReport> {
  const report: DailyNotesReport = { notes: [], added: 0, removed: 0, failed: [] };
  const zone = resolveTimeZone(settings.timeZone);
  const formatDay = ports.formatDay ?? dayjsFormatDay;
  const config = await loadDailyConfig(ports);
  const byPath = new Map<string, { day: DayKey; items: DailyItem[]; remove: Map<string, string> }>();
  const entry = (path: string, day: DayKey) => {
    let e = byPath.get(path);
    if (!e) byPath.set(path, (e = { day, items: [], remove: new Map() }));
    return e;
  };
  for (const item of [...input.items].sort((a, b) => a.createTime - b.createTime)) {
    if (input.gone.has(item.blockId)) continue;
    const day = dayOf(item.createTime, zone);
    const path = dailyNotePath(config, day, formatDay);
    if (path) entry(path, day).items.push(item);
  }
  for (const id of input.gone) {
    const ref = daily.refs[id];
    if (ref) entry(ref.path, '').remove.set(id, ref.line);
    delete daily.refs[id];
  }
  const pending: DailyItem[] = [];
  for (const [path, { day, items, remove }] of byPath) {
    try {
      const original = await ports.store.read(path);
      if (original === null && items.length === 0) continue;
      const base = original ?? (await newDailyNote(ports, config, day, path, { now: input.now, zone, formatDay }));
      const lines = items.map((item) => ({
        blockId: item.blockId,
        line: dailyLine(item, settings.dailyNotesLinkStyle),
      }));
      const merged = mergeDailySection(base, settings.dailyNotesHeading, lines, remove);
      if (original === null || merged.text !== original) {
        await ports.store.write(path, merged.text, original);
        report.notes.push({ path, status: original === null ? 'created' : 'updated' });
      }
      const lineOf = new Map(lines.map((l) => [l.blockId, l.line]));
      for (const id of merged.added) daily.refs[id] = { path, line: lineOf.get(id)! };
      report.added += merged.added.length;
      report.removed += merged.removed.length;
    } catch (e) {
      pending.push(...items);
      for (const [id, line] of remove) daily.refs[id] = { path, line };
      report.failed.push({ path, error: e instanceof Error ? e.message : String(e) });
    }
  }
  daily.pending = pending.slice(-MAX_PENDING);
  await saveDailyState(ports.state, daily);
  return report;
}
