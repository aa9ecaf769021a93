// Golden files: every built-in template on every fixture in tests/fakes/weread/fixtures (UPDATE_GOLDEN=1 writes missing/changed ones).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES } from '../../../src/core/render/templates';
import { builtInTemplate, renderNote } from '../../../src/core/render/engine';
import { fixtureNames, loadFixture } from './fixture-to-bookdata';
import { expectWellFormed, fixtureNotebook, SETTINGS } from './helpers';

const GOLDEN_DIR = new URL('../../golden/', import.meta.url);
const update = process.env.UPDATE_GOLDEN === '1';
/** The real seed note from a real account: it is the reference, never regenerated from our output. */
const SEED_GOLDEN = '26211849.default.md';

describe.each(fixtureNames())('fixture %s', (file) => {
  const name = file.replace(/\.json$/, '');
  it.each(Object.keys(BUILT_IN_TEMPLATES))('template %s matches its golden file', (template) => {
    const note = renderNote(fixtureNotebook(name), builtInTemplate(template), SETTINGS);
    expectWellFormed(note, loadFixture(name).notebook.bookId);
    const golden = new URL(`${name}.${template}.md`, GOLDEN_DIR);
    if (
      update &&
      `${name}.${template}.md` !== SEED_GOLDEN &&
      (!existsSync(golden) || readFileSync(golden, 'utf8') !== note)
    ) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(golden, note);
    }
    expect(
      existsSync(golden),
      `missing golden file tests/golden/${name}.${template}.md (run with UPDATE_GOLDEN=1)`,
    ).toBe(true);
    expect(note).toBe(readFileSync(golden, 'utf8'));
  });
});
