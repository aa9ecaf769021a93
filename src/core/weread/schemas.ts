/** Runtime validation of every WeRead response (valibot) and the mapping of validated payloads onto the notebook model. */
import * as v from 'valibot';
import type {
  BookInfo,
  Chapter,
  ItemProblem,
  MpArticle,
  NamedChapter,
  NotebookEntry,
  PencilNote,
  RawHighlight,
  ReadingProgress,
  Thought,
} from '../model/notebook';
import { WeReadError } from './errors';
import { INVALID_ID_PROBLEM, isServerId } from './ids';

// ---- tolerant building blocks -------------------------------------------------------------

/** Ids arrive as strings, sometimes as numbers: always a string. */
const Id = v.pipe(
  v.union([v.string(), v.number()]),
  v.transform((x) => String(x)),
  // Ids become file names, block ids, URLs and state keys: only safe characters (security, see ids.ts).
  v.check(isServerId, INVALID_ID_PROBLEM),
);
/** Integers sometimes arrive as numeric strings. */
const Int = v.union([
  v.number(),
  v.pipe(
    v.string(),
    v.regex(/^-?\d+(\.\d+)?$/),
    v.transform((s) => Number(s)),
  ),
]);
/** Display-only fields: missing, null or of the wrong type all become undefined (never fail a book for an ISBN). */
const OptStr = v.fallback(v.nullish(v.string()), undefined);
const OptNum = v.fallback(v.nullish(Int), undefined);
const OptId = v.fallback(v.nullish(Id), undefined);
/** 0/1 flags that are sometimes booleans. */
const OptFlag = v.fallback(v.nullish(v.union([v.number(), v.boolean()])), undefined);

function tolerantArray<T extends v.GenericSchema>(item: T) {
  return v.fallback(v.nullish(v.array(item)), undefined);
}

// ---- schemas ------------------------------------------------------------------------------

export const NotebookItemSchema = v.object({
  bookId: Id,
  book: v.object({
    bookId: OptId,
    title: v.string(),
    author: OptStr,
    cover: OptStr,
    publishTime: OptStr,
    type: OptNum,
  }),
  noteCount: OptNum,
  reviewCount: OptNum,
  bookmarkCount: OptNum,
  readingProgress: OptNum,
  sort: Int,
});

/**
 * The same entry with only what identifies it and detects its changes required (bookId, sort): an entry whose
 * `book` or title is broken still lists, under its bookId as title (the title is display-only; book/info has the real one).
 */
const NotebookItemLenientSchema = v.object({
  ...NotebookItemSchema.entries,
  book: v.fallback(
    v.nullish(
      v.object({
        bookId: OptId,
        title: OptStr,
        author: OptStr,
        cover: OptStr,
        publishTime: OptStr,
        type: OptNum,
      }),
    ),
    undefined,
  ),
});

/**
 * V1 `/api/user/notebook` and V2 `/user/notebooks` (same shape; V2 pages with hasMore), the outer shape only: the
 * client checks entries one by one with `parseNotebookItem`, so one broken entry never hides the others.
 */
export const NotebookListOuterSchema = v.object({
  synckey: OptNum,
  totalBookCount: OptNum,
  hasMore: OptFlag,
  books: v.array(v.unknown()),
});

/** V1 `/web/book/info`, V2 `/book/info`: everything may be missing (uploaded books). */
export const BookInfoSchema = v.object({
  bookId: OptId,
  title: OptStr,
  author: OptStr,
  translator: OptStr,
  cover: OptStr,
  intro: OptStr,
  category: OptStr,
  categories: tolerantArray(v.object({ title: OptStr })),
  publisher: OptStr,
  publishTime: OptStr,
  isbn: OptStr,
  totalWords: OptNum,
  newRating: OptNum,
  newRatingCount: OptNum,
  newRatingDetail: v.fallback(
    v.nullish(v.object({ myRating: v.fallback(v.nullish(v.union([v.string(), v.number()])), undefined) })),
    undefined,
  ),
  format: OptStr,
  type: OptNum,
});

/** A range as sent: `"3450-3584"`, an open `"4527-"` / `"355"`, `""` for chapter thoughts; sometimes a number. */
const OptRange = v.fallback(
  v.nullish(
    v.pipe(
      v.union([v.string(), v.number()]),
      v.transform((x) => String(x)),
    ),
  ),
  undefined,
);

