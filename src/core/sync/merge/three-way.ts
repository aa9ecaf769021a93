/**
 * diff3 over lines between the reader's file and the new rendering, anchored to block ids. Unlike plain diff3,
 * changes that merely touch (an insertion right after an edited line) are not conflicts; two insertions at one point
 * keep both (the reader's first); a true overlap keeps the reader's lines and shows the incoming ones in a warning
 * callout after the block.
 */
import { diffLines, type Hunk } from '../diff';
import { headingLevel, opensSection, quoteLines, sameLines, stripOuterBlank } from './blocks';
import { blockTexts, ID_ONLY, idsIn, isBlank, segment, type Segmented } from './segment';
import type { MergeMessages } from './types';

type Side = 'reader' | 'incoming';

interface SideHunk extends Hunk {
  side: Side;
  /** An insertion whose first non-blank line starts a unit of its own (a block or a heading). */
  opensUnit: boolean;
  /** The block ids an insertion brings (empty for a change). */
  brings: Set<string>;
}

interface Region {
  /** Base lines [rs, re) that one or more hunks change. */
  rs: number;
  re: number;
  hunks: SideHunk[];
}

export interface ThreeWayResult {
  lines: string[];
  conflicts: string[];
}

interface Callout {
  /** Output index after which the callout's block ends. */
  at: number;
  lines: string[];
}

/** What a conflict writes: the output so far, callouts to place, conflict ids. */
interface Emit {
  out: string[];
  callouts: Callout[];
  conflicts: string[];
  messages: MergeMessages;
}

export function threeWay(
  base: Segmented,
  reader: Segmented,
  incoming: Segmented,
  messages: MergeMessages,
): ThreeWayResult {
  const o = base.lines;
  if (sameLines(reader.lines, o)) return { lines: incoming.lines.slice(), conflicts: [] };
  if (sameLines(incoming.lines, o)) return { lines: reader.lines.slice(), conflicts: [] };
  const baseKeys = keyedLines(base);
  const regions = joinSameInserts(
    groupRegions([...sideHunks(baseKeys, reader, 'reader'), ...sideHunks(baseKeys, incoming, 'incoming')]),
    o,
  );
  const emit: Emit = { out: [], callouts: [], conflicts: [], messages };
  const sides = { reader: reader.lines, incoming: incoming.lines };
  let pos = 0;
  for (const region of regions) {
    emit.out.push(...o.slice(pos, region.rs));
    const only = region.hunks.length === 1 ? region.hunks[0] : undefined;
    const appended = only ? undefined : changeThenAppend(base, region, { reader, incoming });
    if (only) emit.out.push(...sides[only.side].slice(only.xStart, only.xEnd));
    else if (appended) emit.out.push(...appended);
    else {
      const readerLines = sideContent(o, region, 'reader', sides.reader);
      const incomingLines = sideContent(o, region, 'incoming', sides.incoming);
      resolveConflict(o.slice(region.rs, region.re), readerLines, incomingLines, emit, () =>
        enclosingBlockId(base, region.rs),
      );
    }
    pos = region.re;
  }
  emit.out.push(...o.slice(pos));
  return { lines: placeCallouts(emit.out, emit.callouts), conflicts: emit.conflicts };
}

function sideHunks(baseKeys: string[], x: Segmented, side: Side): SideHunk[] {
  const xKeys = keyedLines(x);
  const unitStarts = new Set(x.units.map((u) => u.start));
  const opensUnit = (h: Hunk) => {
    if (h.oStart !== h.oEnd) return false;
    let first = h.xStart;
    while (first < h.xEnd && isBlank(x.lines[first])) first++;
    return first < h.xEnd && unitStarts.has(first);
  };
  const brings = (h: Hunk) => {
    const found = new Set<string>();
    if (h.oStart !== h.oEnd) return found;
    const lines = x.lines.slice(h.xStart, h.xEnd);
    for (const id of idsIn(lines)) found.add(id);
    return found;
  };
  return diffLines(baseKeys, xKeys).flatMap((h) =>
    splitByUnit(h, baseKeys, xKeys).map((piece) => ({
      ...piece,
      side,
      opensUnit: opensUnit(piece),
      brings: brings(piece),
    })),
  );
}

