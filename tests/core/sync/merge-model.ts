// The merge's outcome model: what a merged note must contain, stated at block level, independent of the merge code.
// A note of the default template is read as blocks (a `^id` line and the indented lines under it) under headings.
// Given base (last rendering), reader (the file) and incoming (new rendering), the merged note must have:
// - block set: an incoming block, unless the reader deleted it (it was in base, not in the file); a block deleted on
//   WeRead that the reader changed (kept, with the deleted marker); a block only the reader has; nothing else;
// - order and place: incoming blocks in incoming order (but for those the reader's file holds out of that order:
//   they stay where they are), each under its incoming heading (kept ones under the reader's);
// - lines: per rendered line of a block (the `📌` line, the `💭` line, the `⏱` line), the reader's text where the
//   reader changed it, else WeRead's; a conflict exactly where both changed that line to different texts;
// - no chapter heading written twice in a row (unless the file or the rendering has it twice);
// - every other line the reader typed, under the same block (or heading) it sat under in the file;
// - loose text (column 0): above another block of its chapter it belongs to the block above it (that block is the
//   reader's: a WeRead deletion keeps it, marked); after a chapter's last block it belongs to the chapter (the block
//   may go; the text stays in its chapter, whose heading stays). It is never lost. Callout (`>`) lines are the merge's.

export const DELETED_MARKER = '⚠️ 已在微信读书中删除';

export interface NoteBlock {
  id: string;
  /** The `^id` line and the indented non-blank lines under it. */
  lines: string[];
  /** Heading lines above it, outermost first, joined by ' > '. */
  heading: string;
}

export interface ReadNote {
  blocks: Map<string, NoteBlock>;
  order: string[];
  /** Every body line that is not a block's own line, not blank, not a heading: its owner (the block or heading above). */
  looseLines: Array<{ line: string; owner: string; above: string; chapter: string; index: number }>;
  frontmatter: string[];
}

const ID_LINE = /\s\^([A-Za-z0-9-]+)\s*$/;
const HEADING = /^(#{1,6}) /;

const startsBlock = (line: string) => /^\S/.test(line) && ID_LINE.test(line);

export function readNote(text: string): ReadNote {
  const lines = text.split('\n');
  let i = 0;
  const frontmatter: string[] = [];
  if (lines[0] === '---') {
    i = lines.indexOf('---', 1) + 1;
    frontmatter.push(...lines.slice(1, i - 1));
  }
  const blocks = new Map<string, NoteBlock>();
  const order: string[] = [];
  const looseLines: ReadNote['looseLines'] = [];
  const headings: string[] = [];
  let owner = 'start';
  let current: NoteBlock | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const h = HEADING.exec(line);
    if (h) {
      headings.length = (h[1] ?? '#').length - 1;
      headings.push(line);
      owner = headings.join(' > ');
      current = undefined;
      continue;
    }
    if (line.trim() === '') continue;
    const id = /^\S/.test(line) ? ID_LINE.exec(line)?.[1] : undefined;
    if (id !== undefined) {
      current = { id, lines: [line], heading: headings.join(' > ') };
      if (!blocks.has(id)) {
        blocks.set(id, current);
        order.push(id);
      }
      owner = id;
    } else if (current && /^\s/.test(line)) current.lines.push(line);
    else {
      current = undefined;
      looseLines.push({ line, owner, above: owner, chapter: headings.join(' > '), index: i });
    }
  }
  // Loose text after a chapter's last block (no block after it before the next heading or the end) belongs to the
  // chapter, not to a block: WeRead's new highlights of that chapter may come before it, and WeRead may delete the
  // block above it (the text stays, under its heading).
  for (const loose of looseLines) {
    let k = loose.index + 1;
    while (k < lines.length && !HEADING.test(lines[k] ?? '') && !startsBlock(lines[k] ?? '')) k++;
    if (k >= lines.length || HEADING.test(lines[k] ?? '')) loose.owner = `chapter ${loose.chapter}`;
  }
  return { blocks, order, looseLines, frontmatter };
}

/** The rendered line kinds of a block, keyed so a line is compared with the same line on the other side. */
function renderedLines(block: NoteBlock | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!block) return out;
  const first = block.lines[0];
  if (first !== undefined) out.set('first', first);
  for (const l of block.lines.slice(1)) {
    if (l.startsWith('    - 💭')) out.set('thought', l);
    else if (l.startsWith('    - ⏱')) out.set('time', l);
  }
  return out;
}

