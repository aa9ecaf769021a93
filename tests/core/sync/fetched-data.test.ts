// What the state keeps of a fetched notebook: a slim form that rebuilds the notebook exactly, or the notebook whole.
import { describe, expect, it } from 'vitest';
import type { Highlight, Notebook } from '../../../src/core/model/notebook';
import { fullNotebook, keptNotebook } from '../../../src/core/sync/fetched-data';
import { pack, unpack } from '../../../src/core/sync/pack';

const thought = { reviewId: 'r1', type: 1, content: '想法', range: '10-20', chapterUid: 3, createTime: 5 };

function highlight(over: Partial<Highlight> = {}): Highlight {
  return {
    bookmarkId: 'B1_3_10-20',
    chapterUid: 3,
    range: '10-20',
    rangeStart: 10,
    rangeEnd: 20,
    markText: '划线',
    createTime: 1,
    colorStyle: 1,
    style: 0,
    thoughts: [],
    ...over,
  };
}

function notebook(highlights: Highlight[]): Notebook {
  return {
    entry: { bookId: 'B1', title: '书', bookType: 0, noteCount: 1, reviewCount: 1, bookmarkCount: 0, sort: 9 },
    info: { bookId: 'B1', title: '书' },
    chapters: [
      {
        chapter: { chapterUid: 3, chapterIdx: 3, title: '章', level: 1 },
        known: true,
        highlights,
        passages: [],
        chapterThoughts: [],
      },
    ],
    allChapters: [],
    passageThoughts: [thought],
    reviews: [],
    otherThoughts: [],
  } as unknown as Notebook;
}

/** Through the state and back: kept, packed, JSON, unpacked, rebuilt. */
const roundTrip = (nb: Notebook) => fullNotebook(unpack(JSON.parse(JSON.stringify(pack(keptNotebook(nb))))));

describe('keptNotebook', () => {
  it('drops what follows from the rest and rebuilds it exactly, thoughts kept once', () => {
    const nb = notebook([
      highlight({ thoughts: [thought] }),
      highlight({ bookmarkId: 'B1_3_30-40', range: '30-40', rangeStart: 30, rangeEnd: 40 }),
    ]);
    const kept = JSON.stringify(keptNotebook(nb));
    expect(kept).not.toContain('B1_3_10-20');
    expect(kept.split('想法').length).toBe(2);
    expect(roundTrip(nb)).toEqual(JSON.parse(JSON.stringify(nb)));
  });

  it('keeps what does not follow (another chapter, odd ids and bounds, an open range) as it is', () => {
    const nb = notebook([
      highlight({ chapterUid: 4, bookmarkId: 'odd-id' }),
      highlight({ range: '10', rangeStart: 10, rangeEnd: undefined, bookmarkId: 'B1_3_10' }),
      highlight({ rangeStart: 11 }),
      highlight({ thoughts: [{ ...thought, content: 'not the passage one' }] }),
    ]);
    expect(roundTrip(nb)).toEqual(JSON.parse(JSON.stringify(nb)));
  });

  it('keeps the notebook whole when a field the slim form would compute is missing from the highlight', () => {
    for (const missing of ['bookmarkId', 'chapterUid', 'rangeStart'] as const) {
      const odd = { ...highlight(), [missing]: undefined } as unknown as Highlight;
      const nb = notebook([odd, highlight({ thoughts: [thought] })]);
      expect(keptNotebook(nb), missing).toBe(nb);
      expect(roundTrip(nb), missing).toEqual(JSON.parse(JSON.stringify(nb)));
    }
  });

  it('keeps the notebook whole when a highlight would not rebuild (a field the slim form uses for itself)', () => {
    const odd = { ...highlight({ thoughts: [thought] }), thoughtIds: ['x'] } as Highlight;
    const nb = notebook([odd, highlight({ bookmarkId: 'B1_3_30-40', range: '30-40', rangeStart: 30, rangeEnd: 40 })]);
    expect(keptNotebook(nb)).toBe(nb);
    expect(roundTrip(nb)).toEqual(JSON.parse(JSON.stringify(nb)));
  });
});