/**
 * One highlight of `updated`, checked on its own. Required: what the note cannot be written without (the id, the
 * text, the time). 公众号 highlights may lack `chapterUid`; `colorStyle`/`style` may be absent (0).
 */
export const BookmarkItemSchema = v.object({
  bookmarkId: Id,
  chapterUid: OptNum,
  range: OptRange,
  markText: v.string(),
  createTime: Int,
  type: OptNum,
  colorStyle: OptNum,
  style: OptNum,
  chapterName: OptStr,
  refMpReviewId: OptStr,
});

/** Just the id of a highlight, to name a broken one in the report. */
const BookmarkIdSchema = v.looseObject({ bookmarkId: Id });

const RefMpInfoSchema = v.object({
  reviewId: v.string(),
  title: v.fallback(v.nullish(v.string()), undefined),
  pic_url: OptStr,
  createTime: OptNum,
});

/** An entry of the bookmark list's own `chapters`; broken entries are ignored (they only lend titles). */
const BookmarkChapterSchema = v.object({
  chapterUid: Int,
  chapterIdx: OptNum,
  title: v.string(),
});

/**
 * V1 `/web/book/bookmarklist`, V2 `/book/bookmarklist`, the outer shape: items are checked one by one
 * (`parseBookmarks`). `updated` may be absent (`{}` for a book without highlights): the client decides, from the
 * notebook entry's `noteCount`, whether that means "none" or an error; it never reads as "all deleted".
 */
export const BookmarkListSchema = v.object({
  synckey: OptNum,
  updated: v.optional(v.nullable(v.array(v.unknown()))),
  chapters: tolerantArray(v.unknown()),
  refMpInfos: tolerantArray(RefMpInfoSchema),
  book: v.fallback(v.nullish(v.object({ title: OptStr, author: OptStr, cover: OptStr })), undefined),
});

const ReviewSchema = v.object({
  /** V2 items may carry the id only on the outer item. */
  reviewId: OptId,
  type: Int,
  content: v.fallback(v.nullish(v.string()), undefined),
  htmlContent: OptStr,
  abstract: OptStr,
  range: OptRange,
  chapterUid: OptNum,
  chapterName: OptStr,
  chapterTitle: OptStr,
  createTime: Int,
  star: OptNum,
  /** 公众号 only: the article the thought is on. */
  refMpInfo: v.fallback(v.nullish(v.object({ reviewId: OptStr })), undefined),
  /** A handwritten thought: an image (object or URL string), its timestamp in ms. Read by `toPencilNote`. */
  pencilNote: v.optional(v.unknown()),
});

/** One item of `reviews`: `{reviewId, review}`; checked on its own (`parseReviews`). */
const ReviewItemSchema = v.object({ reviewId: OptId, review: v.unknown() });

/** V1 `/web/review/list`, V2 `/review/list/mine` (paged with hasMore + synckey), the outer shape. */
export const ReviewListSchema = v.object({
  synckey: OptNum,
  totalCount: OptNum,
  hasMore: OptFlag,
  reviews: v.optional(v.nullable(v.array(v.unknown()))),
});

const ChapterSchema = v.object({
  chapterUid: Int,
  chapterIdx: Int,
  title: v.fallback(v.nullish(v.string()), undefined),
  level: OptNum,
  updateTime: OptNum,
  wordCount: OptNum,
});

/**
 * V1 `POST /web/book/chapterInfos` (many books per request), the outer shape only: the client checks each item on
 * its own with `ChapterInfosItemSchema`, so one broken item fails only its book.
 */
export const ChapterInfosOuterSchema = v.object({
  data: v.array(v.unknown()),
});

/** One book's item of `POST /web/book/chapterInfos`. */
export const ChapterInfosItemSchema = v.object({
  bookId: Id,
  chapterUpdateTime: OptNum,
  synckey: OptNum,
  /** Items are checked one by one (`parseChapters`): V1 items carry extra fields, V2 ones `anchors`, `price` -1. */
  updated: v.array(v.unknown()),
});

/** Just the bookId of a chapterInfos item, to know which book a broken item belongs to. */
export const ChapterInfosItemIdSchema = v.looseObject({ bookId: Id });

