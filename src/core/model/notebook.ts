/** The book-level data model a note is rendered from: one Notebook per book, assembled from WeRead API data. */

/** One row of the notebook list: a book that has notes, plus the cheap change signals. */
export interface NotebookEntry {
  bookId: string;
  title: string;
  author?: string;
  cover?: string;
  /** 0 = store book, 3 = 公众号 account; other values pass through. */
  bookType: number;
  /** Highlights (划线). */
  noteCount: number;
  /** Thoughts + reviews. */
  reviewCount: number;
  bookmarkCount: number;
  readingProgress?: number;
  /** Unix seconds of the last note activity on this book; changes on any add/edit/delete. */
  sort: number;
}

/** Book details (book/info); everything but bookId and title may be missing. */
export interface BookInfo {
  bookId: string;
  title: string;
  author?: string;
  translator?: string;
  cover?: string;
  intro?: string;
  category?: string;
  categories?: string[];
  publisher?: string;
  publishTime?: string;
  isbn?: string;
  totalWords?: number;
  /** newRating, 0..1000 (930 = 93.0 %). */
  rating?: number;
  ratingCount?: number;
  myRating?: string | number;
  format?: string;
  type?: number;
}

export interface Chapter {
  chapterUid: number;
  /** Reading order. */
  chapterIdx: number;
  title: string;
  /** Nesting depth, 1 = top level. */
  level: number;
  /** 公众号 only: the article (refMpInfos reviewId) this chapter stands for. */
  articleId?: string;
}

/** A thought (想法), chapter thought, book review (书评) or a newer kind. */
export interface Thought {
  reviewId: string;
  /** 1 = thought (with range: on a passage; without: on a chapter), 4 = book review, others kept. */
  type: number;
  content: string;
  htmlContent?: string;
  /** The passage the thought is about. */
  abstract?: string;
  range?: string;
  chapterUid?: number;
  chapterTitle?: string;
  createTime: number;
  /** 0 for thoughts; 100/80/60/40/20 for reviews. */
  star?: number;
  /** 公众号 only: the article the thought belongs to (review.refMpInfo.reviewId). */
  refMpReviewId?: string;
  /** A handwritten thought (`content` is then ''): its image, when the answer gives a URL. */
  pencilNote?: PencilNote;
}

/** What a handwritten thought's `pencilNote` carries that a note can use. */
export interface PencilNote {
  /** The image, when the answer has an absolute http(s) URL. */
  url?: string;
  /** Unix milliseconds, when given. */
  time?: number;
}

export interface Highlight {
  /** As given by WeRead; never rebuilt. */
  bookmarkId: string;
  chapterUid: number;
  range: string;
  rangeStart: number;
  rangeEnd?: number;
  markText: string;
  createTime: number;
  colorStyle: number;
  style: number;
  /** Thoughts written on exactly this passage (same chapterUid and range), oldest first. */
  thoughts: Thought[];
}

/** A passage that carries thoughts but is not itself highlighted. */
export interface ThoughtPassage {
  chapterUid: number;
  range: string;
  rangeStart: number;
  abstract: string;
  thoughts: Thought[];
}

export interface ChapterNotes {
  chapter: Chapter;
  /** False when a highlight named a chapter the chapter list lacks (title is then a placeholder). */
  known: boolean;
  /** Ordered by range start. */
  highlights: Highlight[];
  /** Thought-only passages, ordered by range start. */
  passages: ThoughtPassage[];
  /** Thoughts on the chapter as a whole (type 1 without range). */
  chapterThoughts: Thought[];
}

export interface ReadingProgress {
  progress?: number;
  readingTime?: number;
  startReadingTime?: number;
  finishTime?: number;
  updateTime?: number;
}

export interface Notebook {
  entry: NotebookEntry;
  info: BookInfo;
  progress?: ReadingProgress;
  /** Every chapter that has notes, in chapterIdx order. */
  chapters: ChapterNotes[];
  /** All chapters of the book (for ancestors of highlighted chapters), in chapterIdx order. */
  allChapters: Chapter[];
  /** Thoughts of type 1 on passages, in chapter then range order (every one, also those attached to highlights). */
  passageThoughts: Thought[];
  /** Book reviews (type 4), oldest first. */
  reviews: Thought[];
  /** Thoughts of kinds we do not know, kept and rendered generically. */
  otherThoughts: Thought[];
  /** Items WeRead sent that could not be read (each left out of the note, the rest written); absent when none. */
  problems?: ItemProblem[];
  /** WeRead's popular passages, most read first; only with the popularHighlights setting. */
  popular?: PopularPassage[];
}

/** One item of an answer that could not be read: which endpoint, which field, which item. */
export interface ItemProblem {
  /** Endpoint path (V1) or gateway api_name (V2), e.g. `/web/book/bookmarklist`. */
  endpoint: string;
  /** Path of the field in the answer, e.g. `updated[3].markText`. */
  field: string;
  /** The item's id (bookmarkId / reviewId) when it has one. */
  itemId?: string;
  /** What is wrong, e.g. `is missing`. */
  problem: string;
}

/** A chapter as the bookmark list's own `chapters` names it (a title for a chapter the chapter list may lack). */
export interface NamedChapter {
  chapterUid: number;
  chapterIdx?: number;
  title: string;
}

/** 公众号 accounts (type 3, or an `MP_WXS_` bookId): served by V1 only, no chapters, no book/info, articles as chapters. */
export function isMpAccount(entry: Pick<NotebookEntry, 'bookId' | 'bookType'>): boolean {
  return entry.bookType === 3 || entry.bookId.startsWith('MP_WXS_');
}

/** A highlight as the client delivers it (validated), before assembly parses its range and attaches thoughts. */
export interface RawHighlight {
  bookmarkId: string;
  chapterUid: number;
  range: string;
  markText: string;
  createTime: number;
  colorStyle: number;
  style: number;
  chapterName?: string;
  /** 公众号 only: the article this highlight belongs to. */
  refMpReviewId?: string;
}

/** 公众号 article (refMpInfos), which acts as a chapter. */
export interface MpArticle {
  reviewId: string;
  title: string;
  picUrl?: string;
  createTime?: number;
}

/** Everything the client fetched for one book, validated; `assembleNotebook(entry, data)` turns it into a Notebook. */
export interface BookData {
  info: BookInfo;
  highlights: RawHighlight[];
  /** Every thought and review of the reader on this book (all pages). */
  thoughts: Thought[];
  /** Full chapter list (may be empty, e.g. 公众号). */
  chapters: Chapter[];
  /** Only fetched when the template uses reading progress. */
  progress?: ReadingProgress;
  articles?: MpArticle[];
  /** The bookmark list's own `chapters`: titles for highlights whose chapter the chapter list lacks. */
  bookmarkChapters?: NamedChapter[];
  /** Items that could not be read and were left out; absent when none. */
  problems?: ItemProblem[];
}

/** One of WeRead's popular passages of a book (热门划线): how many readers highlighted it. */
export interface PopularPassage {
  bookmarkId: string;
  chapterUid: number;
  range: string;
  markText: string;
  /** Readers who highlighted it. */
  count: number;
  /**
   * The count when this passage was first seen popular, kept while it stays popular: the mark after the reader's own
   * highlight uses it, so a moving count never makes their (possibly edited) highlight a changed block.
   */
  markCount?: number;
  chapterTitle?: string;
}