/** The unit key a keyed line ends with: from its last key marker (\u0001 block, \u0002 end, \u0003 heading). */
function unitKeyOf(keyed: string | undefined): string {
  if (keyed === undefined) return '';
  for (let k = keyed.length - 1; k >= 0; k--) {
    const c = keyed.charCodeAt(k);
    // \u0000 separates the heading texts inside a heading's path: not a marker.
    if (c >= 1 && c <= 3) return keyed.slice(k);
  }
  return '';
}

/**
 * Splits a hunk that spans several units (a re-rendered time of one highlight and the deletion of the chapter after
 * it) into one hunk per unit, so a change next to it on the other side meets only the unit it touches.
 */
function splitByUnit(h: Hunk, oKeys: readonly string[], xKeys: readonly string[]): Hunk[] {
  const groups = (keys: readonly string[], from: number, to: number) => {
    const out: Array<{ key: string; start: number; end: number }> = [];
    for (let k = from; k < to; k++) {
      const key = unitKeyOf(keys[k]);
      const last = out[out.length - 1];
      if (last && last.key === key) last.end = k + 1;
      else out.push({ key, start: k, end: k + 1 });
    }
    return out;
  };
  const o = groups(oKeys, h.oStart, h.oEnd);
  const x = groups(xKeys, h.xStart, h.xEnd);
  // One unit on each side is one change, unless they are different units (lines added under the block above, the
  // block after it deleted): those are two changes, each meeting only what the other side did to its own unit. A
  // blank separator that merely passed to the next unit is no addition.
  const og0 = o[0];
  const xg0 = x[0];
  const oneChange =
    og0 === undefined ||
    xg0 === undefined ||
    og0.key === xg0.key ||
    xKeys.slice(xg0.start, xg0.end).every((k) => isBlank(k.slice(0, k.length - unitKeyOf(k).length)));
  if (o.length <= 1 && x.length <= 1 && oneChange) return [h];
  const pieces: Hunk[] = [];
  let oi = 0;
  let xi = 0;
  let oPos = h.oStart;
  let xPos = h.xStart;
  while (oi < o.length || xi < x.length) {
    const og = o[oi];
    const xg = x[xi];
    if (og && xg && og.key === xg.key) {
      pieces.push({ oStart: og.start, oEnd: og.end, xStart: xg.start, xEnd: xg.end });
      oi++;
      xi++;
    } else if (
      og &&
      xg &&
      xg.key.charCodeAt(0) === 3 &&
      !o.slice(oi).some((g) => g.key === xg.key) &&
      !x.slice(xi).some((g) => g.key === og.key)
    ) {
      // A section the reader opens here goes after the units they removed here: whatever WeRead adds in their place
      // belongs to the section above.
      pieces.push({ oStart: og.start, oEnd: og.end, xStart: xPos, xEnd: xPos });
      oi++;
    } else if (xg && (!og || !o.slice(oi).some((g) => g.key === xg.key))) {
      // Lines added to a unit (a sub-line under the block above) go before a unit removed after it.
      pieces.push({ oStart: oPos, oEnd: oPos, xStart: xg.start, xEnd: xg.end });
      xi++;
    } else if (og) {
      pieces.push({ oStart: og.start, oEnd: og.end, xStart: xPos, xEnd: xPos });
      oi++;
    }
    oPos = o[oi]?.start ?? h.oEnd;
    xPos = x[xi]?.start ?? h.xEnd;
  }
  return pieces;
}

/** Whether two o-ranges touch in a way no order can reconcile: real overlap, an insertion strictly inside a change, or two insertions at one point. */
function overlaps(rs: number, re: number, hs: number, he: number): boolean {
  const rEmpty = rs === re;
  const hEmpty = hs === he;
  if (!rEmpty && !hEmpty) return hs < re && rs < he;
  if (rEmpty && hEmpty) return rs === hs;
  if (hEmpty) return rs < hs && hs < re;
  return hs < rs && rs < he;
}