/** V2 `/book/chapterinfo` (one book). Some answers call the list `updated` like V1; either is accepted. */
export const ChapterInfoV2Schema = v.pipe(
  v.object({
    bookId: OptId,
    synckey: OptNum,
    chapterUpdateTime: OptNum,
    chapters: v.optional(v.array(v.unknown())),
    updated: v.optional(v.array(v.unknown())),
  }),
  v.check((x) => x.chapters !== undefined || x.updated !== undefined, 'chapters is missing'),
);

/**
 * V1 `/web/book/getProgress`, V2 `/book/getprogress`; `book` is absent for a book never opened. Read tolerantly, with
 * the read-info fields some answers carry (`totalReadDay`, `markedStatus`), for the progress and the reading info.
 */
export const ProgressSchema = v.object({
  bookId: OptId,
  book: v.fallback(
    v.nullish(
      v.object({
        chapterUid: OptNum,
        chapterIdx: OptNum,
        progress: OptNum,
        readingTime: OptNum,
        startReadingTime: OptNum,
        finishTime: OptNum,
        updateTime: OptNum,
        isStartReading: OptFlag,
        totalReadDay: OptNum,
        markedStatus: OptNum,
      }),
    ),
    undefined,
  ),
  // The read-info fields some answers carry at the top level instead.
  totalReadDay: OptNum,
  markedStatus: OptNum,
  timestamp: OptNum,
});

/** `GET /api/skills/apikeyGet`. */
export const ApiKeyGetSchema = v.object({
  apikey: v.pipe(v.string(), v.minLength(1)),
});

/** V2 `/_list`: only its error code matters (checked before validation); any object is fine. */
export const GatewayListSchema = v.looseObject({});

// ---- validation ---------------------------------------------------------------------------

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

