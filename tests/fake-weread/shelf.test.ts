// The fake's shelf (§3.7) in both transports, and reading that moves progress and readUpdateTime but not the notebook sort.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { v1, v2 } from './client';

let fake: FakeWeRead;
beforeEach(async () => {
  fake = await startFakeWeRead();
});
afterEach(async () => {
  await fake.close();
});

describe('shelf', () => {
  it('lists every store book (not 公众号 accounts) with readUpdateTime and finishReading, the same in V1 and V2', async () => {
    const web = (await v1(fake, '/web/shelf/sync')).body;
    const gateway = (await v2(fake, { api_name: '/shelf/sync' })).body;
    expect(gateway).toEqual(web);
    const ids = web.books.map((b: { bookId: string }) => b.bookId);
    expect(ids).toContain('26211849');
    expect(ids.some((id: string) => id.startsWith('MP_WXS_'))).toBe(false);
    const seed = web.books.find((b: { bookId: string }) => b.bookId === '26211849');
    expect(seed).toMatchObject({ title: 'Python深度学习', finishReading: 1, readUpdateTime: 1603718073 });
    expect(web.synckey).toBe(Math.max(...web.books.map((b: { readUpdateTime: number }) => b.readUpdateTime)));
    expect((await v2(fake, { api_name: '/_list' })).body.apis.map((a: any) => a.api_name)).toContain('/shelf/sync');
  });

  it('readOn moves progress, readingTime and readUpdateTime; the notebook list does not change', async () => {
    const listBefore = (await v1(fake, '/api/user/notebook')).body;
    const shelfBefore = (await v1(fake, '/web/shelf/sync')).body;
    const before = (await v1(fake, '/web/book/getProgress?bookId=695233')).body.book;
    fake.library.readOn('695233', { progress: 61, readingSeconds: 600 });
    const after = (await v2(fake, { api_name: '/book/getprogress', bookId: '695233' })).body.book;
    expect(after.progress).toBe(61);
    expect(after.readingTime).toBe((before.readingTime ?? 0) + 600);
    const shelf = (await v2(fake, { api_name: '/shelf/sync' })).body;
    const moved = shelf.books.find((b: { bookId: string }) => b.bookId === '695233');
    const was = shelfBefore.books.find((b: { bookId: string }) => b.bookId === '695233');
    expect(moved.readUpdateTime).toBeGreaterThan(was.readUpdateTime);
    expect(moved.finishReading).toBe(0);
    expect((await v1(fake, '/api/user/notebook')).body).toEqual(listBefore);

    fake.library.readOn('695233', { finish: true });
    const finished = (await v1(fake, '/web/book/getProgress?bookId=695233')).body.book;
    expect(finished).toMatchObject({ progress: 100, finishTime: expect.any(Number) });
    const shelfAfter = (await v1(fake, '/web/shelf/sync')).body;
    expect(shelfAfter.books.find((b: { bookId: string }) => b.bookId === '695233').finishReading).toBe(1);
  });
});