function groupRegions(hunks: SideHunk[]): Region[] {
  const isInsert = (h: Hunk) => (h.oEnd - h.oStart === 0 ? 0 : 1);
  hunks.sort((x, y) => x.oStart - y.oStart || isInsert(x) - isInsert(y));
  const regions: Region[] = [];
  for (const h of hunks) {
    const last = regions[regions.length - 1];
    // Lines added right after a change of the other side belong to the block that change ends: merged together
    // (a block or heading of their own belongs to no block above).
    const extendsChanged =
      h.oStart === h.oEnd &&
      !h.opensUnit &&
      last !== undefined &&
      last.re === h.oStart &&
      last.rs < last.re &&
      last.hunks.some((x) => x.side !== h.side);
    if (last && (extendsChanged || overlaps(last.rs, last.re, h.oStart, h.oEnd))) {
      last.hunks.push(h);
      last.re = Math.max(last.re, h.oEnd);
    } else regions.push({ rs: h.oStart, re: h.oEnd, hunks: [h] });
  }
  return regions;
}

/**
 * Both sides inserted the same block a few blank base lines apart (another device placed WeRead's new
 * blocks with its own spacing): the regions from one copy to the other, with only blank base lines between them,
 * become one, so the two copies meet as one change instead of both being written.
 */
function joinSameInserts(regions: Region[], o: readonly string[]): Region[] {
  const out: Region[] = [];
  const broughtBy = (r: Region, side: Side) =>
    new Set(r.hunks.filter((h) => h.side === side).flatMap((h) => [...h.brings]));
  const brought = regions.map((r) => ({ reader: broughtBy(r, 'reader'), incoming: broughtBy(r, 'incoming') }));
  const blankBetween = (from: number, to: number) => o.slice(from, to).every((l) => isBlank(l));
  for (let i = 0; i < regions.length; i++) {
    const first = regions[i]!;
    let last = i;
    for (let j = i + 1; j < regions.length && blankBetween(regions[j - 1]!.re, regions[j]!.rs); j++) {
      const [mine, later] = [brought[i]!, brought[j]!];
      const shares = (side: Side, other: Side) => [...mine[side]].some((k) => later[other].has(k));
      if (shares('reader', 'incoming') || shares('incoming', 'reader')) last = j;
    }
    if (last === i) {
      out.push(first);
      continue;
    }
    const joined = regions.slice(i, last + 1);
    out.push({ rs: first.rs, re: joined[joined.length - 1]!.re, hunks: joined.flatMap((r) => r.hunks) });
    i = last;
  }
  return out;
}

/**
 * One side changed lines of a block (a re-rendered time, an edited thought) and the other only added lines right
 * after them: both changes stand, no conflict — unless the change removed the block, which the added lines belong to.
 */
function changeThenAppend(base: Segmented, region: Region, segs: Record<Side, Segmented>): string[] | undefined {
  const [change, append] = region.hunks;
  if (region.hunks.length !== 2 || !change || !append || change.side === append.side) return undefined;
  if (change.oStart === change.oEnd || append.oStart !== append.oEnd || append.oStart !== change.oEnd) return undefined;
  const changed = segs[change.side];
  const replacement = changed.lines.slice(change.xStart, change.xEnd);
  const kept = new Set(idsIn(replacement));
  if (idsIn(base.lines.slice(change.oStart, change.oEnd)).some((id) => !kept.has(id))) return undefined;
  // Blocks new in the replacement follow the block the added lines belong to.
  let cut = change.xEnd;
  for (const u of changed.units) {
    if (u.start < change.xStart || u.start >= change.xEnd || (u.kind === 'block' && base.blocks.has(u.id))) continue;
    cut = u.start;
    break;
  }
  while (cut > change.xStart && isBlank(changed.lines[cut - 1])) cut--;
  const added = segs[append.side].lines.slice(append.xStart, append.xEnd);
  return [...changed.lines.slice(change.xStart, cut), ...added, ...changed.lines.slice(cut, change.xEnd)];
}

/** One side's text of a region: its hunks applied to the base lines of the region. */
function sideContent(o: readonly string[], region: Region, side: Side, src: readonly string[]): string[] {
  const content: string[] = [];
  let p = region.rs;
  for (const h of region.hunks) {
    if (h.side !== side) continue;
    content.push(...o.slice(p, h.oStart), ...src.slice(h.xStart, h.xEnd));
    p = h.oEnd;
  }
  content.push(...o.slice(p, region.re));
  return content;
}

/** A conflict inside a block whose id line was not touched (e.g. a callout's text line) is named by that block. */
function enclosingBlockId(base: Segmented, line: number): string | undefined {
  for (const u of base.units) if (u.kind === 'block' && u.start <= line && line < u.end) return u.id;
  return undefined;
}

