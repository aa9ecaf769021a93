/** Which note a file is: its frontmatter `bookId` (and `articleId` for a 公众号 article's own note), read and written. */
import { parseNote } from '../render/frontmatter';
import { noteKey } from './state';

function idValue(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

function frontmatterData(text: string): Record<string, unknown> | null {
  if (!text.startsWith('---') || text.indexOf('bookId') < 0) return null;
  try {
    return parseNote(text).data;
  } catch {
    return null;
  }
}

/** The bookId a note's frontmatter names, or null (no frontmatter, not YAML, no bookId). */
export function noteBookId(text: string): string | null {
  const data = frontmatterData(text);
  return data ? idValue(data['bookId']) : null;
}

/**
 * The note key (`noteKey`) a note's frontmatter names: its bookId, or `${bookId}#${articleId}` when it also names an
 * article; null when it names no book. A book's note and its articles' notes thus never stand for each other.
 */
export function noteKeyOf(text: string): string | null {
  const data = frontmatterData(text);
  return data ? noteKeyOfFrontmatter(data) : null;
}

/** `noteKeyOf` for frontmatter already parsed (by Obsidian's metadata cache, or a vault scan). */
export function noteKeyOfFrontmatter(data: Record<string, unknown>): string | null {
  const bookId = idValue(data['bookId']);
  if (bookId === null) return null;
  const articleId = idValue(data['articleId']);
  return noteKey(bookId, articleId ?? undefined);
}

const FRONTMATTER = /^---[^\S\n]*\n([\s\S]*?\n)?---[^\S\n]*(?:\n|$)/;

/**
 * The rendered note with `articleId: "<id>"` in its frontmatter, right after the `bookId` line (else last); a line
 * the template wrote is replaced. A note without frontmatter is returned as it is (it names no book either).
 */
export function withArticleId(text: string, articleId: string): string {
  const match = FRONTMATTER.exec(text);
  if (!match) return text;
  const line = `articleId: ${JSON.stringify(articleId)}`;
  const lines = (match[1] ?? '').split('\n');
  lines.pop(); // the '' after the last newline
  const kept = lines.filter((l) => !/^articleId\s*:/.test(l));
  const at = kept.findIndex((l) => /^bookId\s*:/.test(l));
  kept.splice(at < 0 ? kept.length : at + 1, 0, line);
  const opening = text.slice(0, text.indexOf('\n') + 1);
  const closing = match[0].slice(opening.length + (match[1]?.length ?? 0));
  return `${opening}${kept.join('\n')}\n${closing}${text.slice(match[0].length)}`;
}

/** The marker the older WeRead plugin put in every note's frontmatter; we keep writing it so its notes and ours are one kind. */
export const DOC_TYPE = 'weread-highlights-reviews';

/**
 * The rendered note with the identity a later sync finds it by: frontmatter with `doc_type` and `bookId`, added when
 * the template did not write them (a note is always found again, whatever template made it). Lines the template
 * wrote are kept as they are.
 */
export function withIdentity(text: string, bookId: string): string {
  const idLine = `bookId: ${JSON.stringify(bookId)}`;
  const match = FRONTMATTER.exec(text);
  if (!match) return `---\ndoc_type: ${DOC_TYPE}\n${idLine}\n---\n${text}`;
  const lines = (match[1] ?? '').split('\n');
  lines.pop(); // the '' after the last newline
  const missing = [
    ...(lines.some((l) => /^doc_type\s*:/.test(l)) ? [] : [`doc_type: ${DOC_TYPE}`]),
    ...(lines.some((l) => /^bookId\s*:/.test(l)) ? [] : [idLine]),
  ];
  if (missing.length === 0) return text;
  const opening = text.slice(0, text.indexOf('\n') + 1);
  const closing = match[0].slice(opening.length + (match[1]?.length ?? 0));
  return `${opening}${[...lines, ...missing].join('\n')}\n${closing}${text.slice(match[0].length)}`;
}
