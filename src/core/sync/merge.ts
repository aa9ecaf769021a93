/** Merges a new rendering into the note on disk without losing the reader's words: three-way (diff3), insert-only (no base), and rebase (template changed). */
import { diffLines, type Hunk } from './diff';
import {
  ID_ONLY,
  blockTexts,
  frontmatterEnd,
  idsIn,
  isBlank,
  lineBlockId,
  segment,
  splitLines,
  type BlockUnit,
  type Segmented,
} from './segment';

/** The few words the merge writes into notes; Chinese by default, like the note format. */
export interface MergeMessages {
  /** Title of the callout that shows the incoming version of a passage both sides changed. */
  conflictTitle: string;
  /** Marks a block that was deleted on WeRead but kept because the reader edited or linked it. */
  deletedMarker: string;
}

export const DEFAULT_MERGE_MESSAGES: MergeMessages = {
  conflictTitle: '微信读书中的这段内容已更改',
  deletedMarker: '⚠️ 已在微信读书中删除',
};

export interface MergeInput {
  /** The rendering the note was last synced from; null when unknown (state lost, new device, adopted note). */
  base: string | null;
  /** The note as it is on disk now. */
  theirs: string;
  /** The new rendering. */
  ours: string;
  /** The base was rendered with another template or note-shaping settings: move the reader's changes onto the new rendering. */
  rebase?: boolean;
  /** Block ids that other notes link to (only ids deleted on WeRead need to be asked about). */
  linked?: ReadonlySet<string>;
  messages?: MergeMessages;
}

export interface KeptBlock {
  id: string;
  reason: 'edited' | 'linked';
}

export interface MergeResult {
  text: string;
  /** Block ids new in this sync. */
  added: string[];
  /** Block ids whose rendering changed. */
  updated: string[];
  /** Block ids deleted on WeRead and removed from the note. */
  removed: string[];
  /** Block ids deleted on WeRead but kept (and marked). */
  kept: KeptBlock[];
  /** Block ids of passages both sides changed (the incoming version is shown in a callout). */
  conflicts: string[];
}

/** Normalises line endings so a CRLF file merges line by line with an LF rendering. */
export function normalizeNewlines(text: string): string {
  return text.indexOf('\r') >= 0 ? text.replace(/\r\n?/g, '\n') : text;
}

