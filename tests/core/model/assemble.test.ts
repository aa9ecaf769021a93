// Tests assembleNotebook: chapter order, range order, thoughts on passages by (chapter, range), unknown chapters, 公众号.
import { describe, expect, it } from 'vitest';
import { assembleNotebook, parseRange, splitArticles } from '../../../src/core/model/assemble';
import {
  isMpAccount,
  type BookData,
  type NotebookEntry,
  type RawHighlight,
  type Thought,
} from '../../../src/core/model/notebook';
import { fixtureToBookData, loadFixture } from '../render/fixture-to-bookdata';

const entry = (over: Partial<NotebookEntry> = {}): NotebookEntry => ({
  bookId: '100',
  title: 'Book',
  bookType: 0,
  noteCount: 0,
  reviewCount: 0,
  bookmarkCount: 0,
  sort: 1700000000,
  ...over,
});
const hl = (chapterUid: number, range: string, over: Partial<RawHighlight> = {}): RawHighlight => ({
  bookmarkId: `100_${chapterUid}_${range}`,
  chapterUid,
  range,
  markText: `text ${chapterUid}/${range}`,
  createTime: 1700000000,
  colorStyle: 1,
  style: 0,
  ...over,
});
const thought = (reviewId: string, over: Partial<Thought> = {}): Thought => ({
  reviewId,
  type: 1,
  content: `thought ${reviewId}`,
  createTime: 1700000100,
  ...over,
});
const data = (over: Partial<BookData> = {}): BookData => ({
  info: { bookId: '100', title: 'Book' },
  highlights: [],
  thoughts: [],
  chapters: [
    // chapterUid is an id, not the reading order
    { chapterUid: 30, chapterIdx: 1, title: 'One', level: 1 },
    { chapterUid: 10, chapterIdx: 2, title: 'Two', level: 2 },
    { chapterUid: 20, chapterIdx: 3, title: 'Three', level: 1 },
  ],
  ...over,
});

describe('parseRange', () => {
  it.each([
    ['1826-1988', { start: 1826, end: 1988 }],
    ['4527-', { start: 4527 }],
    ['4527', { start: 4527 }],
    ['', { start: 0 }],
    ['x-y', { start: 0 }],
  ])('%s', (range, expected) => expect(parseRange(range)).toEqual(expected));
});

