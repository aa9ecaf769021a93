/** Builds the template context from a Notebook, with the variable names of the older obsidian-weread-plugin templates. */
import type { Chapter, ChapterNotes, Highlight, Notebook, Thought, ThoughtPassage } from '../model/notebook';
import type { Settings } from '../settings/settings';
import { toBlockId } from './block-id';
import {
  formatTimestamp,
  headingMarks,
  RENDER_OPTIONS_KEY,
  resolveTimeZone,
  stars,
  TAG,
  type FilterOptions,
} from './filters';
import { htmlToMarkdown } from './html-to-md';
import { cleanText, markdownText, markdownTextWithTagLinks, sanitizeHtml } from './safe-text';
import { appBookUrl, appPassageUrl, webReaderUrl } from './links';

const DATE_TIME = 'YYYY-MM-DD HH:mm:ss';

/** A thought, chapter thought, book review or other kind, ready to print. */
export interface ReviewContext {
  /** The block id form of WeRead's reviewId (what `^{{ review.reviewId }}` needs); `rawReviewId` is WeRead's. */
  reviewId: string;
  blockId: string;
  rawReviewId: string;
  type: number;
  /** Text of the thought (`#tag` → `[[tag]]` when the tagsAsLinks setting is on). */
  content: string;
  rawContent: string;
  /** Markdown: from htmlContent when WeRead gave one, else `content`. */
  mdContent: string;
  htmlContent?: string;
  abstract?: string;
  range?: string;
  rangeStart?: number;
  chapterUid?: number;
  chapterIdx?: number;
  chapterTitle?: string;
  /** Unix seconds. */
  created: number;
  /** `created` as YYYY-MM-DD HH:mm:ss in the configured time zone. */
  createTime: string;
  star: number;
  /** ★★★★☆ for reviews with a rating, else ''. */
  stars: string;
  /** A handwritten thought (WeRead `pencilNote`): `content` is then its image link, or the words "handwritten thought". */
  handwritten?: boolean;
  /** The handwritten thought's image, when WeRead gave a URL. */
  pencilNoteUrl?: string;
}

/** How a handwritten thought without typed text reads in a note, by the note's language (Chinese by default, like its headings). */
export const HANDWRITTEN_THOUGHT = { zh: '手写想法', en: 'Handwritten thought' } as const;

/**
 * A handwritten thought's text in a note: a link to its image when the answer has a plain http(s) URL, else the
 * label. A link, not an embed: viewing a note loads nothing from the network but the cover (docs/security.md).
 */