/** `updated[3].markText` from a valibot issue path. */
export function formatIssuePath(path: readonly v.IssuePathItem[] | undefined): string {
  if (!path || path.length === 0) return '(root)';
  let out = '';
  for (const item of path) {
    const key = (item as { key?: unknown }).key;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export interface ValidationContext {
  endpoint: string;
  bookId?: string;
  /** Where the validated value sits in the whole answer (e.g. `data[1]`), prefixed to field paths. */
  at?: string;
}

interface FieldProblem {
  fieldPath: string;
  problem: string;
}

function joinPath(at: string | undefined, path: string): string {
  if (!at) return path;
  if (path === '(root)') return at;
  return path.startsWith('[') ? `${at}${path}` : `${at}.${path}`;
}

/** The first issue of a failed parse as a field path and what is wrong with it. */
function fieldProblem(issues: readonly v.BaseIssue<unknown>[], at?: string): FieldProblem {
  const issue = issues[0];
  if (!issue) return { fieldPath: at ?? '(root)', problem: 'is invalid' };
  const fieldPath = formatIssuePath(issue.path);
  let problem: string;
  if (issue.type === 'check') problem = 'is missing';
  else if (issue.input === undefined) problem = 'is missing';
  else problem = `is ${describe(issue.input)}, expected ${issue.expected ?? 'another value'}`;
  const path = issue.type === 'check' && fieldPath === '(root)' ? issue.message.replace(/ is missing$/, '') : fieldPath;
  return { fieldPath: joinPath(at, path), problem };
}

/** Validates `json` against `schema`; on failure a 'bad-data' WeReadError naming the endpoint and the field path. */
export function validate<TSchema extends v.GenericSchema>(
  schema: TSchema,
  json: unknown,
  ctx: ValidationContext,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, json);
  if (result.success) return result.output;
  const { fieldPath, problem } = fieldProblem(result.issues, ctx.at);
  return failValidation(ctx, fieldPath, problem);
}

/** Like `validate`, but returns the 'bad-data' error instead of throwing it. */
export function tryValidate<TSchema extends v.GenericSchema>(
  schema: TSchema,
  json: unknown,
  ctx: ValidationContext,
): { ok: true; value: v.InferOutput<TSchema> } | { ok: false; error: WeReadError } {
  const result = v.safeParse(schema, json);
  if (result.success) return { ok: true, value: result.output };
  const { fieldPath, problem } = fieldProblem(result.issues, ctx.at);
  return {
    ok: false,
    error: new WeReadError('bad-data', { endpoint: ctx.endpoint, bookId: ctx.bookId, fieldPath, problem }),
  };
}

function failValidation(ctx: ValidationContext, fieldPath: string, problem: string): never {
  throw new WeReadError('bad-data', { endpoint: ctx.endpoint, bookId: ctx.bookId, fieldPath, problem });
}

/**
 * One entry of the notebook list, checked on its own. `entry` is set when the book can be listed (with `error`
 * when it was repaired: a missing title becomes the bookId); without `entry` the entry cannot be identified or
 * change-detected (no usable bookId or sort) and is left out. `error` names `books[index]…` and the endpoint.
 */
export function parseNotebookItem(
  raw: unknown,
  index: number,
  endpoint: string,
): { entry?: NotebookEntry; error?: WeReadError } {
  const strict = v.safeParse(NotebookItemSchema, raw);
  if (strict.success) return { entry: toNotebookEntry(strict.output) };
  const at = `books[${index}]`;
  const lenient = v.safeParse(NotebookItemLenientSchema, raw);
  const failed = lenient.success ? strict.issues : lenient.issues;
  const bookId = lenient.success ? lenient.output.bookId : undefined;
  const error = new WeReadError('bad-data', { endpoint, bookId, ...fieldProblem(failed, at) });
  if (!lenient.success) return { error };
  const item = lenient.output;
  const book = item.book ?? {};
  return {
    entry: toNotebookEntry({ ...item, book: { ...book, title: nonEmpty(book.title) ?? item.bookId } }),
    error,
  };
}

// ---- mapping onto the model ---------------------------------------------------------------

const u = <T>(x: T | null | undefined): T | undefined => (x === null ? undefined : x);
const nonEmpty = (x: string | null | undefined): string | undefined => (x ? x : undefined);

export function toNotebookEntry(item: v.InferOutput<typeof NotebookItemSchema>): NotebookEntry {
  return {
    bookId: item.bookId,
    title: item.book.title,
    author: nonEmpty(item.book.author),
    cover: absoluteUrl(item.book.cover),
    bookType: u(item.book.type) ?? 0,
    noteCount: u(item.noteCount) ?? 0,
    reviewCount: u(item.reviewCount) ?? 0,
    bookmarkCount: u(item.bookmarkCount) ?? 0,
    readingProgress: u(item.readingProgress),
    sort: item.sort,
  };
}

/** Book details; title falls back to the notebook entry's (uploaded books may have none here). */
export function toBookInfo(
  raw: v.InferOutput<typeof BookInfoSchema>,
  entry: Pick<NotebookEntry, 'bookId' | 'title' | 'author' | 'cover'>,
): BookInfo {
  const categories = raw.categories?.map((c) => c.title).filter((t): t is string => Boolean(t));
  const info: BookInfo = {
    bookId: raw.bookId || entry.bookId,
    title: nonEmpty(raw.title) ?? entry.title,
    author: nonEmpty(raw.author) ?? entry.author,
    translator: nonEmpty(raw.translator),
    cover: absoluteUrl(raw.cover) ?? entry.cover,
    intro: nonEmpty(raw.intro),
    category: nonEmpty(raw.category),
    categories: categories && categories.length > 0 ? categories : undefined,
    publisher: nonEmpty(raw.publisher),
    publishTime: nonEmpty(raw.publishTime),
    isbn: nonEmpty(raw.isbn),
    totalWords: u(raw.totalWords),
    rating: u(raw.newRating),
    ratingCount: u(raw.newRatingCount),
    // A word ("good", …) or "" on the live service, a number in older answers.
    myRating: raw.newRatingDetail?.myRating === '' ? undefined : u(raw.newRatingDetail?.myRating),
    format: nonEmpty(raw.format),
    type: u(raw.type),
  };
  return dropUndefined(info);
}

/** Info for a 公众号 account (no book/info call): from the notebook entry and the bookmark list's `book`. */
export function mpBookInfo(
  entry: NotebookEntry,
  fromBookmarks?: { title?: string | null; author?: string | null; cover?: string | null },
): BookInfo {
  return dropUndefined({
    bookId: entry.bookId,
    title: entry.title || nonEmpty(fromBookmarks?.title) || entry.bookId,
    author: entry.author ?? nonEmpty(fromBookmarks?.author),
    cover: entry.cover ?? absoluteUrl(fromBookmarks?.cover),
    type: entry.bookType,
  });
}

/** Items of a list, each checked on its own: the readable ones, and a problem per unreadable one. */
export interface ParsedItems<T> {
  items: T[];
  problems: ItemProblem[];
}

function itemProblem(
  issues: readonly v.BaseIssue<unknown>[],
  endpoint: string,
  at: string,
  itemId: string | undefined,
): ItemProblem {
  const { fieldPath, problem } = fieldProblem(issues, at);
  return itemId === undefined
    ? { endpoint, field: fieldPath, problem }
    : { endpoint, field: fieldPath, itemId, problem };
}

/** Only absolute http(s) URLs are used (a 公众号 cover can be a broken relative `"/0"`). */
function absoluteUrl(x: string | null | undefined): string | undefined {
  return x && /^https?:\/\//i.test(x.trim()) ? x.trim() : undefined;
}

/** `updated` of a bookmark list: every readable highlight, whatever its `type` (dropping one would delete it). */
export function parseBookmarks(updated: readonly unknown[], endpoint: string): ParsedItems<RawHighlight> {
  const out: ParsedItems<RawHighlight> = { items: [], problems: [] };
  for (const [index, raw] of updated.entries()) {
    const parsed = v.safeParse(BookmarkItemSchema, raw);
    if (!parsed.success) {
      const id = v.safeParse(BookmarkIdSchema, raw);
      out.problems.push(
        itemProblem(parsed.issues, endpoint, `updated[${index}]`, id.success ? id.output.bookmarkId : undefined),
      );
      continue;
    }
    const b = parsed.output;
    out.items.push(
      dropUndefined({
        bookmarkId: b.bookmarkId,
        chapterUid: u(b.chapterUid) ?? 0,
        range: u(b.range) ?? '',
        markText: b.markText,
        createTime: b.createTime,
        colorStyle: u(b.colorStyle) ?? 0,
        style: u(b.style) ?? 0,
        chapterName: nonEmpty(b.chapterName),
        refMpReviewId: nonEmpty(b.refMpReviewId),
      }),
    );
  }
  return out;
}

/** The bookmark list's own `chapters` (titles only; broken entries are skipped). */
export function toBookmarkChapters(list: v.InferOutput<typeof BookmarkListSchema>): NamedChapter[] {
  const out: NamedChapter[] = [];
  for (const raw of list.chapters ?? []) {
    const parsed = v.safeParse(BookmarkChapterSchema, raw);
    if (!parsed.success || !parsed.output.title.trim()) continue;
    const c = parsed.output;
    out.push(dropUndefined({ chapterUid: c.chapterUid, chapterIdx: u(c.chapterIdx), title: c.title }));
  }
  return out;
}

export function toArticles(list: v.InferOutput<typeof BookmarkListSchema>): MpArticle[] {
  return (list.refMpInfos ?? []).map((a) =>
    dropUndefined({
      reviewId: a.reviewId,
      title: a.title ?? '',
      picUrl: nonEmpty(a.pic_url),
      createTime: u(a.createTime),
    }),
  );
}

/** A handwritten thought's image: `pencilNote` as an object (any http(s) URL in it) or a URL string. */
export function toPencilNote(raw: unknown): PencilNote | undefined {
  if (raw === undefined || raw === null || raw === '' || raw === false) return undefined;
  if (typeof raw === 'string') return dropUndefined({ url: absoluteUrl(raw) });
  if (typeof raw !== 'object' || Array.isArray(raw)) return {};
  const fields = raw as Record<string, unknown>;
  const preferred = ['url', 'imgUrl', 'imageUrl', 'picUrl', 'pic_url', 'image', 'src'];
  const strings = [...preferred.map((k) => fields[k]), ...Object.values(fields)];
  const url = strings.map((x) => (typeof x === 'string' ? absoluteUrl(x) : undefined)).find(Boolean);
  const timeKey = ['createTime', 'time', 'timestamp', 'updateTime'].find((k) => typeof fields[k] === 'number');
  return dropUndefined({ url, time: timeKey ? (fields[timeKey] as number) : undefined });
}

/** `reviews` of a review list: every readable thought; the id may be on the outer item only (V2). */
export function parseReviews(reviews: readonly unknown[], endpoint: string): ParsedItems<Thought> {
  const out: ParsedItems<Thought> = { items: [], problems: [] };
  for (const [index, raw] of reviews.entries()) {
    const at = `reviews[${index}]`;
    const outer = v.safeParse(ReviewItemSchema, raw);
    if (!outer.success) {
      out.problems.push(itemProblem(outer.issues, endpoint, at, undefined));
      continue;
    }
    const inner = v.safeParse(ReviewSchema, outer.output.review);
    const innerId = v.safeParse(v.looseObject({ reviewId: OptId }), outer.output.review);
    const reviewId =
      nonEmpty(outer.output.reviewId) ?? (innerId.success ? nonEmpty(innerId.output.reviewId) : undefined);
    if (!inner.success) {
      out.problems.push(itemProblem(inner.issues, endpoint, `${at}.review`, reviewId));
      continue;
    }
    if (reviewId === undefined) {
      out.problems.push({ endpoint, field: `${at}.reviewId`, problem: 'is missing' });
      continue;
    }
    out.items.push(toThought({ ...inner.output, reviewId }, toPencilNote(inner.output.pencilNote)));
  }
  return out;
}

export function toThought(
  review: v.InferOutput<typeof ReviewSchema> & { reviewId: string },
  pencilNote?: PencilNote,
): Thought {
  const range = u(review.range);
  return dropUndefined({
    reviewId: review.reviewId,
    type: review.type,
    content: review.content ?? '',
    htmlContent: nonEmpty(review.htmlContent),
    abstract: nonEmpty(review.abstract),
    // Chapter thoughts and book reviews carry `range: ""`.
    range: range ? range : undefined,
    chapterUid: u(review.chapterUid),
    chapterTitle: nonEmpty(review.chapterTitle) ?? nonEmpty(review.chapterName),
    createTime: review.createTime,
    star: u(review.star),
    refMpReviewId: nonEmpty(review.refMpInfo?.reviewId),
    pencilNote,
  });
}

/** A chapter list's items, each checked on its own (a broken one is left out: its notes fall to "unknown chapter"). */
export function parseChapters(items: readonly unknown[], endpoint: string, at: string): ParsedItems<Chapter> {
  const out: ParsedItems<Chapter> = { items: [], problems: [] };
  for (const [index, raw] of items.entries()) {
    const parsed = v.safeParse(ChapterSchema, raw);
    if (parsed.success) out.items.push(toChapter(parsed.output));
    else out.problems.push(itemProblem(parsed.issues, endpoint, `${at}[${index}]`, undefined));
  }
  return out;
}

export function toChapter(c: v.InferOutput<typeof ChapterSchema>): Chapter {
  return { chapterUid: c.chapterUid, chapterIdx: c.chapterIdx, title: c.title ?? '', level: u(c.level) ?? 1 };
}

export function toProgress(p: v.InferOutput<typeof ProgressSchema>): ReadingProgress | undefined {
  if (!p.book) return undefined;
  return dropUndefined({
    progress: u(p.book.progress),
    readingTime: u(p.book.readingTime),
    startReadingTime: u(p.book.startReadingTime),
    finishTime: u(p.book.finishTime),
    updateTime: u(p.book.updateTime),
  });
}

/** Removes keys whose value is undefined, so cached JSON and test equality stay clean. */
function dropUndefined<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as Array<keyof T>) if (obj[key] === undefined) delete obj[key];
  return obj;
}