/** Merges `ours` into `theirs`; see MergeInput. Pure and synchronous. */
export function mergeNote(input: MergeInput): MergeResult {
  const messages = input.messages ?? DEFAULT_MERGE_MESSAGES;
  const linked = input.linked ?? new Set<string>();
  const theirs = splitLines(normalizeNewlines(input.theirs));
  const ours = splitLines(normalizeNewlines(input.ours));
  if (input.base === null) return insertMissing(theirs, ours);
  const base = splitLines(normalizeNewlines(input.base));
  const baseSeg = segment(base);
  const oursSeg = segment(ours);
  const theirsSeg = segment(theirs);
  let merged: MergedLines;
  if (input.rebase) merged = rebase(baseSeg, theirsSeg, oursSeg, linked, messages);
  else {
    merged = threeWay(baseSeg, theirsSeg, oursSeg, messages);
    // Frontmatter merges by key, never by line: a line-level conflict there would leave YAML that no longer parses
    // (duplicate keys, a callout inside), and then the note could not be found by its bookId.
    const fmEnd = frontmatterEnd(merged.lines);
    if (fmEnd > 0 && theirsSeg.bodyStart > 0 && oursSeg.bodyStart > 0) {
      merged = {
        lines: [...mergeFrontmatter(baseSeg, theirsSeg, oursSeg), ...merged.lines.slice(fmEnd)],
        conflicts: merged.conflicts,
      };
    }
  }
  let outSeg = segment(merged.lines);
  if (!input.rebase) {
    // A block the reader deleted never comes back, whatever the line alignment made of it.
    const resurrected = [...outSeg.blocks.keys()].filter((id) => baseSeg.blocks.has(id) && !theirsSeg.blocks.has(id));
    if (resurrected.length) {
      merged = { lines: removeBlocks(outSeg, resurrected), conflicts: merged.conflicts };
      outSeg = segment(merged.lines);
    }
    // A block WeRead moved to another chapter that the reader had edited can stand twice (theirs where it was, ours
    // where it went). One id, one block: the reader's copy stays and WeRead's is shown after it as a conflict.
    const twice = duplicatedIds(outSeg, baseSeg);
    if (twice.length) {
      merged = {
        lines: keepReaderCopies(outSeg, theirsSeg, twice, messages),
        conflicts: [...merged.conflicts, ...twice],
      };
      outSeg = segment(merged.lines);
    }
  }
  const kept: KeptBlock[] = [];
  const removed: string[] = [];
  if (!input.rebase) {
    // Blocks deleted on WeRead: diff3 already removed those the reader left alone; keep edited and linked ones, marked.
    const gone = [...baseSeg.blocks.keys()].filter((id) => !oursSeg.blocks.has(id));
    if (gone.length) {
      const reinsert: Array<{ id: string; block: BlockUnit }> = [];
      for (const id of gone) {
        if (outSeg.blocks.has(id)) kept.push({ id, reason: 'edited' });
        else if (linked.has(id) && theirsSeg.blocks.has(id)) {
          kept.push({ id, reason: 'linked' });
          reinsert.push({ id, block: theirsSeg.blocks.get(id)! });
        } else removed.push(id);
      }
      if (reinsert.length) {
        const withBlocks = reinsertFromTheirs(
          theirsSeg,
          outSeg,
          reinsert.map((r) => r.id),
        );
        merged = { lines: withBlocks, conflicts: merged.conflicts };
        outSeg = segment(withBlocks);
      }
      if (kept.length) {
        merged = {
          lines: markDeleted(
            outSeg,
            kept.map((k) => k.id),
            messages.deletedMarker,
          ),
          conflicts: merged.conflicts,
        };
        outSeg = segment(merged.lines);
        // When WeRead deleted a chapter's last highlight, the new rendering drops the chapter heading too; a block
        // kept for the reader must not end up under the chapter before it.
        const rehomed = restoreHeadings(
          outSeg,
          theirsSeg,
          kept.map((k) => k.id),
        );
        if (rehomed !== outSeg.lines) {
          merged = { lines: rehomed, conflicts: merged.conflicts };
          outSeg = segment(rehomed);
        }
      }
    }
  } else {
    kept.push(...merged.kept!);
    removed.push(...merged.removed!);
  }
  const baseTexts = blockTexts(baseSeg);
  const oursTexts = blockTexts(oursSeg);
  const added: string[] = [];
  const updated: string[] = [];
  for (const [id, text] of oursTexts) {
    if (!outSeg.blocks.has(id)) continue;
    const before = baseTexts.get(id);
    if (before === undefined) added.push(id);
    else if (before !== text && !input.rebase) updated.push(id);
  }
  return { text: merged.lines.join('\n'), added, updated, removed, kept, conflicts: merged.conflicts };
}

interface MergedLines {
  lines: string[];
  conflicts: string[];
  kept?: KeptBlock[];
  removed?: string[];
}

// ───────────────────────────── three-way ─────────────────────────────

interface SideHunk extends Hunk {
  side: 'a' | 'b';
  /** A pure insertion whose first non-blank line is indented: it continues the block above it. */
  continues: boolean;
}

