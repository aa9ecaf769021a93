/**
 * A state shard's JSON object handled entry by entry, never parsed whole: split into each note's entry text, merged
 * per note with what another writer put on disk (the later write wins), and joined back. Parsing a whole shard made
 * every notebook of it objects at once; an entry's text is a fraction of that, and is parsed only when used.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function skipSpace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** The index just past the JSON string starting at `i` (a quote), or -1 when it does not end. */
function stringEnd(text: string, i: number): number {
  let at = i + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return -1;
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** The index just past the JSON value starting at `i`, or -1 when the text ends inside it. */
function valueEnd(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return stringEnd(text, i);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number, true, false or null: up to the next delimiter.
    let at = i;
    for (; at < text.length; at++) {
      const c = text.charCodeAt(at);
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c <= 0x20) break;
    }
    return at > i ? at : -1;
  }
  let depth = 0;
  for (let at = i; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c === QUOTE) {
      const end = stringEnd(text, at);
      if (end < 0) return -1;
      at = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return at + 1;
  }
  return -1;
}

function parseKey(text: string, start: number, end: number): string | null {
  try {
    const key: unknown = JSON.parse(text.slice(start, end));
    return typeof key === 'string' ? key : null;
  } catch {
    return null;
  }
}

/**
 * The entries of a shard's JSON object, each as its value's text (a slice of `text`), by key. A damaged shard (torn,
 * not an object) gives no entries: losing state is safe, its notes merge insert-only. An entry's own text is checked
 * when it is parsed.
 */
export function splitEntries(text: string | null): Map<string, string> {
  const entries = new Map<string, string>();
  if (text === null) return entries;
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return new Map<string, string>();
  i = skipSpace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE)
    return skipSpace(text, i + 1) === text.length ? entries : new Map<string, string>();
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return new Map<string, string>();
    const keyEnd = stringEnd(text, i);
    const key = keyEnd < 0 ? null : parseKey(text, i, keyEnd);
    if (key === null) return new Map<string, string>();
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return new Map<string, string>();
    i = skipSpace(text, i + 1);
    const end = valueEnd(text, i);
    if (end < 0) return new Map<string, string>();
    entries.set(key, text.slice(i, end));
    i = skipSpace(text, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return skipSpace(text, i + 1) === text.length ? entries : new Map<string, string>();
    if (c !== COMMA) return new Map<string, string>();
    i = skipSpace(text, i + 1);
  }
}

/** A shard's JSON text from its entries' texts (the document `JSON.stringify` of the object would give). */
export function joinEntries(entries: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  for (const [key, value] of entries) parts.push(`${JSON.stringify(key)}:${value}`);
  return `{${parts.join(',')}}`;
}

/** When an entry was written: its leading `"t"` (entries are written with it first), 0 for an older entry without. */
export function writeTimeOf(entry: string): number {
  const m = /^\{"t":(\d{1,16})[,}]/.exec(entry.slice(0, 24));
  return m ? Number(m[1]) : 0;
}

/**
 * What a shard holds after this writer's entries are written over what is on disk now: every note of either side;
 * a note both wrote keeps the later write (a tie is this writer's, it saw the disk's when it began).
 */
export function mergeEntries(
  onDisk: ReadonlyMap<string, string>,
  mine: ReadonlyMap<string, string>,
): Map<string, string> {
  const merged = new Map(onDisk);
  for (const [key, entry] of mine) {
    const theirs = onDisk.get(key);
    if (theirs === undefined || writeTimeOf(theirs) <= writeTimeOf(entry)) merged.set(key, entry);
  }
  return merged;
}
