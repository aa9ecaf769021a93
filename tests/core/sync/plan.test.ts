// The sync plan, pure: which books are fetched, unchanged, skipped (and why) or vanished, from the list, the index and the filters.
import { describe, expect, it } from 'vitest';
import type { NotebookEntry } from '../../../src/core/model/notebook';
import { plan, type PlanInput } from '../../../src/core/sync/plan';
import { noteKey, type BookRecord, type StateIndex } from '../../../src/core/sync/state';

const FP = 'fp-1';

function entry(bookId: string, over: Partial<NotebookEntry> = {}): NotebookEntry {
  return {
    bookId,
    title: `Book ${bookId}`,
    bookType: 0,
    noteCount: 5,
    reviewCount: 2,
    bookmarkCount: 0,
    sort: 100,
    ...over,
  };
}

function record(e: NotebookEntry, over: Partial<BookRecord> = {}): BookRecord {
  return {
    title: e.title,
    path: `WeRead/${e.title}.md`,
    sort: e.sort,
    noteCount: e.noteCount,
    reviewCount: e.reviewCount,
    rendererFingerprint: FP,
    syncedAt: 1,
    ...over,
  };
}

const NO_FILTERS = { includeBooks: [], excludeBooks: [], minHighlights: 0 };

function input(entries: NotebookEntry[], index: StateIndex, over: Partial<PlanInput> = {}): PlanInput {
  return { entries, index, filters: NO_FILTERS, fingerprint: FP, ...over };
}

/** The action per listed book, as `bookId:action`. */
function actions(p: ReturnType<typeof plan>): string[] {
  return p.steps.map((s) => `${s.entry.bookId}:${s.action}`);
}

