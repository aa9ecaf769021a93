// Tests response validation: required fields name endpoint and path, optional ones are tolerated, error bodies and non-JSON are classified.
import { describe, expect, it } from 'vitest';
import { WeReadError } from '../../../src/core/weread/errors';
import {
  BookInfoSchema,
  BookmarkListSchema,
  ReviewListSchema,
  parseBookmarks,
  parseReviews,
  toBookInfo,
  validate,
} from '../../../src/core/weread/schemas';
import { interpretResponse } from '../../../src/core/weread/transport';

function caught(fn: () => unknown): WeReadError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WeReadError) return error;
    throw error;
  }
  throw new Error('expected a WeReadError');
}

const mark = (i: number) => ({
  bookmarkId: `1_2_${i}-${i + 5}`,
  chapterUid: 2,
  range: `${i}-${i + 5}`,
  markText: `t${i}`,
  createTime: 1700000000 + i,
});

describe('validate', () => {
  it('names the endpoint and the field path of a missing required field, and keeps the other items', () => {
    const updated = [mark(0), mark(10), mark(20), { ...mark(30), markText: undefined }];
    const list = validate(BookmarkListSchema, { updated }, { endpoint: 'bookmarklist', bookId: '1' });
    const parsed = parseBookmarks(list.updated ?? [], 'bookmarklist');
    expect(parsed.items.map((h) => h.bookmarkId)).toEqual(['1_2_0-5', '1_2_10-15', '1_2_20-25']);
    expect(parsed.problems).toEqual([
      { endpoint: 'bookmarklist', field: 'updated[3].markText', itemId: '1_2_30-35', problem: 'is missing' },
    ]);
  });

  it('names a field of the wrong type', () => {
    const list = validate(
      ReviewListSchema,
      { reviews: [{ review: { reviewId: 'r', type: 1, createTime: 'yesterday' } }] },
      { endpoint: '/web/review/list' },
    );
    const { items, problems } = parseReviews(list.reviews ?? [], '/web/review/list');
    expect(items).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'reviews[0].review.createTime', itemId: 'r' });
    expect(problems[0]!.problem).toMatch(/is a string/);
  });

  it('fails the whole answer when its list is not a list', () => {
    const error = caught(() =>
      validate(BookmarkListSchema, { updated: 'nope' }, { endpoint: 'bookmarklist', bookId: '1' }),
    );
    expect(error.kind).toBe('bad-data');
    expect(error.message).toContain('bookmarklist: updated is a string');
    expect(error.bookId).toBe('1');
  });

  it('ignores unknown fields, tolerates missing optional ones and numeric strings, and maps onto the model', () => {
    const list = validate(
      BookmarkListSchema,
      { updated: [{ ...mark(1), chapterUid: '2', extra: { deep: 1 } }], somethingNew: true },
      { endpoint: 'x' },
    );
    expect(parseBookmarks(list.updated ?? [], 'x').items).toEqual([
      {
        bookmarkId: '1_2_1-6',
        chapterUid: 2,
        range: '1-6',
        markText: 't1',
        createTime: 1700000001,
        colorStyle: 0,
        style: 0,
      },
    ]);
    const info = toBookInfo(validate(BookInfoSchema, { isbn: 12345, categories: null }, { endpoint: 'info' }), {
      bookId: 'CB_1',
      title: 'Uploaded',
    });
    expect(info).toEqual({ bookId: 'CB_1', title: 'Uploaded' });
  });

  it('keeps thoughts of unknown types and turns an empty range into a chapter thought', () => {
    const list = validate(
      ReviewListSchema,
      {
        reviews: [
          { review: { reviewId: 'a', type: 1, content: 'c', range: '', createTime: 1 } },
          { review: { reviewId: 'b', type: 9, createTime: 2 } },
        ],
      },
      { endpoint: 'x' },
    );
    const thoughts = parseReviews(list.reviews ?? [], 'x').items;
    expect(thoughts).toEqual([
      { reviewId: 'a', type: 1, content: 'c', createTime: 1 },
      { reviewId: 'b', type: 9, content: '', createTime: 2 },
    ]);
  });
});

describe('interpretResponse', () => {
  const ctx = { family: 'v1' as const, endpoint: '/web/book/info', bookId: '7' };
  const resp = (status: number, text: string) => ({ status, headers: {}, setCookie: [], text });

  it.each([
    [200, '{"errCode":-2012,"errMsg":"登录超时"}', 'session-expired'],
    [200, '{"errcode":-2013,"errmsg":"鉴权失败"}', 'bad-credential'],
    [200, '{"errcode":-2010,"errmsg":"用户不存在"}', 'bad-credential'],
    [200, '{"errcode":-2003,"errmsg":"参数格式错误"}', 'bug'],
    [401, '', 'session-expired'],
    [429, '', 'throttled'],
    [499, 'x', 'throttled'],
    [502, '<html>bad gateway</html>', 'server'],
    [200, '<!DOCTYPE html><html>login</html>', 'bad-data'],
    [200, '{"updated":[{"a":1', 'bad-data'],
    [200, '', 'bad-data'],
    [200, '[1,2]', 'bad-data'],
  ])('HTTP %i %s → %s', (status, text, kind) => {
    const result = interpretResponse(resp(status, text), ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe(kind);
      expect(result.error.endpoint).toBe('/web/book/info');
      expect(result.error.message.length).toBeGreaterThan(20);
      expect(result.error.nextStep).not.toBe('');
    }
  });

  it('a -2003 error names the endpoint; an HTML page gets a short excerpt', () => {
    const bug = interpretResponse(resp(200, '{"errcode":-2003,"errmsg":"参数格式错误"}'), ctx);
    expect(!bug.ok && bug.error.message).toContain('/web/book/info');
    const html = interpretResponse(resp(200, `<html>${'x'.repeat(500)}</html>`), ctx);
    expect(!html.ok && html.error.problem).toBe('the answer is an HTML page, not JSON');
    expect(!html.ok && (html.error.excerpt ?? '').length).toBeLessThan(130);
  });

  it('gateway "login timeout" means a rejected key, and errcode 0 is success', () => {
    const v2 = interpretResponse(resp(200, '{"errcode":-2012}'), { family: 'v2', endpoint: '/book/info' });
    expect(!v2.ok && v2.error.kind).toBe('bad-credential');
    expect(interpretResponse(resp(200, '{"errcode":0,"books":[]}'), ctx).ok).toBe(true);
  });
});
