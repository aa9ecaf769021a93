/** Note file names and folders: safe on Windows, macOS, Linux, Android and iOS, and inside Obsidian links. */
import type { Notebook } from '../model/notebook';
import type { Settings } from '../settings/settings';

export type FileNameSettings = Pick<Settings, 'fileNamePattern' | 'subfolder'>;

/** Longest name part in UTF-8 bytes (most file systems allow 255; leave room for " (bookId)" and ".md"). */
const MAX_NAME_BYTES = 200;
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// Also the bidi embeddings/overrides/isolates (a U+202E makes `gpj.exe` display as `exe.jpg`) and U+FFFC.
const UNSAFE = /[\\/:*?"<>|#^[\]\u200b\u200e\u200f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069\ufffc]/g;

/** Control characters (C0, DEL, C1) → space. */
function withoutControls(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || (c >= 0x7f && c <= 0x9f) ? ' ' : ch;
  }
  return out;
}

/** Cuts `s` to at most `maxBytes` UTF-8 bytes without splitting a code point (or a surrogate pair). */
export function truncateUtf8(s: string, maxBytes: number): string {
  let bytes = 0;
  let i = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += ch.length;
  }
  return s.slice(0, i);
}

/**
 * One safe path segment: characters that break file systems or Obsidian links (`\ / : * ? " < > | # ^ [ ]`,
 * control characters) become spaces or full-width look-alikes, runs of spaces collapse, leading dots and
 * trailing dots/spaces go, reserved Windows names get a `_`, and the result fits in `maxBytes` UTF-8 bytes.
 * Never empty: falls back to `fallback`.
 */
export function sanitizeFileName(raw: string, fallback = 'Untitled', maxBytes = MAX_NAME_BYTES): string {
  let s = withoutControls(raw.normalize('NFC')).replace(UNSAFE, (c) => FULL_WIDTH[c] ?? ' ');
  s = s.replace(/\s+/g, ' ').trim();
  s = s.replace(/^[.\s]+/, '');
  s = truncateUtf8(s, maxBytes);
  s = s.replace(/[.\s]+$/, '');
  if (RESERVED.test(s)) s = s.replace(/^([^.]*)/, '$1_');
  if (s === '') return fallback === raw ? 'Untitled' : sanitizeFileName(fallback, 'Untitled', maxBytes);
  return s;
}

/** Look-alikes that keep a title readable (《Python：深度学习》 stays close to the original). */
const FULL_WIDTH: Record<string, string> = {
  ':': '：',
  '?': '？',
  '*': '＊',
  '"': '＂',
  '<': '＜',
  '>': '＞',
  '|': '｜',
  '/': '／',
  '\\': '＼',
  '[': '［',
  ']': '］',
  '#': '＃',
  '^': '＾',
};

function fields(notebook: Notebook): Record<string, string> {
  const { entry, info } = notebook;
  return {
    title: info.title || entry.title,
    author: info.author ?? entry.author ?? '',
    bookId: entry.bookId,
    category: info.category ?? '',
  };
}

/** The note's file name (without `.md`) from the `fileNamePattern` setting: {{title}}, {{author}}, {{bookId}}, {{category}}. */
export function noteFileName(notebook: Notebook, settings: Pick<Settings, 'fileNamePattern'>): string {
  // Capped first: a title of 200,000 spaces must not reach the patterns below (they would be quadratic on it).
  const values = Object.fromEntries(Object.entries(fields(notebook)).map(([k, v]) => [k, v.slice(0, 1000)]));
  const pattern = settings.fileNamePattern.trim() || '{{title}}';
  const name = pattern.replace(/\{\{\s*(title|author|bookId|category)\s*\}\}/g, (_m, key: string) => values[key] ?? '');
  // Separators left dangling by empty fields ("Title - " when there is no author) are dropped.
  const tidy = name.replace(/\s*[-_–—]\s*$/u, '').replace(/^\s*[-_–—]\s*/u, '');
  return sanitizeFileName(tidy, sanitizeFileName(values.title || values.bookId!, values.bookId));
}

