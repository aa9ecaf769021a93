/**
 * diff3 over lines between the reader's file and the new rendering, anchored to block ids. Unlike plain diff3,
 * changes that merely touch (an insertion right after an edited line) are not conflicts; two insertions at one point
 * keep both (the reader's first); a true overlap keeps the reader's lines and shows the incoming ones in a warning
 * callout after the block.
 */
import { diffLines, type Hunk } from '../diff';
import { opensSection, quoteLines, sameLines, stripOuterBlank } from './blocks';
import { ID_ONLY, idsIn, isBlank, segment, type Segmented } from './segment';
import type { MergeMessages } from './types';

type Side = 'reader' | 'incoming';

interface SideHunk extends Hunk {
  side: Side;
  /** A pure insertion whose first non-blank line is indented: it continues the block above it. */
  continues: boolean;
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
  const regions = groupRegions([
    ...sideHunks(baseKeys, reader, 'reader'),
    ...sideHunks(baseKeys, incoming, 'incoming'),
  ]);
  const emit: Emit = { out: [], callouts: [], conflicts: [], messages };
  const sides = { reader: reader.lines, incoming: incoming.lines };
  let pos = 0;
  for (const region of regions) {
    emit.out.push(...o.slice(pos, region.rs));
    const only = region.hunks.length === 1 ? region.hunks[0] : undefined;
    const appended = only ? undefined : changeThenAppend(o, region, sides);
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
  const lines = x.lines;
  return diffLines(baseKeys, keyedLines(x)).map((h) => {
    let continues = false;
    if (h.oStart === h.oEnd) {
      let k = h.xStart;
      while (k < h.xEnd && isBlank(lines[k])) k++;
      const first = k < h.xEnd ? (lines[k] ?? '') : '';
      continues = first.startsWith(' ') || first.startsWith('\t');
    }
    return { ...h, side, continues };
  });
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
    // Lines continuing a block (an indented sub-line) conflict with a change that ends that block.
    const extendsChanged =
      h.continues &&
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
 * One side changed lines of a block (a re-rendered time, an edited thought) and the other only added lines right
 * after them: both changes stand, no conflict — unless the change removed the block, which the added lines belong to.
 */
function changeThenAppend(
  o: readonly string[],
  region: Region,
  sides: Record<Side, readonly string[]>,
): string[] | undefined {
  const [change, append] = region.hunks;
  if (region.hunks.length !== 2 || !change || !append || change.side === append.side) return undefined;
  if (change.oStart === change.oEnd || append.oStart !== append.oEnd || append.oStart !== change.oEnd) return undefined;
  const replacement = sides[change.side].slice(change.xStart, change.xEnd);
  const kept = new Set(idsIn(replacement));
  if (idsIn(o.slice(change.oStart, change.oEnd)).some((id) => !kept.has(id))) return undefined;
  return [...replacement, ...sides[append.side].slice(append.xStart, append.xEnd)];
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
  if (sameLines(readerLines, incomingLines)) {
    out.push(...readerLines);
    return;
  }
  const lineWise = mergeLineByLine(baseLines, readerLines, incomingLines);
  if (lineWise && !lineWise.conflicted) {
    out.push(...lineWise.lines);
    return;
  }
  if (baseLines.length === 0) {
    // Both inserted at the same point: the reader's lines stay where they were typed, the incoming ones follow, unless
    // the reader opened a section of their own (a heading): what WeRead adds to the chapter above goes before it.
    if (opensSection(readerLines) && !opensSection(incomingLines)) out.push(...incomingLines, ...readerLines);
    else out.push(...readerLines, ...incomingLines);
    return;
  }
  const known = new Set([...idsIn(baseLines), ...idsIn(readerLines)]);
  // New blocks among the incoming lines arrive as blocks, never inside a callout.
  const incomingSeg = segment(incomingLines);
  const isNew = new Array<boolean>(incomingLines.length).fill(false);
  for (const u of incomingSeg.units)
    if (u.kind === 'block' && !known.has(u.id)) for (let k = u.start; k < u.end; k++) isNew[k] = true;
  const fresh = incomingLines.filter((_, k) => isNew[k]);
  const changed = incomingLines.filter((_, k) => !isNew[k]);
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

/**
 * When both sides replaced the same lines one for one, each line merges on its own: a line only one side changed
 * takes that side's text; only a line both changed, differently, is a conflict (the reader's text stays).
 */
function mergeLineByLine(
  baseLines: readonly string[],
  readerLines: readonly string[],
  incomingLines: readonly string[],
): { lines: string[]; conflicted: boolean } | undefined {
  if (baseLines.length === 0 || readerLines.length !== baseLines.length || incomingLines.length !== baseLines.length)
    return undefined;
  let conflicted = false;
  const lines = baseLines.map((b, k) => {
    const r = readerLines[k] ?? b;
    const w = incomingLines[k] ?? b;
    if (r === b) return w;
    if (w !== b && w !== r) conflicted = true;
    return r;
  });
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
    const insert = ['', ...callout.lines];
    if (j < out.length && !isBlank(out[j])) insert.push('');
    out.splice(j, 0, ...insert);
  }
  return out;
}

/**
 * Lines keyed by the unit they belong to, so the LCS never matches a line of one highlight with an identical line
 * of another (two `⏱` lines with the same time, blank separators) and aligns notes block by block. Lines between
 * units (blank separators, loose text) belong to the unit that follows them.
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
    for (let k = uEnd; k < next; k++) keys[k] = `${lines[k] ?? ''}${nextKey}`;
    if (!u) break;
    const key = u.kind === 'block' ? `\u0001${u.id}` : `\u0003${u.path}`;
    for (let k = u.start; k < u.end; k++) keys[k] = `${lines[k] ?? ''}${key}`;
    next = u.start;
    nextKey = key;
  }
  return keys;
}
