/** The one placement routine: puts blocks of a source text that a target text lacks after their nearest predecessor there. */
import { endOfBody, headingLevel } from './blocks';
import type { LineEdits } from './line-edits';
import { isBlank, type BlockUnit, type HeadingUnit, type Segmented } from './segment';

export interface Placement {
  /** Whether a block of the source goes into the target. */
  wanted(block: BlockUnit): boolean;
  /** The lines to insert for a wanted block (by default its source lines). */
  linesOf?(block: BlockUnit): string[];
  /**
   * A heading the target lacks: `section` inserts it at the end of its parent's section as soon as it is met (new
   * chapters of a rendering); `with-block` puts it right before the first wanted block under it (a block kept from
   * the reader's file whose chapter the new rendering no longer has).
   */
  missingHeadings: 'section' | 'with-block';
  /** Whether the body start counts as the place right after a heading (blocks there skip the blank lines). */
  startAfterHeading: boolean;
}

export interface Placed {
  ids: string[];
  /** Headings inserted, by the target line they go before. */
  headings: Array<{ at: number; text: string }>;
}

/**
 * Walks the source's units in order, keeping a cursor in the target: after a heading the target has, blocks go after
 * its blank lines, each followed by the separator that follows it in the source, so the spacing comes out as in the
 * source; after a block the target has, a wanted block goes right after it with the blank lines that precede it in
 * the source. Nothing that exists in the target moves.
 */
export function placeMissing(source: Segmented, target: Segmented, edits: LineEdits, how: Placement): Placed {
  const src = source.lines;
  const tgt = target.lines;
  const end = endOfBody(tgt, target.bodyStart);
  const placed: Placed = { ids: [], headings: [] };
  let cursor = target.bodyStart;
  let afterHeading = how.startAfterHeading;
  let pendingHeading: HeadingUnit | undefined;
  let prevEnd = source.bodyStart;
  const units = source.units;
  units.forEach((u, ui) => {
    if (u.kind === 'heading') {
      const there = target.headings.get(u.path);
      pendingHeading = undefined;
      if (there) {
        cursor = there.end;
        afterHeading = true;
      } else if (how.missingHeadings === 'section') {
        cursor = endOfSection(tgt, cursor, end, u.level);
        edits.insert(cursor, src.slice(prevEnd, u.end));
        placed.headings.push({ at: cursor, text: src[u.start] ?? '' });
        afterHeading = false;
      } else pendingHeading = u;
    } else if (how.wanted(u)) {
      const block = how.linesOf ? how.linesOf(u) : src.slice(u.start, u.end);
      let chunk: string[];
      if (afterHeading) {
        while (cursor < end && isBlank(tgt[cursor]) && !edits.insertsAt(cursor)) cursor++;
        const next = units[ui + 1];
        chunk = [...block, ...src.slice(u.end, next ? next.start : u.end)];
      } else chunk = [...src.slice(prevEnd, u.start), ...block];
      if (pendingHeading) {
        const heading = src[pendingHeading.start] ?? '';
        chunk.unshift(heading);
        placed.headings.push({ at: cursor, text: heading });
        pendingHeading = undefined;
      }
      edits.insert(cursor, chunk);
      placed.ids.push(u.id);
    } else {
      const there = target.blocks.get(u.id);
      if (there) {
        cursor = there.end;
        afterHeading = false;
      }
    }
    prevEnd = u.end;
  });
  return placed;
}

/** A new section goes at the end of the section it belongs to: before the next heading of its level or above. */
function endOfSection(lines: readonly string[], from: number, end: number, level: number): number {
  let k = from;
  while (k < end) {
    const l = headingLevel(lines[k] ?? '');
    if (l > 0 && l <= level) break;
    k++;
  }
  return Math.min(k, end);
}
