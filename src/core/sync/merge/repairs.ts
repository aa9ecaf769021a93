/**
 * The repair passes after the three-way merge, each a function of one merge state: the three inputs and the merged
 * lines segmented once, with every change queued as a line edit against that one segmentation and applied once.
 */
import { deletedMarkerEdit, headingLevel, quoteLines, sameLines, withDeletedMarker } from './blocks';
import { LineEdits } from './line-edits';
import { placeMissing } from './placement';
import { isBlank, type BlockUnit, type Segmented } from './segment';
import { mergeLineByLine } from './three-way';
import type { KeptBlock, MergeMessages } from './types';

export interface MergeState {
  base: Segmented;
  reader: Segmented;
  incoming: Segmented;
  /** The three-way merge's output, segmented once. */
  merged: Segmented;
  edits: LineEdits;
  /** Headings queued by the passes, by the merged line they go before. */
  insertedHeadings: Array<{ at: number; text: string }>;
  conflicts: string[];
  kept: KeptBlock[];
  removed: string[];
  linked: ReadonlySet<string>;
  messages: MergeMessages;
}

/** Block `id` where it stands in the merged text, unless a pass dropped it. */
function mergedUnitOf(state: MergeState, id: string): BlockUnit | undefined {
  for (const u of state.merged.units)
    if (u.kind === 'block' && u.id === id && !state.edits.isDropped(u.start)) return u;
  return undefined;
}

/**
 * Whether the reader made block `id` theirs: changed its lines, typed lines under it, or typed a paragraph right
 * after it (at column 0, before the next block). A paragraph at a chapter's end (only headings or the note's end
 * after it) belongs to the chapter, and a conflict callout (`>` lines) is the merge's text: neither keeps a block.
 */
function readerOwns(state: MergeState, id: string): boolean {
  const { base, reader } = state;
  const mine = reader.blocks.get(id);
  const was = base.blocks.get(id);
  if (!mine || !was) return true;
  const text = (seg: Segmented, u: BlockUnit) => seg.lines.slice(u.start, u.end).join('\n');
  if (text(reader, mine) !== text(base, was)) return true;
  const at = reader.units.indexOf(mine);
  const next = reader.units.slice(at + 1).find((u) => u.kind === 'heading' || u.kind === 'block');
  if (!next || next.kind === 'heading') return false;
  const baseLines = new Set(base.lines);
  return reader.lines.slice(mine.end, next.start).some((l) => !isBlank(l) && !l.startsWith('>') && !baseLines.has(l));
}

/** Drops a block with the blank line before it (the separator the rendering put there). */
function dropBlock(state: MergeState, u: BlockUnit): void {
  const { merged, edits } = state;
  edits.drop(u.start, u.end);
  if (u.start > merged.bodyStart && isBlank(merged.lines[u.start - 1])) edits.drop(u.start - 1, u.start);
}

/** A block the reader deleted never comes back, whatever the line alignment made of it. */
export function dropResurrected(state: MergeState): void {
  const { base, reader, merged } = state;
  for (const u of merged.units)
    if (u.kind === 'block' && base.blocks.has(u.id) && !reader.blocks.has(u.id)) dropBlock(state, u);
}

/**
 * A block the reader's file holds elsewhere than the base (a kept block WeRead brought back stays where the reader has
 * it) is, to the line alignment, deleted in one place and added in another: it comes out as the reader's copy alone.
 * WeRead's changes to its lines still apply, line by line as everywhere (a line both changed keeps the reader's text
 * and is left as it is).
 */
