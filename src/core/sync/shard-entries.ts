/**
 * A state shard's JSON object handled entry by entry, as UTF-8 bytes, never parsed whole nor made one string: split
 * into each note's entry, merged per note with what another writer put on disk (the later write wins), and joined
 * back. JSON's structure is ASCII, and no byte of a multi-byte UTF-8 character is, so the bytes are scanned as they
 * are. An entry is parsed only when its note is synced.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const UTF8 = new TextEncoder();
const TEXT = new TextDecoder();

function skipSpace(bytes: Uint8Array, i: number): number {
  for (;;) {
    const c = bytes[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return i;
    i++;
  }
}

/** The index just past the JSON string starting at `i` (a quote), or -1 when it does not end. */
function stringEnd(bytes: Uint8Array, i: number): number {
  let at = i + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, at);
    if (quote < 0) return -1;
    let slashes = 0;
    while (bytes[quote - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

/** The index just past the JSON value starting at `i`, or -1 when the bytes end inside it. */
function valueEnd(bytes: Uint8Array, i: number): number {
  const first = bytes[i];
  if (first === QUOTE) return stringEnd(bytes, i);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // A number, true, false or null: up to the next delimiter.
    let at = i;
    for (; at < bytes.length; at++) {
      const c = bytes[at]!;
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c <= 0x20) break;
    }
    return at > i ? at : -1;
  }
  let depth = 0;
  for (let at = i; at < bytes.length; at++) {
    const c = bytes[at];
    if (c === QUOTE) {
      const end = stringEnd(bytes, at);
      if (end < 0) return -1;
      at = end - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return at + 1;
  }
  return -1;
}

function parseKey(bytes: Uint8Array, start: number, end: number): string | null {
  try {
    const key: unknown = JSON.parse(TEXT.decode(bytes.subarray(start, end)));
    return typeof key === 'string' ? key : null;
  } catch {
    return null;
  }
}

/**
 * The entries of a shard's JSON object (UTF-8), each its value's bytes (a view into `bytes`), by key. A damaged shard
 * (torn, not an object) gives no entries: losing state is safe, its notes merge insert-only. An entry's own JSON is
 * checked when it is parsed.
 */
export function splitEntries(bytes: Uint8Array | null): Map<string, Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  const none = new Map<string, Uint8Array>();
  if (bytes === null) return entries;
  let i = skipSpace(bytes, 0);
  if (bytes[i] !== OPEN_BRACE) return none;
  i = skipSpace(bytes, i + 1);
  if (bytes[i] === CLOSE_BRACE) return skipSpace(bytes, i + 1) === bytes.length ? entries : none;
  for (;;) {
    if (bytes[i] !== QUOTE) return none;
    const keyEnd = stringEnd(bytes, i);
    const key = keyEnd < 0 ? null : parseKey(bytes, i, keyEnd);
    if (key === null) return none;
    i = skipSpace(bytes, keyEnd);
    if (bytes[i] !== COLON) return none;
    i = skipSpace(bytes, i + 1);
    const end = valueEnd(bytes, i);
    if (end < 0) return none;
    entries.set(key, bytes.subarray(i, end));
    i = skipSpace(bytes, end);
    const c = bytes[i];
    if (c === CLOSE_BRACE) return skipSpace(bytes, i + 1) === bytes.length ? entries : none;
    if (c !== COMMA) return none;
    i = skipSpace(bytes, i + 1);
  }
}

/**
 * A shard's JSON (UTF-8) from its entries, as the pieces to write one after another (the document `JSON.stringify` of
 * the object would give): no buffer of the whole shard is made, the values are the entries' own bytes.
 */
export function entryChunks(entries: ReadonlyMap<string, Uint8Array>): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let k = 0;
  for (const [key, value] of entries) chunks.push(UTF8.encode(`${k++ > 0 ? ',' : '{'}${JSON.stringify(key)}:`), value);
  chunks.push(UTF8.encode(k > 0 ? '}' : '{}'));
  return chunks;
}

/** The pieces of a document joined into one buffer. */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A shard's JSON (UTF-8) from its entries, in one buffer. */
export function joinEntries(entries: ReadonlyMap<string, Uint8Array>): Uint8Array {
  return concatBytes(entryChunks(entries));
}

/** When an entry was written: its leading `"t"` (entries are written with it first), 0 for an older entry without. */
export function writeTimeOf(entry: Uint8Array): number {
  const m = /^\{"t":(\d{1,16})[,}]/.exec(TEXT.decode(entry.subarray(0, 24)));
  return m ? Number(m[1]) : 0;
}

/**
 * What a shard holds after this writer's entries are written over what is on disk now: every note of either side;
 * a note both wrote keeps the later write (a tie is this writer's, it saw the disk's when it began).
 */
export function mergeEntries(
  onDisk: ReadonlyMap<string, Uint8Array>,
  mine: ReadonlyMap<string, Uint8Array>,
): Map<string, Uint8Array> {
  const merged = new Map(onDisk);
  for (const [key, entry] of mine) {
    const theirs = onDisk.get(key);
    if (theirs === undefined || writeTimeOf(theirs) <= writeTimeOf(entry)) merged.set(key, entry);
  }
  return merged;
}
