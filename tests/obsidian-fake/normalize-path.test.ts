// Tests the fake's normalizePath against the real app's behaviour, as a table.
import { describe, expect, it } from 'vitest';
import { normalizePath } from '../fakes/obsidian';

describe('normalizePath', () => {
  it.each([
    ['notes/book.md', 'notes/book.md'],
    ['/notes/book.md', 'notes/book.md'],
    ['notes/book.md/', 'notes/book.md'],
    ['//notes///sub//book.md//', 'notes/sub/book.md'],
    ['notes\\sub\\book.md', 'notes/sub/book.md'],
    ['notes\\/book.md', 'notes/book.md'],
    ['', '/'],
    ['/', '/'],
    ['///', '/'],
    ['a\u00A0b/c\u202Fd.md', 'a b/c d.md'],
    ['cafe\u0301.md', 'caf\u00E9.md'],
    ['读书/书 名.md', '读书/书 名.md'],
    [' spaced / kept .md', ' spaced / kept .md'],
    ['./relative.md', './relative.md'],
  ])('%j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const p of ['//a\\b/ c\u00A0/', 'x/y.md', '']) expect(normalizePath(normalizePath(p))).toBe(normalizePath(p));
  });
});
