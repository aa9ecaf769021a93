/** Nunjucks filters for note templates: dates in the reader's time zone, block ids, Markdown-safe text, YAML values, names. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { toBlockId } from './block-id';
import { unescapeMarkdownText } from './safe-text';

dayjs.extend(utc);
dayjs.extend(timezone);

/** What filters need from the settings of the current render; stored in the template context under RENDER_OPTIONS_KEY. */
export interface FilterOptions {
  /** Resolved IANA zone (never ''). */
  timeZone: string;
  colorNames: Record<string, string>;
  penNames: Record<string, string>;
}

export const RENDER_OPTIONS_KEY = '__render';

/** The system's IANA time zone (what an empty `timeZone` setting means). */
export function systemTimeZone(): string {
  // Asked once per process: building a DateTimeFormat per rendered date was a measurable share of render time.
  if (cachedSystemZone === undefined) {
    try {
      cachedSystemZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    } catch {
      cachedSystemZone = 'UTC';
    }
  }
  return cachedSystemZone;
}

let cachedSystemZone: string | undefined;

const knownZones = new Set<string>();

/** Resolves a time-zone setting: '' → the system's; an unknown zone is an error naming it. */
export function resolveTimeZone(setting: string): string {
  const zone = setting.trim() || systemTimeZone();
  if (knownZones.has(zone)) return zone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw new RangeError(`Unknown time zone "${setting}" (use an IANA name such as Asia/Shanghai, or leave it empty)`);
  }
  knownZones.add(zone);
  return zone;
}

// --- dates -----------------------------------------------------------------------------------------------------

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();
const OFFSET_BUCKET_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Offset of `zone` from UTC in minutes at exactly the instant `at` (asked of Intl once per zone and instant). */
export function offsetAt(zone: string, at: number): number {
  const key = `${zone}|${at}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  let dtf = partsFormatters.get(zone);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatters.set(zone, dtf);
  }
  const p: Record<string, number> = {};
  for (const part of dtf.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day, p.hour! % 24, p.minute, p.second);
  // Whole seconds, as the parts are: a fraction of a second would make a zero offset -0.
  const offset = Math.round((wall - Math.floor(at / 1000) * 1000) / 60000);
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/**
 * Offset of `zone` from UTC in minutes at the instant `ms`. A UTC day with the same offset at both ends has it
 * throughout (no zone changes its offset twice in a day), so most instants cost a lookup of their day's two ends;
 * on a day with a change, the quarter hour's own offset (changes fall on quarter hours).
 */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
  const offset = offsetAt(zone, dayStart);
  if (offset === offsetAt(zone, dayStart + DAY_MS)) return offset;
  return offsetAt(zone, Math.floor(ms / OFFSET_BUCKET_MS) * OFFSET_BUCKET_MS);
}

/** Milliseconds from a template value: unix seconds, unix milliseconds, a Date, or a numeric string; else undefined. */
function toMillis(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n > 1e11 ? n : n * 1000;
}

type FormatPart = string | ((d: Date) => string);
const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const FAST_TOKENS: Record<string, (d: Date) => string> = {
  YYYY: (d) => String(d.getUTCFullYear()).padStart(4, '0'),
  YY: (d) => pad2(d.getUTCFullYear() % 100),
  MM: (d) => pad2(d.getUTCMonth() + 1),
  M: (d) => String(d.getUTCMonth() + 1),
  DD: (d) => pad2(d.getUTCDate()),
  D: (d) => String(d.getUTCDate()),
  HH: (d) => pad2(d.getUTCHours()),
  H: (d) => String(d.getUTCHours()),
  mm: (d) => pad2(d.getUTCMinutes()),
  m: (d) => String(d.getUTCMinutes()),
  ss: (d) => pad2(d.getUTCSeconds()),
  s: (d) => String(d.getUTCSeconds()),
};
const compiledFormats = new Map<string, FormatPart[] | null>();

// dayjs's own tokeniser (dayjs/esm/constant.js): longest tokens first, so `MMM` is one token and never `MM` + `M`.
const DAYJS_TOKENS = /\[([^\]]+)]|YYYY|YY|M{1,4}|D{1,2}|d{1,4}|H{1,2}|h{1,2}|a|A|m{1,2}|s{1,2}|Z{1,2}|SSS/g;

/** Splits a dayjs pattern into literal text and the common numeric tokens; null when a token needs dayjs itself. */
function compileFormat(format: string): FormatPart[] | null {
  const cached = compiledFormats.get(format);
  if (cached !== undefined) return cached;
  const parts: FormatPart[] = [];
  let last = 0;
  let ok = true;
  for (const m of format.matchAll(DAYJS_TOKENS)) {
    if (m.index > last) parts.push(format.slice(last, m.index));
    last = m.index + m[0].length;
    const fast = FAST_TOKENS[m[0]];
    if (m[1] !== undefined) parts.push(m[1]);
    else if (fast) parts.push(fast);
    else ok = false;
  }
  if (last < format.length) parts.push(format.slice(last));
  const result = ok ? parts : null;
  if (compiledFormats.size > 200) compiledFormats.clear();
  compiledFormats.set(format, result);
  return result;
}

/** Formats a time (unix seconds or ms) with a dayjs pattern in an IANA zone. */
export function formatTimestamp(value: unknown, format: string, zone: string): string {
  const ms = toMillis(value);
  if (ms === undefined) return typeof value === 'string' ? value : '';
  const offset = zoneOffsetMinutes(zone, ms);
  const parts = compileFormat(format);
  // The common numeric patterns are formatted directly (dayjs costs ~10 µs a call); the rest go through dayjs.
  if (!parts) return dayjs(ms).utcOffset(offset).format(format);
  const wall = new Date(ms + offset * 60000);
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? part : part(wall);
  return out;
}

// --- text ------------------------------------------------------------------------------------------------------

const text = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? '';
};

const BLOCK_MARKER =
  /^(\s*)(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|\d{1,9}[.)](?=\s|$)|(?:-{3,}|={3,}|\*{3,}|_{3,})\s*$|```|~~~)/;

