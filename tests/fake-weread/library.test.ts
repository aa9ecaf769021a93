// Tests the fake's library mutations as a sync sees them over HTTP: sort bumps, consistent counts, books appearing and disappearing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFixtureLibrary } from '../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { v1, v2 } from './client';

let fake: FakeWeRead;
beforeEach(async () => {
  fake = await startFakeWeRead({ books: loadFixtureLibrary() });
});
afterEach(async () => {
  await fake.close();
});

async function notebookItem(bookId: string): Promise<any> {
  const { body } = await v1(fake, '/api/user/notebook');
  return body.books.find((b: any) => b.bookId === bookId);
}

describe('library mutations', () => {
  it('addHighlight adds to the bookmark list, counts it and moves the book to the top', async () => {
    const before = await notebookItem('822273');
    const added = fake.library.addHighlight('822273', { chapterUid: 90, range: '2000-2030', markText: '新划线' });
    expect(added.bookmarkId).toBe('822273_90_2000-2030');
    const after = await notebookItem('822273');
    expect(after.sort).toBeGreaterThan(before.sort);
    expect(after.noteCount).toBe(before.noteCount + 1);
    const { body } = await v1(fake, '/api/user/notebook');
    expect(body.books[0].bookId).toBe('822273');
    const marks = await v1(fake, '/web/book/bookmarklist?bookId=822273');
    expect(marks.body.updated.at(-1)).toMatchObject({
      bookmarkId: '822273_90_2000-2030',
      markText: '新划线',
      chapterName: '第7章 链接',
      type: 1,
    });
  });

  it('editHighlight changes the highlight and bumps sort only', async () => {
    const before = await notebookItem('811795');
    fake.library.editHighlight('811795_11_100-150', { colorStyle: 4 });
    const after = await notebookItem('811795');
    expect(after.sort).toBeGreaterThan(before.sort);
    expect(after.noteCount).toBe(before.noteCount);
    const marks = await v2(fake, { api_name: '/book/bookmarklist', bookId: '811795' });
    expect(marks.body.updated.find((h: any) => h.bookmarkId === '811795_11_100-150').colorStyle).toBe(4);
  });

  it('each mutation gets a new, larger sort even within the same second', () => {
    const sorts: number[] = [];
    fake.library.addThought('811795', { content: 'a' });
    sorts.push(fake.library.get('811795')!.notebook.sort);
    fake.library.addThought('822273', { content: 'b' });
    sorts.push(fake.library.get('822273')!.notebook.sort);
    fake.library.editHighlight('822273_39_200-260', { style: 2 });
    sorts.push(fake.library.get('822273')!.notebook.sort);
    expect(sorts[1]).toBeGreaterThan(sorts[0]!);
    expect(sorts[2]).toBeGreaterThan(sorts[1]!);
  });

  it('thought add, edit and delete are visible in the review list and reviewCount', async () => {
    const before = await notebookItem('822273');
    const { reviewId } = fake.library.addThought('822273', {
      chapterUid: 38,
      range: '120-180',
      abstract: '信息就是位加上下文。',
      content: '第一版',
    });
    fake.library.editThought(reviewId, '第二版');
    let list = await v1(fake, '/web/review/list?bookId=822273&listType=11&mine=1&synckey=0');
    const mine = list.body.reviews.find((r: any) => r.reviewId === reviewId).review;
    expect(mine).toMatchObject({
      content: '第二版',
      htmlContent: '<p>第二版</p>',
      type: 1,
      chapterUid: 38,
      chapterIdx: 3,
      range: '120-180',
      userVid: 10000001,
    });
    expect((await notebookItem('822273')).reviewCount).toBe(before.reviewCount + 1);
    const sortBeforeDelete = (await notebookItem('822273')).sort;
    fake.library.deleteThought(reviewId);
    list = await v1(fake, '/web/review/list?bookId=822273&listType=11&mine=1&synckey=0');
    expect(list.body.reviews.some((r: any) => r.reviewId === reviewId)).toBe(false);
    const after = await notebookItem('822273');
    expect(after.reviewCount).toBe(before.reviewCount);
    expect(after.sort).toBeGreaterThan(sortBeforeDelete);
  });

  it('a book whose notes are all deleted leaves the notebook list, and comes back with a new note', async () => {
    const book = fake.library.get('695233')!;
    for (const h of book.bookmarks) fake.library.deleteHighlight(h.bookmarkId as string);
    expect(await notebookItem('695233')).toBeUndefined();
    expect(fake.library.get('695233')!.notebook.noteCount).toBe(0);
    fake.library.addHighlight('695233', { markText: '又来了' });
    expect((await notebookItem('695233')).noteCount).toBe(1);
  });

  it('removeBook and addBook change the library; addBook refuses a duplicate', async () => {
    const copy = fake.library.get('811795')!;
    fake.library.removeBook('811795');
    expect(await notebookItem('811795')).toBeUndefined();
    expect((await v1(fake, '/web/book/info?bookId=811795')).body.errCode).toBe(-2000);
    fake.library.addBook(copy);
    expect((await notebookItem('811795')).sort).toBe(copy.notebook.sort);
    expect(() => fake.library.addBook(copy)).toThrow(/exists/);
  });

  it('get returns a copy, and unknown ids throw', () => {
    fake.library.get('822273')!.bookmarks.length = 0;
    expect(fake.library.get('822273')!.bookmarks).toHaveLength(7);
    expect(fake.library.get('nope')).toBeUndefined();
    expect(() => fake.library.editHighlight('nope', {})).toThrow(/no highlight/);
    expect(() => fake.library.deleteThought('nope')).toThrow(/no thought/);
    expect(() => fake.library.addHighlight('nope')).toThrow(/no book/);
  });
});
