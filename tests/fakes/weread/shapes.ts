// Owns the fake's "real answer" shapes (docs/weread-api.md §3.9): one switch per shape that rewrites the fake's answers the way the live service sends them, and the fixture books those shapes need.
import type { FixtureBook } from './fixture-types';
import { loadFixtureLibrary } from './library';
import type { FakeWeRead } from './server';

/** Every shape the live service was seen to send beyond the documented one; each can be switched on alone. */
export const SHAPES = [
  /** Notebook list: no readingProgress/markedStatus/totalNoteCount (V1: no hasMore either); extra counters. */
  'notebook-sparse',
  /** The raw JSON repeats a key (`centPrice` twice in the notebook list and book info). */
  'duplicate-keys',
  /** `publishTime: ""` in the notebook list and book info. */
  'publish-time-empty',
  /** A 公众号 account's cover is the broken relative `"/0"` (notebook list and bookmark list). */
  'mp-cover-relative',
  /** 公众号 highlights have no `chapterUid`. */
  'mp-no-chapter-uid',
  /** Highlights without `colorStyle`; bookmark lists without `removed` and `chapters`. */
  'bookmarks-sparse',
  /** A book with no highlight answers `{}` (no `updated` at all). */
  'empty-bookmarks-object',
  /** V2: the inner `review` has no `reviewId` and no `userVid` (the outer item has the id). */
  'review-outer-id',
  /** Chapter thoughts and book reviews carry `range: ""`; open ranges look like `"355"` (not `"355-"`). */
  'range-empty-string',
  /** Thoughts (type 1) have no `star`. */
  'thought-no-star',
  /** Thoughts (type 1) have `htmlContent: ""`. */
  'html-content-empty',
  /** `newRatingDetail.myRating` is a word (`"good"`). */
  'my-rating-word',
  /** V2 `/book/info` has only a dozen fields (no format, type, totalWords, categories). */
  'v2-info-sparse',
  /** Chapter items carry extra fields (V1 `synckey`, `soldOut`, `files`; V2 `anchors`); `price` is -1. */
  'chapter-extras',
  /** The chapter list lacks the last chapter that has highlights; the bookmark list's `chapters` still names it. */
  'chapter-list-incomplete',
  /** `/web/` error bodies also carry `errLog` and `info`. */
  'web-error-extras',
] as const;

export type ShapeName = (typeof SHAPES)[number];

type Json = Record<string, unknown>;

const isRecord = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const records = (x: unknown): Json[] => (Array.isArray(x) ? x.filter(isRecord) : []);
const DUP = '__duplicate_key__';

/** What an answer is, by the log's `api` (V1 path or V2 api_name). */
type AnswerKind = 'notebooks' | 'info' | 'bookmarks' | 'reviews' | 'chapters-v1' | 'chapters-v2' | 'other';

function kindOf(api: string): AnswerKind {
  switch (api) {
    case '/api/user/notebook':
    case '/user/notebooks':
      return 'notebooks';
    case '/web/book/info':
    case '/book/info':
      return 'info';
    case '/web/book/bookmarklist':
    case '/book/bookmarklist':
      return 'bookmarks';
    case '/web/review/list':
    case '/review/list/mine':
      return 'reviews';
    case '/web/book/chapterInfos':
      return 'chapters-v1';
    case '/book/chapterinfo':
      return 'chapters-v2';
    default:
      return 'other';
  }
}

export interface ShapeContext {
  api: string;
  family: 'v1' | 'v2';
  /** The book the answer is about (bookmark list, reviews, info, V2 chapters). */
  book?: FixtureBook;
  /** Every book of the library, for answers about many books (notebook list, chapterInfos). */
  books: (bookId: string) => FixtureBook | undefined;
}

const isMp = (book: FixtureBook | undefined): boolean =>
  book !== undefined && (book.notebook.book.type === 3 || book.notebook.bookId.startsWith('MP_WXS_'));

/** The uid of the last chapter (reading order) that has highlights: the one 'chapter-list-incomplete' leaves out. */
export function droppedChapterUid(book: FixtureBook): number | undefined {
  const used = new Set(book.bookmarks.map((b) => b.chapterUid));
  const withHighlights = book.chapters.filter((c) => used.has(c.chapterUid));
  return withHighlights.sort((a, b) => b.chapterIdx - a.chapterIdx)[0]?.chapterUid;
}

