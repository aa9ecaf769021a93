/** Small line-level helpers on blocks: quoting a block in a callout, the deleted marker, headings above a line. */
import { isBlank, lineBlockId, type Segmented } from './segment';

const LIST_ITEM = /^([-*+]|\d+[.)])\s/;
const HEADING_LINE = /^#{1,6}\s/;

/** The quoted copy must not carry the block id: one id, one block. */
export function stripBlockId(line: string): string {
  return lineBlockId(line) === undefined ? line : line.replace(/\s*\^[A-Za-z0-9-]+[ \t]*$/, '');
}

/**
 * Lines quoted into a callout body, block ids removed and dedented to their least indentation: a quoted `💭` sub-line
 * reads `> - 💭 …` (a list), never `>     - 💭 …`, which Markdown shows as a code block.
 */
export function quoteLines(lines: readonly string[]): string[] {
  const indents = lines.filter((l) => !isBlank(l)).map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => (isBlank(l) ? '>' : `> ${stripBlockId(l.slice(cut))}`));
}

export function stripOuterBlank(lines: readonly string[]): string[] {
  let s = 0;
  let e = lines.length;
  while (s < e && isBlank(lines[s])) s++;
  while (e > s && isBlank(lines[e - 1])) e--;
  return lines.slice(s, e);
}

export function sameLines(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((l, i) => l === y[i]);
}

export function opensSection(lines: readonly string[]): boolean {
  return HEADING_LINE.test(lines.find((l) => !isBlank(l)) ?? '');
}

export function headingLevel(line: string): number {
  if (line.charCodeAt(0) !== 35) return 0;
  let n = 0;
  while (line.charCodeAt(n) === 35) n++;
  return n <= 6 && (line[n] === ' ' || line[n] === '\t') ? n : 0;
}

/** Where the deleted-on-WeRead marker goes in the block `lines[start, end)`, or undefined when it is already there. */
export function deletedMarkerEdit(
  lines: readonly string[],
  start: number,
  end: number,
  marker: string,
): { at: number; lines: string[] } | undefined {
  // A paragraph block's marker stands alone above it; another block's marker line (`    - ⚠️ …`) is not this one's.
  for (let k = Math.max(0, start - 2); k < start; k++) if (lines[k] === marker) return undefined;
  for (let k = start; k < end; k++) if ((lines[k] ?? '').includes(marker)) return undefined;
  const first = lines[start] ?? '';
  if (LIST_ITEM.test(first)) return { at: end, lines: [`    - ${marker}`] };
  if (first.startsWith('>')) return { at: end - start > 1 ? start + 1 : start, lines: [`> ${marker}`] };
  return { at: start, lines: [marker, ''] };
}

/** The block `lines[start, end)` with the deleted marker (a copy). */
export function withDeletedMarker(lines: readonly string[], start: number, end: number, marker: string): string[] {
  const edit = deletedMarkerEdit(lines, start, end, marker);
  const out = lines.slice();
  if (edit) out.splice(edit.at, 0, ...edit.lines);
  return out;
}

/** The last heading line above line `index` and its position, or undefined. */
export function headingAbove(seg: Segmented, index: number): { at: number; text: string } | undefined {
  let found: { at: number; text: string } | undefined;
  for (const u of seg.units) {
    if (u.start >= index) break;
    if (u.kind === 'heading') found = { at: u.start, text: seg.lines[u.start] ?? '' };
  }
  return found;
}

/** The index before which text appended to the body goes: before the final empty line of a newline-terminated text. */
export function endOfBody(lines: readonly string[], bodyStart: number): number {
  const n = lines.length;
  return n > bodyStart && lines[n - 1] === '' ? n - 1 : n;
}
