/** The reading properties of a note (readingStatus, progress, …): computed from the shelf and progress answers, written as YAML. */
import { formatTimestamp, yamlValue } from '../render/filters';
import type { ReadingInfo, ShelfBook } from '../weread/schemas';

/**
 * The keys the reading pass owns, in the order they are written. The older plugin's names, so existing Dataview
 * queries keep working; `lastReadingDate` (last time read) and `myRating` are new.
 */
export const READING_PROPERTY_KEYS = [
  'readingStatus',
  'progress',
  'totalReadDay',
  'readingTime',
  'readingDate',
  'finishedDate',
  'lastReadingDate',
  'myRating',
] as const;

export type ReadingPropertyKey = (typeof READING_PROPERTY_KEYS)[number];

/** Values as written: numbers (progress 0–100, readingTime in minutes), `YYYY-MM-DD` dates, words. */
export type ReadingProperties = Partial<Record<ReadingPropertyKey, string | number>>;

/** WeRead's markedStatus (§3.7) → the older plugin's words. */
export const READING_STATUS: Readonly<Record<number, string>> = { 1: '未标记', 2: '在读', 3: '读过', 4: '读完' };

/** newRatingDetail.myRating is a word (§3.9); the reader sees WeRead's own labels. Unknown words are kept as they are. */
const MY_RATING: Readonly<Record<string, string>> = { good: '推荐', fair: '一般', poor: '不行' };

const DATE = 'YYYY-MM-DD';

function dateOf(seconds: number | undefined, zone: string): string | undefined {
  // 0 and negative times are WeRead's "unknown", not 1970.
  return seconds !== undefined && seconds > 0 ? formatTimestamp(seconds, DATE, zone) : undefined;
}

function statusOf(shelf: ShelfBook | undefined, info: ReadingInfo | undefined): string {
  if (shelf?.finished) return READING_STATUS[4]!;
  const marked = info?.markedStatus ?? shelf?.markedStatus;
  if (marked !== undefined && READING_STATUS[marked]) return READING_STATUS[marked];
  if (info?.finishTime !== undefined && info.finishTime > 0) return READING_STATUS[4]!;
  if ((info?.progress ?? 0) > 0 || info?.started) return READING_STATUS[2]!;
  return READING_STATUS[1]!;
}

function ratingOf(myRating: string | number | undefined): string | number | undefined {
  if (myRating === undefined || myRating === '') return undefined;
  if (typeof myRating === 'number') return myRating > 0 ? myRating : undefined;
  return MY_RATING[myRating] ?? myRating;
}

/** The properties of one book; keys WeRead gave no value for are left out (never written as empty). */
export function readingProperties(input: {
  shelf?: ShelfBook;
  info?: ReadingInfo;
  myRating?: string | number;
  timeZone: string;
}): ReadingProperties {
  const { shelf, info, timeZone } = input;
  const out: ReadingProperties = { readingStatus: statusOf(shelf, info) };
  if (info?.progress !== undefined) out.progress = Math.max(0, Math.min(100, Math.round(info.progress)));
  if (info?.totalReadDay !== undefined && info.totalReadDay > 0) out.totalReadDay = info.totalReadDay;
  if (info?.readingTime !== undefined) out.readingTime = Math.round(info.readingTime / 60);
  const started = dateOf(info?.startReadingTime, timeZone);
  if (started) out.readingDate = started;
  const finished = dateOf(info?.finishTime, timeZone);
  if (finished) out.finishedDate = finished;
  const last = dateOf(shelf?.readUpdateTime ?? info?.updateTime, timeZone);
  if (last) out.lastReadingDate = last;
  const rating = ratingOf(input.myRating);
  if (rating !== undefined) out.myRating = rating;
  return out;
}

/** One `key: value` line per property, in READING_PROPERTY_KEYS order; dates unquoted so Obsidian types them as dates. */
export function propertyLines(props: ReadingProperties): Map<ReadingPropertyKey, string> {
  const lines = new Map<ReadingPropertyKey, string>();
  for (const key of READING_PROPERTY_KEYS) {
    const value = props[key];
    if (value === undefined) continue;
    const isDate = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    lines.set(key, `${key}: ${isDate ? value : yamlValue(value)}`);
  }
  return lines;
}

/** Two property sets say the same thing. */
export function sameProperties(a: ReadingProperties, b: ReadingProperties): boolean {
  return READING_PROPERTY_KEYS.every((key) => a[key] === b[key]);
}
