/** mergeNote: dispatches to no-base insertion, rebase or three-way (+ repair passes), and accounts for the blocks. */
import { mergeFrontmatter, refreshFrontmatter } from './frontmatter';
import { LineEdits } from './line-edits';
import { placeMissing } from './placement';
import { rebase } from './rebase';
import {
  catchUpMovedBlocks,
  dropResurrected,
  joinRepeatedHeadings,
  keepOneCopyPerId,
  settleDeletedBlocks,
  type MergeState,
} from './repairs';
import { blockTexts, frontmatterEnd, segment, splitLines, type Segmented } from './segment';
import { threeWay } from './three-way';
import {
  DEFAULT_MERGE_MESSAGES,
  type ConflictCallout,
  type KeptBlock,
  type MergeInput,
  type MergeResult,
} from './types';

/** Normalises line endings so a CRLF file merges line by line with an LF rendering. */
export function normalizeNewlines(text: string): string {
  return text.indexOf('\r') >= 0 ? text.replace(/\r\n?/g, '\n') : text;
}

function segmentText(text: string): Segmented {
  return segment(splitLines(normalizeNewlines(text)));
}

/** Merges the new rendering into the reader's note; see MergeInput. Pure and synchronous. */
export function mergeNote(input: MergeInput): MergeResult {
  const reader = segmentText(input.reader);
  const incoming = segmentText(input.incoming);
  if (input.base === null) return insertMissing(reader, incoming);
  const base = segmentText(input.base);
  if (input.rebase) {
    const rebased = rebase(base, reader, incoming, input.linked ?? new Set(), input.messages ?? DEFAULT_MERGE_MESSAGES);
    return account(rebased.lines, base, incoming, { ...rebased, conflicts: [], rebase: true, conflictTitle: '' });
  }
  const state = mergeThreeWay(base, reader, incoming, input);
  dropResurrected(state);
  keepOneCopyPerId(state);
  catchUpMovedBlocks(state);
  settleDeletedBlocks(state);
  joinRepeatedHeadings(state);
  const conflictTitle = state.messages.conflictTitle;
  return account(state.edits.apply(state.merged.lines), base, incoming, { ...state, rebase: false, conflictTitle });
}

/** The three-way merge of the body, with the frontmatter merged by key, as the state the repair passes work on. */
function mergeThreeWay(base: Segmented, reader: Segmented, incoming: Segmented, input: MergeInput): MergeState {
  const messages = input.messages ?? DEFAULT_MERGE_MESSAGES;
  const merged = threeWay(base, reader, incoming, messages);
  let lines = merged.lines;
  // Frontmatter merges by key, never by line: a line-level conflict there would leave YAML that no longer parses
  // (duplicate keys, a callout inside), and then the note could not be found by its bookId.
  const fmEnd = frontmatterEnd(lines);
  if (fmEnd > 0 && reader.bodyStart > 0 && incoming.bodyStart > 0)
    lines = [...mergeFrontmatter(base, reader, incoming), ...lines.slice(fmEnd)];
  return {
    base,
    reader,
    incoming,
    merged: segment(lines),
    edits: new LineEdits(),
    insertedHeadings: [],
    conflicts: merged.conflicts,
    kept: [],
    removed: [],
    linked: input.linked ?? new Set(),
    messages,
  };
}

/** Block accounting: which incoming blocks are new in the note and which changed since the base. */
function account(
  lines: string[],
  base: Segmented,
  incoming: Segmented,
  outcome: { conflicts: string[]; kept: KeptBlock[]; removed: string[]; rebase: boolean; conflictTitle: string },
): MergeResult {
  const out = segment(lines);
  const baseTexts = blockTexts(base);
  const added: string[] = [];
  const updated: string[] = [];
  for (const [id, text] of blockTexts(incoming)) {
    if (!out.blocks.has(id)) continue;
    const before = baseTexts.get(id);
    if (before === undefined) added.push(id);
    else if (before !== text && !outcome.rebase) updated.push(id);
  }
  const { conflicts, kept, removed } = outcome;
  const conflictCallouts = calloutsOf(out, conflicts, outcome.conflictTitle);
  return { text: lines.join('\n'), added, updated, removed, kept, conflicts, conflictCallouts };
}

/** The callout of each conflict: the first warning callout after the conflicted block (before the next block). */
function calloutsOf(out: Segmented, conflicts: readonly string[], title: string): ConflictCallout[] {
  const found: ConflictCallout[] = [];
  const head = `> [!warning] ${title}`;
  for (const id of new Set(conflicts)) {
    const block = out.blocks.get(id);
    if (!block) continue;
    const next = out.units.find((u) => u.start >= block.end);
    const limit = next ? next.start : out.lines.length;
    for (let k = block.end; k < limit; k++)
      if (out.lines[k] === head) {
        found.push({ id, line: k + 1 });
        break;
      }
  }
  return found;
}

/**
 * Without a base nothing tells the reader's edits from the incoming ones, so nothing that exists changes: every
 * heading and block of the rendering that the file lacks is inserted after its predecessor in the rendering (a new
 * chapter at the end of its parent's section), with the blank lines that precede it in the rendering. Only the
 * frontmatter is taken from the rendering (`refreshFrontmatter`): its keys are ours, and a note adopted from the older
 * plugin would otherwise keep its counts forever.
 */
function insertMissing(reader: Segmented, incoming: Segmented): MergeResult {
  const none = { updated: [], removed: [], kept: [], conflicts: [], conflictCallouts: [] };
  // An empty file: the rendering is the note.
  if (reader.lines.length === 1 && reader.lines[0] === '')
    return { text: incoming.lines.join('\n'), added: [...incoming.blocks.keys()], ...none };
  const edits = new LineEdits();
  const placed = placeMissing(incoming, reader, edits, {
    wanted: (u) => !reader.blocks.has(u.id),
    missingHeadings: 'section',
    startAfterHeading: false,
  });
  const lines = edits.apply(reader.lines);
  const fmEnd = frontmatterEnd(lines);
  if (fmEnd > 0 && reader.bodyStart > 0 && incoming.bodyStart > 0)
    return {
      text: [...refreshFrontmatter(reader, incoming), ...lines.slice(fmEnd)].join('\n'),
      added: placed.ids,
      ...none,
    };
  return { text: lines.join('\n'), added: placed.ids, ...none };
}
