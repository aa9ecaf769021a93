/** Splits a note into its structure: frontmatter keys, headings (by path) and `^block-id` blocks, in one linear pass. */

export interface HeadingUnit {
  kind: 'heading';
  /** Heading texts from the top level down to this one, joined by '\u0000'. */
  path: string;
  level: number;
  start: number;
  end: number;
}

export interface BlockUnit {
  kind: 'block';
  id: string;
  /** First line of the block (list item, callout or paragraph start). */
  start: number;
  /** One past the last non-blank line of the block (continuation lines included). */
  end: number;
}

export type Unit = HeadingUnit | BlockUnit;

export interface Segmented {
  lines: string[];
  /** Index of the first body line (after the closing `---` of the frontmatter), 0 without frontmatter. */
  bodyStart: number;
  /** Body units in document order. */
  units: Unit[];
  /** First occurrence of each block id. */
  blocks: Map<string, BlockUnit>;
  /** First occurrence of each heading path. */
  headings: Map<string, HeadingUnit>;
}

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const BLOCK_ID = /(?:^|\s)\^([A-Za-z0-9-]+)[ \t]*$/;
/** A line that is only a block id: it names the block before it. */
export const ID_ONLY = /^\^[A-Za-z0-9-]+[ \t]*$/;
const FENCE = /^[ \t]*(```|~~~)/;

/** Splits text into lines on '\n' (a '\r' before it is dropped by the caller's normalisation). */
export function splitLines(text: string): string[] {
  return text.split('\n');
}

/** The block id a line ends with, if any. */
export function lineBlockId(line: string): string | undefined {
  if (line.indexOf('^') < 0) return undefined;
  return BLOCK_ID.exec(line)?.[1];
}

export function isBlank(line: string | undefined): boolean {
  // Same whitespace as trim(), without allocating a trimmed copy of every line.
  return line === undefined || !NON_SPACE.test(line);
}

const NON_SPACE = /\S/;

function isIndented(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 32 || c === 9;
}

/** Index of the line after the closing frontmatter fence, or 0 when the text has no frontmatter. */
export function frontmatterEnd(lines: string[]): number {
  if (lines[0] !== '---' && lines[0] !== '---\r') return 0;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l === '---' || l === '...') return i + 1;
  }
  return 0;
}

/** One pass over the lines: a block starts at a non-blank, non-heading line in column 0 and runs over its
 * indented continuation lines (blank lines inside it included when indented lines follow them); callout
 * blocks run over their `>` lines. Blocks without a `^id` are not units. */
export function segment(lines: string[]): Segmented {
  const bodyStart = frontmatterEnd(lines);
  const units: Unit[] = [];
  const blocks = new Map<string, BlockUnit>();
  const headings = new Map<string, HeadingUnit>();
  const stack: string[] = [];
  // Start of the last block without an id: a paragraph that is only `^id` (as after a callout) names it.
  let lastPlainStart = -1;
  let i = bodyStart;
  const n = lines.length;
  while (i < n) {
    const line = lines[i]!;
    if (FENCE.test(line)) {
      // A fenced code block is never a unit; skip to its closing fence.
      const fence = FENCE.exec(line)![1]!;
      i++;
      while (i < n && !lines[i]!.trimStart().startsWith(fence)) i++;
      i++;
      continue;
    }
    if (isBlank(line) || isIndented(line)) {
      i++;
      continue;
    }
    const h = line.charCodeAt(0) === 35 ? HEADING.exec(line) : null;
    if (h) {
      const level = h[1]!.length;
      stack.length = level - 1;
      for (let k = 0; k < level - 1; k++) if (stack[k] === undefined) stack[k] = '';
      stack[level - 1] = h[2]!;
      lastPlainStart = -1;
      const unit: HeadingUnit = { kind: 'heading', path: stack.join('\u0000'), level, start: i, end: i + 1 };
      units.push(unit);
      if (!headings.has(unit.path)) headings.set(unit.path, unit);
      i++;
      continue;
    }
    const quoted = line.charCodeAt(0) === 62; // '>'
    let end = i + 1;
    let j = i + 1;
    while (j < n) {
      const l = lines[j]!;
      if (isBlank(l)) {
        let k = j + 1;
        while (k < n && isBlank(lines[k])) k++;
        if (k < n && isIndented(lines[k]!) && !quoted) {
          j = k;
          continue;
        }
        break;
      }
      if (isIndented(l) || (quoted && l.charCodeAt(0) === 62)) {
        end = j + 1;
        j++;
        continue;
      }
      break;
    }
    let id: string | undefined;
    for (let k = i; k < end && id === undefined; k++) id = lineBlockId(lines[k]!);
    if (id !== undefined) {
      const start = end === i + 1 && lastPlainStart >= 0 && ID_ONLY.test(line) ? lastPlainStart : i;
      const unit: BlockUnit = { kind: 'block', id, start, end };
      units.push(unit);
      if (!blocks.has(id)) blocks.set(id, unit);
      lastPlainStart = -1;
    } else lastPlainStart = i;
    i = end;
  }
  return { lines, bodyStart, units, blocks, headings };
}

/** The text of every block, by id (first occurrence). */
export function blockTexts(seg: Segmented): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, b] of seg.blocks) out.set(id, seg.lines.slice(b.start, b.end).join('\n'));
  return out;
}

/** Every block id in a run of lines (used on merge regions). */
export function idsIn(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const id = lineBlockId(l);
    if (id !== undefined) out.push(id);
  }
  return out;
}