export interface Expected {
  present: string[];
  kept: string[];
  /** Incoming ids in incoming order (those present, but for those the reader's file holds out of that order). */
  incomingOrder: string[];
  heading: Map<string, string>;
  /** Lines that must stand in a block. */
  blockLines: Map<string, string[]>;
  conflicts: string[];
  /** Lines the reader typed outside rendered lines, with their owner. */
  readerLines: Array<{ line: string; owner: string; inBlock: boolean }>;
  readerFrontmatter: string[];
  /** How often each heading (with the headings above it) stands in the file or the rendering, at most. */
  headingsAllowed: Map<string, number>;
}

/** Each heading with the headings above it, counted. */
function headingCounts(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const { key } of headingsOf(text)) out.set(key, (out.get(key) ?? 0) + 1);
  return out;
}

/** The headings of a text in order: level and key (the heading with the headings above it). */
function headingsOf(text: string): Array<{ level: number; key: string }> {
  const out: Array<{ level: number; key: string }> = [];
  const chain: string[] = [];
  for (const line of text.split('\n')) {
    const h = HEADING.exec(line);
    if (!h) continue;
    chain.length = (h[1] ?? '#').length - 1;
    chain.push(line);
    out.push({ level: chain.length, key: chain.join(' > ') });
  }
  return out;
}

/** Headings that repeat the heading before them at their level or above (a chapter heading written twice in a row). */
function repeatedHeadings(text: string): string[] {
  const out: string[] = [];
  const headings = headingsOf(text);
  headings.forEach((h, k) => {
    const before = headings
      .slice(0, k)
      .reverse()
      .find((x) => x.level <= h.level);
    if (before?.key === h.key) out.push(h.key);
  });
  return out;
}

export function expectedOutcome(baseText: string, readerText: string, incomingText: string): Expected {
  const base = readNote(baseText);
  const reader = readNote(readerText);
  const incoming = readNote(incomingText);
  const baseLines = new Set(baseText.split('\n'));
  const present: string[] = [];
  const kept: string[] = [];
  const heading = new Map<string, string>();
  const blockLines = new Map<string, string[]>();
  const conflicts: string[] = [];
  const baseLoose = new Set(base.looseLines.map((l) => l.line));
  // A conflict callout (`>` lines) is the merge's own text, not the reader's: it makes no block the reader's.
  const ownsReaderLine = new Set(
    reader.looseLines.filter((l) => !baseLoose.has(l.line) && !l.line.startsWith('>')).map((l) => l.owner),
  );
  // A block is the reader's when they changed its lines or typed lines under it.
  const edited = (id: string) => {
    const b = base.blocks.get(id);
    const r = reader.blocks.get(id);
    return !b || !r || b.lines.join('\n') !== r.lines.join('\n') || ownsReaderLine.has(id);
  };
  for (const id of incoming.order) {
    if (base.blocks.has(id) && !reader.blocks.has(id)) continue;
    present.push(id);
    heading.set(id, incoming.blocks.get(id)?.heading ?? '');
    const b = renderedLines(base.blocks.get(id));
    const r = renderedLines(reader.blocks.get(id));
    const w = renderedLines(incoming.blocks.get(id));
    const want: string[] = [];
    let conflict = false;
    for (const kind of new Set([...b.keys(), ...r.keys(), ...w.keys()])) {
      const bl = b.get(kind);
      const rl = r.get(kind);
      const wl = w.get(kind);
      const readerChanged = reader.blocks.has(id) && rl !== bl;
      const incomingChanged = wl !== bl;
      if (readerChanged && incomingChanged && rl !== undefined && wl !== undefined && rl !== wl && bl !== undefined)
        conflict = true;
      const line = readerChanged ? rl : wl;
      if (line !== undefined) want.push(line);
    }
    if (conflict) conflicts.push(id);
    blockLines.set(id, want);
  }
  for (const id of reader.order) {
    if (incoming.blocks.has(id)) continue;
    const r = reader.blocks.get(id);
    if (!r) continue;
    if (base.blocks.has(id) && !edited(id)) continue;
    present.push(id);
    heading.set(id, r.heading);
    blockLines.set(
      id,
      r.lines.filter((l) => !l.includes(DELETED_MARKER)),
    );
    if (base.blocks.has(id)) kept.push(id);
  }
  const readerLines: Expected['readerLines'] = [];
  for (const [id, block] of reader.blocks)
    for (const l of block.lines.slice(1))
      if (!baseLines.has(l) && !l.startsWith('    - 💭') && !l.startsWith('    - ⏱') && !l.includes(DELETED_MARKER))
        readerLines.push({ line: l, owner: id, inBlock: true });
  for (const { line, owner } of reader.looseLines)
    if (!baseLines.has(line) && !line.startsWith('>')) readerLines.push({ line, owner, inBlock: false });
  const readerFrontmatter = reader.frontmatter.filter(
    (l) => !base.frontmatter.includes(l) && !incoming.frontmatter.some((x) => x.split(':')[0] === l.split(':')[0]),
  );
  const presentSet = new Set(present);
  // A block the reader's file holds out of the rendering's order (a kept block WeRead brought back, same range, same
  // id, where the reader has it) stays there: the merge moves nothing the reader has. Out of order = not in a longest
  // run of the file's blocks that follows the rendering's order.
  const headingsAllowed = headingCounts(readerText);
  for (const [h, n] of headingCounts(incomingText)) headingsAllowed.set(h, Math.max(n, headingsAllowed.get(h) ?? 1));
  const displaced = outOfOrder(
    reader.order.filter((id) => incoming.blocks.has(id)),
    incoming.order,
  );
  return {
    headingsAllowed,
    present,
    kept,
    incomingOrder: incoming.order.filter((id) => presentSet.has(id) && !displaced.has(id)),
    heading,
    blockLines,
    conflicts,
    readerLines,
    readerFrontmatter,
  };
}