export function catchUpMovedBlocks(state: MergeState): void {
  const { base, reader, incoming, merged, edits } = state;
  const linesOf = (seg: Segmented, u: BlockUnit) => seg.lines.slice(u.start, u.end);
  for (const u of merged.units) {
    if (u.kind !== 'block' || edits.isDropped(u.start)) continue;
    const was = base.blocks.get(u.id);
    const mine = reader.blocks.get(u.id);
    const theirs = incoming.blocks.get(u.id);
    if (!was || !mine || !theirs || merged.blocks.get(u.id) !== u) continue;
    const current = linesOf(merged, u);
    if (!sameLines(current, linesOf(reader, mine)) || sameLines(linesOf(incoming, theirs), linesOf(base, was)))
      continue;
    const lineWise = mergeLineByLine(linesOf(base, was), current, linesOf(incoming, theirs));
    if (!lineWise || lineWise.conflicted || sameLines(lineWise.lines, current)) continue;
    edits.drop(u.start, u.end);
    edits.insert(u.start, lineWise.lines);
  }
}

/**
 * A chapter heading the line alignment wrote twice in a row (the reader's copy kept above their block, WeRead's copy
 * with the chapter's new highlights) is one heading: the second goes, its blocks join the section above. A heading
 * that the reader's file or the rendering has twice is left alone. Runs after the passes that restore headings.
 */
export function joinRepeatedHeadings(state: MergeState): void {
  const { reader, incoming, merged, edits } = state;
  const count = (seg: Segmented) => {
    const out = new Map<string, number>();
    for (const u of seg.units) if (u.kind === 'heading') out.set(u.path, (out.get(u.path) ?? 0) + 1);
    return out;
  };
  const inReader = count(reader);
  const inIncoming = count(incoming);
  const first = new Map<string, number>();
  const lines = merged.lines;
  for (const u of merged.units) {
    if (u.kind !== 'heading' || edits.isDropped(u.start)) continue;
    const earlier = first.get(u.path);
    if (earlier === undefined) {
      first.set(u.path, u.start);
      continue;
    }
    if ((inReader.get(u.path) ?? 0) > 1 || (inIncoming.get(u.path) ?? 0) > 1) continue;
    // Headings the other passes queued count too (a kept block's chapter heading restored between the two).
    const headingBetween = (at: number, level: number) =>
      at > earlier && at <= u.start && level > 0 && level <= u.level;
    const between =
      merged.units.some(
        (x) => x.kind === 'heading' && x !== u && !edits.isDropped(x.start) && headingBetween(x.start, x.level),
      ) || state.insertedHeadings.some((q) => headingBetween(q.at, headingLevel(q.text)));
    if (between) continue;
    let end = u.end;
    while (end < lines.length && isBlank(lines[end])) end++;
    // One blank line stays between the section above and the blocks that join it.
    if (end > u.end && !isBlank(lines[u.start - 1])) end--;
    edits.drop(u.start, end);
  }
}

/**
 * A block WeRead moved to another chapter that the reader had edited can stand twice (the reader's where it was, the
 * incoming one where it went). One id, one block: the reader's copy stays and the other is quoted after it as a conflict.
 */
export function keepOneCopyPerId(state: MergeState): void {
  const { base, reader, merged, edits } = state;
  const copies = new Map<string, BlockUnit[]>();
  for (const u of merged.units) {
    if (u.kind !== 'block' || edits.isDropped(u.start)) continue;
    const list = copies.get(u.id);
    if (list) list.push(u);
    else copies.set(u.id, [u]);
  }
  const baseCount = new Map<string, number>();
  for (const u of base.units) if (u.kind === 'block') baseCount.set(u.id, (baseCount.get(u.id) ?? 0) + 1);
  const textOf = (seg: Segmented, u: BlockUnit) => seg.lines.slice(u.start, u.end).join('\n');
  for (const [id, units] of copies) {
    const first = units[0];
    if (!first || units.length < 2 || (baseCount.get(id) ?? 0) > 1) continue;
    const readerBlock = reader.blocks.get(id);
    const readerText = readerBlock ? textOf(reader, readerBlock) : undefined;
    const keep = units.find((u) => textOf(merged, u) === readerText) ?? first;
    if (!base.blocks.has(id) && readerText !== undefined && textOf(merged, keep) === readerText) {
      keepReadersCopy(state, units, keep);
      continue;
    }
    const quoted: string[] = [];
    const keptLines = new Set(merged.lines.slice(keep.start, keep.end));
    for (const u of units) {
      if (u === keep) continue;
      dropBlock(state, u);
      const copy = merged.lines.slice(u.start, u.end);
      // A block new since the base that both sides inserted (another device synced it with a newer base) is one
      // change: the copy whose every line the reader's copy has is no conflict.
      if (!base.blocks.has(id) && copy.every((l) => keptLines.has(l))) continue;
      quoted.push(...quoteLines(copy));
    }
    if (quoted.length === 0) continue;
    edits.insert(keep.end, ['', `> [!warning] ${state.messages.conflictTitle}`, ...quoted]);
    state.conflicts.push(id);
  }
}

