/** The merge's public surface: mergeNote, its types and words, and the helpers the engine uses. */
import { segment, splitLines } from './segment';

export { mergeNote, normalizeNewlines } from './merge-note';
export { DEFAULT_MERGE_MESSAGES } from './types';
export type { MergeInput, MergeResult, MergeMessages, KeptBlock, ConflictCallout } from './types';

/** Block ids of a text (used by the engine to record what it wrote and to find ids deleted on WeRead). */
export function blockIdsOf(text: string): string[] {
  return [...segment(splitLines(text)).blocks.keys()];
}
