// Tests that one malformed item of a shared answer (chapterInfos batch, notebook list V1 and V2 pages) fails or drops only its own book, over real HTTP against the fake WeRead.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NotebookEntry } from '../../../src/core/model/notebook';
import { WeReadError } from '../../../src/core/weread/errors';
import { parseNotebookItem } from '../../../src/core/weread/schemas';
import { loadFixtureLibrary } from '../../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../../fakes/weread/server';
import { clientFor } from './helpers';

let fake: FakeWeRead;
let entries: NotebookEntry[];
/** Every listed book, newest sort first (the order both notebook endpoints answer in). */
let allIds: string[];

beforeAll(async () => {
  fake = await startFakeWeRead({ books: loadFixtureLibrary() });
  entries = await (await clientFor(fake, 'v1')).client.listNotebooks();
  allIds = entries.map((e) => e.bookId);
  fake.resetLog();
});
afterEach(() => {
  fake.faults.clear();
  fake.resetLog();
});
afterAll(() => fake.close());

const regular = (): NotebookEntry[] => entries.filter((e) => e.bookType !== 3 && !e.bookId.startsWith('MP_WXS_'));
const chapterCalls = () => fake.log.filter((l) => l.api === '/web/book/chapterInfos');
/** A dropField on a key no answer has: the page is served unchanged (lets a rule skip the first matching request). */
const UNCHANGED = { dropField: 'noSuchField' };

