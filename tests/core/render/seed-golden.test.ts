// The core golden test: the seed fixture rendered with the default template equals the real seed note byte for byte.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInTemplate, renderNote } from '../../../src/core/render/engine';
import { blockIds, expectWellFormed, fixtureNotebook, SETTINGS } from './helpers';

const SEED = new URL('../../golden/26211849.default.md', import.meta.url);

describe('seed note', () => {
  it('is reproduced byte for byte by the default template (Asia/Shanghai)', () => {
    const note = renderNote(fixtureNotebook('26211849'), builtInTemplate('default'), SETTINGS);
    const seed = readFileSync(SEED, 'utf8');
    if (note !== seed) {
      // Show the first differing line rather than two 40 kB strings.
      const a = note.split('\n');
      const b = seed.split('\n');
      const i = a.findIndex((line, n) => line !== b[n]);
      expect({ line: i + 1, got: a[i] }).toEqual({ line: i + 1, got: b[i] });
    }
    expect(Buffer.from(note, 'utf8').equals(readFileSync(SEED))).toBe(true);
  });

  it('keeps every block id of the seed, including the open range 26211849_25_6483-', () => {
    const note = renderNote(fixtureNotebook('26211849'), builtInTemplate('default'), SETTINGS);
    expect(blockIds(note)).toContain('26211849-25-6483');
    expect(blockIds(note)).toContain('11897562-7jRz8yaOx');
    expect(blockIds(note)).toHaveLength(137);
    expectWellFormed(note, '26211849');
  });

  it('renders the same times in another zone shifted (times are shown in the configured zone)', () => {
    const note = renderNote(fixtureNotebook('26211849'), builtInTemplate('default'), { ...SETTINGS, timeZone: 'UTC' });
    expect(note).toContain('    - ⏱ 2020-08-24 17:03:31 \n');
    expect(note).toContain('lastReadDate: 2020-10-26\n');
  });
});
