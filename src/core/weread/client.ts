/** The WeRead client: picks V1 (cookie) or V2 (API key), lists notebooks, fetches one book's data within the request budget, caches details and chapters. */
import {
  isMpAccount,
  type BookData,
  type BookInfo,
  type Chapter,
  type ItemProblem,
  type NotebookEntry,
  type Thought,
} from '../model/notebook';
import type { CredentialStore, HttpPort, KeyValueStore } from '../ports';
import { nickname, userVid } from './cookies';
import { isWeReadError, WeReadError } from './errors';
import { redact, secretRegistry, type SecretRegistry } from './redact';
import {
  ApiKeyGetSchema,
  BookInfoSchema,
  BookmarkListSchema,
  ChapterInfosItemIdSchema,
  ChapterInfosItemSchema,
  ChapterInfosOuterSchema,
  ChapterInfoV2Schema,
  GatewayListSchema,
  NotebookListOuterSchema,
  ProgressSchema,
  ReviewListSchema,
  mpBookInfo,
  parseBookmarks,
  parseChapters,
  parseNotebookItem,
  parseReviews,
  toArticles,
  toBookInfo,
  toBookmarkChapters,
  toProgress,
  tryValidate,
  validate,
  type ChapterInfosItem,
  ShelfSchema,
  toReadingInfo,
  toShelfBooks,
  type ReadingInfo,
  type ShelfBook,
} from './schemas';
import { realClock, WeReadTransport, type Clock, type RetryPolicy } from './transport';
import { fetchPopularPassages } from './popular';
import type { PopularPassage } from '../model/notebook';

/** 'v2': API key → agent gateway; 'v1': cookie → web API; 'none': no credential. 公众号 books always use V1. */
export type WeReadMode = 'v1' | 'v2' | 'none';

export interface WeReadClientOptions {
  http: HttpPort;
  credentials: CredentialStore;
  /** Book details and chapter lists persist here between syncs. */
  cache: KeyValueStore;
  baseUrl: string;
  gatewayUrl: string;
  concurrency?: number;
  minSpacingMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra strings to redact from every message and log line. */
  secrets?: string[];
  /** Origins besides WeRead's that may receive the credentials; device-local only (see transport.ts). */
  trustedOrigins?: readonly string[];
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  random?: () => number;
  log?: (line: string) => void;
  /** V2 notebook page size (100–300; default 200). */
  notebookPageSize?: number;
  /** V2 review page size (default 100). */
  reviewPageSize?: number;
  /** How long the chapter micro-batcher waits for more books before sending (default 5 ms). */
  chapterBatchWindowMs?: number;
  /** bookIds per chapterInfos request (default 50). */
  chapterBatchSize?: number;
}

export interface FetchBookOptions {
  withProgress?: boolean;
  /** Refetch book details even when cached. */
  force?: boolean;
}

export type LoginCheck =
  | { ok: true; mode: Exclude<WeReadMode, 'none'>; user?: { vid: string; name?: string } }
  | { ok: false; error: WeReadError };

/** A notebook-list entry left out by the last `listNotebooks` because it has no usable bookId or sort. */
export interface SkippedNotebookEntry {
  /** Position in the answer's `books` (V2: in that page). */
  index: number;
  /** V2 only: the page (0-based). */
  page?: number;
  /** Redacted, e.g. `/api/user/notebook: books[1].bookId is missing`. */
  problem: string;
}