function resolveConflict(
  baseLines: string[],
  readerLines: string[],
  incomingLines: string[],
  emit: Emit,
  enclosingId: () => string | undefined,
): void {
  const out = emit.out;
  // Every line of WeRead's side is already on the reader's, in order, and what WeRead dropped is gone there too: the
  // same change on both sides (another device merged it with a newer base), with the reader's own lines and spacing
  // around it. One change; the reader's lines stand, and nothing of WeRead's change is missing from them.
  if (alreadyOnReaderSide(baseLines, readerLines, incomingLines)) {
    out.push(...readerLines);
    return;
  }
  // Both sides replaced only blank lines (a separator): two insertions at one point, whatever either did to the blank.
  const blankOnly = baseLines.every((l) => isBlank(l));
  const lineWise = blankOnly ? undefined : mergeLineByLine(baseLines, readerLines, incomingLines);
  if (lineWise && !lineWise.conflicted) {
    out.push(...lineWise.lines);
    return;
  }
  if (blankOnly) {
    // Blocks both sides inserted (another device synced them with a newer base) are there once: the reader's copy.
    const both = insertedOnBothSides(baseLines, readerLines, segment(incomingLines), false);
    const newLines = incomingLines.filter((_, k) => !both[k]);
    // What is left may be the chapter heading of those blocks, which the reader's file has above them (elsewhere).
    const rest = withoutHeadingsOf(newLines, readerLines);
    if (both.includes(true) && rest.every((l) => isBlank(l) || headingLevel(l) > 0)) {
      out.push(...readerLines);
      return;
    }
    const interleaved = both.includes(true) ? readerCopiesInIncomingOrder(readerLines, incomingLines) : undefined;
    if (interleaved) {
      out.push(...interleaved);
      return;
    }
    // Both inserted at the same point: the reader's lines stay where they were typed, the incoming ones follow, unless
    // the reader opened a section of their own (a heading): what WeRead adds to the chapter above goes before it (and
    // after the reader's lines under the block above).
    const cut = opensSection(newLines) ? -1 : readerSectionStart(readerLines);
    if (cut >= 0) out.push(...readerLines.slice(0, cut), ...newLines, ...readerLines.slice(cut));
    else if (readerSectionStart(readerLines) >= 0) out.push(...mergeSections(readerLines, newLines));
    else out.push(...readerLines, ...withoutHeadingsOf(newLines, readerLines));
    return;
  }
  const known = new Set([...idsIn(baseLines), ...idsIn(readerLines)]);
  const knownLines = new Set([...baseLines, ...readerLines]);
  // New blocks and new headings among the incoming lines (with the blank lines before them) arrive as they are,
  // never inside a callout.
  const incomingSeg = segment(incomingLines);
  const isNew = new Array<boolean>(incomingLines.length).fill(false);
  let previousEnd = 0;
  for (const u of incomingSeg.units) {
    const fresh = u.kind === 'block' ? !known.has(u.id) : !knownLines.has(incomingLines[u.start] ?? '');
    if (fresh)
      for (let k = previousEnd; k < u.end; k++) isNew[k] = isNew[k] || k >= u.start || isBlank(incomingLines[k]);
    previousEnd = u.end;
  }
  // Blocks the reader deleted stay deleted, whatever WeRead did to them.
  const readerIds = new Set(idsIn(readerLines));
  const readerDeleted = deletedByReader(baseLines, readerIds, incomingSeg);
  const fresh = incomingLines.filter((_, k) => isNew[k]);
  const alreadyIn = insertedOnBothSides(baseLines, readerLines, incomingSeg, true);
  const changed = incomingLines.filter((_, k) => !isNew[k] && !readerDeleted[k] && !alreadyIn[k]);
  const text = (lines: readonly string[]) => lines.filter((l) => !isBlank(l));
  if (sameLines(text(readerLines), text(baseLines))) {
    // The reader changed only blank lines here: WeRead's version, without the blocks the reader deleted.
    out.push(...incomingLines.filter((_, k) => !readerDeleted[k]));
    return;
  }
  const baseIds = new Set(idsIn(baseLines));
  const insertedBoth = idsIn(incomingLines).some((id) => readerIds.has(id) && !baseIds.has(id));
  if (insertedBoth && sameLines(text(changed), text(baseLines))) {
    // WeRead's only changes here are blocks the reader's file already has (another device synced them with a newer
    // base): one change, not a conflict; the reader's copy stands with what they wrote under it.
    out.push(...readerLines, ...fresh);
    return;
  }
  const before = changed.every((l) => isBlank(l)) ? addedBeforeDeletion(baseLines, readerLines) : undefined;
  if (before) {
    // WeRead deleted the passage; the reader only added lines above it, which belong to what comes before.
    out.push(...before, ...fresh);
    return;
  }
  out.push(...(lineWise?.lines ?? readerLines));
  // The reader's side of a deleted block can still hold its blank separator line: blank counts as deleted.
  if (readerLines.every((l) => isBlank(l)) || changed.every((l) => isBlank(l))) {
    // The reader deleted what WeRead changed (the deletion stands), or WeRead deleted what the reader changed (their text stands).
    out.push(...fresh);
    return;
  }
  const ids = idsIn(baseLines);
  if (ids.length === 0) {
    const id = enclosingId();
    if (id !== undefined) ids.push(id);
  }
  emit.conflicts.push(...ids);
  const quoted = [`> [!warning] ${emit.messages.conflictTitle}`, ...quoteLines(stripOuterBlank(changed))];
  emit.callouts.push({ at: out.length, lines: quoted });
  out.push(...fresh);
}

