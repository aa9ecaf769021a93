/** What the reading pass did in one sync: the notes whose reading properties it changed, the finished-book notes and the library Base. */

export type LibraryBaseOutcome = 'created' | 'updated' | 'unchanged' | 'kept' | 'recreated';

export interface ReadingPassReport {
  /** Books on the shelf. */
  shelfBooks: number;
  /** Books whose progress was asked for (one request each). */
  refreshed: number;
  /** Notes whose reading properties changed (vault paths). */
  updated: string[];
  /** Notes written for finished books without highlights (vault paths). */
  created: string[];
  /** Books the pass could not handle this time; they are tried again next sync. */
  failed: Array<{ bookId: string; error: string }>;
  /** The library Base: written, left to the reader (`kept`: they edited or deleted it), or unchanged. */
  base?: LibraryBaseOutcome;
  /** The shelf could not be read: no property was refreshed. */
  error?: string;
}
