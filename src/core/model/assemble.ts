/** Assembles validated WeRead data for one book into a Notebook: chapters in reading order, thoughts on their passages. */
import type { ArticleMode } from '../settings/settings';
import {
  isMpAccount,
  type BookData,
  type Chapter,
  type ChapterNotes,
  type Highlight,
  type NamedChapter,
  type Notebook,
  type NotebookEntry,
  type RawHighlight,
  type Thought,
  type ThoughtPassage,
} from './notebook';

export interface AssembleOptions {
  /** 公众号 accounts: 'per-account' and 'per-article' both make each article a chapter; see `splitArticles`. */
  articleMode?: ArticleMode;
}

export interface ParsedRange {
  start: number;
  end?: number;
}

/** Parses a WeRead range: `"start-end"`, `"4527-"` or `"4527"`; anything unreadable starts at 0. */
export function parseRange(range: string): ParsedRange {
  const dash = range.indexOf('-');
  const startText = dash < 0 ? range : range.slice(0, dash);
  const endText = dash < 0 ? '' : range.slice(dash + 1);
  const start = /^\s*\d+\s*$/.test(startText) ? Number.parseInt(startText, 10) : 0;
  const end = /^\s*\d+\s*$/.test(endText) ? Number.parseInt(endText, 10) : undefined;
  return end === undefined ? { start } : { start, end };
}

/** Title of a chapter that the chapter list lacks and nothing names. */
export function unknownChapterTitle(chapterUid: number | string): string {
  return `未知章节 ${chapterUid}`;
}

/** Place of unknown chapters: after every known chapter, in chapterUid order. */
const UNKNOWN_CHAPTER_IDX = 1_000_000_000;

interface ChapterSlot {
  notes: ChapterNotes;
  passagesByRange: Map<string, ThoughtPassage>;
}

/** Builds the Notebook of one book. Nothing is dropped: unknown chapters and unknown thought kinds are kept. */
export function assembleNotebook(entry: NotebookEntry, data: BookData, opts: AssembleOptions = {}): Notebook {
  void opts;
  const isAccount = isMpAccount(entry);
  const allChapters = isAccount ? articleChapters(data) : [...data.chapters].sort(byReadingOrder);
  const keys = slotKeys(isAccount);
  const slots = new ChapterSlots(allChapters, data.bookmarkChapters ?? []);
  const highlightsByPassage = placeHighlights(data.highlights, keys, slots);
  const { passageThoughts, reviews, otherThoughts } = placeThoughts(data.thoughts, keys, slots, highlightsByPassage);
  const chapters = sortInReadingOrder(slots, passageThoughts, keys);

  return {
    entry,
    info: data.info,
    ...(data.progress ? { progress: data.progress } : {}),
    chapters,
    allChapters,
    passageThoughts,
    reviews,
    otherThoughts,
    ...(data.problems?.length ? { problems: data.problems } : {}),
  };
}

/** Which chapter slot a highlight or thought belongs to: `u:<chapterUid>`, or `a:<articleId>` in a 公众号 account. */
interface SlotKeys {
  highlightKey(h: RawHighlight): string;
  thoughtKey(t: Thought): string | undefined;
}

function slotKeys(isAccount: boolean): SlotKeys {
  return {
    highlightKey: (h) => (isAccount && h.refMpReviewId !== undefined ? `a:${h.refMpReviewId}` : `u:${h.chapterUid}`),
    thoughtKey: (t) => {
      if (isAccount && t.refMpReviewId !== undefined) return `a:${t.refMpReviewId}`;
      return t.chapterUid === undefined ? undefined : `u:${t.chapterUid}`;
    },
  };
}

/** The chapters that hold notes, made on first use; a chapter the list lacks gets a placeholder. */
class ChapterSlots {
  readonly byKey = new Map<string, ChapterSlot>();
  private readonly known = new Map<string, Chapter>();
  private readonly named: Map<string, NamedChapter>;

  constructor(allChapters: readonly Chapter[], bookmarkChapters: readonly NamedChapter[]) {
    for (const chapter of allChapters)
      this.known.set(chapter.articleId !== undefined ? `a:${chapter.articleId}` : `u:${chapter.chapterUid}`, chapter);
    // Chapters the chapter list lacks (older book versions) often have their title in the bookmark list's own `chapters`.
    this.named = new Map(bookmarkChapters.map((c) => [`u:${c.chapterUid}`, c]));
  }