describe('assembleNotebook', () => {
  it('orders chapters by chapterIdx and highlights by numeric range start', () => {
    const nb = assembleNotebook(
      entry(),
      data({
        highlights: [hl(20, '5-9'), hl(10, '100-120'), hl(10, '20-30'), hl(30, '7-'), hl(10, '9-12'), hl(30, '3')],
      }),
    );
    expect(nb.chapters.map((c) => c.chapter.title)).toEqual(['One', 'Two', 'Three']);
    expect(nb.chapters[1]!.highlights.map((h) => h.range)).toEqual(['9-12', '20-30', '100-120']);
    expect(nb.chapters[0]!.highlights.map((h) => [h.range, h.rangeStart, h.rangeEnd])).toEqual([
      ['3', 3, undefined],
      ['7-', 7, undefined],
    ]);
    expect(nb.chapters.every((c) => c.known)).toBe(true);
    expect(nb.allChapters.map((c) => c.chapterUid)).toEqual([30, 10, 20]);
  });

  it('keeps bookmarkId as given, never rebuilt', () => {
    const nb = assembleNotebook(entry(), data({ highlights: [hl(10, '1-2', { bookmarkId: '100_7_1-2' })] }));
    expect(nb.chapters[0]!.highlights[0]!.bookmarkId).toBe('100_7_1-2');
  });

  it('attaches thoughts by (chapterUid, range), never by range alone, several per passage, oldest first', () => {
    const nb = assembleNotebook(
      entry(),
      data({
        highlights: [hl(10, '5-9'), hl(20, '5-9')],
        thoughts: [
          thought('b', { chapterUid: 20, range: '5-9', createTime: 1700000300 }),
          thought('a', { chapterUid: 20, range: '5-9', createTime: 1700000200 }),
          thought('c', { chapterUid: 10, range: '5-9' }),
        ],
      }),
    );
    const [two, three] = nb.chapters;
    expect(two!.highlights[0]!.thoughts.map((t) => t.reviewId)).toEqual(['c']);
    expect(three!.highlights[0]!.thoughts.map((t) => t.reviewId)).toEqual(['a', 'b']);
    expect(nb.passageThoughts.map((t) => t.reviewId)).toEqual(['c', 'a', 'b']);
  });

  it('matches an open range with its bare form ("4527-" = "4527")', () => {
    const nb = assembleNotebook(
      entry(),
      data({ highlights: [hl(10, '4527-')], thoughts: [thought('t', { chapterUid: 10, range: '4527' })] }),
    );
    expect(nb.chapters[0]!.highlights[0]!.thoughts).toHaveLength(1);
  });

  it('keeps thought-only passages, chapter thoughts, reviews and unknown kinds', () => {
    const nb = assembleNotebook(
      entry(),
      data({
        highlights: [hl(10, '1-5')],
        thoughts: [
          thought('p2', { chapterUid: 30, range: '50-60', abstract: 'later' }),
          thought('p1', { chapterUid: 30, range: '10-20', abstract: 'passage' }),
          thought('p1b', { chapterUid: 30, range: '10-20', abstract: 'passage', createTime: 1700000500 }),
          thought('ch', { chapterUid: 20 }),
          thought('rev', { type: 4, star: 80, createTime: 1700000900 }),
          thought('rev0', { type: 4, createTime: 1700000001 }),
          thought('new', { type: 7 }),
        ],
      }),
    );
    const one = nb.chapters.find((c) => c.chapter.chapterUid === 30)!;
    expect(one.highlights).toEqual([]);
    expect(one.passages.map((p) => [p.range, p.abstract, p.thoughts.map((t) => t.reviewId)])).toEqual([
      ['10-20', 'passage', ['p1', 'p1b']],
      ['50-60', 'later', ['p2']],
    ]);
    expect(nb.chapters.find((c) => c.chapter.chapterUid === 20)!.chapterThoughts.map((t) => t.reviewId)).toEqual([
      'ch',
    ]);
    expect(nb.reviews.map((t) => t.reviewId)).toEqual(['rev0', 'rev']);
    expect(nb.otherThoughts.map((t) => t.reviewId)).toEqual(['new']);
    expect(nb.chapters.map((c) => c.chapter.chapterUid)).toEqual([30, 10, 20]);
  });

  it('never loses a highlight whose chapter is unknown: titled by chapterName, else a placeholder, after known chapters', () => {
    const nb = assembleNotebook(
      entry(),
      data({
        highlights: [hl(99, '1-2', { chapterName: '失落的章节' }), hl(98, '1-2'), hl(10, '1-2')],
        thoughts: [thought('t', { chapterUid: 99, range: '1-2' })],
      }),
    );
    expect(nb.chapters.map((c) => [c.chapter.title, c.known])).toEqual([
      ['Two', true],
      ['未知章节 98', false],
      ['失落的章节', false],
    ]);
    expect(nb.chapters[2]!.highlights[0]!.thoughts.map((t) => t.reviewId)).toEqual(['t']);
  });

  it('公众号: each article is a chapter, highlights and thoughts matched by refMpReviewId', () => {
    const nb = assembleNotebook(
      entry({ bookType: 3, bookId: 'MP_WXS_1' }),
      data({
        chapters: [],
        articles: [
          { reviewId: 'art2', title: 'Second', createTime: 1700000200 },
          { reviewId: 'art1', title: 'First', createTime: 1700000100 },
        ],
        highlights: [
          hl(0, '10-20', { refMpReviewId: 'art2', bookmarkId: 'MP_WXS_1_a' }),
          hl(0, '1-5', { refMpReviewId: 'art1', bookmarkId: 'MP_WXS_1_b' }),
          hl(0, '1-5', { refMpReviewId: 'gone', chapterName: 'Deleted article', bookmarkId: 'MP_WXS_1_c' }),
        ],
        thoughts: [thought('t', { chapterUid: 0, range: '10-20', refMpReviewId: 'art2' })],
      }),
    );
    expect(nb.chapters.map((c) => [c.chapter.title, c.chapter.articleId, c.known])).toEqual([
      ['First', 'art1', true],
      ['Second', 'art2', true],
      ['Deleted article', 'gone', false],
    ]);
    expect(nb.chapters[1]!.highlights[0]!.thoughts.map((t) => t.reviewId)).toEqual(['t']);
    expect(splitArticles(nb).map((n) => n.chapters.map((c) => c.chapter.title))).toEqual([
      ['First'],
      ['Second'],
      ['Deleted article'],
    ]);
  });

  it('assembles the seed fixture: 135 highlights in 34 chapters, two thought-only passages', () => {
    const { entry: e, data: d } = fixtureToBookData(loadFixture('26211849'));
    const nb = assembleNotebook(e, d);
    expect(nb.chapters.reduce((n, c) => n + c.highlights.length, 0)).toBe(135);
    expect(nb.chapters).toHaveLength(34);
    expect(nb.chapters.flatMap((c) => c.passages.map((p) => p.thoughts[0]!.reviewId))).toEqual([
      '11897562_7jRz8yaOx',
      '11897562_7jVjnhkkj',
    ]);
    expect(nb.passageThoughts[0]!.content.endsWith('\n')).toBe(true);
  });
});

