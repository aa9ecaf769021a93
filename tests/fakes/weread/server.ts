// Owns the fake WeRead server: a real loopback HTTP server playing the V1 cookie API and the V2 agent gateway, with a request log, fault switches and library mutations.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FixtureBook, PopularFixture } from './fixture-types';
import { loadFixtureLibrary } from './library';
import { nuxtErrorBody, shapeAnswer, type ShapeName } from './shapes';

/** Error codes the fake answers with; the last three are stand-ins (the real service's codes for these cases are not documented). */
export const FAKE_ERRORS = {
  loginTimeout: { code: -2012, msg: '登录超时' },
  authFailed: { code: -2013, msg: '鉴权失败' },
  badParams: { code: -2003, msg: '参数格式错误' },
  /** Unknown or removed bookId. */
  bookNotFound: { code: -2000, msg: '书籍不存在' },
  /** V2 bookmarklist / review list asked for a 公众号 account (V1 only serves those). */
  mpNotSupported: { code: -2004, msg: '公众号内容暂不支持' },
  /** V2 api_name that does not exist. */
  unknownApi: { code: -2005, msg: '接口不存在' },
} as const;

export interface FakeWeReadOptions {
  /** The library served; deep-copied. Defaults to the fixture library (`loadFixtureLibrary()`); `[]` for an empty one. */
  books?: FixtureBook[];
  /** Delay before each answer, in ms. Can be changed later through `fake.latencyMs`. */
  latencyMs?: number;
  vid?: string;
  skey?: string;
  apiKey?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Answer CORS preflights and allow any origin (for the headless-browser test, whose fetch enforces CORS). Off by default. */
  cors?: boolean;
  /** Real-answer shapes (docs/weread-api.md §3.9) switched on from the start; see `shapes.ts`. */
  shapes?: ShapeName[];
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Request target as sent, with the query. */
  path: string;
  /** V2: the api_name; V1: the path without query. */
  api: string;
  /** V2 `bookId`/`bookid` or V1 `?bookId=`. */
  bookId?: string;
  /** `chapterInfos` body bookIds. */
  bookIds?: string[];
  /** 0 while the request is in flight (or hung). */
  status: number;
  /** Which fault answered, if any (e.g. 'status', 'errcode', 'hang', 'dropField', 'reset'). */
  fault?: string;
  /** Request headers as received (lower-case names). */
  headers: Record<string, string>;
  /** ms timestamps; endedAt is 0 while in flight. */
  startedAt: number;
  endedAt: number;
}

/** One injected answer. */
export type FaultResponse =
  | { status: number; body?: string; contentType?: string }
  /** An error body; `status` (default 200) and `wrap: 'nuxt'` (`{statusCode, message, data: {errcode, errmsg}}`) as the live service sends some. */
  | { errcode: number; errmsg?: string; status?: number; wrap?: 'nuxt' }
  | { hang: true }
  | { dropField: string }
  /** Destroys the socket without answering (a network error for the client). */
  | { reset: true };

export interface FaultMatch {
  /** V2 api_name (e.g. '/book/bookmarklist') or V1 path (e.g. '/web/book/bookmarklist', '/'). Any when omitted. */
  api?: string;
  /** Matches the request's bookId, or membership in chapterInfos bookIds. Any when omitted. */
  bookId?: string;
  /** How many matching requests the rule applies to; default: the number of responses given (1 for a single one). Infinity = always. */
  times?: number;
}

export interface FakeWeReadFaults {
  /** The current wr_skey stops working. With refreshWorks, `HEAD /` issues a new one that works; otherwise every V1 call keeps answering -2012. */
  expireSession(opts: { refreshWorks: boolean }): void;
  /** The k-th matching request gets responses[k] (the last one repeats). Rules are tried in the order they were added. */
  inject(match: FaultMatch, responses: FaultResponse | FaultResponse[]): void;
  /** Removes every injected rule and restores a valid session (keeping the latest skey). */
  clear(): void;
}