export interface WeReadClient {
  readonly mode: WeReadMode;
  /** HTTP requests sent so far (attempts, retries and refreshes included). */
  readonly requestCount: number;
  /**
   * Every book that has notes. V1: one request; V2: one per page. A broken entry never hides the others: one
   * without a title is listed under its bookId; one without a usable bookId or sort is left out, logged and
   * recorded in `skippedNotebookEntries`.
   */
  listNotebooks(): Promise<NotebookEntry[]>;
  /** Entries the last `listNotebooks` left out (empty before the first call). */
  readonly skippedNotebookEntries: readonly SkippedNotebookEntry[];
  /** Everything needed to render one book. Errors are WeReadErrors naming the book. */
  fetchBookData(entry: NotebookEntry, options?: FetchBookOptions): Promise<BookData>;
  /** Fetches chapter lists of many V1 books in batches ahead of fetchBookData (which then reuses them). */
  prefetchChapters(entries: NotebookEntry[]): Promise<void>;
  /** A cheap check of the configured credential. */
  checkLogin(): Promise<LoginCheck>;
  /** With a logged-in cookie: the API key WeRead issues for this account. */
  fetchApiKeyWithCookie(): Promise<string>;
  /** Every book on the shelf with its reading activity (one request; §3.7). */
  fetchShelf(): Promise<ShelfBook[]>;
  /** One book's reading progress, with read-info fields when the answer has them (one request; §3.6). */
  fetchReadingInfo(bookId: string): Promise<ReadingInfo>;
  /** Book details, from the cache when there (no request), else fetched and cached. */
  fetchBookInfo(entry: NotebookEntry): Promise<BookInfo>;
  /** WeRead's popular passages of a book (热门划线), most read first; cached for days (weread/popular.ts). */
  popularPassages?(entry: NotebookEntry): Promise<PopularPassage[]>;
}

const INFO_KEY = (bookId: string): string => `weread/info/${bookId}`;
const CHAPTERS_KEY = (bookId: string): string => `weread/chapters/${bookId}`;
const CACHE_VERSION = 1;
const MAX_PAGES = 1000;

interface CachedChapters {
  v: number;
  chapterUpdateTime?: number;
  chapters: Chapter[];
}

/**
 * Like Promise.all, but waits for every part before rejecting with the first failure, so a failed book
 * leaves no requests of its own running behind it.
 */