describe('real-answer shapes (docs/weread-api.md §3.9)', () => {
  it('a chapter the chapter list lacks takes its title and place from the bookmark list, before the name hint', () => {
    const nb = assembleNotebook(
      entry(),
      data({
        highlights: [hl(40, '1-5', { chapterName: 'hint' }), hl(20, '1-5'), hl(30, '1-5')],
        bookmarkChapters: [{ chapterUid: 40, chapterIdx: 2, title: 'Two and a half' }],
      }),
    );
    expect(nb.chapters.map((c) => [c.chapter.title, c.known])).toEqual([
      ['One', true],
      ['Two and a half', false],
      ['Three', true],
    ]);
  });

  it('without the bookmark list naming it, the highlight\'s chapterName, else "未知章节", after every known chapter', () => {
    const nb = assembleNotebook(
      entry(),
      data({ highlights: [hl(41, '1-5', { chapterName: 'hint' }), hl(42, '1-5'), hl(30, '1-5')] }),
    );
    expect(nb.chapters.map((c) => c.chapter.title)).toEqual(['One', 'hint', '未知章节 42']);
  });

  it('a thought on an older version\'s chapter keeps its chapter name; an open range "355" matches "355-"', () => {
    const nb = assembleNotebook(
      entry(),
      data({
        highlights: [hl(30, '355-')],
        thoughts: [
          thought('a', { chapterUid: 30, range: '355', createTime: 1 }),
          thought('b', { chapterUid: 7, chapterTitle: 'Old one', range: '4-9', abstract: 'old', createTime: 2 }),
        ],
      }),
    );
    expect(nb.chapters[0]!.highlights[0]!.thoughts.map((t) => t.reviewId)).toEqual(['a']);
    expect(nb.chapters[1]!.chapter.title).toBe('Old one');
    expect(nb.chapters[1]!.passages[0]!.thoughts.map((t) => t.reviewId)).toEqual(['b']);
  });

  it('carries the unreadable items of the book data into the notebook (and none when there are none)', () => {
    const problems = [
      { endpoint: '/web/book/bookmarklist', field: 'updated[0].markText', itemId: 'x', problem: 'is missing' },
    ];
    expect(assembleNotebook(entry(), data({ problems })).problems).toEqual(problems);
    expect(assembleNotebook(entry(), data()).problems).toBeUndefined();
  });
});

describe('isMpAccount (the one test of a 公众号 account)', () => {
  it.each([
    [{ bookId: 'MP_WXS_1', bookType: 3 }, true],
    [{ bookId: 'MP_WXS_1', bookType: 0 }, true],
    [{ bookId: '12345', bookType: 3 }, true],
    [{ bookId: '12345', bookType: 0 }, false],
    [{ bookId: 'CB_MP_WXS', bookType: 0 }, false],
  ])('%o → %s', (e, expected) => expect(isMpAccount(e)).toBe(expected));

  it('assembly and the client agree: an MP_WXS_ book of type 0 is assembled as an account', () => {
    const nb = assembleNotebook(
      entry({ bookId: 'MP_WXS_1', bookType: 0 }),
      data({
        chapters: [],
        articles: [{ reviewId: 'art', title: 'Article' }],
        highlights: [hl(0, '1-5', { refMpReviewId: 'art' })],
      }),
    );
    expect(nb.chapters.map((c) => [c.chapter.title, c.chapter.articleId])).toEqual([['Article', 'art']]);
  });
});