export interface FakeWeReadLibrary {
  addHighlight(bookId: string, partial?: Record<string, unknown>): Record<string, unknown>;
  editHighlight(bookmarkId: string, patch: Record<string, unknown>): void;
  deleteHighlight(bookmarkId: string): void;
  addThought(bookId: string, partial?: Record<string, unknown>): { reviewId: string; review: Record<string, unknown> };
  editThought(reviewId: string, content: string): void;
  deleteThought(reviewId: string): void;
  removeBook(bookId: string): void;
  /** Adds a book as given (its sort is kept). Throws if the bookId exists. */
  addBook(fixture: FixtureBook): void;
  /** A deep copy of the book's current state, or undefined. */
  get(bookId: string): FixtureBook | undefined;
  /** Every bookId in the library, including books that have no notes left. */
  bookIds(): string[];
  /**
   * The reader reads on in the app, without note activity: the book's progress (getProgress) and its shelf entry's
   * `readUpdateTime` move, its notebook `sort` does not. `finish` marks it finished (shelf `finishReading: 1`).
   */
  readOn(bookId: string, opts?: { progress?: number; readingSeconds?: number; finish?: boolean }): void;
  /** Replaces a book's popular passages (热门划线, served by bestbookmarks). */
  setPopular(bookId: string, items: PopularFixture[]): void;
}