/** One book's chapterInfos item; `at` is where it sat in the answer (`data[1]`), to name a broken chapter's field. */
export type ChapterInfosItem = v.InferOutput<typeof ChapterInfosItemSchema> & { at?: string };

// ---- the shelf and reading info (reading properties, issue 15) ---------------------------------

/** One book of V1 `/web/shelf/sync` / V2 `/shelf/sync`; only bookId is required, an item without one is dropped. */
export const ShelfBookSchema = v.object({
  bookId: Id,
  title: OptStr,
  author: OptStr,
  cover: OptStr,
  category: OptStr,
  /** Unix seconds of the last reading: moves when the reader reads (the notebook list's `sort` does not). */
  readUpdateTime: OptNum,
  finishReading: OptFlag,
  secret: OptFlag,
  updateTime: OptNum,
  /** Seen on read info and V2 notebook items; accepted here too should the shelf carry it. */
  markedStatus: OptNum,
  type: OptNum,
});

/** The shelf's outer shape; the items are checked one by one (`toShelfBooks`), so one broken item never hides the rest. */
export const ShelfSchema = v.object({
  synckey: OptNum,
  books: v.fallback(v.nullish(v.array(v.unknown())), undefined),
});

export interface ShelfBook {
  bookId: string;
  title?: string;
  author?: string;
  cover?: string;
  category?: string;
  readUpdateTime?: number;
  finished: boolean;
  markedStatus?: number;
  type?: number;
}