describe('plan', () => {
  const a = entry('a');
  const b = entry('b');
  const synced: StateIndex = { version: 1, books: { a: record(a), b: record(b) } };

  it('fetches every book on a first sync, in list order', () => {
    const p = plan(input([b, a], { version: 1, books: {} }));
    expect(actions(p)).toEqual(['b:fetch', 'a:fetch']);
    expect(p.toFetch.map((e) => e.bookId)).toEqual(['b', 'a']);
    expect(p.vanished).toEqual([]);
  });

  it('leaves a book whose signals and fingerprint are as last synced, reporting its note', () => {
    const p = plan(input([a, b], synced));
    expect(actions(p)).toEqual(['a:unchanged', 'b:unchanged']);
    expect(p.toFetch).toEqual([]);
    const step = p.steps[0]!;
    expect(step.action === 'unchanged' && step.reports.map((r) => [r.bookId, r.path, r.status])).toEqual([
      ['a', 'WeRead/Book a.md', 'unchanged'],
    ]);
  });

  it.each([
    ['sort', { sort: 101 }],
    ['noteCount', { noteCount: 6 }],
    ['reviewCount', { reviewCount: 0 }],
  ])('fetches a book whose %s changed', (_, change) => {
    const p = plan(input([{ ...a, ...change }, b], synced));
    expect(actions(p)).toEqual(['a:fetch', 'b:unchanged']);
  });

  it('fetches every book when the renderer fingerprint changed (template or settings)', () => {
    const p = plan(input([a, b], synced, { fingerprint: 'fp-2' }));
    expect(actions(p)).toEqual(['a:fetch', 'b:fetch']);
  });

  it('fetches unchanged books when forced', () => {
    expect(actions(plan(input([a, b], synced, { force: true })))).toEqual(['a:fetch', 'b:fetch']);
  });

  it('plans only the books asked for and reports nothing else, not even vanished notes', () => {
    const gone: StateIndex = { version: 1, books: { ...synced.books, z: record(entry('z')) } };
    const p = plan(input([a, b], gone, { onlyBookIds: ['b'], force: true }));
    expect(actions(p)).toEqual(['b:fetch']);
    expect(p.vanished).toEqual([]);
  });

  it('reports a note whose book left the list as vanished, at its path', () => {
    const z = entry('z');
    const p = plan(input([a], { version: 1, books: { a: record(a), z: record(z) } }));
    expect(p.vanished.map((r) => [r.bookId, r.path, r.status])).toEqual([['z', 'WeRead/Book z.md', 'vanished']]);
  });

  it('skips books outside includeBooks (matched by id or title) and inside excludeBooks', () => {
    const c = entry('c', { title: 'Named' });
    const filters = { includeBooks: ['a', 'Named'], excludeBooks: ['Named'], minHighlights: 0 };
    const p = plan(input([a, b, c], { version: 1, books: {} }, { filters }));
    expect(actions(p)).toEqual(['a:fetch', 'b:skipped', 'c:skipped']);
    const skipped = p.steps[1]!;
    expect(skipped.action === 'skipped' && skipped.skipReason).toBeUndefined();
  });

  it('skips books with fewer highlights than minHighlights, even when forced', () => {
    const few = entry('few', { noteCount: 2 });
    const filters = { ...NO_FILTERS, minHighlights: 3 };
    expect(actions(plan(input([few, a], { version: 1, books: {} }, { filters, force: true })))).toEqual([
      'few:skipped',
      'a:fetch',
    ]);
  });

  it('skips a book the source cannot sync, with its reason on the step and on every report', () => {
    const mp = entry('MP_1', { bookType: 3 });
    const p = plan(input([mp, a], synced, { skipReason: (e) => (e.bookType === 3 ? 'needs-cookie' : undefined) }));
    const step = p.steps[0]!;
    expect(step.action).toBe('skipped');
    expect(step.action === 'skipped' && step.skipReason).toBe('needs-cookie');
    expect(step.action === 'skipped' && step.reports.map((r) => [r.bookId, r.path, r.skipReason])).toEqual([
      ['MP_1', '', 'needs-cookie'],
    ]);
    expect(p.steps[1]!.action).toBe('unchanged');
  });

  it('a filter wins over a skip reason (a filtered book has no reason)', () => {
    const filters = { ...NO_FILTERS, excludeBooks: ['a'] };
    const p = plan(input([a], synced, { filters, skipReason: () => 'needs-cookie' }));
    const step = p.steps[0]!;
    expect(step.action === 'skipped' && [step.skipReason, step.reports[0]!.skipReason]).toEqual([undefined, undefined]);
  });

  describe('accounts synced per article', () => {
    const mp = entry('MP_1', { bookType: 3, title: 'Account' });
    const article = (id: string): BookRecord =>
      record(mp, { title: `Article ${id}`, bookId: 'MP_1', articleId: id, path: `WeRead/Article ${id}.md` });
    const account = { title: 'Account', sort: 100, noteCount: 5, reviewCount: 2, rendererFingerprint: FP, syncedAt: 1 };
    const perArticle = (e: NotebookEntry) => e.bookType === 3;

    it('is unchanged when the account signals match and every article note is known; one report per article', () => {
      const index: StateIndex = {
        version: 1,
        books: { [noteKey('MP_1', 'x')]: article('x'), [noteKey('MP_1', 'y')]: article('y') },
        accounts: { MP_1: { ...account, articleIds: ['x', 'y'] } },
      };
      const p = plan(input([mp], index, { perArticle }));
      const step = p.steps[0]!;
      expect(step.action).toBe('unchanged');
      expect(step.action === 'unchanged' && step.reports.map((r) => [r.articleId, r.status])).toEqual([
        ['x', 'unchanged'],
        ['y', 'unchanged'],
      ]);
    });

    it('is fetched again when an article note of the last sync is missing from the index', () => {
      const index: StateIndex = {
        version: 1,
        books: { [noteKey('MP_1', 'x')]: article('x') },
        accounts: { MP_1: { ...account, articleIds: ['x', 'y'] } },
      };
      expect(actions(plan(input([mp], index, { perArticle })))).toEqual(['MP_1:fetch']);
    });

    it('is fetched when it never completed (article notes but no account record)', () => {
      const index: StateIndex = { version: 1, books: { [noteKey('MP_1', 'x')]: article('x') } };
      expect(actions(plan(input([mp], index, { perArticle })))).toEqual(['MP_1:fetch']);
    });

    it('reports an article note gone since the last sync as vanished among the stand-ins of a skipped account', () => {
      const index: StateIndex = {
        version: 1,
        books: { [noteKey('MP_1', 'x')]: article('x'), [noteKey('MP_1', 'old')]: article('old') },
        accounts: { MP_1: { ...account, articleIds: ['x'] } },
      };
      const filters = { ...NO_FILTERS, excludeBooks: ['MP_1'] };
      const step = plan(input([mp], index, { perArticle, filters })).steps[0]!;
      expect(step.action === 'skipped' && step.reports.map((r) => [r.articleId, r.status])).toEqual([
        ['x', 'skipped'],
        ['old', 'vanished'],
      ]);
    });

    it('the account as one note is judged by its own record, not the account record', () => {
      const index: StateIndex = {
        version: 1,
        books: { MP_1: record(mp) },
        accounts: { MP_1: { ...account, sort: 1, articleIds: [] } },
      };
      expect(actions(plan(input([mp], index)))).toEqual(['MP_1:unchanged']);
    });
  });
});