function sideHunks(o: string[], x: Segmented, side: 'a' | 'b'): SideHunk[] {
  const lines = x.lines;
  return diffLines(o, keyedLines(x)).map((h) => {
    let continues = false;
    if (h.oStart === h.oEnd) {
      let k = h.xStart;
      while (k < h.xEnd && isBlank(lines[k])) k++;
      continues = k < h.xEnd && (lines[k]!.startsWith(' ') || lines[k]!.startsWith('\t'));
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

/**
 * diff3 over lines with `a` = the reader's file and `b` = the new rendering. Unlike plain diff3, changes that merely
 * touch (an insertion right after an edited line) are not conflicts; two insertions at one point keep both (the
 * reader's first); a true overlap keeps the reader's lines and shows ours in a warning callout after the block.
 */
function threeWay(oSeg: Segmented, aSeg: Segmented, bSeg: Segmented, messages: MergeMessages): MergedLines {
  const o = oSeg.lines;
  const a = aSeg.lines;
  const b = bSeg.lines;
  if (sameLines(a, o)) return { lines: b.slice(), conflicts: [] };
  if (sameLines(b, o)) return { lines: a.slice(), conflicts: [] };
  const oKeys = keyedLines(oSeg);
  const ha = sideHunks(oKeys, aSeg, 'a');
  const hb = sideHunks(oKeys, bSeg, 'b');
  const all = ha
    .concat(hb)
    .sort((x, y) => x.oStart - y.oStart || (x.oEnd - x.oStart === 0 ? 0 : 1) - (y.oEnd - y.oStart === 0 ? 0 : 1));
  const regions: Array<{ rs: number; re: number; hunks: SideHunk[] }> = [];
  for (const h of all) {
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
  const out: string[] = [];
  const callouts: Array<{ at: number; lines: string[] }> = [];
  const conflicts: string[] = [];
  let pos = 0;
  const push = (src: readonly string[], from: number, to: number) => {
    for (let i = from; i < to; i++) out.push(src[i]!);
  };
  for (const region of regions) {
    push(o, pos, region.rs);
    if (region.hunks.length === 1) {
      const h = region.hunks[0]!;
      push(h.side === 'a' ? a : b, h.xStart, h.xEnd);
    } else {
      const side = (s: 'a' | 'b'): string[] => {
        const src = s === 'a' ? a : b;
        const content: string[] = [];
        let p = region.rs;
        for (const h of region.hunks) {
          if (h.side !== s) continue;
          for (; p < h.oStart; p++) content.push(o[p]!);
          for (let k = h.xStart; k < h.xEnd; k++) content.push(src[k]!);
          p = h.oEnd;
        }
        for (; p < region.re; p++) content.push(o[p]!);
        return content;
      };
      const A = side('a');
      const B = side('b');
      const O = o.slice(region.rs, region.re);
      resolveConflict(O, A, B, out, callouts, conflicts, messages, () => {
        // A conflict inside a block whose id line was not touched (e.g. a callout's text line) is named by that block.
        for (const u of oSeg.units) if (u.kind === 'block' && u.start <= region.rs && region.rs < u.end) return u.id;
        return undefined;
      });
    }
    pos = region.re;
  }
  push(o, pos, o.length);
  // Place each callout after the block its conflict sits in, so list items keep their sub-lines.
  for (let c = callouts.length - 1; c >= 0; c--) {
    const { at, lines } = callouts[c]!;
    const quoted = (out[at - 1] ?? '').startsWith('>');
    let j = at;
    while (
      j < out.length &&
      !isBlank(out[j]) &&
      (out[j]!.startsWith(' ') || out[j]!.startsWith('\t') || (quoted && out[j]!.startsWith('>')))
    )
      j++;
    // A callout's `^id` on its own line after a blank line belongs to it: the warning goes after that.
    if (isBlank(out[j]) && ID_ONLY.test(out[j + 1] ?? '')) j += 2;
    const insert = ['', ...lines];
    if (j < out.length && !isBlank(out[j])) insert.push('');
    out.splice(j, 0, ...insert);
  }
  return { lines: out, conflicts };
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
    const u = ui >= 0 ? seg.units[ui]! : undefined;
    const uEnd = u ? u.end : seg.bodyStart;
    for (let k = uEnd; k < next; k++) keys[k] = `${lines[k]!}${nextKey}`;
    if (!u) break;
    const key = u.kind === 'block' ? `\u0001${u.id}` : `\u0003${u.path}`;
    for (let k = u.start; k < u.end; k++) keys[k] = `${lines[k]!}${key}`;
    next = u.start;
    nextKey = key;
  }
  return keys;
}

function sameLines(x: readonly string[], y: readonly string[]): boolean {
  return x.length === y.length && x.every((l, i) => l === y[i]);
}

function resolveConflict(
  O: string[],
  A: string[],
  B: string[],
  out: string[],
  callouts: Array<{ at: number; lines: string[] }>,
  conflicts: string[],
  messages: MergeMessages,
  enclosingId: () => string | undefined,
): void {
  if (sameLines(A, B)) {
    out.push(...A);
    return;
  }
  if (O.length === 0) {
    // Both inserted at the same point: the reader's lines stay where they were typed, ours follow, unless the reader
    // opened a section of their own (a heading): what WeRead adds to the chapter above goes before that section.
    const opensSection = (lines: string[]) => /^#{1,6}\s/.test(lines.find((l) => !isBlank(l)) ?? '');
    if (opensSection(A) && !opensSection(B)) out.push(...B, ...A);
    else out.push(...A, ...B);
    return;
  }
  const known = new Set([...idsIn(O), ...idsIn(A)]);
  // New blocks among ours arrive as blocks, never inside a callout.
  const bSeg = segment(B);
  const isNew = new Array<boolean>(B.length).fill(false);
  for (const u of bSeg.units)
    if (u.kind === 'block' && !known.has(u.id)) for (let k = u.start; k < u.end; k++) isNew[k] = true;
  const fresh = B.filter((_, k) => isNew[k]);
  const incoming = B.filter((_, k) => !isNew[k]);
  out.push(...A);
  // The reader's side of a deleted block can still hold its blank separator line: blank counts as deleted.
  if (A.every((l) => isBlank(l)) || incoming.every((l) => isBlank(l))) {
    // The reader deleted what we changed (the deletion stands), or we deleted what the reader changed (their text stands).
    if (fresh.length) out.push(...fresh);
    return;
  }
  const ids = idsIn(O);
  if (ids.length === 0) {
    const id = enclosingId();
    if (id !== undefined) ids.push(id);
  }
  conflicts.push(...ids);
  const quoted = [
    `> [!warning] ${messages.conflictTitle}`,
    ...stripTrailingBlank(incoming).map((l) => (isBlank(l) ? '>' : `> ${stripBlockId(l)}`)),
  ];
  callouts.push({ at: out.length, lines: quoted });
  if (fresh.length) out.push(...fresh);
}

function stripTrailingBlank(lines: string[]): string[] {
  let s = 0;
  let e = lines.length;
  while (s < e && isBlank(lines[s])) s++;
  while (e > s && isBlank(lines[e - 1])) e--;
  return lines.slice(s, e);
}

/** The quoted copy must not carry the block id: one id, one block. */
function stripBlockId(line: string): string {
  return lineBlockId(line) === undefined ? line : line.replace(/\s*\^[A-Za-z0-9-]+[ \t]*$/, '');
}

/** Ids that stand on more than one block of the output but on one block of the base (the merge doubled them). */
function duplicatedIds(out: Segmented, base: Segmented): string[] {
  const seen = new Map<string, number>();
  for (const u of out.units) if (u.kind === 'block') seen.set(u.id, (seen.get(u.id) ?? 0) + 1);
  const baseCount = new Map<string, number>();
  for (const u of base.units) if (u.kind === 'block') baseCount.set(u.id, (baseCount.get(u.id) ?? 0) + 1);
  return [...seen].filter(([id, n]) => n > 1 && (baseCount.get(id) ?? 0) <= 1).map(([id]) => id);
}

/** For each doubled id: keeps the copy that is the reader's text, and quotes the other copies in a warning callout after it. */
function keepReaderCopies(out: Segmented, theirs: Segmented, ids: string[], messages: MergeMessages): string[] {
  const textOf = (seg: Segmented, u: BlockUnit) => seg.lines.slice(u.start, u.end).join('\n');
  const drop = new Array<boolean>(out.lines.length).fill(false);
  const after = new Map<number, string[]>();
  for (const id of ids) {
    const copies = out.units.filter((u): u is BlockUnit => u.kind === 'block' && u.id === id);
    const readerBlock = theirs.blocks.get(id);
    const readerText = readerBlock ? textOf(theirs, readerBlock) : undefined;
    const keep = copies.find((u) => textOf(out, u) === readerText) ?? copies[0]!;
    const quoted: string[] = [];
    for (const u of copies) {
      if (u === keep) continue;
      for (let k = u.start; k < u.end; k++) drop[k] = true;
      if (u.start > out.bodyStart && isBlank(out.lines[u.start - 1])) drop[u.start - 1] = true;
      quoted.push(...out.lines.slice(u.start, u.end).map((l) => (isBlank(l) ? '>' : `> ${stripBlockId(l)}`)));
    }
    after.set(keep.end - 1, ['', `> [!warning] ${messages.conflictTitle}`, ...quoted]);
  }
  const lines: string[] = [];
  out.lines.forEach((line, k) => {
    if (!drop[k]) lines.push(line);
    const callout = after.get(k);
    if (callout) lines.push(...callout);
  });
  return lines;
}

// ───────────────────────────── deletions ─────────────────────────────

/** Removes blocks with the blank line before each (the separator the rendering put there). */
function removeBlocks(seg: Segmented, ids: string[]): string[] {
  const drop = new Array<boolean>(seg.lines.length).fill(false);
  for (const id of ids) {
    for (const u of seg.units) {
      if (u.kind !== 'block' || u.id !== id) continue;
      for (let k = u.start; k < u.end; k++) drop[k] = true;
      if (u.start > seg.bodyStart && isBlank(seg.lines[u.start - 1]) && !drop[u.start - 1]) drop[u.start - 1] = true;
    }
  }
  return seg.lines.filter((_, k) => !drop[k]);
}

const LIST_ITEM = /^([-*+]|\d+[.)])\s/;

/** The text of the last heading above line `index`, or undefined. */
function headingAbove(seg: Segmented, index: number): string | undefined {
  let found: string | undefined;
  for (const u of seg.units) {
    if (u.start >= index) break;
    if (u.kind === 'heading') found = seg.lines[u.start];
  }
  return found;
}

/** Puts back, right above each kept block, the heading it stood under in the reader's file when the merge lost it. */
function restoreHeadings(out: Segmented, theirs: Segmented, ids: string[]): string[] {
  let seg = out;
  for (const id of ids) {
    const block = seg.blocks.get(id);
    const theirsBlock = theirs.blocks.get(id);
    if (!block || !theirsBlock) continue;
    const wanted = headingAbove(theirs, theirsBlock.start);
    if (wanted === undefined || headingAbove(seg, block.start) === wanted) continue;
    let at = block.start;
    while (at > seg.bodyStart && isBlank(seg.lines[at - 1])) at--;
    const lines = seg.lines.slice();
    lines.splice(at, 0, wanted);
    seg = segment(lines);
  }
  return seg.lines;
}

/** Adds the deleted-on-WeRead marker to each block (once). */
function markDeleted(seg: Segmented, ids: string[], marker: string): string[] {
  const lines = seg.lines.slice();
  const edits: Array<{ at: number; insert: string[] }> = [];
  for (const id of ids) {
    const block = seg.blocks.get(id);
    if (!block) continue;
    let has = false;
    for (let k = Math.max(0, block.start - 2); k < block.end && !has; k++) has = lines[k]!.includes(marker);
    if (has) continue;
    const first = lines[block.start]!;
    if (LIST_ITEM.test(first)) edits.push({ at: block.end, insert: [`    - ${marker}`] });
    else if (first.startsWith('>')) {
      if (block.end - block.start > 1) edits.push({ at: block.start + 1, insert: [`> ${marker}`] });
      else edits.push({ at: block.start, insert: [`> ${marker}`] });
    } else edits.push({ at: block.start, insert: [marker, ''] });
  }
  edits.sort((x, y) => y.at - x.at);
  for (const e of edits) lines.splice(e.at, 0, ...e.insert);
  return lines;
}

/** Puts blocks back (the reader's copy from `theirs`) after the nearest unit before them that the output has. */
function reinsertFromTheirs(theirsSeg: Segmented, outSeg: Segmented, ids: string[]): string[] {
  const want = new Set(ids);
  const inserts = new Map<number, string[]>();
  const lines = outSeg.lines;
  let anchor = outSeg.bodyStart;
  let afterHeading = true;
  let prevEnd = theirsSeg.bodyStart;
  const units = theirsSeg.units;
  for (let ui = 0; ui < units.length; ui++) {
    const u = units[ui]!;
    if (u.kind === 'heading') {
      const h = outSeg.headings.get(u.path);
      if (h) {
        anchor = h.end;
        afterHeading = true;
      }
    } else if (want.has(u.id)) {
      let at = anchor;
      let block: string[];
      if (afterHeading) {
        // Right after a heading: after its blank lines, followed by the separator that followed it in the file.
        while (at < lines.length && isBlank(lines[at]) && !inserts.has(at)) at++;
        const next = units[ui + 1];
        block = theirsSeg.lines.slice(u.start, next ? next.start : u.end);
      } else block = theirsSeg.lines.slice(prevEnd, u.end);
      const list = inserts.get(at) ?? [];
      list.push(...block);
      inserts.set(at, list);
    } else {
      const b = outSeg.blocks.get(u.id);
      if (b) {
        anchor = b.end;
        afterHeading = false;
      }
    }
    prevEnd = u.end;
  }
  return applyInserts(lines, inserts);
}

function applyInserts(lines: readonly string[], inserts: Map<number, string[]>): string[] {
  if (inserts.size === 0) return lines.slice();
  const out: string[] = [];
  for (let i = 0; i <= lines.length; i++) {
    const ins = inserts.get(i);
    if (ins) out.push(...ins);
    if (i < lines.length) out.push(lines[i]!);
  }
  return out;
}

/** The index before which text appended to the body goes: before the final empty line of a newline-terminated text. */
function endOfBody(lines: readonly string[], bodyStart: number): number {
  const n = lines.length;
  return n > bodyStart && lines[n - 1] === '' ? n - 1 : n;
}

// ───────────────────────────── no base ─────────────────────────────

/**
 * Without a base nothing tells the reader's edits from ours, so nothing that exists changes: every heading and block
 * of the rendering that the file lacks is inserted after its predecessor in the rendering (a new chapter at the end
 * of its parent's section), with the blank lines that precede it in the rendering.
 */
function insertMissing(theirs: string[], ours: string[]): MergeResult {
  const t = segment(theirs);
  const r = segment(ours);
  const inserts = new Map<number, string[]>();
  const end = endOfBody(theirs, t.bodyStart);
  let cursor = t.bodyStart;
  let prevEnd = r.bodyStart;
  const added: string[] = [];
  const add = (at: number, lines: string[]) => {
    const list = inserts.get(at);
    if (list) list.push(...lines);
    else inserts.set(at, lines);
  };
  if (theirs.length === 1 && theirs[0] === '') {
    // An empty file: the rendering is the note.
    return { text: ours.join('\n'), added: [...r.blocks.keys()], updated: [], removed: [], kept: [], conflicts: [] };
  }
  // After a heading the file already has, blocks go after its blank lines, each followed by the separator that
  // follows it in the rendering, so the spacing comes out as rendered.
  let afterHeading = false;
  const units = r.units;
  for (let ui = 0; ui < units.length; ui++) {
    const u = units[ui]!;
    const leading = ours.slice(prevEnd, u.start);
    if (u.kind === 'heading') {
      afterHeading = false;
      const h = t.headings.get(u.path);
      if (h) {
        cursor = h.end;
        afterHeading = true;
      } else {
        // A new section goes at the end of the section it belongs to: before the next heading of its level or above.
        let k = cursor;
        while (k < end) {
          const level = headingLevel(theirs[k]!);
          if (level > 0 && level <= u.level) break;
          k++;
        }
        cursor = Math.min(k, end);
        add(cursor, [...leading, ...ours.slice(u.start, u.end)]);
      }
    } else {
      const b = t.blocks.get(u.id);
      if (b) {
        cursor = b.end;
        afterHeading = false;
      } else {
        if (afterHeading) {
          while (cursor < end && isBlank(theirs[cursor]) && !inserts.has(cursor)) cursor++;
          const next = units[ui + 1];
          add(cursor, [...ours.slice(u.start, u.end), ...ours.slice(u.end, next ? next.start : u.end)]);
        } else add(cursor, [...leading, ...ours.slice(u.start, u.end)]);
        added.push(u.id);
      }
    }
    prevEnd = u.end;
  }
  const lines = applyInserts(theirs, inserts);
  return { text: lines.join('\n'), added, updated: [], removed: [], kept: [], conflicts: [] };
}

function headingLevel(line: string): number {
  if (line.charCodeAt(0) !== 35) return 0;
  let n = 0;
  while (line.charCodeAt(n) === 35) n++;
  return n <= 6 && (line[n] === ' ' || line[n] === '\t') ? n : 0;
}

// ───────────────────────────── rebase (template changed) ─────────────────────────────

interface FrontmatterKeys {
  order: string[];
  keys: Map<string, string[]>;
  /** Lines before the first key (comments). */
  lead: string[];
}

const FM_KEY = /^([^\s#:-][^:]*):(\s|$)/;

function frontmatterKeys(lines: readonly string[], fmEnd: number): FrontmatterKeys {
  const order: string[] = [];
  const keys = new Map<string, string[]>();
  const lead: string[] = [];
  let current: string[] | null = null;
  for (let i = 1; i < fmEnd - 1; i++) {
    const l = lines[i]!;
    const m = FM_KEY.exec(l);
    if (m) {
      const key = m[1]!.trim();
      current = [l];
      if (!keys.has(key)) order.push(key);
      keys.set(key, current);
    } else if (current) current.push(l);
    else lead.push(l);
  }
  return { order, keys, lead };
}

function mergeFrontmatter(base: Segmented, theirs: Segmented, ours: Segmented): string[] {
  if (ours.bodyStart === 0 && theirs.bodyStart === 0) return [];
  const o = frontmatterKeys(base.lines, base.bodyStart);
  const t = frontmatterKeys(theirs.lines, theirs.bodyStart);
  const r = frontmatterKeys(ours.lines, ours.bodyStart);
  const out: string[] = ['---', ...t.lead];
  const same = (x?: string[], y?: string[]) => x !== undefined && y !== undefined && sameLines(x, y);
  for (const key of r.order) {
    const tv = t.keys.get(key);
    const ov = o.keys.get(key);
    if (tv === undefined && ov !== undefined) continue; // the reader removed it
    if (tv !== undefined && (ov === undefined || !same(tv, ov)))
      out.push(...tv); // the reader's value
    else out.push(...r.keys.get(key)!);
  }
  for (const key of t.order) {
    if (r.keys.has(key)) continue;
    const tv = t.keys.get(key)!;
    const ov = o.keys.get(key);
    // Added by the reader, or edited by the reader after we stopped writing it: theirs.
    if (ov === undefined || !same(tv, ov)) out.push(...tv);
  }
  out.push('---');
  return out;
}

/**
 * The base was rendered by another template, so line-level diff3 would see every line changed. Instead the new
 * rendering is the skeleton and the reader's changes since the base are moved onto it: blocks the reader edited
 * replace ours, blocks the reader deleted stay deleted, lines the reader added follow the unit they followed,
 * frontmatter keys the reader added or changed stay.
 */
function rebase(
  base: Segmented,
  theirs: Segmented,
  ours: Segmented,
  linked: ReadonlySet<string>,
  messages: MergeMessages,
): MergedLines {
  const tLines = theirs.lines;
  const readerAdded = new Array<boolean>(tLines.length).fill(false);
  for (const h of diffLines(base.lines, tLines)) for (let k = h.xStart; k < h.xEnd; k++) readerAdded[k] = true;
  const baseTexts = blockTexts(base);
  const replace = new Map<string, string[]>();
  const after = new Map<string, string[]>();
  const kept: KeptBlock[] = [];
  const removed: string[] = [];
  let anchor = 'start';
  const attach = (lines: string[]) => {
    const list = after.get(anchor);
    if (list) list.push(...lines);
    else after.set(anchor, lines);
  };
  let unitIndex = 0;
  const units = theirs.units;
  for (let i = theirs.bodyStart; i < tLines.length;) {
    const u = units[unitIndex];
    if (u && u.start === i) {
      unitIndex++;
      const lines = tLines.slice(u.start, u.end);
      if (u.kind === 'heading') {
        if (ours.headings.has(u.path)) anchor = 'h:' + u.path;
        else if (readerAdded[i]) attach(lines);
      } else {
        const baseText = baseTexts.get(u.id);
        const edited = baseText === undefined || baseText !== lines.join('\n');
        if (ours.blocks.has(u.id)) {
          if (edited && baseText !== undefined) replace.set(u.id, lines);
          anchor = 'b:' + u.id;
        } else if (baseText === undefined) attach(lines);
        else if (edited || linked.has(u.id)) {
          kept.push({ id: u.id, reason: edited ? 'edited' : 'linked' });
          const seg = segment(lines);
          attach(['', ...markDeleted(seg, [u.id], messages.deletedMarker)]);
        } else removed.push(u.id);
      }
      i = u.end;
      continue;
    }
    if (readerAdded[i] && !(i === tLines.length - 1 && tLines[i] === '')) attach([tLines[i]!]);
    i++;
  }
  for (const id of base.blocks.keys()) if (!ours.blocks.has(id) && !theirs.blocks.has(id)) removed.push(id);
  const out: string[] = mergeFrontmatter(base, theirs, ours);
  const rLines = ours.lines;
  const starts = new Map<number, (typeof ours.units)[number]>();
  for (const u of ours.units) starts.set(u.start, u);
  const emitAfter = (key: string) => {
    const list = after.get(key);
    if (list) out.push(...list);
  };
  for (let i = ours.bodyStart; i < rLines.length;) {
    if (i === ours.bodyStart) emitAfter('start');
    const u = starts.get(i);
    if (!u) {
      out.push(rLines[i]!);
      i++;
      continue;
    }
    if (u.kind === 'heading') {
      out.push(rLines[i]!);
      emitAfter('h:' + u.path);
    } else {
      const readerDeleted = base.blocks.has(u.id) && !theirs.blocks.has(u.id);
      if (!readerDeleted) out.push(...(replace.get(u.id) ?? rLines.slice(u.start, u.end)));
      emitAfter('b:' + u.id);
    }
    i = u.end;
  }
  if (ours.bodyStart >= rLines.length) emitAfter('start');
  return { lines: out, conflicts: [], kept, removed };
}

/** Block ids of a text (used by the engine to record what it wrote and to find ids deleted on WeRead). */
export function blockIdsOf(text: string): string[] {
  return [...segment(splitLines(text)).blocks.keys()];
}