/** Whether `part` has text and its non-blank lines appear in `whole` in the same order (blank lines are spacing). */
function containsInOrder(whole: readonly string[], part: readonly string[]): boolean {
  if (part.every((l) => isBlank(l))) return false;
  let k = 0;
  for (const line of part) {
    if (isBlank(line)) continue;
    while (k < whole.length && whole[k] !== line) k++;
    if (k === whole.length) return false;
    k++;
  }
  return true;
}

/**
 * Whether WeRead's side of a region is already on the reader's: its lines (without the blocks the reader deleted) are
 * there in order, and every base line WeRead dropped is gone there too.
 */
function alreadyOnReaderSide(baseLines: string[], readerLines: string[], incomingLines: string[]): boolean {
  const deleted = deletedByReader(baseLines, new Set(idsIn(readerLines)), segment(incomingLines));
  const wanted = incomingLines.filter((_, k) => !deleted[k]);
  return containsInOrder(readerLines, wanted) && deletionsApplied(baseLines, readerLines, incomingLines);
}

/** Per incoming line: whether it belongs to a block the reader deleted (in the base, not among `readerIds`). */
function deletedByReader(baseLines: string[], readerIds: ReadonlySet<string>, incomingSeg: Segmented): boolean[] {
  const baseIds = new Set(idsIn(baseLines));
  const deleted = new Array<boolean>(incomingSeg.lines.length).fill(false);
  for (const u of incomingSeg.units)
    if (u.kind === 'block' && baseIds.has(u.id) && !readerIds.has(u.id))
      for (let k = u.start; k < u.end; k++) deleted[k] = true;
  return deleted;
}

/**
 * Whether every base line WeRead dropped or changed is gone from the reader's side too — unless it belongs to a block
 * the reader made theirs (its text there differs from the base: lines typed under it, a rewrite; kept and marked
 * later) or is a heading (left above what the reader keeps in it).
 */
function deletionsApplied(baseLines: string[], readerLines: string[], incomingLines: string[]): boolean {
  const incoming = new Set(incomingLines);
  const reader = new Set(readerLines);
  const base = segment(baseLines);
  const readerTexts = blockTexts(segment(readerLines));
  const baseTexts = blockTexts(base);
  const readersOwn = new Array<boolean>(baseLines.length).fill(false);
  for (const u of base.units)
    if (u.kind === 'block' && readerTexts.get(u.id) !== baseTexts.get(u.id))
      for (let k = u.start; k < u.end; k++) readersOwn[k] = true;
  return baseLines.every(
    (l, k) => isBlank(l) || incoming.has(l) || !reader.has(l) || headingLevel(l) > 0 || readersOwn[k],
  );
}

/**
 * Per incoming line: whether it belongs to a block or heading that is new since the base and already in the reader's
 * lines (the same insert made on both sides), with the blank lines before it.
 */
