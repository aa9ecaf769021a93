/** The sync engine's public surface. */
export { runSync, noteBookId } from './engine';
export type { BookSource, NoteRenderer, SyncDeps, SyncOptions } from './engine';
export { mergeNote, normalizeNewlines, blockIdsOf, DEFAULT_MERGE_MESSAGES } from './merge';
export type { MergeInput, MergeResult, MergeMessages, KeptBlock, ConflictCallout } from './merge';
export { unifiedDiff, diffLines } from './diff';
export { formatReportSummary, emptyTotals } from './report';
export type { SyncReport, BookReport, BookSyncStatus, SyncTotals } from './report';
export { hashText } from './state';