export interface FakeWeRead {
  /** The V1 origin, `http://127.0.0.1:PORT`. */
  baseUrl: string;
  gatewayUrl: string;
  /** A working Cookie header with the latest issued wr_skey (after expireSession it still carries the expired one until a refresh). */
  readonly cookieHeader: string;
  /** The current valid skey. */
  readonly skey: string;
  apiKey: string;
  vid: string;
  latencyMs: number;
  log: RequestLogEntry[];
  readonly inFlight: number;
  /** Most concurrent requests since the last `resetLog()`. */
  readonly maxInFlight: number;
  resetLog(): void;
  faults: FakeWeReadFaults;
  library: FakeWeReadLibrary;
  /** The real-answer shapes switched on (add or delete at any time); every answer, faults included, is rewritten by them. */
  shapes: Set<ShapeName>;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

interface Answer {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

interface FaultRule {
  match: FaultMatch;
  responses: FaultResponse[];
  remaining: number;
  used: number;
}

class HttpError extends Error {}

const GATEWAY_PATH = '/api/agent/gateway';
const MAX_BODY_BYTES = 1 << 20;

const GATEWAY_APIS: Array<{ api_name: string; description: string; params: string[] }> = [
  { api_name: '/_list', description: '列出可用接口', params: [] },
  { api_name: '/user/notebooks', description: '有笔记的书籍列表', params: ['count', 'lastSort'] },
  { api_name: '/book/info', description: '书籍详情', params: ['bookId'] },
  { api_name: '/book/bookmarklist', description: '划线列表', params: ['bookId'] },
  { api_name: '/review/list/mine', description: '我的想法与书评', params: ['bookid', 'synckey', 'count'] },
  { api_name: '/book/chapterinfo', description: '章节信息', params: ['bookId'] },
  { api_name: '/book/getprogress', description: '阅读进度', params: ['bookId'] },
  { api_name: '/shelf/sync', description: '书架', params: [] },
  { api_name: '/book/bestbookmarks', description: '热门划线', params: ['bookId', 'chapterUid'] },
];

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function json(body: unknown, status = 200): Answer {
  return { status, body: JSON.stringify(body) };
}

function v1Error(pathname: string, err: { code: number; msg: string }): Answer {
  if (pathname.startsWith('/web/')) return json({ errCode: err.code, errMsg: err.msg });
  return json({ errcode: err.code, errlog: 'fAkE' + Math.abs(err.code).toString(36), errmsg: err.msg });
}

function v2Error(err: { code: number; msg: string }): Answer {
  return json({ errcode: err.code, errmsg: err.msg });
}

function parseCookies(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return jar;
}

/** Removes `a.b.0.c` from a parsed body; missing segments are ignored. */
function dropFieldAt(target: unknown, path: string): void {
  const parts = path.split('.');
  let node: unknown = target;
  for (const part of parts.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string, unknown>)[part];
  }
  const last = parts[parts.length - 1]!;
  if (Array.isArray(node) && /^\d+$/.test(last)) node.splice(Number(last), 1);
  else if (node !== null && typeof node === 'object') delete (node as Record<string, unknown>)[last];
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function isCursor(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Starts the fake on 127.0.0.1 and resolves once it listens. */
export async function startFakeWeRead(opts: FakeWeReadOptions = {}): Promise<FakeWeRead> {
  const vid = opts.vid ?? '10000001';
  const apiKey = opts.apiKey ?? 'wrk-fake0000000000000001';
  const books = new Map<string, FixtureBook>();
  for (const book of opts.books ?? loadFixtureLibrary()) {
    if (books.has(book.notebook.bookId)) throw new Error(`duplicate fixture bookId ${book.notebook.bookId}`);
    books.set(book.notebook.bookId, structuredClone(book));
  }

  let skey = opts.skey ?? 'fakeskey01';
  let issuedSkey = skey;
  let skeyCounter = 1;
  let sessionValid = true;
  let refreshWorks = true;
  let rules: FaultRule[] = [];
  let seq = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let lastSort = 0;
  let idCounter = 0;
  const log: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  for (const book of books.values()) lastSort = Math.max(lastSort, book.notebook.sort);

  /** Shelf signals per book (§3.7): last reading time and finished flag; a book not here uses its fixture's. */
  const shelfState = new Map<string, { readUpdateTime: number; finishReading: 0 | 1 }>();
  let lastRead = lastSort;

  const cookieFor = (key: string): string =>
    [
      `wr_vid=${vid}`,
      `wr_skey=${key}`,
      `wr_name=${encodeURIComponent('书虫小王')}`,
      `wr_avatar=${encodeURIComponent('https://thirdwx.qlogo.cn/mmopen/vi_32/FakeAvatar0001/132')}`,
      'wr_gid=245678901',
      'wr_pf=0',
      'wr_rt=web%40FakeRt0001_AL',
      'wr_localvid=fa1ce0001234abcd',
      'wr_gender=1',
    ].join('; ');

  // ---------------------------------------------------------------- library

  const visibleBooks = (): FixtureBook[] =>
    [...books.values()]
      .filter((b) => b.bookmarks.length + b.reviews.length > 0)
      .sort((a, b) => b.notebook.sort - a.notebook.sort);

  const bumpSort = (book: FixtureBook): void => {
    lastSort = Math.max(lastSort + 1, nowSeconds());
    book.notebook.sort = lastSort;
  };

  const requireBook = (bookId: string): FixtureBook => {
    const book = books.get(bookId);
    if (!book) throw new Error(`fake WeRead: no book ${bookId}`);
    return book;
  };

  const findHighlight = (bookmarkId: string): { book: FixtureBook; index: number } => {
    for (const book of books.values()) {
      const index = book.bookmarks.findIndex((b) => b.bookmarkId === bookmarkId);
      if (index >= 0) return { book, index };
    }
    throw new Error(`fake WeRead: no highlight ${bookmarkId}`);
  };

  const findThought = (reviewId: string): { book: FixtureBook; index: number } => {
    for (const book of books.values()) {
      const index = book.reviews.findIndex((r) => r.reviewId === reviewId);
      if (index >= 0) return { book, index };
    }
    throw new Error(`fake WeRead: no thought ${reviewId}`);
  };

  const chapterOf = (book: FixtureBook, uid: unknown) => book.chapters.find((c) => c.chapterUid === uid);

  const library: FakeWeReadLibrary = {
    addHighlight(bookId, partial = {}) {
      const book = requireBook(bookId);
      const chapterUid = (partial.chapterUid as number | undefined) ?? book.chapters[0]?.chapterUid ?? 1;
      idCounter += 1;
      const range =
        (partial.range as string | undefined) ?? `${90000 + idCounter * 100}-${90000 + idCounter * 100 + 42}`;
      const highlight: Record<string, unknown> = {
        bookId,
        bookmarkId: `${bookId}_${chapterUid}_${range}`,
        chapterUid,
        range,
        markText: `新增的划线第${idCounter}条：读书使人充实。`,
        createTime: nowSeconds(),
        type: 1,
        colorStyle: 1,
        style: 0,
        bookVersion: 0,
        chapterName: chapterOf(book, chapterUid)?.title ?? '',
        ...partial,
      };
      book.bookmarks.push(highlight);
      book.notebook.noteCount += 1;
      bumpSort(book);
      return structuredClone(highlight);
    },
    editHighlight(bookmarkId, patch) {
      const { book, index } = findHighlight(bookmarkId);
      Object.assign(book.bookmarks[index]!, patch, { bookmarkId });
      bumpSort(book);
    },
    deleteHighlight(bookmarkId) {
      const { book, index } = findHighlight(bookmarkId);
      book.bookmarks.splice(index, 1);
      book.notebook.noteCount = Math.max(0, book.notebook.noteCount - 1);
      bumpSort(book);
    },
    addThought(bookId, partial = {}) {
      const book = requireBook(bookId);
      idCounter += 1;
      const reviewId =
        (partial.reviewId as string | undefined) ?? `${vid}_fAkE${idCounter.toString(36).padStart(5, '0')}`;
      const chapterUid = (partial.chapterUid as number | undefined) ?? book.chapters[0]?.chapterUid;
      const chapter = chapterOf(book, chapterUid);
      const content = (partial.content as string | undefined) ?? `新的想法 ${idCounter}`;
      const review: Record<string, unknown> = {
        reviewId,
        bookId,
        userVid: Number(vid),
        type: 1,
        content,
        htmlContent: `<p>${content}</p>`,
        createTime: nowSeconds(),
        star: 0,
        isPrivate: 0,
        ...(chapterUid !== undefined ? { chapterUid } : {}),
        ...(chapter ? { chapterIdx: chapter.chapterIdx, chapterName: chapter.title, chapterTitle: chapter.title } : {}),
        ...partial,
      };
      const item = { reviewId, review };
      book.reviews.push(item);
      book.notebook.reviewCount += 1;
      bumpSort(book);
      return structuredClone(item);
    },
    editThought(reviewId, content) {
      const { book, index } = findThought(reviewId);
      const review = book.reviews[index]!.review;
      review.content = content;
      if ('htmlContent' in review) review.htmlContent = `<p>${content}</p>`;
      bumpSort(book);
    },
    deleteThought(reviewId) {
      const { book, index } = findThought(reviewId);
      book.reviews.splice(index, 1);
      book.notebook.reviewCount = Math.max(0, book.notebook.reviewCount - 1);
      bumpSort(book);
    },
    removeBook(bookId) {
      requireBook(bookId);
      books.delete(bookId);
    },
    addBook(fixture) {
      if (books.has(fixture.notebook.bookId)) throw new Error(`fake WeRead: book ${fixture.notebook.bookId} exists`);
      books.set(fixture.notebook.bookId, structuredClone(fixture));
      lastSort = Math.max(lastSort, fixture.notebook.sort);
    },
    get(bookId) {
      const book = books.get(bookId);
      return book ? structuredClone(book) : undefined;
    },
    bookIds() {
      return [...books.keys()];
    },
    readOn(bookId, opts = {}) {
      const book = requireBook(bookId);
      const shelf = shelfOf(book);
      lastRead = Math.max(lastRead + 1, nowSeconds(), shelf.readUpdateTime + 1);
      const before = progressBody(book).book as Json;
      const progress = opts.finish
        ? 100
        : (opts.progress ?? (typeof before.progress === 'number' ? before.progress : 0));
      const readingTime =
        (typeof before.readingTime === 'number' ? before.readingTime : 0) + (opts.readingSeconds ?? 0);
      book.progress = {
        ...before,
        progress,
        readingTime,
        updateTime: lastRead,
        ...(before.startReadingTime === undefined ? { startReadingTime: lastRead } : {}),
        ...(opts.finish ? { finishTime: lastRead } : {}),
      };
      shelfState.set(bookId, { readUpdateTime: lastRead, finishReading: opts.finish ? 1 : shelf.finishReading });
    },
    setPopular(bookId, items) {
      const book = books.get(bookId);
      if (!book) throw new Error(`fake WeRead: no book ${bookId}`);
      book.popular = structuredClone(items);
    },
  };

  const shelfOf = (book: FixtureBook): { readUpdateTime: number; finishReading: 0 | 1 } => {
    const known = shelfState.get(book.notebook.bookId);
    if (known) return known;
    const p = book.progress ?? {};
    const updateTime = typeof p.updateTime === 'number' ? p.updateTime : book.notebook.sort;
    const finished = book.notebook.markedStatus === 4 || typeof p.finishTime === 'number';
    return { readUpdateTime: updateTime, finishReading: finished ? 1 : 0 };
  };

  /** V1 `/web/shelf/sync`, V2 `/shelf/sync`: every book (with notes or not) but 公众号 accounts, with its reading signals. */
  const shelfBody = (): Json => {
    const items = [...books.values()]
      .filter((b) => b.notebook.book.type !== 3 && !b.notebook.bookId.startsWith('MP_WXS_'))
      .map((b) => {
        const { readUpdateTime, finishReading } = shelfOf(b);
        const info = b.info as { category?: unknown };
        return {
          bookId: b.notebook.bookId,
          title: b.notebook.book.title,
          author: b.notebook.book.author ?? '',
          cover: b.notebook.book.cover ?? '',
          category: typeof info.category === 'string' ? info.category : '',
          readUpdateTime,
          finishReading,
          secret: 0,
          isTop: 0,
          updateTime: readUpdateTime,
          type: b.notebook.book.type,
        };
      })
      .sort((a, b) => b.readUpdateTime - a.readUpdateTime);
    return {
      synckey: items.reduce((max, b) => Math.max(max, b.readUpdateTime), 0),
      books: items,
      albums: [],
      archive: [],
    };
  };

  // ---------------------------------------------------------------- payloads

  const notebookTotals = (list: FixtureBook[]) => ({
    synckey: list.reduce((max, b) => Math.max(max, b.notebook.sort), 0),
    totalBookCount: list.length,
    totalNoteCount: list.reduce((sum, b) => sum + b.notebook.noteCount + b.notebook.reviewCount, 0),
  });

  const bookmarkListBody = (book: FixtureBook): Json => {
    const usedUids = new Set(book.bookmarks.map((b) => b.chapterUid));
    const createTimes = book.bookmarks.map((b) => (typeof b.createTime === 'number' ? b.createTime : 0));
    return {
      synckey: Math.max(0, ...createTimes),
      updated: book.bookmarks,
      removed: [],
      chapters: book.chapters
        .filter((c) => usedUids.has(c.chapterUid))
        .map((c) => ({
          bookId: book.notebook.bookId,
          chapterUid: c.chapterUid,
          chapterIdx: c.chapterIdx,
          title: c.title,
        }))
        .concat((book.bookmarkListChapters ?? []).map((c) => ({ bookId: book.notebook.bookId, ...c }))),
      refMpInfos: book.refMpInfos ?? [],
      book: { ...book.notebook.book },
    };
  };

  const reviewsSynckey = (book: FixtureBook): number =>
    book.reviews.reduce(
      (max, r) => Math.max(max, typeof r.review.createTime === 'number' ? r.review.createTime : 0),
      0,
    );

  const chaptersWithBookId = (book: FixtureBook) => book.chapters.map((c) => ({ bookId: book.notebook.bookId, ...c }));

  /** bestbookmarks: the book's popular passages, or one chapter's (chapterUid 0 or none = the whole book). */
  const bestBookmarksBody = (book: FixtureBook, chapterUid: number): Json => {
    const items = (book.popular ?? []).filter((p) => chapterUid === 0 || p.chapterUid === chapterUid);
    const uids = new Set(items.map((p) => p.chapterUid));
    return {
      synckey: book.notebook.sort,
      totalCount: items.length,
      items: items.map((p) => ({ bookId: book.notebook.bookId, ...p, userVid: 0 })),
      chapters: book.chapters
        .filter((c) => uids.has(c.chapterUid))
        .map((c) => ({
          bookId: book.notebook.bookId,
          chapterUid: c.chapterUid,
          chapterIdx: c.chapterIdx,
          title: c.title,
        })),
    };
  };

  const progressBody = (book: FixtureBook): Json => {
    const first = book.chapters[0];
    return {
      bookId: book.notebook.bookId,
      book: book.progress ?? {
        chapterUid: first?.chapterUid ?? 0,
        chapterIdx: first?.chapterIdx ?? 0,
        progress: book.notebook.readingProgress ?? 0,
        readingTime: 0,
        updateTime: book.notebook.sort,
        isStartReading: 1,
      },
      timestamp: nowSeconds(),
    };
  };

  // ---------------------------------------------------------------- V1

  const handleV1 = (
    method: string,
    url: URL,
    rawBody: string,
    cookieHeader: string | undefined,
    entry: RequestLogEntry,
  ): Answer => {
    const pathname = url.pathname;
    const cookies = parseCookies(cookieHeader);
    const vidOk = cookies.get('wr_vid') === vid;

    if (method === 'HEAD' && pathname === '/') {
      const headers: Record<string, string> = {};
      const presented = cookies.get('wr_skey');
      let renewed: string | undefined;
      if (vidOk && sessionValid && presented === skey) renewed = skey;
      else if (vidOk && !sessionValid && refreshWorks && presented === issuedSkey) {
        skeyCounter += 1;
        skey = `fakeskey${String(skeyCounter).padStart(2, '0')}`;
        issuedSkey = skey;
        sessionValid = true;
        renewed = skey;
      }
      if (renewed !== undefined) {
        const expires = new Date(Date.now() + 90 * 60 * 1000).toUTCString();
        headers['set-cookie'] = `wr_skey=${renewed}; Path=/; Domain=.weread.qq.com; Expires=${expires}; Secure`;
      }
      return { status: 200, body: '', headers };
    }

    const isApi = pathname.startsWith('/api/');
    const isWeb = pathname.startsWith('/web/');
    if (!isApi && !isWeb) return json({ errcode: -1, errmsg: 'not found' }, 404);
    if (!vidOk || !sessionValid || cookies.get('wr_skey') !== skey) return v1Error(pathname, FAKE_ERRORS.loginTimeout);

    const route = `${method} ${pathname}`;
    if (route === 'GET /api/user/notebook') {
      const list = visibleBooks();
      return json({ ...notebookTotals(list), hasMore: 0, books: list.map((b) => b.notebook) });
    }
    if (route === 'GET /web/shelf/sync') return json(shelfBody());
    if (route === 'POST /web/book/chapterInfos') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        return v1Error(pathname, FAKE_ERRORS.badParams);
      }
      const ids = (parsed as Json | null)?.bookIds;
      if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string'))
        return v1Error(pathname, FAKE_ERRORS.badParams);
      entry.bookIds = ids as string[];
      const data = (ids as string[]).flatMap((id) => {
        const book = books.get(id);
        return book
          ? [{ bookId: id, chapterUpdateTime: book.chapterUpdateTime, updated: chaptersWithBookId(book) }]
          : [];
      });
      return json({ data });
    }

    const bookScoped = [
      'GET /web/book/info',
      'GET /web/book/bookmarklist',
      'GET /web/review/list',
      'GET /web/book/getProgress',
      'GET /web/book/bestbookmarks',
    ];
    if (!bookScoped.includes(route)) return json({ errcode: -1, errmsg: 'not found' }, 404);
    const bookId = url.searchParams.get('bookId');
    if (!bookId) return v1Error(pathname, FAKE_ERRORS.badParams);
    const book = books.get(bookId);
    if (!book) return v1Error(pathname, FAKE_ERRORS.bookNotFound);
    switch (pathname) {
      case '/web/book/info':
        return json(book.info);
      case '/web/book/bookmarklist':
        return json(bookmarkListBody(book));
      case '/web/book/bestbookmarks':
        return json(bestBookmarksBody(book, 0));
      case '/web/review/list':
        return json({
          synckey: reviewsSynckey(book),
          totalCount: book.reviews.length,
          hasMore: 0,
          reviews: book.reviews,
          removed: [],
        });
      default:
        return json(progressBody(book));
    }
  };

