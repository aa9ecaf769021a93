/** A new daily note's text from the reader's daily-note template: Obsidian's `{{date}}`, `{{time}}` and `{{title}}` filled in simply. */
import { formatTimestamp } from '../render/filters';
import type { DayFormatter, DayKey } from './dates';

const UNIT_DAYS: Record<string, number> = { d: 1, w: 7 };

/** The day `amount` days/weeks/months/years after `day` (months and years by calendar). */
function shiftDay(day: DayKey, amount: number, unit: string): DayKey {
  const date = new Date(`${day}T00:00:00Z`);
  const days = UNIT_DAYS[unit];
  if (days !== undefined) date.setUTCDate(date.getUTCDate() + amount * days);
  else if (unit === 'm') date.setUTCMonth(date.getUTCMonth() + amount);
  else if (unit === 'y') date.setUTCFullYear(date.getUTCFullYear() + amount);
  return date.toISOString().slice(0, 10);
}

export interface DailyTemplateContext {
  day: DayKey;
  /** The daily note's name (what `{{title}}` and a bare `{{date}}` give). */
  title: string;
  /** Unix ms of now, for `{{time}}`. */
  now: number;
  zone: string;
  formatDay: DayFormatter;
}

/**
 * Fills `{{title}}`, `{{date}}`, `{{time}}`, `{{date:FORMAT}}`, `{{time:FORMAT}}` and offsets such as
 * `{{date+1d:YYYY-MM-DD}}` (units d, w, m, y), as Obsidian's Daily notes does; anything else is left as written.
 */
export function fillDailyTemplate(template: string, ctx: DailyTemplateContext): string {
  return template.replace(
    /{{\s*(date|time|title)\s*(?:([+-]\d+)([dwmy]))?\s*(?::(.*?))?}}/gi,
    (whole, name: string, amount: string | undefined, unit: string | undefined, format: string | undefined) => {
      const kind = name.toLowerCase();
      if (kind === 'title') return amount || format ? whole : ctx.title;
      if (kind === 'time') return formatTimestamp(ctx.now, format?.trim() || 'HH:mm', ctx.zone);
      const day = amount && unit ? shiftDay(ctx.day, Number(amount), unit.toLowerCase()) : ctx.day;
      if (!format?.trim()) return amount ? ctx.formatDay(day, 'YYYY-MM-DD') : ctx.title;
      return ctx.formatDay(day, format.trim());
    },
  );
}