/**
 * A block new since the base that the reader's file already has (WeRead brought back a highlight the reader kept
 * after its deletion — same range, same id — or another device synced it with a newer base) is one block: the
 * reader's, where the reader has it. Without a base line nothing tells whose change a difference is, so nothing
 * conflicts.
 */
function keepReadersCopy(state: MergeState, units: BlockUnit[], mine: BlockUnit): void {
  for (const u of units) if (u !== mine) dropBlock(state, u);
}

/** A block the reader kept after WeRead deleted it that WeRead has again loses its deleted marker. */
function unmarkReturned(state: MergeState): void {
  const { base, incoming, merged, edits } = state;
  const markerLine = `    - ${state.messages.deletedMarker}`;
  for (const u of merged.units) {
    if (u.kind !== 'block' || base.blocks.has(u.id) || !incoming.blocks.has(u.id) || edits.isDropped(u.start)) continue;
    for (let k = u.start; k < u.end; k++) if (merged.lines[k] === markerLine) edits.drop(k, k + 1);
  }
}

/**
 * Blocks deleted on WeRead: the three-way merge already removed those the reader left alone. Those the reader
 * edited stay; those another note links to come back from the reader's file; both are marked, under their heading.
 */
export function settleDeletedBlocks(state: MergeState): void {
  const { base, reader, incoming, linked } = state;
  unmarkReturned(state);
  const reinsert = new Set<string>();
  const keptInMerged: string[] = [];
  for (const id of base.blocks.keys()) {
    if (incoming.blocks.has(id)) continue;
    const inMerged = mergedUnitOf(state, id);
    if (inMerged && (linked.has(id) || readerOwns(state, id))) {
      state.kept.push({ id, reason: linked.has(id) && !readerOwns(state, id) ? 'linked' : 'edited' });
      keptInMerged.push(id);
    } else if (inMerged) {
      // The line alignment kept a block the reader never touched (only text of the chapter or an old callout next
      // to it): WeRead's deletion stands.
      dropBlock(state, inMerged);
      state.removed.push(id);
    } else if (linked.has(id) && reader.blocks.has(id)) {
      state.kept.push({ id, reason: 'linked' });
      reinsert.add(id);
    } else state.removed.push(id);
  }
  if (reinsert.size) {
    const marker = state.messages.deletedMarker;
    const placed = placeMissing(reader, state.merged, state.edits, {
      wanted: (u) => reinsert.has(u.id),
      linesOf: (u) => withDeletedMarker(reader.lines.slice(u.start, u.end), 0, u.end - u.start, marker),
      missingHeadings: 'with-block',
      startAfterHeading: true,
    });
    state.insertedHeadings.push(...placed.headings);
  }
  // Heading first, then a marker that goes before the block's first line. Blocks only the reader has (kept in an
  // earlier sync) keep their headings too.
  // A marker at a block's end goes before a heading restored above the next block at that same line.
  const readerOnly = [...reader.blocks.keys()].filter((id) => !base.blocks.has(id) && !incoming.blocks.has(id));
  const markers = keptInMerged.flatMap((id) => {
    const block = state.merged.blocks.get(id);
    const edit = block && deletedMarkerEdit(state.merged.lines, block.start, block.end, state.messages.deletedMarker);
    return edit ? [{ edit, atEnd: block.start < edit.at }] : [];
  });
  for (const m of markers) if (m.atEnd) state.edits.insert(m.edit.at, m.edit.lines);
  restoreHeadings(state, [...keptInMerged, ...readerOnly]);
  for (const m of markers) if (!m.atEnd) state.edits.insert(m.edit.at, m.edit.lines);
}