async function settleAll<T extends readonly unknown[]>(parts: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(parts);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** A list the answer lacks (`{}`) for a book whose notebook entry counts items in it: that book fails. */
function missingList(endpoint: string, bookId: string, field: string, expected: number): never {
  throw new WeReadError('bad-data', {
    endpoint,
    bookId,
    fieldPath: field,
    problem: `is missing, but the notebook list counts ${expected} for this book`,
  });
}

/** Attaches the unreadable items to the book's data (and logs them): they are reported, the rest is written. */
function withProblems(data: BookData, problems: ItemProblem[], log?: (line: string) => void): BookData {
  if (problems.length === 0) return data;
  for (const p of problems)
    log?.(redact(`item left out: ${p.endpoint}: ${p.field} ${p.problem}${p.itemId ? ` (${p.itemId})` : ''}`));
  return { ...data, problems };
}

/** Creates a client; reads the credentials once to decide the mode. */
export async function createWeReadClient(opts: WeReadClientOptions): Promise<WeReadClient> {
  const secrets: SecretRegistry = secretRegistry;
  secrets.add(...(opts.secrets ?? []));
  const transport = new WeReadTransport({
    http: opts.http,
    credentials: opts.credentials,
    baseUrl: opts.baseUrl,
    gatewayUrl: opts.gatewayUrl,
    concurrency: opts.concurrency,
    minSpacingMs: opts.minSpacingMs,
    timeoutMs: opts.timeoutMs,
    retry: opts.retry,
    clock: opts.clock,
    random: opts.random,
    signal: opts.signal,
    secrets,
    log: opts.log,
    trustedOrigins: opts.trustedOrigins,
  });
  await transport.load();
  const hasKey = await transport.hasApiKey();
  const hasCookie = await transport.hasCookie();
  const mode: WeReadMode = hasKey ? 'v2' : hasCookie ? 'v1' : 'none';
  return new Client(transport, opts, mode);
}

class Client implements WeReadClient {
  private readonly chapterBatcher: ChapterBatcher;
  /** Chapter lists fetched during this client's life (by prefetch or batch), so a book's list is fetched once per sync. */
  private readonly freshChapters = new Map<string, Promise<ChapterInfosItem | undefined>>();
  /**
   * getProgress answers asked during this client's life (one sync), by family and bookId: a template that shows the
   * progress and the reading properties both read it, from one request.
   */
  private readonly progressAnswers = new Map<string, ReturnType<Client['askProgress']>>();
  private skipped: SkippedNotebookEntry[] = [];

  constructor(
    private readonly transport: WeReadTransport,
    private readonly opts: WeReadClientOptions,
    readonly mode: WeReadMode,
  ) {
    this.chapterBatcher = new ChapterBatcher(
      transport,
      opts.chapterBatchWindowMs ?? 5,
      Math.max(1, opts.chapterBatchSize ?? 50),
    );
  }

  get requestCount(): number {
    return this.transport.requestCount;
  }

  get skippedNotebookEntries(): readonly SkippedNotebookEntry[] {
    return this.skipped;
  }

  /** The usable entries of one notebook page; repaired and skipped entries are logged, skipped ones recorded. */
  private notebookEntries(books: unknown[], endpoint: string, page?: number): NotebookEntry[] {
    const entries: NotebookEntry[] = [];
    for (const [index, raw] of books.entries()) {
      const { entry, error } = parseNotebookItem(raw, index, endpoint);
      if (entry) {
        if (error) this.opts.log?.(redact(`notebook entry listed under its bookId as title: ${error.message}`));
        entries.push(entry);
        continue;
      }
      const problem = redact(`${endpoint}: ${error?.fieldPath ?? `books[${index}]`} ${error?.problem ?? 'is invalid'}`);
      this.skipped.push(page === undefined ? { index, problem } : { index, page, problem });
      this.opts.log?.(`notebook entry skipped (cannot be identified): ${problem}`);
    }
    return entries;
  }

  private notConfigured(endpoint: string, bookId?: string): WeReadError {
    return new WeReadError('not-configured', { endpoint, bookId, detail: 'add a WeRead API key or log in' });
  }

  async listNotebooks(): Promise<NotebookEntry[]> {
    if (this.mode === 'none') throw this.notConfigured('/user/notebooks');
    this.skipped = [];
    if (this.mode === 'v1') {
      const endpoint = '/api/user/notebook';
      const json = await this.transport.v1({ method: 'GET', path: endpoint });
      return this.notebookEntries(validate(NotebookListOuterSchema, json, { endpoint }).books, endpoint);
    }
    const endpoint = '/user/notebooks';
    const count = Math.min(300, Math.max(1, this.opts.notebookPageSize ?? 200));
    const byId = new Map<string, NotebookEntry>();
    let lastSort: number | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const params: Record<string, unknown> = { count };
      if (lastSort !== undefined) params.lastSort = lastSort;
      const list = validate(NotebookListOuterSchema, await this.transport.v2(endpoint, params), { endpoint });
      const entries = this.notebookEntries(list.books, endpoint, page);
      for (const entry of entries) if (!byId.has(entry.bookId)) byId.set(entry.bookId, entry);
      // The cursor is the last usable entry: a skipped last entry comes again on the next page at worst.
      const last = entries[entries.length - 1];
      const hasMore = list.hasMore === 1 || list.hasMore === true;
      // A page that does not advance the cursor would loop forever: stop there.
      if (!hasMore || !last || last.sort === lastSort) break;
      lastSort = last.sort;
    }
    return [...byId.values()];
  }

  async fetchBookData(entry: NotebookEntry, options: FetchBookOptions = {}): Promise<BookData> {
    try {
      return await this.fetchBookDataUnwrapped(entry, options);
    } catch (error) {
      throw isWeReadError(error) ? error.forBook(entry.bookId) : error;
    }
  }

  private async fetchBookDataUnwrapped(entry: NotebookEntry, options: FetchBookOptions): Promise<BookData> {
    const bookId = entry.bookId;
    if (isMpAccount(entry)) {
      if (!(await this.transport.hasCookie())) {
        throw new WeReadError('not-configured', {
          endpoint: '/web/book/bookmarklist',
          bookId,
          detail: 'official-account (公众号) articles need a WeRead login (cookie); an API key cannot read them',
        });
      }
      return this.fetchMpAccount(entry, options);
    }
    if (this.mode === 'none') throw this.notConfigured('/book/bookmarklist', bookId);
    const family = this.mode;
    const [info, marks, thoughts, chapters, progress] = await settleAll([
      this.bookInfo(entry, family, options.force === true),
      this.bookmarks(entry, family),
      this.thoughts(entry, family),
      this.chapters(bookId, family),
      options.withProgress ? this.progress(bookId, family) : Promise.resolve(undefined),
    ] as const);
    const data: BookData = {
      info,
      highlights: marks.highlights,
      thoughts: thoughts.items,
      chapters: chapters.items,
    };
    if (marks.chapters.length) data.bookmarkChapters = marks.chapters;
    if (progress) data.progress = progress;
    return withProblems(data, [...marks.problems, ...thoughts.problems, ...chapters.problems], this.opts.log);
  }

  private async fetchMpAccount(entry: NotebookEntry, options: FetchBookOptions): Promise<BookData> {
    const bookId = entry.bookId;
    const [marks, thoughts, progress] = await settleAll([
      this.bookmarks(entry, 'v1'),
      this.thoughts(entry, 'v1'),
      options.withProgress ? this.progress(bookId, 'v1') : Promise.resolve(undefined),
    ] as const);
    const data: BookData = {
      info: mpBookInfo(entry, marks.list.book ?? undefined),
      highlights: marks.highlights,
      thoughts: thoughts.items,
      chapters: [],
      articles: toArticles(marks.list),
    };
    if (progress) data.progress = progress;
    return withProblems(data, [...marks.problems, ...thoughts.problems], this.opts.log);
  }

  private async readCache<T>(key: string): Promise<T | undefined> {
    try {
      const text = await this.opts.cache.get(key);
      if (text === null) return undefined;
      const value = JSON.parse(text) as { v?: number };
      return value && value.v === CACHE_VERSION ? (value as T) : undefined;
    } catch {
      return undefined; // a broken cache entry is just a miss
    }
  }

  private async bookInfo(entry: NotebookEntry, family: 'v1' | 'v2', force: boolean): Promise<BookInfo> {
    const key = INFO_KEY(entry.bookId);
    if (!force) {
      const cached = await this.readCache<{ v: number; info: BookInfo }>(key);
      if (cached?.info && typeof cached.info.title === 'string') return cached.info;
    }
    const endpoint = family === 'v1' ? '/web/book/info' : '/book/info';
    const json =
      family === 'v1'
        ? await this.transport.v1({
            method: 'GET',
            path: endpoint,
            query: { bookId: entry.bookId },
            bookId: entry.bookId,
          })
        : await this.transport.v2(endpoint, { bookId: entry.bookId }, entry.bookId);
    const info = toBookInfo(validate(BookInfoSchema, json, { endpoint, bookId: entry.bookId }), entry);
    await this.opts.cache.set(key, JSON.stringify({ v: CACHE_VERSION, info }));
    return info;
  }

  /**
   * The highlights, each checked on its own. An answer without `updated` (`{}`) means "no highlights" only when the
   * notebook entry says the book has none; otherwise it fails the book, never reading as "everything was deleted".
   */
  private async bookmarks(entry: NotebookEntry, family: 'v1' | 'v2') {
    const bookId = entry.bookId;
    const endpoint = family === 'v1' ? '/web/book/bookmarklist' : '/book/bookmarklist';
    const json =
      family === 'v1'
        ? await this.transport.v1({ method: 'GET', path: endpoint, query: { bookId }, bookId })
        : await this.transport.v2(endpoint, { bookId }, bookId);
    const list = validate(BookmarkListSchema, json, { endpoint, bookId });
    if (list.updated === undefined || list.updated === null) {
      if (entry.noteCount !== 0) missingList(endpoint, bookId, 'updated', entry.noteCount);
      return { list, highlights: [], chapters: toBookmarkChapters(list), problems: [] as ItemProblem[] };
    }
    const parsed = parseBookmarks(list.updated, endpoint);
    return { list, highlights: parsed.items, chapters: toBookmarkChapters(list), problems: parsed.problems };
  }

  /** Every thought and review, all pages (V2 pages by 20 by default: asking once would lose the 21st). */
  private async thoughts(entry: NotebookEntry, family: 'v1' | 'v2') {
    const bookId = entry.bookId;
    const endpoint = family === 'v1' ? '/web/review/list' : '/review/list/mine';
    const byId = new Map<string, Thought>();
    const problems: ItemProblem[] = [];
    let synckey = 0;
    const count = Math.max(1, this.opts.reviewPageSize ?? 100);
    for (let page = 0; page < MAX_PAGES; page++) {
      const json =
        family === 'v1'
          ? await this.transport.v1({
              method: 'GET',
              path: endpoint,
              query: { bookId, listType: 11, mine: 1, synckey },
              bookId,
            })
          : await this.transport.v2(endpoint, { bookid: bookId, synckey, count }, bookId);
      const list = validate(ReviewListSchema, json, { endpoint, bookId });
      // Like `{}` for highlights: no list means "none" only for a book that has no thoughts, and only on page one.
      if (list.reviews === undefined || list.reviews === null) {
        if (page > 0 || entry.reviewCount !== 0) missingList(endpoint, bookId, 'reviews', entry.reviewCount);
        break;
      }
      const parsed = parseReviews(list.reviews, endpoint);
      for (const thought of parsed.items) byId.set(thought.reviewId, thought);
      problems.push(...parsed.problems);
      const hasMore = list.hasMore === 1 || list.hasMore === true;
      const next = list.synckey ?? undefined;
      if (!hasMore || next === undefined || next === synckey || list.reviews.length === 0) break;
      synckey = next;
    }
    return { items: [...byId.values()], problems };
  }

  /** One book's getProgress answer (V1 or V2), checked: the progress and the reading info are both read from it. */
  private progressAnswer(bookId: string, family: 'v1' | 'v2') {
    const key = `${family}:${bookId}`;
    let answer = this.progressAnswers.get(key);
    if (!answer) this.progressAnswers.set(key, (answer = this.askProgress(bookId, family)));
    return answer;
  }

  private async askProgress(bookId: string, family: 'v1' | 'v2') {
    const endpoint = family === 'v1' ? '/web/book/getProgress' : '/book/getprogress';
    const json =
      family === 'v1'
        ? await this.transport.v1({ method: 'GET', path: endpoint, query: { bookId }, bookId })
        : await this.transport.v2(endpoint, { bookId }, bookId);
    return validate(ProgressSchema, json, { endpoint, bookId });
  }

  private async progress(bookId: string, family: 'v1' | 'v2') {
    return toProgress(await this.progressAnswer(bookId, family));
  }

  /** The full chapter list: fetched once per sync (V1 batched across books), cached, and replaced when chapterUpdateTime moves. */
  private async chapters(bookId: string, family: 'v1' | 'v2'): Promise<{ items: Chapter[]; problems: ItemProblem[] }> {
    const key = CHAPTERS_KEY(bookId);
    // Join the batch before the first await, so books started together share one chapterInfos request.
    const v1Item = family === 'v1' ? this.v1ChapterItem(bookId) : undefined;
    const cached = await this.readCache<CachedChapters>(key);
    let fresh: { chapterUpdateTime?: number; chapters: Chapter[] } | undefined;
    let problems: ItemProblem[] = [];
    if (v1Item) {
      const item = await v1Item;
      if (item) {
        const parsed = parseChapters(item.updated, '/web/book/chapterInfos', `${item.at ?? 'data[]'}.updated`);
        fresh = { chapterUpdateTime: item.chapterUpdateTime ?? undefined, chapters: parsed.items };
        problems = parsed.problems;
      }
    } else {
      const endpoint = '/book/chapterinfo';
      const json = validate(ChapterInfoV2Schema, await this.transport.v2(endpoint, { bookId }, bookId), {
        endpoint,
        bookId,
      });
      const parsed = parseChapters(
        json.chapters ?? json.updated ?? [],
        endpoint,
        json.chapters ? 'chapters' : 'updated',
      );
      fresh = { chapterUpdateTime: json.chapterUpdateTime ?? undefined, chapters: parsed.items };
      problems = parsed.problems;
    }
    if (!fresh) return { items: cached?.chapters ?? [], problems };
    // An empty answer for a list we already hold at the same chapterUpdateTime means "unchanged".
    if (fresh.chapters.length === 0 && cached && cached.chapterUpdateTime === fresh.chapterUpdateTime)
      return { items: cached.chapters, problems };
    const chapters = [...fresh.chapters].sort((a, b) => a.chapterIdx - b.chapterIdx);
    if (
      !cached ||
      cached.chapterUpdateTime !== fresh.chapterUpdateTime ||
      cached.chapters.length !== chapters.length ||
      fresh.chapterUpdateTime === undefined
    ) {
      const value: CachedChapters = { v: CACHE_VERSION, chapterUpdateTime: fresh.chapterUpdateTime, chapters };
      await this.opts.cache.set(key, JSON.stringify(value));
    }
    return { items: chapters, problems };
  }

  private v1ChapterItem(bookId: string): Promise<ChapterInfosItem | undefined> {
    let pending = this.freshChapters.get(bookId);
    if (!pending) {
      pending = this.chapterBatcher.load(bookId);
      this.freshChapters.set(bookId, pending);
      // A failed fetch must not stick for the rest of the sync.
      pending.catch(() => this.freshChapters.delete(bookId));
    }
    return pending;
  }

  async prefetchChapters(entries: NotebookEntry[]): Promise<void> {
    if (this.mode !== 'v1') return;
    const ids = entries.filter((e) => !isMpAccount(e)).map((e) => e.bookId);
    await Promise.allSettled(ids.map((id) => this.v1ChapterItem(id)));
  }

  async checkLogin(): Promise<LoginCheck> {
    try {
      const jar = await this.transport.cookieJar();
      const vid = userVid(jar);
      const user = vid ? { vid, ...(nickname(jar) ? { name: nickname(jar) } : {}) } : undefined;
      if (this.mode === 'none') return { ok: false, error: this.notConfigured('checkLogin') };
      if (this.mode === 'v2') {
        const endpoint = '/_list';
        validate(GatewayListSchema, await this.transport.v2(endpoint), { endpoint });
        return user ? { ok: true, mode: 'v2', user } : { ok: true, mode: 'v2' };
      }
      const endpoint = '/api/user/notebook';
      validate(NotebookListOuterSchema, await this.transport.v1({ method: 'GET', path: endpoint }), { endpoint });
      const after = await this.transport.cookieJar();
      const vidAfter = userVid(after);
      return vidAfter
        ? { ok: true, mode: 'v1', user: { vid: vidAfter, ...(nickname(after) ? { name: nickname(after) } : {}) } }
        : { ok: true, mode: 'v1' };
    } catch (error) {
      if (isWeReadError(error)) return { ok: false, error };
      throw error;
    }
  }

  async fetchApiKeyWithCookie(): Promise<string> {
    const endpoint = '/api/skills/apikeyGet';
    const json = await this.transport.v1({ method: 'GET', path: endpoint });
    const { apikey } = validate(ApiKeyGetSchema, json, { endpoint });
    secretRegistry.add(apikey);
    return apikey.trim();
  }

  async fetchShelf(): Promise<ShelfBook[]> {
    if (this.mode === 'none') throw this.notConfigured('/shelf/sync');
    const endpoint = this.mode === 'v1' ? '/web/shelf/sync' : '/shelf/sync';
    const json =
      this.mode === 'v1'
        ? await this.transport.v1({ method: 'GET', path: endpoint })
        : await this.transport.v2(endpoint, {});
    return toShelfBooks(validate(ShelfSchema, json, { endpoint }));
  }

  async fetchReadingInfo(bookId: string): Promise<ReadingInfo> {
    if (this.mode === 'none') throw this.notConfigured('/book/getprogress', bookId);
    try {
      return toReadingInfo(await this.progressAnswer(bookId, this.mode));
    } catch (error) {
      throw isWeReadError(error) ? error.forBook(bookId) : error;
    }
  }

  async fetchBookInfo(entry: NotebookEntry): Promise<BookInfo> {
    if (this.mode === 'none') throw this.notConfigured('/book/info', entry.bookId);
    return this.bookInfo(entry, this.mode, false);
  }

  async popularPassages(entry: NotebookEntry): Promise<PopularPassage[]> {
    if (this.mode === 'none' || isMpAccount(entry)) return []; // 公众号 articles have no popular passages
    return fetchPopularPassages(this.transport, this.mode, this.opts.cache, this.opts.clock ?? realClock, entry.bookId);
  }
}