/** The usable shelf items (a bookId is enough); audio albums and mp entries live elsewhere in the answer and are ignored. */
export function toShelfBooks(shelf: v.InferOutput<typeof ShelfSchema>): ShelfBook[] {
  const out: ShelfBook[] = [];
  for (const raw of shelf.books ?? []) {
    const parsed = v.safeParse(ShelfBookSchema, raw);
    if (!parsed.success) continue;
    const b = parsed.output;
    out.push(
      dropUndefined({
        bookId: b.bookId,
        title: b.title ?? undefined,
        author: b.author ?? undefined,
        cover: b.cover ?? undefined,
        category: b.category ?? undefined,
        readUpdateTime: u(b.readUpdateTime),
        finished: b.finishReading === 1 || b.finishReading === true,
        markedStatus: u(b.markedStatus),
        type: u(b.type),
      }),
    );
  }
  return out;
}

/** What the reading properties are made of, from one progress answer. */
export interface ReadingInfo {
  progress?: number;
  /** Seconds. */
  readingTime?: number;
  startReadingTime?: number;
  finishTime?: number;
  updateTime?: number;
  started?: boolean;
  totalReadDay?: number;
  markedStatus?: number;
}

export function toReadingInfo(p: v.InferOutput<typeof ProgressSchema>): ReadingInfo {
  const b = p.book;
  return dropUndefined({
    progress: u(b?.progress),
    readingTime: u(b?.readingTime),
    startReadingTime: u(b?.startReadingTime),
    finishTime: u(b?.finishTime),
    updateTime: u(b?.updateTime),
    started: b?.isStartReading === undefined || b?.isStartReading === null ? undefined : Boolean(b.isStartReading),
    totalReadDay: u(b?.totalReadDay ?? p.totalReadDay),
    markedStatus: u(b?.markedStatus ?? p.markedStatus),
  });
}