/** Escapes a Markdown block marker at the start of a line (`#`, `>`, `-`, `1.`, `---`, fences) so it stays text. */
export function escapeBlockStart(line: string): string {
  const m = BLOCK_MARKER.exec(line);
  if (!m) return line;
  // A backslash escapes only punctuation: in "1." it goes before the dot; other markers get it in front.
  const at = /^\d/.test(m[2]!) ? m[1]!.length + m[2]!.length - 1 : m[1]!.length;
  return line.slice(0, at) + '\\' + line.slice(at);
}

/**
 * Keeps multi-line text inside the Markdown block it starts in: every line after the first gets `prefix`
 * (e.g. four spaces under a list item, `> ` in a callout); an empty line gets the prefix without its trailing
 * spaces, so it stays empty under a list item and stays `>` inside a callout. CRLF becomes LF. A continuation
 * line that starts with a block marker (`#`, `>`, `- `, `1. `, `---`, a fence) is escaped so it cannot open a
 * heading, quote, list or code block inside the item; `escapeFirst` does the same for the first line.
 */
export function indentLines(value: unknown, prefix = '    ', escapeFirst = false): string {
  const s = text(value);
  if (!s.includes('\n') && !s.includes('\r')) return escapeFirst ? escapeBlockStart(s) : s;
  const blank = prefix.replace(/[ \t]+$/, '');
  const lines = s.replace(/\r\n?/g, '\n').split('\n');
  let out = escapeFirst ? escapeBlockStart(lines[0]!) : lines[0]!;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    out += '\n' + (line === '' ? blank : prefix + escapeBlockStart(line));
  }
  return out;
}

/** Joins all lines into one (for headings, link text, table cells): line breaks and runs around them become one space. */
export function oneLine(value: unknown): string {
  // Split, then trim each line: linear (a `\s*[\r\n]+\s*` pattern took a minute on 200,000 spaces).
  const lines = text(value).split(/[\r\n]+/);
  if (lines.length === 1) return lines[0]!.trim();
  return lines
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

/** Escapes Markdown inline syntax so text shows literally (`* _ [ ] < > # | \` and backtick). */
export function mdEscape(value: unknown): string {
  return text(value).replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/** `#tag` / `#topic#` in WeRead text: group 1 is what precedes the `#`, group 2 the tag. */
export const TAG = /(^|[\s(（，。、；：！？,.;:!?])#([^\s#[\]|^,，。；;:：!！?？()（）]+)#?/gu;

/** `#tag` (and WeRead's `#topic#`) → `[[tag]]`; a `#` in the middle of a word or URL is left alone. */
export function tagsToLinks(value: unknown): string {
  return text(value).replace(TAG, (_m, lead: string, tag: string) => `${lead}[[${tag}]]`);
}

/** A review's star value (100/80/60/40/20, or 1..5) as ★★★★☆; 0 or missing → ''. */
export function stars(value: unknown): string {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) return '';
  const count = Math.max(1, Math.min(5, n > 5 ? Math.round(n / 20) : Math.round(n)));
  return '★'.repeat(count) + '☆'.repeat(5 - count);
}

/** `#` repeated `level` times, clamped to 1–6 (Markdown has six heading levels). */
export function headingMarks(level: number): string {
  return '#'.repeat(Math.min(6, Math.max(1, Math.floor(level) || 1)));
}

// --- YAML values -----------------------------------------------------------------------------------------------

/** Always a double-quoted YAML string (JSON escapes are valid YAML); for ids such as bookId. */
export function yamlString(value: unknown): string {
  return JSON.stringify(unescapeMarkdownText(text(value)));
}

/** C0/C1 controls and the invisible separators YAML will not keep in a plain scalar. */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x85 || c === 0x2028 || c === 0x2029 || c === 0xfeff) return true;
  }
  return false;
}