function insertedOnBothSides(
  baseLines: string[],
  readerLines: string[],
  incomingSeg: Segmented,
  withHeadings: boolean,
): boolean[] {
  const baseIds = new Set(idsIn(baseLines));
  const readerIds = new Set(idsIn(readerLines));
  const baseSet = new Set(baseLines);
  const readerSet = new Set(readerLines);
  const lines = incomingSeg.lines;
  const marked = new Array<boolean>(lines.length).fill(false);
  let previousEnd = 0;
  for (const u of incomingSeg.units) {
    const first = lines[u.start] ?? '';
    const both =
      u.kind === 'block'
        ? readerIds.has(u.id) && !baseIds.has(u.id)
        : withHeadings && readerSet.has(first) && !baseSet.has(first);
    if (both) for (let k = previousEnd; k < u.end; k++) marked[k] = k >= u.start || isBlank(lines[k]);
    previousEnd = u.end;
  }
  return marked;
}

/**
 * When all the reader inserted here are blocks WeRead inserted too (a kept block WeRead brought back), the incoming
 * lines in their order with the reader's copy of each of those blocks; undefined when the reader added anything else.
 */
function readerCopiesInIncomingOrder(readerLines: string[], incomingLines: string[]): string[] | undefined {
  const readerSeg = segment(readerLines);
  const incomingSeg = segment(incomingLines);
  const inBlock = new Array<boolean>(readerLines.length).fill(false);
  for (const u of readerSeg.units) {
    if (u.kind !== 'block' || !incomingSeg.blocks.has(u.id)) return undefined;
    for (let k = u.start; k < u.end; k++) inBlock[k] = true;
  }
  if (readerLines.some((l, k) => !inBlock[k] && !isBlank(l))) return undefined;
  const out: string[] = [];
  let pos = 0;
  for (const u of incomingSeg.units) {
    const mine = u.kind === 'block' ? readerSeg.blocks.get(u.id) : undefined;
    if (!mine) continue;
    out.push(...incomingLines.slice(pos, u.start), ...readerLines.slice(mine.start, mine.end));
    pos = u.end;
  }
  out.push(...incomingLines.slice(pos));
  return out;
}

interface Section {
  path: string;
  lines: string[];
}

/** Lines before the first heading, then one section per heading (with the blank lines before the next one). */
function sectionsOf(lines: readonly string[]): { prefix: string[]; sections: Section[] } {
  const paths = headingPaths(lines);
  const prefix: string[] = [];
  const sections: Section[] = [];
  lines.forEach((l, k) => {
    const path = paths.get(k);
    const last = sections[sections.length - 1];
    if (path !== undefined) sections.push({ path, lines: [l] });
    else if (last) last.lines.push(l);
    else prefix.push(l);
  });
  return { prefix, sections };
}

/**
 * Both sides inserted sections at one point (a chapter kept for the reader, chapters new on WeRead): what stands
 * before any heading first (it belongs to the section above), then the reader's own sections, then WeRead's in
 * their order, a section both have written once with the reader's lines first.
 */
function mergeSections(readerLines: readonly string[], incomingLines: readonly string[]): string[] {
  const reader = sectionsOf(readerLines);
  const incoming = sectionsOf(incomingLines);
  const incomingPaths = new Set(incoming.sections.map((x) => x.path));
  // A heading the reader's lines have twice (an earlier merge wrote it twice) is one section: none of it is lost.
  const readerByPath = new Map<string, Section>();
  for (const x of reader.sections) {
    const known = readerByPath.get(x.path);
    if (known) known.lines.push(...x.lines);
    else readerByPath.set(x.path, { path: x.path, lines: x.lines.slice() });
  }
  const out = [...reader.prefix, ...incoming.prefix];
  for (const x of readerByPath.values()) if (!incomingPaths.has(x.path)) out.push(...x.lines);
  for (const x of incoming.sections) {
    const mine = readerByPath.get(x.path);
    if (!mine) {
      out.push(...x.lines);
      continue;
    }
    const body = x.lines.slice(1);
    while (body.length && isBlank(body[0])) body.shift();
    const own = mine.lines.slice();
    if (body.length && !isBlank(own[own.length - 1])) own.push('');
    out.push(...own, ...body);
  }
  return out;
}