/**
 * The sub-folder (relative to the notes folder, '/'-separated, '' for none) for the `subfolder` setting:
 * 'category' → "计算机/编程设计" from "计算机-编程设计"; 'category-top' → "计算机"; uncategorized books go to the root;
 * 'title' → one folder per book, named after its title (the older WeRead plugin's "title" sub-folders).
 */
export function noteFolder(notebook: Notebook, settings: Pick<Settings, 'subfolder'>): string {
  if (settings.subfolder === 'none') return '';
  if (settings.subfolder === 'title')
    return sanitizeFileName(notebook.info.title, sanitizeFileName(notebook.info.bookId, 'book'));
  const category = (notebook.info.category ?? notebook.info.categories?.[0] ?? '').trim();
  if (!category) return '';
  const parts = category
    .split('-')
    .map((p) => sanitizeFileName(p, ''))
    .filter((p) => p !== '' && p !== 'Untitled');
  if (parts.length === 0) return '';
  return settings.subfolder === 'category-top' ? parts[0]! : parts.join('/');
}

/**
 * `base` if free, else `base (bookId)`, else `base (bookId) 2`, 3, … — deterministic, so two books with the same
 * title always get the same two names. `taken` is asked about names without extension.
 */
export function uniqueName(base: string, taken: (name: string) => boolean, bookId: string): string {
  if (!taken(base)) return base;
  const suffix = ` (${sanitizeFileName(bookId, 'book')})`;
  const withId = truncateUtf8(base, MAX_NAME_BYTES + 40 - utf8Length(suffix)).replace(/[.\s]+$/, '') + suffix;
  if (!taken(withId)) return withId;
  for (let n = 2; ; n++) {
    const candidate = `${withId} ${n}`;
    if (!taken(candidate)) return candidate;
  }
}

function utf8Length(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** A note path that must not be written: it names what is wrong with it. */
export class UnsafeNotePathError extends Error {
  override name = 'UnsafeNotePathError';
  readonly kind = 'unsafe-path';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Refusing to write "${path}": ${reason}`);
  }
}

/** C0/C1 controls and the bidi overrides/isolates (U+202A–U+202E, U+2066–U+2069) that disguise a name. */
function hasUnsafeCharacter(s: string): boolean {
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
      return true;
  }
  return false;
}

/**
 * Why a vault-relative path is not a safe place for a note, or undefined when it is: it must be relative, use `/`,
 * have no empty, `.`, `..` or hidden (`.obsidian`, `.git`) segment, no control or bidi character, and end in `.md`.
 */
export function unsafeNotePathReason(path: string): string | undefined {
  if (path === '' || path.startsWith('/') || /^[a-zA-Z]:/.test(path)) return 'not a path inside the vault';
  if (path.includes('\\')) return 'a backslash in the path';
  if (hasUnsafeCharacter(path)) return 'a control character in the path';
  const segments = path.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'an empty, "." or ".." segment';
  if (segments.some((s) => s.startsWith('.'))) return 'a hidden folder or file';
  // Notes, and the library Base (issue 15) written next to them; nothing else is ours to write.
  if (!/\.(md|base)$/i.test(path)) return 'not a Markdown or Base file';
  return undefined;
}

/**
 * Checked before every write of a note: the path is safe (see unsafeNotePathReason) and, for a note the sync
 * creates, under the notes folder. (A note the reader moved elsewhere in the vault is still updated where it is.)
 */
export function assertNotePath(path: string, notesFolder: string, isNew: boolean): void {
  const reason = unsafeNotePathReason(path);
  if (reason) throw new UnsafeNotePathError(path, reason);
  const folder = notesFolder.replace(/^\/+|\/+$/g, '');
  if (isNew && folder !== '' && !path.toLowerCase().startsWith(`${folder.toLowerCase()}/`))
    throw new UnsafeNotePathError(path, `not under the notes folder "${folder}"`);
}