function shapeNotebooks(body: Json, on: Set<ShapeName>, ctx: ShapeContext): void {
  if (on.has('notebook-sparse')) {
    delete body.totalNoteCount;
    if (ctx.family === 'v1') delete body.hasMore;
  }
  for (const item of records(body.books)) {
    const book = isRecord(item.book) ? item.book : {};
    if (on.has('notebook-sparse')) {
      delete item.readingProgress;
      delete item.markedStatus;
      Object.assign(item, { noBookReviewCount: 0, reviewLikeCount: 0, reviewCommentCount: 0 });
    }
    if (on.has('publish-time-empty')) book.publishTime = '';
    if (on.has('mp-cover-relative') && isMp(ctx.books(String(item.bookId)))) book.cover = '/0';
    if (on.has('duplicate-keys')) book.centPrice = DUP;
  }
}

const V2_INFO_FIELDS = [
  'bookId',
  'title',
  'author',
  'translator',
  'cover',
  'intro',
  'category',
  'publisher',
  'publishTime',
  'isbn',
  'newRating',
  'newRatingCount',
];

function shapeInfo(body: Json, on: Set<ShapeName>, ctx: ShapeContext): Json {
  let out = body;
  if (on.has('v2-info-sparse') && ctx.family === 'v2')
    out = Object.fromEntries(Object.entries(body).filter(([k]) => V2_INFO_FIELDS.includes(k)));
  if (on.has('publish-time-empty') && 'publishTime' in out) out.publishTime = '';
  if (on.has('my-rating-word') && !(on.has('v2-info-sparse') && ctx.family === 'v2'))
    out.newRatingDetail = { ...(isRecord(out.newRatingDetail) ? out.newRatingDetail : {}), myRating: 'good' };
  if (on.has('duplicate-keys')) out.centPrice = DUP;
  return out;
}

function shapeBookmarks(body: Json, on: Set<ShapeName>, ctx: ShapeContext): Json {
  const updated = records(body.updated);
  if (on.has('empty-bookmarks-object') && updated.length === 0) return {};
  for (const item of updated) {
    if (on.has('mp-no-chapter-uid') && isMp(ctx.book)) delete item.chapterUid;
    if (on.has('bookmarks-sparse')) delete item.colorStyle;
  }
  if (on.has('bookmarks-sparse')) {
    delete body.removed;
    delete body.chapters;
  }
  if (on.has('mp-cover-relative') && isMp(ctx.book) && isRecord(body.book)) body.book.cover = '/0';
  return body;
}

function shapeReviews(body: Json, on: Set<ShapeName>, ctx: ShapeContext): void {
  for (const item of records(body.reviews)) {
    const review = isRecord(item.review) ? item.review : {};
    if (on.has('review-outer-id') && ctx.family === 'v2') {
      delete review.reviewId;
      delete review.userVid;
    }
    const range = review.range;
    if (on.has('range-empty-string')) {
      if (range === undefined || range === null) review.range = '';
      else if (typeof range === 'string' && /^\d+-$/.test(range)) review.range = range.slice(0, -1);
    }
    if (review.type === 1 && on.has('thought-no-star')) delete review.star;
    if (review.type === 1 && on.has('html-content-empty')) review.htmlContent = '';
  }
}

function shapeChapterItems(items: Json[], on: Set<ShapeName>, family: 'v1' | 'v2', book?: FixtureBook): Json[] {
  const dropped = on.has('chapter-list-incomplete') && book ? droppedChapterUid(book) : undefined;
  const kept = items.filter((c) => dropped === undefined || c.chapterUid !== dropped);
  if (on.has('chapter-extras')) {
    for (const c of kept) {
      c.price = -1;
      if (family === 'v1') Object.assign(c, { synckey: 1, soldOut: 0, files: [], paid: 0 });
      else c.anchors = [{ title: `${String(c.title)} · 小节`, anchor: 'a1', level: 2 }];
    }
  }
  return kept;
}

