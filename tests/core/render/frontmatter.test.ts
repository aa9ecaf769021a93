// The one gray-matter helper: YAML only, `---js` never runs, errors name the line.
import matter from 'gray-matter';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FrontmatterError,
  parseNote,
  stringifyFrontmatter,
  stringifyNote,
  tryParseNote,
} from '../../../src/core/render/frontmatter';

const g = globalThis as { __wereadPwned?: boolean };
afterEach(() => delete g.__wereadPwned);

describe('parseNote', () => {
  it('reads YAML frontmatter and the body', () => {
    const note = parseNote('---\nbookId: "26211849"\nnoteCount: 134\n---\n# 元数据\n');
    expect(note).toEqual({
      data: { bookId: '26211849', noteCount: 134 },
      body: '# 元数据\n',
      hasFrontmatter: true,
      frontmatterText: 'bookId: "26211849"\nnoteCount: 134',
    });
  });

  it('a note without frontmatter is all body', () => {
    expect(parseNote('# Title\n')).toEqual({ data: {}, body: '# Title\n', hasFrontmatter: false, frontmatterText: '' });
  });

  it('never runs ---js frontmatter, even when gray-matter has the same text cached', () => {
    const evil = '---js\n{ bookId: (globalThis.__wereadPwned = true, "1") }\n---\nbody\n';
    expect(() => parseNote(evil)).toThrow(FrontmatterError);
    expect(g.__wereadPwned).toBeUndefined();
    const evil2 = '---javascript\n(globalThis.__wereadPwned = true)\n---\n';
    expect(tryParseNote(evil2)).toBeInstanceOf(FrontmatterError);
    expect(g.__wereadPwned).toBeUndefined();
    // Control: gray-matter's defaults really would run it, so the helper is what protects us.
    matter(evil);
    expect(g.__wereadPwned).toBe(true);
    delete g.__wereadPwned;
    expect(() => parseNote(evil)).toThrow(/JavaScript|not allowed/);
    expect(g.__wereadPwned).toBeUndefined();
  });

  it('invalid YAML is an error naming the line of the note', () => {
    const err = tryParseNote('---\nbookId: "1"\ntitle: [unclosed\nauthor: x\n---\n');
    expect(err).toBeInstanceOf(FrontmatterError);
    expect((err as FrontmatterError).line).toBeGreaterThanOrEqual(3);
    expect((err as FrontmatterError).message).toMatch(/line \d+/);
  });

  it('a full-width colon is named with its line', () => {
    const err = tryParseNote('---\nbookId: "1"\nauthor： 肖莱\n---\n') as FrontmatterError;
    expect(err).toBeInstanceOf(FrontmatterError);
    expect(err.message).toMatch(/line 3.*full-width colon/);
    const only = tryParseNote('---\n作者： 肖莱\n---\n') as FrontmatterError;
    expect(only.message).toMatch(/line 2.*full-width colon/);
  });
});

describe('stringify', () => {
  it('round-trips data and body', () => {
    const text = stringifyNote('# body\n', { bookId: '26211849', tags: ['a', 'b'] });
    expect(text).toBe("---\nbookId: '26211849'\ntags:\n  - a\n  - b\n---\n# body\n");
    expect(parseNote(text).data).toEqual({ bookId: '26211849', tags: ['a', 'b'] });
    expect(stringifyFrontmatter({ a: 1 })).toBe('a: 1\n');
  });
});