// ---- popular highlights (热门划线) --------------------------------------------------------------------------

type PopularPassage = import('../model/notebook').PopularPassage;

/** V1 `/web/book/bestbookmarks`, V2 `/book/bestbookmarks`: the outer shape; each item is checked on its own. */
export const BestBookmarksSchema = v.object({
  items: v.fallback(v.nullish(v.array(v.unknown())), undefined),
  chapters: v.fallback(v.nullish(v.array(v.unknown())), undefined),
});

const BestBookmarkItemSchema = v.object({
  bookmarkId: OptId,
  chapterUid: Int,
  range: v.union([v.string(), v.number()]),
  markText: v.string(),
  totalCount: OptNum,
});

const BestBookmarkChapterSchema = v.object({ chapterUid: Int, title: OptStr });

/** The popular passages of a validated answer, most read first; an item that is not usable is left out (display only). */
export function toPopularPassages(list: v.InferOutput<typeof BestBookmarksSchema>): PopularPassage[] {
  const titles = new Map<number, string>();
  for (const raw of list.chapters ?? []) {
    const c = v.safeParse(BestBookmarkChapterSchema, raw);
    if (c.success && c.output.title) titles.set(c.output.chapterUid, c.output.title);
  }
  const out: PopularPassage[] = [];
  for (const raw of list.items ?? []) {
    const item = v.safeParse(BestBookmarkItemSchema, raw);
    if (!item.success || item.output.markText.trim() === '') continue;
    const { chapterUid, markText } = item.output;
    const range = String(item.output.range);
    out.push(
      dropUndefined({
        bookmarkId: item.output.bookmarkId ?? `${chapterUid}_${range}`,
        chapterUid,
        range,
        markText,
        count: Math.max(0, u(item.output.totalCount) ?? 0),
        chapterTitle: titles.get(chapterUid),
      }),
    );
  }
  return out.sort((a, b) => b.count - a.count);
}