  slotFor(key: string, fallbackUid: number, nameHint: string | undefined): ChapterSlot {
    let slot = this.byKey.get(key);
    if (slot) return slot;
    const chapter = this.known.get(key);
    const listed = this.named.get(key);
    const hint = listed?.title.trim() || nameHint?.trim();
    const notes: ChapterNotes = chapter
      ? { chapter, known: true, highlights: [], passages: [], chapterThoughts: [] }
      : {
          chapter: {
            chapterUid: fallbackUid,
            // Placed by the bookmark list's chapterIdx when it gives one, else after every known chapter.
            chapterIdx: listed?.chapterIdx ?? UNKNOWN_CHAPTER_IDX + Math.max(0, fallbackUid),
            title: hint ? hint : unknownChapterTitle(key.startsWith('a:') ? key.slice(2) : fallbackUid),
            level: 1,
            ...(key.startsWith('a:') ? { articleId: key.slice(2) } : {}),
          },
          known: false,
          highlights: [],
          passages: [],
          chapterThoughts: [],
        };
    slot = { notes, passagesByRange: new Map() };
    this.byKey.set(key, slot);
    return slot;
  }
}

/** Highlights, grouped by chapter; returns them indexed by (chapter, normalized range) for their thoughts. */
function placeHighlights(
  highlights: readonly RawHighlight[],
  keys: SlotKeys,
  slots: ChapterSlots,
): Map<string, Highlight> {
  const highlightsByPassage = new Map<string, Highlight>();
  const rawHighlights = [...highlights].sort((a, b) => a.createTime - b.createTime || cmp(a.bookmarkId, b.bookmarkId));
  for (const raw of rawHighlights) {
    const key = keys.highlightKey(raw);
    const range = parseRange(raw.range);
    const highlight: Highlight = {
      bookmarkId: raw.bookmarkId,
      chapterUid: raw.chapterUid,
      range: raw.range,
      rangeStart: range.start,
      ...(range.end !== undefined ? { rangeEnd: range.end } : {}),
      markText: raw.markText,
      createTime: raw.createTime,
      colorStyle: raw.colorStyle,
      style: raw.style,
      thoughts: [],
    };
    slots.slotFor(key, raw.chapterUid, raw.chapterName).notes.highlights.push(highlight);
    const passageKey = `${key}|${rangeKey(range)}`;
    if (!highlightsByPassage.has(passageKey)) highlightsByPassage.set(passageKey, highlight);
  }
  return highlightsByPassage;
}

interface PlacedThoughts {
  passageThoughts: Thought[];
  reviews: Thought[];
  otherThoughts: Thought[];
}

/** Thoughts onto their highlight, their passage (no highlight there) or their chapter; reviews and unknown kinds apart. */
function placeThoughts(
  allThoughts: readonly Thought[],
  keys: SlotKeys,
  slots: ChapterSlots,
  highlightsByPassage: ReadonlyMap<string, Highlight>,
): PlacedThoughts {
  const placed: PlacedThoughts = { passageThoughts: [], reviews: [], otherThoughts: [] };
  const thoughts = [...allThoughts].sort((a, b) => a.createTime - b.createTime || cmp(a.reviewId, b.reviewId));
  for (const thought of thoughts) {
    if (thought.type === 4) {
      placed.reviews.push(thought);
      continue;
    }
    const key = keys.thoughtKey(thought);
    if (thought.type !== 1 || key === undefined) {
      placed.otherThoughts.push(thought);
      continue;
    }
    const slot = slots.slotFor(key, thought.chapterUid ?? 0, thought.chapterTitle);
    if (thought.range === undefined || thought.range === '') {
      slot.notes.chapterThoughts.push(thought);
      continue;
    }
    placed.passageThoughts.push(thought);
    const range = parseRange(thought.range);
    const passageKey = `${key}|${rangeKey(range)}`;
    const highlight = highlightsByPassage.get(passageKey);
    if (highlight) {
      highlight.thoughts.push(thought);
      continue;
    }
    let passage = slot.passagesByRange.get(passageKey);
    if (!passage) {
      passage = {
        chapterUid: slot.notes.chapter.chapterUid,
        range: thought.range,
        rangeStart: range.start,
        abstract: thought.abstract ?? '',
        thoughts: [],
      };
      slot.passagesByRange.set(passageKey, passage);
      slot.notes.passages.push(passage);
    }
    if (!passage.abstract && thought.abstract) passage.abstract = thought.abstract;
    passage.thoughts.push(thought);
  }
  return placed;
}