/** Rewrites one answer body (a parsed JSON object) by the shapes switched on; returns the text to send. */
export function shapeAnswer(text: string, on: ReadonlySet<ShapeName>, ctx: ShapeContext): string {
  if (on.size === 0) return text;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  if (!isRecord(body)) return text;
  const shapes = on as Set<ShapeName>;
  let out: Json = body;
  if (shapes.has('web-error-extras') && ctx.family === 'v1' && typeof out.errCode === 'number' && out.errCode !== 0) {
    const errMsg = typeof out.errMsg === 'string' ? out.errMsg : '';
    return JSON.stringify(webErrorBody(out.errCode, errMsg));
  }
  switch (kindOf(ctx.api)) {
    case 'notebooks':
      shapeNotebooks(out, shapes, ctx);
      break;
    case 'info':
      out = shapeInfo(out, shapes, ctx);
      break;
    case 'bookmarks':
      out = shapeBookmarks(out, shapes, ctx);
      break;
    case 'reviews':
      shapeReviews(out, shapes, ctx);
      break;
    case 'chapters-v1':
      for (const item of records(out.data))
        item.updated = shapeChapterItems(records(item.updated), shapes, 'v1', ctx.books(String(item.bookId)));
      break;
    case 'chapters-v2':
      out.chapters = shapeChapterItems(records(out.chapters), shapes, 'v2', ctx.book);
      break;
    default:
      return text;
  }
  // A repeated key cannot be built with JSON.stringify: write the marker's key twice, as the live service does.
  return JSON.stringify(out).replaceAll(`"centPrice":"${DUP}"`, '"centPrice":-1,"centPrice":100');
}

/** A `/web/` error body as the live service sends it (with `errLog` and `info`). */
export function webErrorBody(code: number, msg: string): Json {
  return { errCode: code, errLog: `fAkElOg${Math.abs(code).toString(36)}`, errMsg: msg, info: '' };
}

/** A Nuxt-style wrapped error, as some routes answer with HTTP 401/404. */
export function nuxtErrorBody(status: number, code: number, msg: string): Json {
  return {
    url: '/web/…',
    statusCode: status,
    statusMessage: '',
    message: msg,
    stack: '',
    data: { errcode: code, errmsg: msg },
  };
}

const VID = 10000001;

/**
 * Books the shapes need that the fixture library lacks: a thoughts-only book (noteCount 0), a book of handwritten
 * thoughts, and a re-versioned book (bookmarkIds whose range part differs, chapters the chapter list lacks, thoughts
 * on an older version's chapter, open ranges).
 */
export function shapeBooks(): FixtureBook[] {
  return [thoughtsOnlyBook(), handwrittenBook(), reversionedBook()];
}

function baseBook(bookId: string, title: string, sort: number, chapters: FixtureBook['chapters']): FixtureBook {
  return {
    notebook: {
      bookId,
      book: {
        bookId,
        title,
        author: '测试作者',
        cover: `https://cdn.weread.qq.com/weread/cover/0/s_${bookId}.jpg`,
        type: 0,
      },
      noteCount: 0,
      reviewCount: 0,
      bookmarkCount: 0,
      readingProgress: 10,
      markedStatus: 2,
      sort,
    },
    info: {
      bookId,
      title,
      author: '测试作者',
      publishTime: '2020-01-01 00:00:00',
      isbn: '9787000000000',
      category: '测试',
    },
    bookmarks: [],
    reviews: [],
    chapters,
    chapterUpdateTime: 1600000000,
  };
}

const thought = (bookId: string, id: string, review: Record<string, unknown>) => {
  const reviewId = `${VID}_${id}`;
  return {
    reviewId,
    review: { reviewId, bookId, userVid: VID, isPrivate: 0, star: 0, htmlContent: '', ...review },
  };
};

function thoughtsOnlyBook(): FixtureBook {
  const bookId = '3300099001';
  const book = baseBook(bookId, '只有想法的书', 1700000300, [
    { chapterUid: 5, chapterIdx: 1, title: '第一章 开端', level: 1 },
    { chapterUid: 6, chapterIdx: 2, title: '第二章 展开', level: 1 },
  ]);
  book.reviews = [
    thought(bookId, 'only01', {
      type: 1,
      content: '整章都值得再读一遍',
      chapterUid: 5,
      chapterName: '第一章 开端',
      createTime: 1700000100,
    }),
    thought(bookId, 'only02', {
      type: 1,
      content: '这句话说得好',
      abstract: '读书不是为了雄辩和驳斥。',
      range: '120-134',
      chapterUid: 6,
      chapterName: '第二章 展开',
      createTime: 1700000200,
    }),
    thought(bookId, 'only03', { type: 4, content: '一本只有想法的书。', star: 80, createTime: 1700000300 }),
  ];
  book.notebook.reviewCount = book.reviews.length;
  return book;
}