  // ---------------------------------------------------------------- V2

  const handleGateway = (params: Json, authorization: string | undefined): Answer => {
    if (authorization !== `Bearer ${apiKey}`) return v2Error(FAKE_ERRORS.authFailed);
    const apiName = params.api_name;
    if (typeof apiName !== 'string' || apiName === '') return v2Error(FAKE_ERRORS.badParams);

    if (apiName === '/_list') return json({ apis: GATEWAY_APIS });
    if (apiName === '/user/notebooks') {
      const count = params.count ?? 20;
      const cursor = params.lastSort ?? 0;
      if (!isPositiveInt(count) || !isCursor(cursor)) return v2Error(FAKE_ERRORS.badParams);
      const all = visibleBooks();
      const rest = cursor > 0 ? all.filter((b) => b.notebook.sort < cursor) : all;
      const page = rest.slice(0, Math.min(count, 300));
      return json({
        ...notebookTotals(all),
        hasMore: rest.length > page.length ? 1 : 0,
        books: page.map((b) => b.notebook),
      });
    }

    if (apiName === '/shelf/sync') return json(shelfBody());
    const known = GATEWAY_APIS.some((a) => a.api_name === apiName);
    if (!known) return v2Error(FAKE_ERRORS.unknownApi);

    const idParam = apiName === '/review/list/mine' ? 'bookid' : 'bookId';
    const bookId = params[idParam];
    if (typeof bookId !== 'string' || bookId === '') return v2Error(FAKE_ERRORS.badParams);
    const book = books.get(bookId);
    if (!book) return v2Error(FAKE_ERRORS.bookNotFound);
    const isMp = book.notebook.book.type === 3 || bookId.startsWith('MP_WXS_');

    switch (apiName) {
      case '/book/info':
        return json(book.info);
      case '/book/bookmarklist':
        return isMp ? v2Error(FAKE_ERRORS.mpNotSupported) : json(bookmarkListBody(book));
      case '/review/list/mine': {
        if (isMp) return v2Error(FAKE_ERRORS.mpNotSupported);
        const count = params.count ?? 20;
        const synckey = params.synckey ?? 0;
        if (!isPositiveInt(count) || !isCursor(synckey)) return v2Error(FAKE_ERRORS.badParams);
        // The cursor is the offset of the next page; the last page answers the sync point (latest createTime) instead.
        const page = book.reviews.slice(synckey, synckey + count);
        const hasMore = synckey + count < book.reviews.length ? 1 : 0;
        return json({
          synckey: hasMore ? synckey + count : reviewsSynckey(book),
          totalCount: book.reviews.length,
          hasMore,
          reviews: page,
          removed: [],
        });
      }
      case '/book/bestbookmarks': {
        const chapterUid = params.chapterUid ?? 0;
        if (!isCursor(chapterUid)) return v2Error(FAKE_ERRORS.badParams);
        return isMp ? v2Error(FAKE_ERRORS.mpNotSupported) : json(bestBookmarksBody(book, chapterUid));
      }
      case '/book/chapterinfo':
        return json({
          bookId,
          synckey: book.chapterUpdateTime,
          chapterUpdateTime: book.chapterUpdateTime,
          chapters: chaptersWithBookId(book),
        });
      default:
        return json(progressBody(book));
    }
  };