/** Chapters in reading order, their notes by position; sorts passageThoughts (in place) the same way. */
function sortInReadingOrder(slots: ChapterSlots, passageThoughts: Thought[], keys: SlotKeys): ChapterNotes[] {
  const chapters = [...slots.byKey.values()].map((s) => s.notes).sort((a, b) => byReadingOrder(a.chapter, b.chapter));
  const chapterOrder = new Map<ChapterNotes, number>();
  chapters.forEach((c, i) => chapterOrder.set(c, i));
  for (const c of chapters) {
    c.highlights.sort(byPassage);
    c.passages.sort((a, b) => a.rangeStart - b.rangeStart || cmp(a.range, b.range));
  }
  const orderOfThought = (t: Thought): number => {
    const key = keys.thoughtKey(t);
    const slot = key === undefined ? undefined : slots.byKey.get(key);
    return slot ? (chapterOrder.get(slot.notes) ?? 0) : 0;
  };
  const orderIndex = new Map(passageThoughts.map((t) => [t, orderOfThought(t)] as const));
  passageThoughts.sort(
    (a, b) =>
      (orderIndex.get(a) ?? 0) - (orderIndex.get(b) ?? 0) ||
      parseRange(a.range ?? '').start - parseRange(b.range ?? '').start ||
      a.createTime - b.createTime ||
      cmp(a.reviewId, b.reviewId),
  );
  return chapters;
}

/**
 * 'per-article' mode for 公众号 accounts: one Notebook per article (chapter), in reading order. Each keeps the
 * account's bookId, author and cover, but takes the article's title and its own counts and latest note time, so
 * that a change in one article changes no other article's note. The article's id is the chapter's `articleId`.
 * Book reviews and thoughts of unknown kinds belong to no article and are left out.
 */
export function splitArticles(notebook: Notebook): Notebook[] {
  return notebook.chapters.map((chapterNotes) => {
    const thoughts = [
      ...chapterNotes.chapterThoughts,
      ...chapterNotes.highlights.flatMap((h) => h.thoughts),
      ...chapterNotes.passages.flatMap((p) => p.thoughts),
    ];
    const own = new Set(thoughts);
    const latest = [...chapterNotes.highlights, ...thoughts].reduce((m, x) => Math.max(m, x.createTime), 0);
    const title = chapterNotes.chapter.title;
    return {
      ...notebook,
      entry: {
        ...notebook.entry,
        title,
        noteCount: chapterNotes.highlights.length,
        reviewCount: thoughts.length,
        sort: latest || notebook.entry.sort,
      },
      info: { ...notebook.info, title },
      chapters: [chapterNotes],
      allChapters: [chapterNotes.chapter],
      passageThoughts: notebook.passageThoughts.filter((t) => own.has(t)),
      reviews: [],
      otherThoughts: [],
    };
  });
}

function articleChapters(data: BookData): Chapter[] {
  const articles = (data.articles ?? []).map((article, i) => ({ article, i }));
  articles.sort((a, b) => (a.article.createTime ?? 0) - (b.article.createTime ?? 0) || a.i - b.i);
  return articles.map(({ article }, i) => ({
    chapterUid: i + 1,
    chapterIdx: i + 1,
    title: article.title,
    level: 1,
    articleId: article.reviewId,
  }));
}

function rangeKey(range: ParsedRange): string {
  return range.end === undefined ? `${range.start}-` : `${range.start}-${range.end}`;
}

function byReadingOrder(a: Chapter, b: Chapter): number {
  return a.chapterIdx - b.chapterIdx || a.chapterUid - b.chapterUid;
}

function byPassage(a: Highlight, b: Highlight): number {
  return (
    a.rangeStart - b.rangeStart ||
    (a.rangeEnd ?? Number.MAX_SAFE_INTEGER) - (b.rangeEnd ?? Number.MAX_SAFE_INTEGER) ||
    a.createTime - b.createTime ||
    cmp(a.bookmarkId, b.bookmarkId)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