/** Where the reader's inserted lines open a section (the blank lines before their first heading), -1 if they don't. */
function readerSectionStart(readerLines: readonly string[]): number {
  let at = readerLines.findIndex((l) => headingLevel(l) > 0);
  if (at < 0) return -1;
  while (at > 0 && isBlank(readerLines[at - 1])) at--;
  return at;
}

/**
 * Incoming lines without the headings the reader's lines already have (a chapter kept for the reader, then refilled),
 * compared by their heading path within the lines, so a `### 划线评论` of another chapter stays.
 */
function withoutHeadingsOf(incomingLines: readonly string[], readerLines: readonly string[]): string[] {
  const readerHeadings = new Set(headingPaths(readerLines).values());
  const incomingPaths = headingPaths(incomingLines);
  const out: string[] = [];
  let afterDropped = false;
  incomingLines.forEach((l, k) => {
    const path = incomingPaths.get(k);
    if (path !== undefined && readerHeadings.has(path)) afterDropped = true;
    else if (afterDropped && isBlank(l)) {
      // The blank lines after a dropped heading become one separator.
      if (!isBlank(out[out.length - 1]) || out.length === 0) out.push('');
    } else {
      afterDropped = false;
      out.push(l);
    }
  });
  return out;
}

/** Each heading line's path (the headings above it within these lines, then itself), by line index. */
function headingPaths(lines: readonly string[]): Map<number, string> {
  const chain: string[] = [];
  const paths = new Map<number, string>();
  lines.forEach((l, k) => {
    const level = headingLevel(l);
    if (level === 0) return;
    chain.length = level - 1;
    chain[level - 1] = l;
    paths.set(k, chain.join('\u0000'));
  });
  return paths;
}

/** The lines the reader added when they all stand before the first non-blank base line (else undefined). */
function addedBeforeDeletion(baseLines: readonly string[], readerLines: readonly string[]): string[] | undefined {
  let firstText = 0;
  while (firstText < baseLines.length && isBlank(baseLines[firstText])) firstText++;
  const added: string[] = [];
  for (const h of diffLines(baseLines, readerLines)) {
    if (h.oStart !== h.oEnd || h.oStart > firstText) return undefined;
    added.push(...readerLines.slice(h.xStart, h.xEnd));
  }
  return added.length && added.some((l) => !isBlank(l)) ? added : undefined;
}

/** A line's shape: its indentation, list or quote marker and leading symbol (`    - 💭`, `- 📌`, `    - ⏱`, `> ·`). */
function shapeOf(line: string): string {
  const m = /^(\s*(?:[-*+>]|\d+[.)])?\s*)(\S*)/.exec(line);
  const token = m?.[2] ?? '';
  return (m?.[1] ?? '') + (/[\p{L}\p{N}]/u.test(token) ? '·' : token);
}

/** Per base line: the side's version (undefined when deleted) and the lines it inserted before it (index = length: at the end). */
interface Aligned {
  version: Array<string | undefined>;
  before: string[][];
}

/** Aligns a side's lines with the base lines by shape, so a changed line faces the line it replaced. */
function alignByShape(baseLines: readonly string[], side: readonly string[]): Aligned {
  const version: Array<string | undefined> = baseLines.slice();
  const before: string[][] = baseLines.map(() => []);
  before.push([]);
  let k = 0;
  let x = 0;
  const copy = (untilBase: number) => {
    for (; k < untilBase; k++, x++) version[k] = side[x];
  };
  for (const h of diffLines(baseLines.map(shapeOf), side.map(shapeOf))) {
    copy(h.oStart);
    for (; k < h.oEnd; k++) version[k] = undefined;
    before[k]?.push(...side.slice(h.xStart, h.xEnd));
    x = h.xEnd;
  }
  copy(baseLines.length);
  return { version, before };
}

/**
 * Both sides changed lines of one passage: aligned line by line (by shape), a line only one side changed takes that
 * side's text and lines either side added stay; only a line both changed, differently, is a conflict (the reader's
 * text stays); where one side deleted a line the other changed, the reader's side stands. Undefined when a block is
 * gone on either side (the block-level rules decide that).
 */
