/** The merge's inputs, results and the words it writes into notes. */

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

/**
 * The three texts of a merge, named by who wrote them: `base` is what we rendered last time, `reader` is the note
 * on disk (the reader may have edited it), `incoming` is the new rendering of what WeRead has now.
 */
export interface MergeInput {
  /** The rendering the note was last synced from; null when unknown (state lost, new device, adopted note). */
  base: string | null;
  /** The note as it is on disk now. */
  reader: string;
  /** The new rendering. */
  incoming: string;
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
  /** Where each conflict's callout stands: the block id and the 1-based line of the callout's title in `text`. */
  conflictCallouts: ConflictCallout[];
}

export interface ConflictCallout {
  id: string;
  line: number;
}
