// Block ids (vectors + properties), the web reader URL vector, MD5 against Node's crypto, app deep links.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidBlockId, toBlockId } from '../../../src/core/render/block-id';
import { appBookUrl, appPassageUrl, webReaderUrl } from '../../../src/core/render/links';
import { md5Hex } from '../../../src/core/render/md5';

describe('toBlockId', () => {
  it.each([
    ['26211849_15_1826-1988', '26211849-15-1826-1988'],
    ['CB_4N19Ux9VkAfJ6TB6U5_12_48434-48498', 'CB-4N19Ux9VkAfJ6TB6U5-12-48434-48498'],
    ['11897562_7jRz8yaOx', '11897562-7jRz8yaOx'],
    ['26211849_25_6483-', '26211849-25-6483'],
    ['MP_WXS_3009185398_1~2', 'MP-WXS-3009185398-1-2'],
    ['26211849-15-1826-1988', '26211849-15-1826-1988'],
  ])('%s → %s', (id, expected) => expect(toBlockId(id)).toBe(expected));

  const realisticId = fc.oneof(
    fc
      .tuple(
        fc.integer({ min: 1, max: 4e9 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.option(fc.integer({ min: 0, max: 1e6 })),
      )
      .map(([book, uid, start, end]) => `${book}_${uid}_${start}-${end ?? ''}`),
    fc
      .tuple(fc.integer({ min: 1, max: 1e9 }), fc.stringMatching(/^[A-Za-z0-9]{9}$/))
      .map(([vid, key]) => `${vid}_${key}`),
    fc
      .tuple(
        fc.stringMatching(/^[A-Za-z0-9]{22}$/),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 1e5 }),
        fc.integer({ min: 0, max: 1e5 }),
      )
      .map(([key, uid, a, b]) => `CB_${key}_${uid}_${a}-${b}`),
  );

  it('always gives a valid block id (any input with an ASCII letter or digit)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => /[A-Za-z0-9]/.test(s)),
        (s) => {
          expect(isValidBlockId(toBlockId(s).replace(/^-+/, '') || 'x')).toBe(true);
          expect(toBlockId(s)).toMatch(/^[A-Za-z0-9-]*[A-Za-z0-9]$/);
        },
      ),
    );
  });

  it('is injective on realistic WeRead ids and idempotent', () => {
    fc.assert(
      fc.property(realisticId, realisticId, (a, b) => {
        if (a !== b) expect(toBlockId(a)).not.toBe(toBlockId(b));
        expect(toBlockId(toBlockId(a))).toBe(toBlockId(a));
        expect(isValidBlockId(toBlockId(a))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('links', () => {
  it('web reader URL test vector', () => {
    expect(webReaderUrl('23735061')).toBe('https://weread.qq.com/web/reader/9d932320716a2b159d9b881');
  });

  it('web reader URL for long numeric and non-numeric ids has the documented shape', () => {
    expect(webReaderUrl('3300054321')).toMatch(
      /^https:\/\/weread\.qq\.com\/web\/reader\/[0-9a-f]{3}32[0-9a-f]{2}[0-9a-f]{2}[0-9a-f]+g[0-9a-f]+$/,
    );
    expect(webReaderUrl('CB_4N19Ux9VkAfJ6TB6U5')).toMatch(/^https:\/\/weread\.qq\.com\/web\/reader\/[0-9a-f]{3}42/);
  });

  it('md5 matches node:crypto on ASCII, CJK, emoji and block-boundary lengths', () => {
    for (const s of ['', 'a', '微信读书', '😀👍🏻', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'y'.repeat(1000)]) {
      expect(md5Hex(s)).toBe(createHash('md5').update(s, 'utf8').digest('hex'));
    }
  });

  it('app deep links', () => {
    expect(appBookUrl('26211849')).toBe('weread://reading?bId=26211849');
    expect(appPassageUrl('26211849', 25, 6483)).toBe(
      'weread://bestbookmark?bookId=26211849&chapterUid=25&rangeStart=6483&rangeEnd=6483',
    );
    expect(appPassageUrl('26211849', 15, 1826, 1988)).toBe(
      'weread://bestbookmark?bookId=26211849&chapterUid=15&rangeStart=1826&rangeEnd=1988',
    );
  });
});
