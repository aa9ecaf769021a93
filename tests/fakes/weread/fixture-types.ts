/** The on-disk shape of one fixture book: the raw WeRead API payloads the fake server serves for it. */

export interface FixtureBook {
  /** The item of the notebook list (`/api/user/notebook` books[] / V2 `/user/notebooks` books[]). */
  notebook: {
    bookId: string;
    book: { bookId: string; title: string; author?: string; cover?: string; publishTime?: string; type: number };
    noteCount: number;
    reviewCount: number;
    bookmarkCount: number;
    readingProgress?: number;
    markedStatus?: number;
    sort: number;
  };
  /** `/web/book/info` body (may be nearly empty for CB_ books). */
  info: Record<string, unknown>;
  /** Highlights as in `/web/book/bookmarklist` `updated[]`. */
  bookmarks: Array<Record<string, unknown>>;
  /** `refMpInfos` of the bookmark list (公众号 only). */
  refMpInfos?: Array<Record<string, unknown>>;
  /** Items of `/web/review/list` `reviews[]`: `{reviewId, review:{...}}`. */
  reviews: Array<{ reviewId: string; review: Record<string, unknown> }>;
  /** Full chapter list (`chapterInfos` updated[]). */
  chapters: Array<{
    chapterUid: number;
    chapterIdx: number;
    title: string;
    level: number;
    updateTime?: number;
    wordCount?: number;
  }>;
  chapterUpdateTime: number;
  /** Extra entries of the bookmark list's own `chapters` (chapters the chapter list lacks, e.g. after a re-version). */
  bookmarkListChapters?: Array<{ chapterUid: number; chapterIdx: number; title: string }>;
  /** `/web/book/getProgress` `book` object. */
  progress?: Record<string, unknown>;
  /** Popular passages (热门划线), items of `/web/book/bestbookmarks` without bookId/userVid (the server adds them). */
  popular?: PopularFixture[];
}

/** One popular passage: the same passage as a reader's highlight when chapterUid and range match. */
export interface PopularFixture {
  bookmarkId: string;
  chapterUid: number;
  range: string;
  markText: string;
  /** Readers who highlighted it. */
  totalCount: number;
}