function handwrittenBook(): FixtureBook {
  const bookId = '3300099002';
  const book = baseBook(bookId, '手写想法之书', 1700000600, [
    { chapterUid: 3, chapterIdx: 1, title: '序章', level: 1 },
  ]);
  book.bookmarks = [
    {
      bookId,
      bookmarkId: `${bookId}_3_10-30`,
      chapterUid: 3,
      range: '10-30',
      markText: '手写的想法也是想法。',
      createTime: 1700000400,
      type: 1,
      colorStyle: 1,
      style: 0,
      chapterName: '序章',
    },
  ];
  book.reviews = [
    thought(bookId, 'pen01', {
      type: 1,
      content: '',
      abstract: '手写的想法也是想法。',
      range: '10-30',
      chapterUid: 3,
      chapterName: '序章',
      createTime: 1700000500,
      pencilNote: { url: 'https://res.weread.qq.com/pencil/fake-0001.png', createTime: 1700000500123 },
    }),
    thought(bookId, 'pen02', {
      type: 1,
      content: '',
      chapterUid: 3,
      chapterName: '序章',
      createTime: 1700000600,
      pencilNote: { createTime: 1700000600456 },
    }),
  ];
  book.notebook.noteCount = 1;
  book.notebook.reviewCount = 2;
  return book;
}

function reversionedBook(): FixtureBook {
  const bookId = '3300099003';
  const book = baseBook(bookId, '再版之书', 1700000900, [
    { chapterUid: 10, chapterIdx: 1, title: '第一章', level: 1 },
    { chapterUid: 11, chapterIdx: 2, title: '第二章', level: 1 },
    { chapterUid: 13, chapterIdx: 4, title: '第四章', level: 1 },
  ]);
  const mark = (uid: number, id: string, range: string, markText: string, createTime: number, name?: string) => ({
    bookId,
    bookmarkId: `${bookId}_${id}`,
    chapterUid: uid,
    range,
    markText,
    createTime,
    type: 1,
    colorStyle: 2,
    style: 0,
    bookVersion: 1,
    ...(name ? { chapterName: name } : {}),
  });
  book.bookmarks = [
    // Re-versioned: the bookmarkId keeps the old range (and chapter 9), `range` is the current one.
    mark(10, '9_100-150', '102-152', '再版后位置变了的划线。', 1700000700, '第一章'),
    mark(11, '11_355-', '355-', '开放区间的划线。', 1700000710, '第二章'),
    // Its chapter is missing from the chapter list; only the bookmark list's `chapters` names it (no chapterName).
    mark(12, '12_5-20', '5-20', '新版新增章节里的划线。', 1700000720),
    mark(13, '13_1-9', '1-9', '第四章的划线。', 1700000730, '第四章'),
  ];
  book.bookmarkListChapters = [{ chapterUid: 12, chapterIdx: 3, title: '第三章（新版）' }];
  book.reviews = [
    thought(bookId, 'rv01', {
      type: 1,
      content: '位置变了，想法还在',
      abstract: '再版后位置变了的划线。',
      range: '102-152',
      chapterUid: 10,
      chapterName: '第一章',
      createTime: 1700000800,
    }),
    thought(bookId, 'rv02', {
      type: 1,
      content: '开放区间上的想法',
      abstract: '开放区间的划线。',
      range: '355',
      chapterUid: 11,
      chapterName: '第二章',
      createTime: 1700000810,
    }),
    thought(bookId, 'rv03', {
      type: 1,
      content: '旧版章节上的想法',
      abstract: '旧版的一段话。',
      range: '40-60',
      chapterUid: 7,
      chapterName: '旧版 第一章',
      createTime: 1700000900,
    }),
  ];
  book.notebook.noteCount = book.bookmarks.length;
  book.notebook.reviewCount = book.reviews.length;
  return book;
}

/** The library the shape tests run on: every fixture book and every shape book. */
export function shapeLibrary(): FixtureBook[] {
  return [...loadFixtureLibrary(), ...shapeBooks()];
}

/** Turns every shape and fault switch off and empties the request log: a clean fake for the next test sharing it. */
export function switchesOff(fake: FakeWeRead): void {
  fake.faults.clear();
  fake.shapes.clear();
  fake.resetLog();
}
