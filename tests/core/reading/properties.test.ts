// The pure parts of the reading pass: property values and formats, in-place frontmatter edits, the settings import.
import { describe, expect, it } from 'vitest';
import { propertyLines, readingProperties } from '../../../src/core/reading/properties';
import { frontmatterLinesOf, setFrontmatterLines } from '../../../src/core/reading/frontmatter-keys';
import { migrateSettings } from '../../../src/core/settings/migrate';
import { DEFAULT_SETTINGS } from '../../../src/core/settings/settings';

const ZONE = 'Asia/Shanghai';

describe('readingProperties', () => {
  it('uses numbers for progress and minutes, YYYY-MM-DD dates in the zone, WeRead labels for the rating', () => {
    const props = readingProperties({
      shelf: { bookId: '1', finished: false, readUpdateTime: 1700000000 },
      info: { progress: 53.4, readingTime: 17340, startReadingTime: 1699990000, started: true },
      myRating: 'good',
      timeZone: ZONE,
    });
    expect(props).toEqual({
      readingStatus: '在读',
      progress: 53,
      readingTime: 289,
      readingDate: '2023-11-15',
      lastReadingDate: '2023-11-15',
      myRating: '推荐',
    });
    expect([...propertyLines(props).values()]).toEqual([
      'readingStatus: 在读',
      'progress: 53',
      'readingTime: 289',
      'readingDate: 2023-11-15',
      'lastReadingDate: 2023-11-15',
      'myRating: 推荐',
    ]);
  });

  it('finished on the shelf wins; markedStatus maps to the older plugin’s words; no value is never written empty', () => {
    expect(readingProperties({ shelf: { bookId: '1', finished: true }, timeZone: ZONE })).toEqual({
      readingStatus: '读完',
    });
    expect(readingProperties({ info: { markedStatus: 3 }, timeZone: ZONE }).readingStatus).toBe('读过');
    expect(readingProperties({ info: {}, myRating: '', timeZone: ZONE })).toEqual({ readingStatus: '未标记' });
    expect(readingProperties({ info: { finishTime: 0, totalReadDay: 12 }, timeZone: ZONE })).toEqual({
      readingStatus: '未标记',
      totalReadDay: 12,
    });
  });
});

describe('setFrontmatterLines', () => {
  const note = '---\nbookId: "1"\nprogress: 10\ntags:\n  - 书\nmine: x\n---\n# 正文\n';

  it('replaces owned keys in place, appends new ones at the end, leaves everything else byte for byte', () => {
    const out = setFrontmatterLines(
      note,
      new Map([
        ['progress', 'progress: 20'],
        ['readingStatus', 'readingStatus: 在读'],
      ]),
    );
    expect(out).toBe('---\nbookId: "1"\nprogress: 20\ntags:\n  - 书\nmine: x\nreadingStatus: 在读\n---\n# 正文\n');
    expect(frontmatterLinesOf(out, ['progress', 'mine'])).toEqual(
      new Map([
        ['progress', 'progress: 20'],
        ['mine', 'mine: x'],
      ]),
    );
  });

  it('drops the continuation lines of a value the reader turned into a list, and keeps CRLF endings', () => {
    const crlf = '---\r\nprogress:\r\n  - 1\r\nmine: x\r\n---\r\nbody\r\n';
    expect(setFrontmatterLines(crlf, new Map([['progress', 'progress: 5']]))).toBe(
      '---\r\nprogress: 5\r\nmine: x\r\n---\r\nbody\r\n',
    );
  });

  it('gives a note without frontmatter one', () => {
    expect(setFrontmatterLines('body\n', new Map([['progress', 'progress: 5']]))).toBe('---\nprogress: 5\n---\nbody\n');
  });
});

describe('settings', () => {
  it('are off by default, and the older plugin’s saveReadingInfoToggle carries over', () => {
    expect([
      DEFAULT_SETTINGS.readingProperties,
      DEFAULT_SETTINGS.finishedWithoutNotes,
      DEFAULT_SETTINGS.libraryBase,
    ]).toEqual([false, false, false]);
    expect(migrateSettings({ saveReadingInfoToggle: true }).readingProperties).toBe(true);
    expect(migrateSettings({ saveReadingInfoToggle: true, readingProperties: false }).readingProperties).toBe(false);
    expect(migrateSettings({ libraryBase: 'yes' }).libraryBase).toBe(false);
  });
});
