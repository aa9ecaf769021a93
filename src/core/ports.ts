/** The interfaces through which the pure core does I/O; the obsidian/ and node/ adapters implement them. */

export interface HttpRequest {
  method: 'GET' | 'POST' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  /** JSON text for POST bodies. */
  body?: string;
  /** The adapter must give up after this long and reject with an error whose name is 'TimeoutError'. */
  timeoutMs: number;
  /** Aborting rejects with an error whose name is 'AbortError'. */
  signal?: AbortSignal;
  /**
   * Largest body (after decompression) the caller accepts: the adapter checks content-length and counts while
   * reading, and rejects with an error whose name is 'ResponseTooLargeError' as soon as it is exceeded.
   */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Every Set-Cookie header value, one entry per cookie (adapters split joined values). */
  setCookie: string[];
  text: string;
}

/** Raw transport: a network failure rejects; any HTTP status resolves. */
export interface HttpPort {
  request(req: HttpRequest): Promise<HttpResponse>;
}

/** Where notes live. Paths are vault-relative, '/'-separated, already normalized. */
export interface NoteStore {
  /** Content of the file, or null when there is none. */
  read(path: string): Promise<string | null>;
  exists(path: string): Promise<boolean>;
  /**
   * Creates parent folders as needed; replaces the file whole or not at all (atomic). With `expected`, the write only
   * happens if the file still holds exactly that text (null: if there is still no file); otherwise it throws
   * NoteChangedError and the file is left as it is, so an edit the reader saved during the sync is never overwritten.
   */
  write(path: string, content: string, expected?: string | null): Promise<void>;
  /** Every Markdown file under the folder (recursive), vault-relative. */
  listMarkdown(folder: string): Promise<string[]>;
  /**
   * Every note in the whole vault whose frontmatter names a book, by note key (`noteKey`: bookId, or
   * `bookId#articleId`) → its paths (more than one when notes collide), found cheaply (metadata cache, a scan cached by
   * modification time). Without it the sync reads the notes folder instead.
   */
  findNotes?(): Promise<Map<string, string[]>>;
  /**
   * Every Markdown file in the vault that links to `#^blockId` of some note; used to keep
   * remotely deleted blocks that the reader linked to. Returns the set of linked block ids among those asked.
   */
  linkedBlockIds(blockIds: string[]): Promise<Set<string>>;
}

/** Small JSON documents the sync keeps between runs (state index, caches). Losing them is safe. */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Optional: stores `value` compressed (the adapter's own gzip), for large documents such as the state's data
   * shards. `get` returns the text whichever way a key was written, so a store without it simply keeps plain text.
   */
  setCompressed?(key: string, value: string): Promise<void>;
  /**
   * Optional, with `setCompressedBytes`: the value as UTF-8 bytes (decompressed), so that a large document (a state
   * shard) is handled without a string of its whole text (bytes stay outside the script heap).
   */
  getBytes?(key: string): Promise<Uint8Array | null>;
  /**
   * Optional, with `getBytes`: stores UTF-8 bytes, given as pieces written one after another, as `setCompressed`
   * stores text (`get` reads them back as text); a store may compress them as they come, without joining them.
   */
  setCompressedBytes?(key: string, chunks: readonly Uint8Array[]): Promise<void>;
  /**
   * Optional: runs `work` (a read of `key`, a merge, its write) while no other process writing this store's folder runs
   * one for the same key. Without it two processes can read one shard at once and the later write drops the notes
   * only the other wrote; with it each note's later sync wins exactly. A store used by one process needs none.
   */
  exclusive?<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Optional: deletes every key of this store but `keys` (a store whose layout changed drops its old keys). */
  retainOnly?(keys: readonly string[]): Promise<void>;
  /** Optional: writes what the store holds back and lets go of what it read; the service calls it after each sync. */
  flush?(): Promise<void>;
}

/** Credentials; the cookie is updated when WeRead renews the session. */
export interface CredentialStore {
  getCookie(): Promise<string | null>;
  setCookie(cookie: string): Promise<void>;
  getApiKey(): Promise<string | null>;
}

/** The note is not the text the merge was based on: the reader (or another app) changed it during the sync. */
export class NoteChangedError extends Error {
  readonly kind = 'note-changed';
  constructor(readonly path: string) {
    super(`"${path}" changed while it was being synced; it will be merged on the next sync`);
    this.name = 'NoteChangedError';
  }
}