  // ---------------------------------------------------------------- faults

  const takeFault = (entry: RequestLogEntry): FaultResponse | undefined => {
    for (const rule of rules) {
      if (rule.remaining <= 0) continue;
      if (rule.match.api !== undefined && rule.match.api !== entry.api) continue;
      if (
        rule.match.bookId !== undefined &&
        rule.match.bookId !== entry.bookId &&
        !(entry.bookIds ?? []).includes(rule.match.bookId)
      )
        continue;
      rule.remaining -= 1;
      const response = rule.responses[Math.min(rule.used, rule.responses.length - 1)]!;
      rule.used += 1;
      return response;
    }
    return undefined;
  };

  const faultAnswer = (
    fault: Exclude<FaultResponse, { hang: true } | { reset: true } | { dropField: string }>,
    entry: RequestLogEntry,
  ): Answer => {
    if ('errcode' in fault) {
      const err = { code: fault.errcode, msg: fault.errmsg ?? 'injected error' };
      const status = fault.status ?? 200;
      if (fault.wrap === 'nuxt') return json(nuxtErrorBody(status, err.code, err.msg), status);
      const answer = entry.path.startsWith(GATEWAY_PATH) ? v2Error(err) : v1Error(entry.api, err);
      return { ...answer, status };
    }
    return { status: fault.status, body: fault.body ?? '', contentType: fault.contentType };
  };

