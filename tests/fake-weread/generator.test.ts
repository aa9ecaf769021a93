// Tests the fixture loader and the deterministic library generator.
import { describe, expect, it } from 'vitest';
import { generateLibrary, loadFixtureLibrary } from '../fakes/weread/library';

describe('loadFixtureLibrary', () => {
  it('loads every fixture, sorted by file name, with unique ids and sorts', () => {
    const books = loadFixtureLibrary();
    expect(books.length).toBeGreaterThanOrEqual(8);
    const ids = books.map((b) => b.notebook.bookId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(books.map((b) => b.notebook.sort)).size).toBe(books.length);
    for (const book of books) {
      expect(book.notebook.book.bookId).toBe(book.notebook.bookId);
      expect(book.reviews.every((r) => r.review.reviewId === r.reviewId)).toBe(true);
    }
    expect(ids).toContain('MP_WXS_3009185398');
    expect(books.find((b) => b.notebook.bookId === '3300089819')!.reviews).toHaveLength(45);
  });
});

describe('generateLibrary', () => {
  const opts = { books: 40, highlightsPerBook: 30, thoughtsPerBook: 6, seed: 11 };

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateLibrary(opts)).toEqual(generateLibrary(opts));
    expect(generateLibrary({ ...opts, seed: 12 })).not.toEqual(generateLibrary(opts));
  });

  it('makes unique ids, strictly descending plausible sorts and consistent counts', () => {
    const books = generateLibrary(opts);
    expect(books).toHaveLength(40);
    expect(new Set(books.map((b) => b.notebook.bookId)).size).toBe(40);
    expect(books.some((b) => b.notebook.bookId.startsWith('CB_'))).toBe(true);
    for (let i = 1; i < books.length; i += 1) expect(books[i]!.notebook.sort).toBeLessThan(books[i - 1]!.notebook.sort);
    for (const book of books) {
      expect(book.notebook.sort).toBeGreaterThan(1_600_000_000);
      expect(book.notebook.noteCount).toBe(book.bookmarks.length);
      expect(book.notebook.reviewCount).toBe(book.reviews.length);
      const times = [
        ...book.bookmarks.map((h) => h.createTime as number),
        ...book.reviews.map((r) => r.review.createTime as number),
      ];
      expect(Math.max(...times)).toBeLessThanOrEqual(book.notebook.sort);
      expect(new Set(book.bookmarks.map((h) => h.bookmarkId)).size).toBe(book.bookmarks.length);
    }
    const allReviewIds = books.flatMap((b) => b.reviews.map((r) => r.reviewId));
    expect(new Set(allReviewIds).size).toBe(allReviewIds.length);
  });

  it('builds chapter trees of levels 1-3 whose uids are not in reading order', () => {
    for (const book of generateLibrary(opts)) {
      const { chapters } = book;
      expect(chapters.map((c) => c.chapterIdx)).toEqual(chapters.map((_, i) => i + 1));
      expect(chapters[0]!.level).toBe(1);
      for (let i = 1; i < chapters.length; i += 1)
        expect(chapters[i]!.level).toBeLessThanOrEqual(chapters[i - 1]!.level + 1);
      expect(new Set(chapters.map((c) => c.chapterUid)).size).toBe(chapters.length);
      for (const h of book.bookmarks) expect(chapters.some((c) => c.chapterUid === h.chapterUid)).toBe(true);
    }
    const all = generateLibrary(opts);
    expect(all.some((b) => b.chapters.some((c) => c.level === 3))).toBe(true);
    expect(all.some((b) => b.chapters.some((c, i) => i > 0 && c.chapterUid < b.chapters[i - 1]!.chapterUid))).toBe(
      true,
    );
  });

  it('writes Chinese text and the kinds of thoughts a sync must place', () => {
    const books = generateLibrary(opts);
    const marks = books.flatMap((b) => b.bookmarks.map((h) => h.markText as string));
    expect(marks.every((t) => /[\u4e00-\u9fff]/.test(t))).toBe(true);
    expect(marks.some((t) => t.includes('\n'))).toBe(true);
    const reviews = books.flatMap((b) => b.reviews.map((r) => r.review));
    expect(reviews.some((r) => r.type === 4 && typeof r.star === 'number' && (r.star as number) > 0)).toBe(true);
    expect(reviews.some((r) => r.type === 1 && r.range === undefined)).toBe(true);
    const onHighlight = books.some((b) =>
      b.reviews.some((r) =>
        b.bookmarks.some((h) => h.chapterUid === r.review.chapterUid && h.range === r.review.range),
      ),
    );
    expect(onHighlight).toBe(true);
  });

  it('generates the benchmark-sized library (500 books x 120 highlights)', () => {
    // Its speed is the benchmark's business (docs/architecture.md §6: no timed unit tests); here only its size and ids.
    const books = generateLibrary({ books: 500, highlightsPerBook: 120, thoughtsPerBook: 10, seed: 1 });
    expect(books.reduce((n, b) => n + b.bookmarks.length, 0)).toBe(60000);
    expect(new Set(books.map((b) => b.notebook.bookId)).size).toBe(500);
  });
});
