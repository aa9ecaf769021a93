/** Days of daily notes: the calendar day of a time in a zone, and a day's note name from a moment-style format (dayjs). */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import advancedFormat from 'dayjs/plugin/advancedFormat';
import weekOfYear from 'dayjs/plugin/weekOfYear';
import weekYear from 'dayjs/plugin/weekYear';
import isoWeek from 'dayjs/plugin/isoWeek';
import { formatTimestamp } from '../render/filters';

// Daily-note formats are moment formats; these plugins give dayjs the moment tokens people use in them
// (`Do`, `Q`, `ww`, `gggg`, `WW`, `GGGG`, `[literal]`).
dayjs.extend(utc);
dayjs.extend(advancedFormat);
dayjs.extend(weekOfYear);
dayjs.extend(weekYear);
dayjs.extend(isoWeek);

/** A calendar day, `YYYY-MM-DD`. */
export type DayKey = string;

/** Formats a day with a moment-style format; the plugin passes Obsidian's own moment (its locale), the CLI uses dayjs. */
export type DayFormatter = (day: DayKey, format: string) => string;

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day (in `zone`) of a WeRead time in unix seconds. */
export function dayOf(unixSeconds: number, zone: string): DayKey {
  return formatTimestamp(unixSeconds, 'YYYY-MM-DD', zone);
}

/** True for a real `YYYY-MM-DD` day. */
export function isDayKey(text: string): boolean {
  const m = DAY_KEY.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The dayjs formatter: the day at midnight, formatted as is (English names, as moment's default locale). */
export const formatDay: DayFormatter = (day, format) => dayjs.utc(`${day}T00:00:00Z`).format(format);