/**
 * Collects the V1 chapter-list requests issued within a few ms into one `POST /web/book/chapterInfos`
 * (at most `batchSize` bookIds each): a first sync of 500 books costs ~10 chapter requests, not 500.
 */
class ChapterBatcher {
  private pending = new Map<
    string,
    Array<{ resolve: (x: ChapterInfosItem | undefined) => void; reject: (e: unknown) => void }>
  >();
  private cancelTimer?: () => void;

  constructor(
    private readonly transport: WeReadTransport,
    private readonly windowMs: number,
    private readonly batchSize: number,
  ) {}

  load(bookId: string): Promise<ChapterInfosItem | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(bookId) ?? [];
      waiters.push({ resolve, reject });
      this.pending.set(bookId, waiters);
      if (this.pending.size >= this.batchSize) this.flush();
      else this.cancelTimer ??= realClock.timer(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const batch = this.pending;
    this.pending = new Map();
    if (batch.size === 0) return;
    void this.send(batch);
  }

  private async send(
    batch: Map<string, Array<{ resolve: (x: ChapterInfosItem | undefined) => void; reject: (e: unknown) => void }>>,
  ): Promise<void> {
    const endpoint = '/web/book/chapterInfos';
    const bookIds = [...batch.keys()];
    let data: unknown[];
    try {
      const json = await this.transport.v1({ method: 'POST', path: endpoint, body: { bookIds } });
      data = validate(ChapterInfosOuterSchema, json, {
        endpoint,
        bookId: bookIds.length === 1 ? bookIds[0] : undefined,
      }).data;
    } catch (error) {
      for (const [bookId, waiters] of batch) {
        const perBook = isWeReadError(error) ? error.forBook(bookId) : error;
        for (const w of waiters) w.reject(perBook);
      }
      return;
    }
    // Each item is checked on its own: a broken item fails only its book, the others get their chapters.
    const byId = new Map<string, { item: ChapterInfosItem } | { error: WeReadError }>();
    let unattributed: WeReadError | undefined;
    for (const [index, raw] of data.entries()) {
      const at = `data[${index}]`;
      const id = tryValidate(ChapterInfosItemIdSchema, raw, { endpoint, at });
      if (!id.ok) {
        unattributed ??= id.error;
        continue;
      }
      const bookId = id.value.bookId;
      const item = tryValidate(ChapterInfosItemSchema, raw, { endpoint, bookId, at });
      byId.set(bookId, item.ok ? { item: { ...item.value, at } } : { error: item.error });
    }
    for (const [bookId, waiters] of batch) {
      const result = byId.get(bookId);
      // A book missing from the answer gets undefined (cached chapters), unless an item without a usable bookId
      // may be its own: then it fails rather than silently losing its chapter list.
      if (result && 'error' in result) for (const w of waiters) w.reject(result.error);
      else if (!result && unattributed) for (const w of waiters) w.reject(unattributed.forBook(bookId));
      else for (const w of waiters) w.resolve(result?.item);
    }
  }
}