describe('chapterInfos batch with one malformed item', () => {
  it("a chapter without chapterIdx is left out of its book only, named in that book's problems; every book is fetched", async () => {
    fake.faults.inject({ api: '/web/book/chapterInfos' }, { dropField: 'data.1.updated.0.chapterIdx' });
    const { client } = await clientFor(fake, 'v1');
    const books = regular();
    const results = await Promise.all(books.map((e) => client.fetchBookData(e)));

    expect(chapterCalls()).toHaveLength(1);
    const badId = chapterCalls()[0]!.bookIds![1]!;
    for (const [i, data] of results.entries()) {
      const bookId = books[i]!.bookId;
      const full = fake.library.get(bookId)!.chapters;
      if (bookId === badId) {
        expect(data.problems).toEqual([
          { endpoint: '/web/book/chapterInfos', field: 'data[1].updated[0].chapterIdx', problem: 'is missing' },
        ]);
        expect(data.chapters.map((c) => c.chapterUid).sort()).toEqual(
          full
            .slice(1)
            .map((c) => c.chapterUid)
            .sort(),
        );
      } else {
        expect(data.problems).toBeUndefined();
        expect(data.chapters).toHaveLength(full.length);
      }
    }
  });

  it('after an item without a bookId, that book asks again on fetch (the failure does not stick) and gets its chapters', async () => {
    fake.faults.inject({ api: '/web/book/chapterInfos' }, { dropField: 'data.2.bookId' });
    const { client } = await clientFor(fake, 'v1');
    const books = regular();
    await client.prefetchChapters(books);
    fake.faults.clear();
    const badId = chapterCalls()[0]!.bookIds![2]!;
    const results = await Promise.allSettled(books.map((e) => client.fetchBookData(e)));
    // The failed book asks again (a failure does not stick); with the fault gone it gets its chapters.
    expect(chapterCalls()).toHaveLength(2);
    expect(chapterCalls()[1]!.bookIds).toEqual([badId]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
  });

  it('an item without a bookId fails only the book missing from the answer, naming the item; books present resolve', async () => {
    fake.faults.inject({ api: '/web/book/chapterInfos' }, { dropField: 'data.2.bookId' });
    const { client } = await clientFor(fake, 'v1');
    const books = regular();
    const results = await Promise.allSettled(books.map((e) => client.fetchBookData(e)));
    const badId = chapterCalls()[0]!.bookIds![2]!;
    const rejected = results.flatMap((r, i) =>
      r.status === 'rejected' ? [{ i, error: r.reason as WeReadError }] : [],
    );
    expect(rejected).toHaveLength(1);
    expect(books[rejected[0]!.i]!.bookId).toBe(badId);
    expect(rejected[0]!.error.bookId).toBe(badId);
    expect(rejected[0]!.error.message).toContain('/web/book/chapterInfos: data[2].bookId is missing');
  });
});

describe('notebook list with a malformed entry', () => {
  it('V1: an entry without book.title is still listed (under its bookId) with every other book, and syncs', async () => {
    fake.faults.inject({ api: '/api/user/notebook' }, { dropField: 'books.1.book.title' });
    const { client, logLines } = await clientFor(fake, 'v1');
    const list = await client.listNotebooks();
    expect(list.map((e) => e.bookId)).toEqual(allIds);
    const repaired = list[1]!;
    expect(repaired.title).toBe(repaired.bookId);
    expect(repaired).toEqual({ ...entries[1], title: repaired.bookId });
    expect(client.skippedNotebookEntries).toEqual([]);
    expect(logLines.some((l) => l.includes('/api/user/notebook: books[1].book.title is missing'))).toBe(true);
    // Its details still come from book/info, with the real title.
    const data = await client.fetchBookData(repaired);
    expect(data.info.title).toBe(fake.library.get(repaired.bookId)!.info.title || repaired.bookId);
  });

  it('V2: an entry without book.title on the second page still lists every book', async () => {
    fake.faults.inject({ api: '/user/notebooks' }, [UNCHANGED, { dropField: 'books.1.book.title' }]);
    const { client, logLines } = await clientFor(fake, 'v2', { notebookPageSize: 3 });
    const list = await client.listNotebooks();
    expect(fake.log.filter((l) => l.api === '/user/notebooks').length).toBeGreaterThanOrEqual(3);
    expect(list.map((e) => e.bookId)).toEqual(allIds);
    expect(list[4]!.title).toBe(allIds[4]);
    expect(client.skippedNotebookEntries).toEqual([]);
    expect(logLines.some((l) => l.includes('/user/notebooks: books[1].book.title is missing'))).toBe(true);
  });

  it('V1: an entry without bookId is dropped, reported and logged; the rest are listed', async () => {
    fake.faults.inject({ api: '/api/user/notebook' }, { dropField: 'books.1.bookId' });
    const { client, logLines } = await clientFor(fake, 'v1');
    const list = await client.listNotebooks();
    expect(list.map((e) => e.bookId)).toEqual(allIds.filter((_, i) => i !== 1));
    expect(client.skippedNotebookEntries).toEqual([
      { index: 1, problem: '/api/user/notebook: books[1].bookId is missing' },
    ]);
    expect(logLines.some((l) => l.includes('books[1].bookId is missing'))).toBe(true);
    // A later listing starts afresh.
    expect(await client.listNotebooks()).toHaveLength(allIds.length);
    expect(client.skippedNotebookEntries).toEqual([]);
  });

  it('V2: an entry without sort is dropped with its page; paging goes on and lists the rest', async () => {
    fake.faults.inject({ api: '/user/notebooks' }, [UNCHANGED, { dropField: 'books.0.sort' }]);
    const { client } = await clientFor(fake, 'v2', { notebookPageSize: 3 });
    const list = await client.listNotebooks();
    expect(list.map((e) => e.bookId)).toEqual(allIds.filter((_, i) => i !== 3));
    expect(client.skippedNotebookEntries).toEqual([
      { index: 0, page: 1, problem: '/user/notebooks: books[0].sort is missing' },
    ]);
  });

  it('checkLogin is not failed by one broken entry', async () => {
    fake.faults.inject({ api: '/api/user/notebook' }, { dropField: 'books.0.book' });
    const { client } = await clientFor(fake, 'v1');
    expect(await client.checkLogin()).toMatchObject({ ok: true, mode: 'v1' });
  });
});

describe('parseNotebookItem', () => {
  const good = { bookId: 7, book: { title: 'T', author: 'A' }, noteCount: '2', sort: 1700000000 };

  it('maps a good entry with no error', () => {
    expect(parseNotebookItem(good, 0, 'e')).toEqual({
      entry: {
        bookId: '7',
        title: 'T',
        author: 'A',
        bookType: 0,
        noteCount: 2,
        reviewCount: 0,
        bookmarkCount: 0,
        sort: 1700000000,
      },
    });
  });

  it('repairs a missing or mistyped book/title and names it', () => {
    const noBook = parseNotebookItem({ ...good, book: null }, 4, 'e');
    expect(noBook.entry?.title).toBe('7');
    expect(noBook.error?.message).toContain('e: books[4].book is null');
    const numberTitle = parseNotebookItem({ ...good, book: { title: 5 } }, 0, 'e');
    expect(numberTitle.entry?.title).toBe('7');
    expect(numberTitle.error?.fieldPath).toBe('books[0].book.title');
    expect(numberTitle.error?.bookId).toBe('7');
  });

  it('leaves out what cannot be identified or change-detected', () => {
    expect(parseNotebookItem(null, 2, 'e')).toEqual({ error: expect.any(WeReadError) });
    expect(parseNotebookItem({ ...good, sort: 'soon' }, 2, 'e').error?.fieldPath).toBe('books[2].sort');
    expect(parseNotebookItem({ ...good, sort: 'soon' }, 2, 'e').entry).toBeUndefined();
    expect(parseNotebookItem({ ...good, bookId: undefined, book: {} }, 3, 'e').error?.fieldPath).toBe(
      'books[3].bookId',
    );
  });
});