export function mergeLineByLine(
  baseLines: readonly string[],
  readerLines: readonly string[],
  incomingLines: readonly string[],
): { lines: string[]; conflicted: boolean } | undefined {
  if (baseLines.length === 0) return undefined;
  // A block gone on either side is for the block-level rules (kept, deleted), not a line merge.
  const readerIds = new Set(idsIn(readerLines));
  const incomingIds = new Set(idsIn(incomingLines));
  if (idsIn(baseLines).some((id) => !readerIds.has(id) || !incomingIds.has(id))) return undefined;
  const r = alignByShape(baseLines, readerLines);
  const w = alignByShape(baseLines, incomingLines);
  let conflicted = false;
  const lines: string[] = [];
  for (let k = 0; k <= baseLines.length; k++) {
    // Lines both sides inserted at one point (WeRead's new thought, already merged by another device) are there once.
    const readerAdded = r.before[k] ?? [];
    lines.push(...readerAdded, ...(w.before[k] ?? []).filter((l) => !readerAdded.includes(l)));
    if (k === baseLines.length) break;
    const b = baseLines[k];
    const rl = r.version[k];
    const wl = w.version[k];
    if (rl === b) {
      if (wl !== undefined) lines.push(wl);
    } else if (wl === b || wl === rl) {
      if (rl !== undefined) lines.push(rl);
    } else if (rl === undefined || wl === undefined) {
      // One side deleted a line the other changed: the reader's side stands (their text, or their deletion).
      if (rl !== undefined) lines.push(rl);
    } else {
      conflicted = true;
      lines.push(rl);
    }
  }
  return { lines, conflicted };
}

/** Places each callout after the block its conflict sits in, so list items keep their sub-lines. */
function placeCallouts(lines: string[], callouts: Callout[]): string[] {
  const out = lines;
  for (let c = callouts.length - 1; c >= 0; c--) {
    const callout = callouts[c];
    if (!callout) continue;
    const quoted = (out[callout.at - 1] ?? '').startsWith('>');
    let j = callout.at;
    for (; j < out.length; j++) {
      const l = out[j] ?? '';
      if (isBlank(l) || !(l.startsWith(' ') || l.startsWith('\t') || (quoted && l.startsWith('>')))) break;
    }
    // A callout's `^id` on its own line after a blank line belongs to it: the warning goes after that.
    if (isBlank(out[j]) && ID_ONLY.test(out[j + 1] ?? '')) j += 2;
    // The callout an earlier sync left for this passage is replaced, not stacked under a second one.
    if (isBlank(out[j]) && out[j + 1] === callout.lines[0]) {
      let e = j + 2;
      while ((out[e] ?? '').startsWith('>')) e++;
      out.splice(j, e - j, '', ...callout.lines);
      continue;
    }
    const insert = ['', ...callout.lines];
    if (j < out.length && !isBlank(out[j])) insert.push('');
    out.splice(j, 0, ...insert);
  }
  return out;
}

/**
 * Lines keyed by the unit they belong to, so the LCS never matches a line of one highlight with an identical line
 * of another (two `⏱` lines with the same time, blank separators) and aligns notes block by block. Text between
 * units (a paragraph the reader typed under a block or heading) belongs to the unit above it, with the blank lines
 * before it; the blank separators after it belong to the unit that follows.
 */
function keyedLines(seg: Segmented): string[] {
  const lines = seg.lines;
  if (seg.units.length === 0) return lines;
  const keys = lines.slice();
  let next = lines.length;
  let nextKey = '\u0002end';
  for (let ui = seg.units.length - 1; ui >= -1; ui--) {
    const u = ui >= 0 ? seg.units[ui] : undefined;
    const uEnd = u ? u.end : seg.bodyStart;
    const key = u ? (u.kind === 'block' ? `\u0001${u.id}` : `\u0003${u.path}`) : nextKey;
    // Text under a heading is not the heading (a section the reader opens): it has its own key.
    const textKey = u?.kind === 'heading' ? `\u0002text${u.path}` : key;
    let textEnd = next;
    while (textEnd > uEnd && isBlank(lines[textEnd - 1])) textEnd--;
    for (let k = uEnd; k < next; k++) keys[k] = `${lines[k] ?? ''}${k < textEnd ? textKey : nextKey}`;
    if (!u) break;
    for (let k = u.start; k < u.end; k++) keys[k] = `${lines[k] ?? ''}${key}`;
    next = u.start;
    nextKey = key;
  }
  return keys;
}