export function handwrittenText(url: string | undefined, language: 'zh' | 'en' = 'zh'): string {
  const label = HANDWRITTEN_THOUGHT[language];
  return url && /^https?:\/\/[^\s()<>[\]"'`\\]{1,2000}$/.test(url) ? `[${label}](${url})` : `（${label}）`;
}

export interface HighlightContext {
  /** The block id form of WeRead's bookmarkId (what `^{{ highlight.bookmarkId }}` needs); `rawBookmarkId` is WeRead's. */
  bookmarkId: string;
  blockId: string;
  rawBookmarkId: string;
  created: number;
  createTime: string;
  chapterUid: number;
  chapterIdx: number;
  chapterTitle: string;
  range: string;
  rangeStart: number;
  rangeEnd?: number;
  markText: string;
  style: number;
  colorStyle: number;
  /** From the colorNames / penNames settings. */
  colorName: string;
  penName: string;
  /** Content of the first thought on this passage, if any (older templates print it). */
  reviewContent?: string;
  thoughts: ReviewContext[];
  /** weread://bestbookmark… deep link to the passage. */
  appUrl: string;
}

/** A passage with thoughts that is not itself highlighted. */
export interface PassageContext {
  abstract: string;
  range: string;
  rangeStart: number;
  chapterUid: number;
  /** Block id of the first thought (the passage's anchor). */
  blockId: string;
  thoughts: ReviewContext[];
  appUrl: string;
}

export interface ChapterContext {
  chapterUid: number;
  chapterIdx: number;
  chapterTitle: string;
  title: string;
  level: number;
  /** `#` repeated by level, 1–6 (deeper levels clamp to 6). */
  heading: string;
  /** False when the chapter list lacked this chapter (the title is then the highlight's chapterName or a placeholder). */
  known: boolean;
  /** True for an ancestor chapter added by the includeAncestorChapters setting (it has no notes of its own). */
  isAncestor: boolean;
  isMPChapter: number;
  articleId?: string;
  highlights: HighlightContext[];
  passages: PassageContext[];
  /** Thoughts on the chapter as a whole. */
  chapterReviews: ReviewContext[];
  /** Every thought on a passage of this chapter (on highlights and on thought-only passages), in range order. */
  reviews: ReviewContext[];
}

export interface TocChapterContext {
  chapterUid: number;
  chapterIdx: number;
  title: string;
  chapterTitle: string;
  level: number;
  heading: string;
  hasNotes: boolean;
}

export interface MetaDataContext {
  bookId: string;
  title: string;
  author: string;
  translator: string;
  /** The large (`t7_`) cover. */
  cover: string;
  /** Web reader URL (same as pcUrl). */
  url: string;
  pcUrl: string;
  /** weread://reading?bId=… */
  appUrl: string;
  bookType: number;
  publishTime: string;
  noteCount: number;
  reviewCount: number;
  bookmarkCount: number;
  isbn: string;
  category: string;
  categories: string[];
  publisher: string;
  intro: string;
  /** The notebook's last activity (`sort`) as YYYY-MM-DD in the configured time zone. */
  lastReadDate: string;
  lastReadTime: number;
  totalWords?: number;
  /** "89.3%" from newRating (893), '' when unknown. */
  rating: string;
  ratingValue?: number;
  ratingCount?: number;
  myRating: string;
  format: string;
  readInfo: {
    readingProgress?: number;
    /** Seconds. */
    readingTime?: number;
    /** e.g. 19小时47分钟 */
    readingTimeText: string;
    /** Unix seconds. */
    readingBookDate?: number;
    finishedDate?: number;
  };
}

export interface TemplateContext {
  metaData: MetaDataContext;
  chapterHighlights: ChapterContext[];
  bookReview: {
    chapterReviews: ChapterContext[];
    bookReviews: ReviewContext[];
  };
  /** Every chapter with any note (highlights, thought-only passages or chapter thoughts), in reading order. */
  noteChapters: ChapterContext[];
  /** The whole table of contents with levels. */
  chapters: TocChapterContext[];
  otherThoughts: ReviewContext[];
  counts: { highlights: number; thoughts: number; reviews: number };
  settings: {
    timeZone: string;
    includeAncestorChapters: boolean;
    tagsAsLinks: boolean;
    colorNames: Record<string, string>;
    penNames: Record<string, string>;
  };
  [RENDER_OPTIONS_KEY]: FilterOptions;
}

export type ContextSettings = Pick<
  Settings,
  'timeZone' | 'includeAncestorChapters' | 'tagsAsLinks' | 'colorNames' | 'penNames'
> & {
  /** Language of words the renderer writes into notes (the handwritten-thought label); Chinese by default. */
  language?: 'zh' | 'en';
};

/** `/s_` (small) → `/t7_` (large) cover; '' unless it is a plain http(s) URL (it goes into `![…](cover)`). */
export function largeCover(cover: string | undefined): string {
  if (!cover || !/^https?:\/\/[^\s()<>[\]"'`\\]{1,2000}$/.test(cover)) return '';
  return cover.replace('/s_', '/t7_');
}

/** Server text for the body of a note (see safe-text.ts); `undefined` stays undefined. */
function md(s: string): string;
function md(s: string | undefined): string | undefined;
function md(s: string | undefined): string | undefined {
  return s === undefined ? undefined : markdownText(s);
}

/** 71234 s → 19小时47分钟 (as WeRead shows reading time). */
export function readingTimeText(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return '';
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return hours > 0 ? `${hours}小时${minutes}分钟` : `${minutes}分钟`;
}

/** Builds everything a template can use. Pure: the same notebook and settings give the same context. */
export function buildContext(notebook: Notebook, settings: ContextSettings): TemplateContext {
  const zone = resolveTimeZone(settings.timeZone);
  const { review, chapterContext } = contextBuilders(notebook, settings, zone);

  const noteChapters = notebook.chapters.map(chapterContext);
  let chapterHighlights = noteChapters.filter((c) => c.highlights.length > 0);
  if (settings.includeAncestorChapters) chapterHighlights = withAncestors(chapterHighlights, notebook.allChapters);

  const withNotes = new Set(notebook.chapters.filter((c) => c.known).map((c) => c.chapter.chapterUid));
  const metaData = metaDataContext(notebook, zone);

  const bookReviews = notebook.reviews.map((t) => review(t));
  const highlightCount = noteChapters.reduce((n, c) => n + c.highlights.length, 0);
  return {
    metaData,
    chapterHighlights,
    bookReview: {
      chapterReviews: noteChapters.filter((c) => c.reviews.length > 0 || c.chapterReviews.length > 0),
      bookReviews,
    },
    noteChapters,
    chapters: notebook.allChapters.map((c) => ({
      chapterUid: c.chapterUid,
      chapterIdx: c.chapterIdx,
      title: md(c.title),
      chapterTitle: md(c.title),
      level: c.level,
      heading: headingMarks(c.level),
      hasNotes: withNotes.has(c.chapterUid),
    })),
    otherThoughts: notebook.otherThoughts.map((t) => review(t)),
    counts: { highlights: highlightCount, thoughts: notebook.passageThoughts.length, reviews: bookReviews.length },
    settings: {
      timeZone: zone,
      includeAncestorChapters: settings.includeAncestorChapters,
      tagsAsLinks: settings.tagsAsLinks,
      colorNames: settings.colorNames,
      penNames: settings.penNames,
    },
    [RENDER_OPTIONS_KEY]: { timeZone: zone, colorNames: settings.colorNames, penNames: settings.penNames },
  };
}

/** Turns one thought (of a passage, a chapter or the book) into what a template sees. */
type ReviewBuilder = (t: Thought, chapter?: Chapter) => ReviewContext;

/** The per-item builders of one notebook's context: a thought, and a chapter with its highlights and passages. */
function contextBuilders(
  notebook: Notebook,
  settings: ContextSettings,
  zone: string,
): { review: ReviewBuilder; chapterContext: (notes: ChapterNotes) => ChapterContext } {
  const time = (s: number): string => formatTimestamp(s, DATE_TIME, zone);
  const bookId = notebook.entry.bookId;
  const review = reviewBuilder(notebook, settings, time);

  const highlight = (h: Highlight, chapter: Chapter): HighlightContext => {
    const blockId = toBlockId(h.bookmarkId);
    const thoughts = h.thoughts.map((t) => review(t, chapter));
    const ctx: HighlightContext = {
      bookmarkId: blockId,
      blockId,
      rawBookmarkId: h.bookmarkId,
      created: h.createTime,
      createTime: time(h.createTime),
      chapterUid: h.chapterUid,
      chapterIdx: chapter.chapterIdx,
      chapterTitle: md(chapter.title),
      range: h.range,
      rangeStart: h.rangeStart,
      markText: md(h.markText),
      style: h.style,
      colorStyle: h.colorStyle,
      colorName: settings.colorNames[String(h.colorStyle)] ?? String(h.colorStyle),
      penName: settings.penNames[String(h.style)] ?? String(h.style),
      thoughts,
      appUrl: appPassageUrl(bookId, h.chapterUid, h.rangeStart, h.rangeEnd),
    };
    if (h.rangeEnd !== undefined) ctx.rangeEnd = h.rangeEnd;
    if (thoughts[0]) ctx.reviewContent = thoughts[0].content;
    return ctx;
  };

  const passage = (p: ThoughtPassage, chapter: Chapter): PassageContext => {
    const thoughts = p.thoughts.map((t) => review(t, chapter));
    return {
      abstract: md(p.abstract),
      range: p.range,
      rangeStart: p.rangeStart,
      chapterUid: p.chapterUid,
      blockId: thoughts[0]?.blockId ?? '',
      thoughts,
      appUrl: appPassageUrl(
        bookId,
        p.chapterUid,
        p.rangeStart,
        Number.parseInt(p.range.split('-')[1] ?? '', 10) || undefined,
      ),
    };
  };

  const chapterContext = (notes: ChapterNotes): ChapterContext => {
    const c = notes.chapter;
    const highlights = notes.highlights.map((h) => highlight(h, c));
    const passages = notes.passages.map((p) => passage(p, c));
    const reviews: Array<{ start: number; r: ReviewContext }> = [];
    for (const h of highlights) for (const r of h.thoughts) reviews.push({ start: h.rangeStart, r });
    for (const p of passages) for (const r of p.thoughts) reviews.push({ start: p.rangeStart, r });
    reviews.sort((a, b) => a.start - b.start || a.r.created - b.r.created);
    const ctx = baseChapter(c, notes.known, false);
    ctx.highlights = highlights;
    ctx.passages = passages;
    ctx.chapterReviews = notes.chapterThoughts.map((t) => review(t, c));
    ctx.reviews = reviews.map((x) => x.r);
    return ctx;
  };

  return { review, chapterContext };
}

/** The thought builder: its chapter comes from the argument, else from the book's chapter list by chapterUid. */
function reviewBuilder(notebook: Notebook, settings: ContextSettings, time: (s: number) => string): ReviewBuilder {
  const chapterOf = new Map<number, Chapter>();
  for (const c of notebook.allChapters) chapterOf.set(c.chapterUid, c);

  return (t: Thought, chapter?: Chapter): ReviewContext => {
    const blockId = toBlockId(t.reviewId);
    // A handwritten thought has no typed text: say so (or link its image) rather than print an empty 💭.
    const handwritten = !t.content.trim() && t.pencilNote !== undefined;
    // Server text is text: escaped so that nothing in it links, embeds, hides, tags or loads (safe-text.ts).
    const content = handwritten
      ? handwrittenText(t.pencilNote?.url, settings.language)
      : settings.tagsAsLinks
        ? markdownTextWithTagLinks(t.content, TAG)
        : markdownText(t.content);
    const c = chapter ?? (t.chapterUid !== undefined ? chapterOf.get(t.chapterUid) : undefined);
    const ctx: ReviewContext = {
      reviewId: blockId,
      blockId,
      rawReviewId: t.reviewId,
      type: t.type,
      content,
      rawContent: cleanText(t.content),
      mdContent: t.htmlContent ? htmlToMarkdown(cleanText(t.htmlContent)) : content,
      created: t.createTime,
      createTime: time(t.createTime),
      star: t.star ?? 0,
      stars: stars(t.star),
    };
    if (t.htmlContent) ctx.htmlContent = sanitizeHtml(t.htmlContent);
    if (handwritten) {
      ctx.handwritten = true;
      if (t.pencilNote?.url) ctx.pencilNoteUrl = t.pencilNote.url;
    }
    if (t.abstract !== undefined) ctx.abstract = md(t.abstract);
    if (t.range !== undefined) {
      ctx.range = t.range;
      ctx.rangeStart = Number.parseInt(t.range, 10) || 0;
    }
    if (t.chapterUid !== undefined) ctx.chapterUid = t.chapterUid;
    const title = c?.title ?? t.chapterTitle;
    if (title !== undefined) ctx.chapterTitle = md(title);
    if (c) ctx.chapterIdx = c.chapterIdx;
    return ctx;
  };
}

/** The book's own data (`metaData` in templates), reading progress included. */
function metaDataContext(notebook: Notebook, zone: string): MetaDataContext {
  const { entry, info } = notebook;
  const bookId = entry.bookId;
  const progress = notebook.progress;
  const readingTime = progress?.readingTime;
  const readInfo: MetaDataContext['readInfo'] = { readingTimeText: readingTimeText(readingTime) };
  const readingProgress = progress?.progress ?? entry.readingProgress;
  if (readingProgress !== undefined) readInfo.readingProgress = readingProgress;
  if (readingTime !== undefined) readInfo.readingTime = readingTime;
  if (progress?.startReadingTime !== undefined) readInfo.readingBookDate = progress.startReadingTime;
  if (progress?.finishTime !== undefined) readInfo.finishedDate = progress.finishTime;

  const pcUrl = webReaderUrl(bookId);
  const metaData: MetaDataContext = {
    bookId,
    title: md(info.title || entry.title),
    author: md(info.author ?? entry.author ?? ''),
    translator: md(info.translator ?? ''),
    cover: largeCover(entry.cover ?? info.cover),
    url: pcUrl,
    pcUrl,
    appUrl: appBookUrl(bookId),
    bookType: entry.bookType,
    publishTime: md(info.publishTime ?? ''),
    noteCount: entry.noteCount,
    reviewCount: entry.reviewCount,
    bookmarkCount: entry.bookmarkCount,
    isbn: md(info.isbn ?? ''),
    category: md(info.category ?? ''),
    categories: (info.categories ?? []).map((c) => markdownText(c)),
    publisher: md(info.publisher ?? ''),
    intro: md(info.intro ?? ''),
    lastReadDate: formatTimestamp(entry.sort, 'YYYY-MM-DD', zone),
    lastReadTime: entry.sort,
    rating: info.rating !== undefined && info.rating > 0 ? `${(info.rating / 10).toFixed(1)}%` : '',
    myRating: info.myRating !== undefined ? String(info.myRating) : '',
    format: md(info.format ?? ''),
    readInfo,
  };
  if (info.totalWords !== undefined) metaData.totalWords = info.totalWords;
  if (info.rating !== undefined) metaData.ratingValue = info.rating;
  if (info.ratingCount !== undefined) metaData.ratingCount = info.ratingCount;
  return metaData;
}

function baseChapter(c: Chapter, known: boolean, isAncestor: boolean): ChapterContext {
  const ctx: ChapterContext = {
    chapterUid: c.chapterUid,
    chapterIdx: c.chapterIdx,
    chapterTitle: md(c.title),
    title: md(c.title),
    level: c.level,
    heading: headingMarks(c.level),
    known,
    isAncestor,
    isMPChapter: c.articleId !== undefined ? 1 : 0,
    highlights: [],
    passages: [],
    chapterReviews: [],
    reviews: [],
  };
  if (c.articleId !== undefined) ctx.articleId = c.articleId;
  return ctx;
}

/** Adds, before each chapter, the chapters that contain it (nearest preceding chapters of a smaller level). */
function withAncestors(list: ChapterContext[], toc: Chapter[]): ChapterContext[] {
  const present = new Set(list.filter((c) => c.known).map((c) => c.chapterUid));
  const position = new Map<number, number>();
  toc.forEach((c, i) => position.set(c.chapterUid, i));
  const added = new Map<number, ChapterContext>();
  for (const chapter of list) {
    const at = chapter.known ? position.get(chapter.chapterUid) : undefined;
    if (at === undefined) continue;
    let level = chapter.level;
    for (let j = at - 1; j >= 0 && level > 1; j--) {
      const candidate = toc[j]!;
      if (candidate.level >= level) continue;
      level = candidate.level;
      if (!present.has(candidate.chapterUid) && !added.has(candidate.chapterUid)) {
        added.set(candidate.chapterUid, baseChapter(candidate, true, true));
      }
    }
  }
  if (added.size === 0) return list;
  const known = [...list.filter((c) => c.known), ...added.values()].sort((a, b) => a.chapterIdx - b.chapterIdx);
  return [...known, ...list.filter((c) => !c.known)];
}
