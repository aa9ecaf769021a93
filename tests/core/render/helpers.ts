// Test helper: settings for rendering, and the checks every rendered note must pass (block ids, frontmatter).
import { expect } from 'vitest';
import { assembleNotebook } from '../../../src/core/model/assemble';
import type { Notebook } from '../../../src/core/model/notebook';
import { parseNote } from '../../../src/core/render/frontmatter';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings/settings';
import { fixtureToBookData, loadFixture } from './fixture-to-bookdata';

export const SETTINGS: Settings = { ...DEFAULT_SETTINGS, timeZone: 'Asia/Shanghai' };

export function fixtureNotebook(name: string): Notebook {
  const { entry, data } = fixtureToBookData(loadFixture(name));
  return assembleNotebook(entry, data);
}

/** Block ids written in a note: `^id` at the end of a line. */
export function blockIds(note: string): string[] {
  return [...note.matchAll(/\s\^([^\s^]+)$/gm)].map((m) => m[1]!);
}

/** Every note: valid unique block ids, parseable frontmatter, bookId a string. */
export function expectWellFormed(note: string, bookId: string): void {
  const ids = blockIds(note);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9-]+$/);
  expect(new Set(ids).size).toBe(ids.length);
  const parsed = parseNote(note);
  expect(parsed.data.bookId).toBe(bookId);
  expect(typeof parsed.data.bookId).toBe('string');
  expect(parsed.data.doc_type).toBe('weread-highlights-reviews');
}
