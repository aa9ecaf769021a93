// Tests the fake's real-answer shape switches: each rewrites its answers the way docs/weread-api.md §3.9 says the live service does, and nothing while off.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { droppedChapterUid, SHAPES, shapeBooks, shapeLibrary, switchesOff } from '../fakes/weread/shapes';
import { v1, v2 } from './client';

let fake: FakeWeRead;
beforeAll(async () => {
  fake = await startFakeWeRead({ books: shapeLibrary() });
});
afterAll(() => fake.close());
beforeEach(() => switchesOff(fake));

const SEED = '26211849';
const MP = 'MP_WXS_3009185398';

describe('shape switches', () => {
  it('every shape is off by default and the answers are the tidy ones', async () => {
    expect(fake.shapes.size).toBe(0);
    const { text } = await v1(fake, '/api/user/notebook');
    expect(text).not.toContain('centPrice');
    expect((await v1(fake, `/web/book/bookmarklist?bookId=${SEED}`)).body.chapters.length).toBeGreaterThan(0);
  });

  it('can be switched on from the start', async () => {
    const other = await startFakeWeRead({ shapes: ['notebook-sparse'] });
    try {
      expect((await v1(other, '/api/user/notebook')).body.hasMore).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('notebook-sparse, duplicate-keys, publish-time-empty, mp-cover-relative: the notebook list', async () => {
    fake.shapes.add('notebook-sparse').add('duplicate-keys').add('publish-time-empty').add('mp-cover-relative');
    const { text, body } = await v1(fake, '/api/user/notebook');
    expect(body.hasMore).toBeUndefined();
    expect(body.totalNoteCount).toBeUndefined();
    for (const b of body.books) {
      expect(b.readingProgress).toBeUndefined();
      expect(b.markedStatus).toBeUndefined();
      expect(b.noBookReviewCount).toBe(0);
      expect(b.book.publishTime).toBe('');
    }
    expect(body.books.find((b: any) => b.bookId === MP).book.cover).toBe('/0');
    expect(text.split('"centPrice":-1,"centPrice":100').length - 1).toBe(body.books.length);
    // V2 keeps hasMore: it pages with it.
    expect((await v2(fake, { api_name: '/user/notebooks', count: 5 })).body.hasMore).toBe(1);
  });

  it('mp-no-chapter-uid, bookmarks-sparse, empty-bookmarks-object: the bookmark list', async () => {
    fake.shapes.add('mp-no-chapter-uid').add('bookmarks-sparse').add('empty-bookmarks-object');
    const mp = (await v1(fake, `/web/book/bookmarklist?bookId=${MP}`)).body;
    expect(mp.updated.every((b: any) => !('chapterUid' in b) && !('colorStyle' in b))).toBe(true);
    expect(mp.removed).toBeUndefined();
    expect(mp.chapters).toBeUndefined();
    // Store books keep their chapterUid.
    const seed = (await v2(fake, { api_name: '/book/bookmarklist', bookId: SEED })).body;
    expect(seed.updated.every((b: any) => typeof b.chapterUid === 'number')).toBe(true);
    expect((await v1(fake, '/web/book/bookmarklist?bookId=3300099001')).text).toBe('{}');
  });

  it('review-outer-id (V2 only), range-empty-string, thought-no-star, html-content-empty: the review lists', async () => {
    fake.shapes.add('review-outer-id').add('range-empty-string').add('thought-no-star').add('html-content-empty');
    const list = (await v2(fake, { api_name: '/review/list/mine', bookid: '811795', count: 50 })).body.reviews;
    for (const { reviewId, review } of list) {
      expect(reviewId).toEqual(expect.any(String));
      expect(review.reviewId).toBeUndefined();
      expect(review.userVid).toBeUndefined();
      expect(typeof review.range).toBe('string');
      expect(review.range).not.toMatch(/-$/);
      if (review.type === 1) {
        expect(review.star).toBeUndefined();
        expect(review.htmlContent).toBe('');
      }
    }
    expect(list.some((r: any) => r.review.range === '')).toBe(true);
    const v1List = (await v1(fake, '/web/review/list?bookId=811795&listType=11&mine=1&synckey=0')).body.reviews;
    expect(v1List.every((r: any) => typeof r.review.reviewId === 'string')).toBe(true);
  });

  it('my-rating-word, v2-info-sparse: book details', async () => {
    fake.shapes.add('my-rating-word').add('v2-info-sparse');
    expect((await v1(fake, `/web/book/info?bookId=${SEED}`)).body.newRatingDetail.myRating).toBe('good');
    const info = (await v2(fake, { api_name: '/book/info', bookId: SEED })).body;
    expect(Object.keys(info).length).toBeLessThanOrEqual(12);
    expect(info.format).toBeUndefined();
    expect(info.title).toBe('Python深度学习');
  });

  it('chapter-extras, chapter-list-incomplete: chapter lists of both families', async () => {
    fake.shapes.add('chapter-extras').add('chapter-list-incomplete');
    const full = fake.library.get(SEED)!.chapters;
    const dropped = droppedChapterUid(fake.library.get(SEED)!);
    const v1Items = (await v1(fake, '/web/book/chapterInfos', { body: { bookIds: [SEED] } })).body.data[0].updated;
    expect(v1Items).toHaveLength(full.length - 1);
    expect(v1Items.map((c: any) => c.chapterUid)).not.toContain(dropped);
    expect(v1Items[0]).toMatchObject({ price: -1, soldOut: 0, files: [] });
    const v2Items = (await v2(fake, { api_name: '/book/chapterinfo', bookId: SEED })).body.chapters;
    expect(v2Items).toHaveLength(full.length - 1);
    expect(v2Items[0].anchors).toHaveLength(1);
    // The bookmark list still names the dropped chapter.
    const marks = (await v1(fake, `/web/book/bookmarklist?bookId=${SEED}`)).body;
    expect(marks.chapters.map((c: any) => c.chapterUid)).toContain(dropped);
  });

  it('web-error-extras: /web/ error bodies carry errLog and info', async () => {
    fake.shapes.add('web-error-extras');
    fake.faults.inject({ api: '/web/book/info' }, { errcode: -2012, errmsg: '登录超时' });
    const { body } = await v1(fake, `/web/book/info?bookId=${SEED}`);
    expect(body).toEqual({ errCode: -2012, errLog: expect.any(String), errMsg: '登录超时', info: '' });
  });

  it('error faults with an HTTP status and the Nuxt wrap', async () => {
    fake.faults.inject({ api: '/book/info' }, { errcode: -2010, errmsg: '用户不存在', status: 401 });
    const gateway = await v2(fake, { api_name: '/book/info', bookId: SEED });
    expect(gateway).toMatchObject({ status: 401, body: { errcode: -2010, errmsg: '用户不存在' } });
    fake.faults.inject({ api: '/web/book/info' }, { errcode: -2000, errmsg: '书籍不存在', status: 404, wrap: 'nuxt' });
    const web = await v1(fake, `/web/book/info?bookId=${SEED}`);
    expect(web.status).toBe(404);
    expect(web.body).toMatchObject({ statusCode: 404, data: { errcode: -2000, errmsg: '书籍不存在' } });
  });

  it('the shape books: thoughts only, handwritten thoughts, a re-versioned book', () => {
    const [only, pen, reversioned] = shapeBooks();
    expect(only!.notebook).toMatchObject({ noteCount: 0, reviewCount: 3 });
    expect(pen!.reviews.every((r) => r.review.content === '' && r.review.pencilNote)).toBe(true);
    const differing = reversioned!.bookmarks.find((b) => !String(b.bookmarkId).endsWith(String(b.range)));
    expect(differing).toBeDefined();
    expect(SHAPES.length).toBe(16);
  });
});
