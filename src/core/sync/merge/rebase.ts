/**
 * Rebase for a template change: the base was rendered by another template, so line-level diff3 would see every line
 * changed. Instead the new rendering is the skeleton and the reader's changes since the base are moved onto it:
 * blocks the reader edited replace the incoming ones, blocks the reader deleted stay deleted, lines the reader added
 * follow the unit they followed, frontmatter keys the reader added or changed stay.
 */
import { diffLines } from '../diff';
import { withDeletedMarker } from './blocks';
import { mergeFrontmatter } from './frontmatter';
import { blockTexts, lineBlockId, type Segmented, type Unit } from './segment';
import type { KeptBlock, MergeMessages } from './types';

export interface RebaseResult {
  lines: string[];
  kept: KeptBlock[];
  removed: string[];
}

/** What the reader's file holds relative to the base, attached to the unit of the new rendering it follows. */
interface ReaderChanges {
  /** Blocks the reader edited that the new rendering still has: the reader's lines replace the incoming ones. */
  replace: Map<string, string[]>;
  /** Lines to emit after a unit of the new rendering ('start', 'h:<path>' or 'b:<id>'). */
  after: Map<string, string[]>;
  kept: KeptBlock[];
  removed: string[];
}

export function rebase(
  base: Segmented,
  reader: Segmented,
  incoming: Segmented,
  linked: ReadonlySet<string>,
  messages: MergeMessages,
): RebaseResult {
  const changes = collectReaderChanges(base, reader, incoming, linked, messages);
  for (const id of base.blocks.keys()) if (!incoming.blocks.has(id) && !reader.blocks.has(id)) changes.removed.push(id);
  const out: string[] = mergeFrontmatter(base, reader, incoming);
  const lines = incoming.lines;
  const starts = new Map<number, Unit>();
  for (const u of incoming.units) starts.set(u.start, u);
  const emitAfter = (key: string) => out.push(...(changes.after.get(key) ?? []));
  for (let i = incoming.bodyStart; i < lines.length;) {
    if (i === incoming.bodyStart) emitAfter('start');
    const u = starts.get(i);
    if (!u) {
      out.push(lines[i] ?? '');
      i++;
      continue;
    }
    if (u.kind === 'heading') {
      out.push(lines[i] ?? '');
      emitAfter('h:' + u.path);
    } else {
      const readerDeleted = base.blocks.has(u.id) && !reader.blocks.has(u.id);
      if (!readerDeleted) out.push(...(changes.replace.get(u.id) ?? lines.slice(u.start, u.end)));
      emitAfter('b:' + u.id);
    }
    i = u.end;
  }
  if (incoming.bodyStart >= lines.length) emitAfter('start');
  return { lines: out, kept: changes.kept, removed: changes.removed };
}

function collectReaderChanges(
  base: Segmented,
  reader: Segmented,
  incoming: Segmented,
  linked: ReadonlySet<string>,
  messages: MergeMessages,
): ReaderChanges {
  const readerLines = reader.lines;
  const readerAdded = new Array<boolean>(readerLines.length).fill(false);
  for (const h of diffLines(base.lines, readerLines)) for (let k = h.xStart; k < h.xEnd; k++) readerAdded[k] = true;
  const baseTexts = blockTexts(base);
  const changes: ReaderChanges = { replace: new Map(), after: new Map(), kept: [], removed: [] };
  let anchor = 'start';
  const attach = (lines: string[]) => {
    const list = changes.after.get(anchor);
    if (list) list.push(...lines);
    else changes.after.set(anchor, lines);
  };
  let unitIndex = 0;
  for (let i = reader.bodyStart; i < readerLines.length;) {
    const u = reader.units[unitIndex];
    if (u && u.start === i) {
      unitIndex++;
      const lines = readerLines.slice(u.start, u.end);
      if (u.kind === 'heading') {
        if (incoming.headings.has(u.path)) anchor = 'h:' + u.path;
        else if (readerAdded[i]) attach(lines);
      } else {
        const baseText = baseTexts.get(u.id);
        const edited = baseText === undefined || baseText !== lines.join('\n');
        const theirs = incoming.blocks.get(u.id);
        if (theirs) {
          if (edited && baseText !== undefined)
            changes.replace.set(
              u.id,
              rebaseBlock(baseText.split('\n'), lines, incoming.lines.slice(theirs.start, theirs.end)),
            );
          anchor = 'b:' + u.id;
        } else if (baseText === undefined) attach(lines);
        else if (edited || linked.has(u.id)) {
          changes.kept.push({ id: u.id, reason: edited ? 'edited' : 'linked' });
          attach(['', ...withDeletedMarker(lines, 0, lines.length, messages.deletedMarker)]);
        } else changes.removed.push(u.id);
      }
      i = u.end;
      continue;
    }
    if (readerAdded[i] && !(i === readerLines.length - 1 && readerLines[i] === '')) attach([readerLines[i] ?? '']);
    i++;
  }
  return changes;
}

/** The marks a line opens with (indent, list marker, emoji, quote), before its first letter or digit. */
const leadOf = (line: string) => /^[^\p{L}\p{N}]*/u.exec(line)?.[0] ?? '';

/** Two renderings of a block line for line alike but for their text (a time zone changed, not the layout). */
function sameShape(a: readonly string[], b: readonly string[]): boolean {
  return (
    a.length === b.length &&
    a.every((l, k) => leadOf(l) === leadOf(b[k] ?? '') && lineBlockId(l) === lineBlockId(b[k] ?? ''))
  );
}

/**
 * A block the reader edited, moved onto the new rendering: when the new rendering has the block in the same shape
 * (line for line: a time zone or date format changed, not the template's layout), every line the reader left as it
 * was takes its new text and the reader's changed and added lines stay; otherwise the reader's block stands whole.
 */
function rebaseBlock(baseLines: string[], readerLines: string[], newLines: string[]): string[] {
  if (!sameShape(baseLines, newLines)) return readerLines;
  const out: string[] = [];
  let b = 0;
  let r = 0;
  // Lines the reader left as they were (matched to base line b) take the new rendering's line b.
  const keepUntil = (baseEnd: number, readerEnd: number) => {
    for (; b < baseEnd && r < readerEnd; b++, r++) out.push(newLines[b] ?? '');
  };
  for (const h of diffLines(baseLines, readerLines)) {
    keepUntil(h.oStart, h.xStart);
    out.push(...readerLines.slice(h.xStart, h.xEnd));
    b = h.oEnd;
    r = h.xEnd;
  }
  keepUntil(baseLines.length, readerLines.length);
  return out;
}