  // ---------------------------------------------------------------- HTTP

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) reject(new HttpError('body too large'));
        else chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const send = (res: ServerResponse, answer: Answer, entry: RequestLogEntry): void => {
    entry.status = answer.status;
    if (res.destroyed || res.writableEnded) return;
    const bookId = entry.bookId;
    const body = shapeAnswer(answer.body, fake.shapes, {
      api: entry.api,
      family: entry.path.startsWith(GATEWAY_PATH) ? 'v2' : 'v1',
      book: bookId === undefined ? undefined : books.get(bookId),
      books: (id) => books.get(id),
    });
    const payload = Buffer.from(body, 'utf8');
    res.writeHead(answer.status, {
      'content-type': answer.contentType ?? 'application/json',
      'content-length': String(payload.length),
      ...answer.headers,
    });
    res.end(payload);
  };

  const headersOf = (req: IncomingMessage): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return out;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seq += 1;
    const entry: RequestLogEntry = {
      seq,
      method,
      path: req.url ?? '/',
      api: url.pathname,
      status: 0,
      headers: headersOf(req),
      startedAt: Date.now(),
      endedAt: 0,
    };
    log.push(entry);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let settled = false;
    res.on('close', () => {
      if (settled) return;
      settled = true;
      inFlight -= 1;
      entry.endedAt = Date.now();
    });

    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      send(res, json({ errcode: -1, errmsg: 'bad request' }, 400), entry);
      return;
    }

    const isGateway = url.pathname === GATEWAY_PATH;
    let gatewayParams: Json | undefined;
    if (isGateway) {
      try {
        const parsed: unknown = JSON.parse(rawBody);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) gatewayParams = parsed as Json;
      } catch {
        gatewayParams = undefined;
      }
      if (gatewayParams && typeof gatewayParams.api_name === 'string') entry.api = gatewayParams.api_name;
      const id = gatewayParams?.bookId ?? gatewayParams?.bookid;
      if (typeof id === 'string') entry.bookId = id;
    } else {
      const id = url.searchParams.get('bookId');
      if (id !== null) entry.bookId = id;
      if (url.pathname === '/web/book/chapterInfos') {
        try {
          const ids = (JSON.parse(rawBody) as Json | null)?.bookIds;
          if (Array.isArray(ids)) entry.bookIds = ids.map(String);
        } catch {
          // answered as bad params below
        }
      }
    }

    if (fake.latencyMs > 0) await sleep(fake.latencyMs);
    if (res.destroyed) return;

    const fault = takeFault(entry);
    if (fault && 'hang' in fault) {
      entry.fault = 'hang';
      return;
    }
    if (fault && 'reset' in fault) {
      entry.fault = 'reset';
      req.socket.destroy();
      return;
    }
    if (fault && !('dropField' in fault)) {
      entry.fault = 'errcode' in fault ? 'errcode' : 'status';
      send(res, faultAnswer(fault, entry), entry);
      return;
    }

    let answer: Answer;
    if (isGateway) {
      answer =
        method !== 'POST'
          ? json({ errcode: -1, errmsg: 'method not allowed' }, 405)
          : gatewayParams
            ? handleGateway(gatewayParams, req.headers.authorization)
            : v2Error(FAKE_ERRORS.badParams);
    } else {
      answer = handleV1(method, url, rawBody, req.headers.cookie, entry);
    }
    if (fault && 'dropField' in fault && answer.body !== '') {
      entry.fault = 'dropField';
      const parsed: unknown = JSON.parse(answer.body);
      dropFieldAt(parsed, fault.dropField);
      answer = { ...answer, body: JSON.stringify(parsed) };
    }
    if (method === 'HEAD') answer = { ...answer, body: '' };
    send(res, answer, entry);
  };

  const server = createServer((req, res) => {
    if (opts.cors) {
      res.setHeader('access-control-allow-origin', '*');
      // Echoed, because the '*' wildcard does not cover Authorization.
      res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? '*');
      res.setHeader('access-control-allow-methods', 'GET, POST, HEAD, OPTIONS');
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
    }
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"errcode":-1,"errmsg":"fake server error"}');
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake WeRead: no TCP address');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  const fake: FakeWeRead = {
    baseUrl,
    gatewayUrl: `${baseUrl}${GATEWAY_PATH}`,
    get cookieHeader() {
      return cookieFor(issuedSkey);
    },
    get skey() {
      return skey;
    },
    apiKey,
    vid,
    latencyMs: opts.latencyMs ?? 0,
    log,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    resetLog() {
      log.length = 0;
      maxInFlight = inFlight;
    },
    faults: {
      expireSession({ refreshWorks: works }) {
        sessionValid = false;
        refreshWorks = works;
      },
      inject(match, responses) {
        const list = Array.isArray(responses) ? responses : [responses];
        if (list.length === 0) throw new Error('fake WeRead: inject needs at least one response');
        rules.push({ match, responses: list, remaining: match.times ?? list.length, used: 0 });
      },
      clear() {
        rules = [];
        sessionValid = true;
        skey = issuedSkey;
      },
    },
    library,
    shapes: new Set(opts.shapes ?? []),
    async close() {
      if (!server.listening) return;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
  return fake;
}