/** The ids of `ids` outside a longest subsequence that follows `order` (the ones standing out of that order). */
function outOfOrder(ids: readonly string[], order: readonly string[]): Set<string> {
  const rank = ids.map((id) => order.indexOf(id));
  const best = rank.map(() => 1);
  const prev = rank.map(() => -1);
  rank.forEach((r, k) => {
    for (let j = 0; j < k; j++)
      if ((rank[j] ?? 0) < r && (best[j] ?? 0) + 1 > (best[k] ?? 0)) {
        best[k] = (best[j] ?? 0) + 1;
        prev[k] = j;
      }
  });
  let k = best.indexOf(Math.max(0, ...best));
  const inOrder = new Set<string>();
  while (k >= 0) {
    inOrder.add(ids[k] ?? '');
    k = prev[k] ?? -1;
  }
  return new Set(ids.filter((id) => !inOrder.has(id)));
}

/** Every way the merged note breaks the model, as readable lines (empty when it holds). */
export function violations(expected: Expected, mergedText: string, conflicts: readonly string[]): string[] {
  const merged = readNote(mergedText);
  const out: string[] = [];
  const want = new Set(expected.present);
  for (const id of expected.present) if (!merged.blocks.has(id)) out.push(`missing block ${id}`);
  for (const id of merged.order) if (!want.has(id)) out.push(`unexpected block ${id}`);
  const ids = mergedText.match(/\s\^[A-Za-z0-9-]+$/gm) ?? [];
  if (new Set(ids).size !== ids.length) out.push('a block id stands twice');
  const order = merged.order.filter((id) => expected.incomingOrder.includes(id));
  if (order.join(',') !== expected.incomingOrder.join(','))
    out.push(`order ${order.join(',')} ≠ ${expected.incomingOrder.join(',')}`);
  for (const [id, h] of expected.heading) {
    const got = merged.blocks.get(id);
    if (got && got.heading !== h) out.push(`${id} under "${got.heading}", expected "${h}"`);
  }
  for (const [id, lines] of expected.blockLines) {
    const got = merged.blocks.get(id);
    if (!got) continue;
    for (const l of lines) if (!got.lines.includes(l)) out.push(`${id} lacks line "${l}"`);
  }
  for (const id of expected.kept) {
    const got = merged.blocks.get(id);
    if (got && !got.lines.some((l) => l.includes(DELETED_MARKER))) out.push(`kept ${id} not marked`);
  }
  const mergedOwner = new Map<string, string>();
  for (const b of merged.blocks.values()) for (const l of b.lines.slice(1)) mergedOwner.set(l, b.id);
  // Loose text may stand under its block (the block above it) or in its chapter.
  const mergedPlaces = new Map<string, string[]>();
  for (const { line, owner, above, chapter } of merged.looseLines) {
    mergedOwner.set(line, owner);
    mergedPlaces.set(line, [above, `chapter ${chapter}`]);
  }
  for (const { line, owner } of expected.readerLines) {
    const got = mergedOwner.get(line);
    if (got === undefined) out.push(`reader line lost: "${line}"`);
    else if (got !== owner && !mergedPlaces.get(line)?.includes(owner))
      out.push(`reader line "${line}" under ${got}, expected ${owner}`);
  }
  for (const l of expected.readerFrontmatter) if (!merged.frontmatter.includes(l)) out.push(`frontmatter lost: ${l}`);
  for (const h of repeatedHeadings(mergedText))
    if ((expected.headingsAllowed.get(h) ?? 1) < 2) out.push(`heading written twice in a row: ${h}`);
  const gotConflicts = [...new Set(conflicts)].sort().join(',');
  if (gotConflicts !== [...expected.conflicts].sort().join(','))
    out.push(`conflicts ${gotConflicts} ≠ ${expected.conflicts.join(',')}`);
  return out;
}