const YAML_RESERVED =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N)$/;

const CANONICAL_INTEGER = /^-?(0|[1-9]\d*)$/;

/**
 * A YAML scalar for a frontmatter value: written plain when YAML reads it back as the same text (or as the same
 * number, e.g. an ISBN), otherwise double-quoted. Empty → '' (YAML null), as the older plugin wrote missing values.
 */
export function yamlValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Frontmatter is not Markdown: the escapes that keep WeRead's text inert in the body are undone here.
  const s = unescapeMarkdownText(text(value));
  if (s === '') return '';
  // Anything number-like (ISBN-10 "0306406152" is octal, "12:30" sexagesimal, "1e5", "1_000", "+1", ".5", a date)
  // is quoted unless YAML reads it back as exactly the same integer (the seed's `isbn: 9787115488763`).
  if (/^[-+]?\.?\d/.test(s))
    return CANONICAL_INTEGER.test(s) && Number.isSafeInteger(Number(s)) && s !== '-0' ? s : JSON.stringify(s);
  const plainSafe =
    !/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) &&
    !/\s$/.test(s) &&
    !/: |:$| #/.test(s) &&
    !hasControlCharacter(s) &&
    !YAML_RESERVED.test(s) &&
    !/^[-+]?\.(?:inf|nan)/i.test(s);
  return plainSafe ? s : JSON.stringify(s);
}

// --- registration ----------------------------------------------------------------------------------------------

interface FilterThis {
  ctx?: Record<string, unknown>;
}

function optionsOf(self: unknown): FilterOptions {
  const opts = (self as FilterThis | undefined)?.ctx?.[RENDER_OPTIONS_KEY] as FilterOptions | undefined;
  return opts ?? { timeZone: systemTimeZone(), colorNames: {}, penNames: {} };
}

/** Like Nunjucks' `replace`, plus the older plugin's `"/regex/flags"` strings. */
function replaceCompat(value: unknown, pattern: unknown, replacement: unknown, maxCount?: number): string {
  const s = text(value);
  const rep = text(replacement);
  if (pattern instanceof RegExp) return s.replace(pattern, rep);
  const p = text(pattern);
  const slash = p.lastIndexOf('/');
  if (p.startsWith('/') && slash > 0) {
    try {
      return s.replace(new RegExp(p.slice(1, slash), p.slice(slash + 1)), rep);
    } catch {
      // not a regular expression after all: replace the text literally
    }
  }
  if (p === '') return s;
  if (maxCount === undefined || maxCount < 0) return s.split(p).join(rep);
  let out = s;
  for (let i = 0; i < maxCount && out.includes(p); i++) out = out.replace(p, rep);
  return out;
}

type FilterFn = (this: unknown, ...args: never[]) => unknown;

/** Every custom filter by name (documented in docs/templates.md). */
export const FILTERS: Record<string, FilterFn> = {
  date(this: unknown, value: unknown, format = 'YYYY-MM-DD HH:mm:ss') {
    return formatTimestamp(value, format, optionsOf(this).timeZone);
  },
  formatDate(this: unknown, value: unknown, format = 'YYYY-MM-DD') {
    return formatTimestamp(value, format, optionsOf(this).timeZone);
  },
  formatDateTime(this: unknown, value: unknown, format = 'YYYY-MM-DD HH:mm:ss') {
    return formatTimestamp(value, format, optionsOf(this).timeZone);
  },
  formatTime(this: unknown, value: unknown, format = 'HH:mm:ss') {
    return formatTimestamp(value, format, optionsOf(this).timeZone);
  },
  blockId: (value: unknown) => toBlockId(text(value)),
  heading: (level: unknown, offset = 0) => headingMarks(Number(level) + Number(offset)),
  indentLines: (value: unknown, prefix?: string, escapeFirst?: boolean) =>
    indentLines(value, prefix, escapeFirst === true),
  quoteLines: (value: unknown, prefix = '> ') => indentLines(value, prefix, true),
  oneLine: (value: unknown) => oneLine(value),
  mdEscape: (value: unknown) => mdEscape(value),
  tagsToLinks: (value: unknown) => tagsToLinks(value),
  stars: (value: unknown) => stars(value),
  yaml: (value: unknown) => yamlValue(value),
  yamlString: (value: unknown) => yamlString(value),
  colorName(this: unknown, value: unknown) {
    return optionsOf(this).colorNames[text(value)] ?? text(value);
  },
  penName(this: unknown, value: unknown) {
    return optionsOf(this).penNames[text(value)] ?? text(value);
  },
  split: (value: unknown, separator = ',') =>
    value === undefined || value === null || value === '' ? [] : text(value).split(separator),
  replace: (value: unknown, pattern: unknown, replacement: unknown, maxCount?: number) =>
    replaceCompat(value, pattern, replacement, maxCount),
};