/**
 * When WeRead deleted a chapter's last highlight, the new rendering drops the chapter heading (and maybe its parents)
 * too; a block kept for the reader must not end up under the chapter before it, so the headings it stood under in
 * the reader's file go back above it.
 */
function restoreHeadings(state: MergeState, ids: string[]): void {
  const { reader, merged } = state;
  const places: Array<{ mergedAt: number; readerAt: number }> = [];
  for (const id of ids) {
    const block = merged.blocks.get(id);
    const readerBlock = reader.blocks.get(id);
    if (block && readerBlock) places.push({ mergedAt: block.start, readerAt: readerBlock.start });
  }
  places.push(...readerTextPlaces(state));
  places.sort((x, y) => x.mergedAt - y.mergedAt);
  for (const { mergedAt, readerAt } of places) {
    const wanted = chainAt(reader.units, reader.lines, [], readerAt);
    const current = chainAt(merged.units, merged.lines, state.insertedHeadings, mergedAt);
    let same = 0;
    while (same < wanted.length && wanted[same] === current[same]) same++;
    const missing = wanted.slice(same).filter((h): h is string => h !== undefined);
    if (!missing.length) continue;
    let at = mergedAt;
    while (at > merged.bodyStart && isBlank(merged.lines[at - 1])) at--;
    state.edits.insert(at, missing);
    for (const text of missing) state.insertedHeadings.push({ at, text });
  }
}

/**
 * Where a paragraph the reader typed between blocks stands, in the merged text and in the reader's file: the first
 * line. Its chapter's heading stays above it when WeRead's rendering dropped the chapter.
 */
function readerTextPlaces(state: MergeState): Array<{ mergedAt: number; readerAt: number }> {
  const { base, reader, merged } = state;
  const baseLines = new Set(base.lines);
  const inUnit = (seg: Segmented) => {
    const marks = new Array<boolean>(seg.lines.length).fill(false);
    for (const u of seg.units) for (let k = u.start; k < u.end; k++) marks[k] = true;
    return marks;
  };
  const readerAt = new Map<string, number>();
  const readerInUnit = inUnit(reader);
  reader.lines.forEach((l, k) => {
    if (k >= reader.bodyStart && !readerInUnit[k] && !readerAt.has(l)) readerAt.set(l, k);
  });
  const mergedInUnit = inUnit(merged);
  const places: Array<{ mergedAt: number; readerAt: number }> = [];
  merged.lines.forEach((l, k) => {
    const at = readerAt.get(l);
    const text =
      k >= merged.bodyStart &&
      !mergedInUnit[k] &&
      !isBlank(l) &&
      !/^\s/.test(l) &&
      !l.startsWith('>') &&
      !baseLines.has(l) &&
      at !== undefined;
    if (text) places.push({ mergedAt: k, readerAt: at });
  });
  return places;
}

/** The heading lines (by level, index 0 = `#`) a line stands under, counting headings queued before it. */
function chainAt(
  units: Segmented['units'],
  lines: readonly string[],
  queued: ReadonlyArray<{ at: number; text: string }>,
  index: number,
): Array<string | undefined> {
  const events: Array<{ at: number; order: number; text: string }> = [];
  for (const u of units)
    if (u.kind === 'heading' && u.start < index) events.push({ at: u.start, order: 1, text: lines[u.start] ?? '' });
  for (const q of queued) if (q.at <= index) events.push({ at: q.at, order: 0, text: q.text });
  events.sort((x, y) => x.at - y.at || x.order - y.order);
  const chain: Array<string | undefined> = [];
  for (const e of events) {
    const level = headingLevel(e.text);
    if (level === 0) continue;
    chain.length = level - 1;
    chain[level - 1] = e.text;
  }
  return chain;
}
