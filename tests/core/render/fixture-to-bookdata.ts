// Test helper: turns a fixture book (raw API payloads) into the (NotebookEntry, BookData) a client delivers, offline.
import { readFileSync, readdirSync } from 'node:fs';
import type {
  BookData,
  BookInfo,
  NotebookEntry,
  RawHighlight,
  ReadingProgress,
  Thought,
} from '../../../src/core/model/notebook';
import type { FixtureBook } from '../../fakes/weread/fixture-types';

export const FIXTURE_DIR = new URL('../../fakes/weread/fixtures/', import.meta.url);

/** Every fixture file name (`*.json`) in tests/fakes/weread/fixtures, sorted. */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function loadFixture(name: string): FixtureBook {
  const file = name.endsWith('.json') ? name : `${name}.json`;
  return JSON.parse(readFileSync(new URL(file, FIXTURE_DIR), 'utf8')) as FixtureBook;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
/** Drops undefined values so optional fields are absent, as a validated client response would have them. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function fixtureToBookData(fixture: FixtureBook): { entry: NotebookEntry; data: BookData } {
  const nb = fixture.notebook;
  const entry: NotebookEntry = compact({
    bookId: nb.bookId,
    title: nb.book.title,
    author: nb.book.author,
    cover: nb.book.cover,
    bookType: nb.book.type,
    noteCount: nb.noteCount,
    reviewCount: nb.reviewCount,
    bookmarkCount: nb.bookmarkCount,
    readingProgress: nb.readingProgress,
    sort: nb.sort,
  });
  const i = fixture.info;
  const categories = Array.isArray(i.categories)
    ? i.categories.map((c) => str(obj(c).title)).filter((t): t is string => !!t)
    : undefined;
  const info: BookInfo = compact({
    bookId: str(i.bookId) ?? nb.bookId,
    title: str(i.title) ?? nb.book.title,
    author: str(i.author),
    translator: str(i.translator),
    cover: str(i.cover),
    intro: str(i.intro),
    category: str(i.category),
    categories,
    publisher: str(i.publisher),
    publishTime: str(i.publishTime),
    isbn: str(i.isbn),
    totalWords: num(i.totalWords),
    rating: num(i.newRating),
    ratingCount: num(i.newRatingCount),
    myRating: str(obj(i.newRatingDetail).myRating),
    format: str(i.format),
    type: num(i.type),
  });
  const highlights: RawHighlight[] = fixture.bookmarks.map((b) =>
    compact({
      bookmarkId: str(b.bookmarkId)!,
      chapterUid: num(b.chapterUid) ?? 0,
      range: str(b.range) ?? '',
      markText: str(b.markText) ?? '',
      createTime: num(b.createTime) ?? 0,
      colorStyle: num(b.colorStyle) ?? 0,
      style: num(b.style) ?? 0,
      chapterName: str(b.chapterName),
      refMpReviewId: str(b.refMpReviewId),
    }),
  );
  const thoughts: Thought[] = fixture.reviews.map(({ reviewId, review: r }) =>
    compact({
      reviewId: str(r.reviewId) ?? reviewId,
      type: num(r.type) ?? 0,
      content: str(r.content) ?? '',
      htmlContent: str(r.htmlContent),
      abstract: str(r.abstract),
      range: str(r.range),
      chapterUid: num(r.chapterUid),
      chapterTitle: str(r.chapterTitle) ?? str(r.chapterName),
      createTime: num(r.createTime) ?? 0,
      star: num(r.star),
      refMpReviewId: str(obj(r.refMpInfo).reviewId),
    }),
  );
  const p = fixture.progress;
  const progress: ReadingProgress | undefined = p
    ? compact({
        progress: num(p.progress),
        readingTime: num(p.readingTime),
        startReadingTime: num(p.startReadingTime),
        finishTime: num(p.finishTime),
        updateTime: num(p.updateTime),
      })
    : undefined;
  const data: BookData = compact({
    info,
    highlights,
    thoughts,
    chapters: fixture.chapters.map((c) => ({
      chapterUid: c.chapterUid,
      chapterIdx: c.chapterIdx,
      title: c.title,
      level: c.level,
    })),
    progress,
    articles: fixture.refMpInfos?.map((a) =>
      compact({
        reviewId: str(a.reviewId) ?? '',
        title: str(a.title) ?? '',
        picUrl: str(a.pic_url),
        createTime: num(a.createTime),
      }),
    ),
  });
  return { entry, data };
}
