// Randomized merge test against the outcome model (merge-model.ts): random reader edits × random WeRead changes, several
// sync rounds per run, through the real renderer and the real merge. FUZZ_RUNS / FUZZ_SEED scale and replay it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeNote } from '../../../src/core/sync/merge';
import { applyReaderEdit, applyWeReadChange, renderBook, runArbitrary, seedBook } from './merge-book';
import { expectedOutcome, violations } from './merge-model';

const runArb = runArbitrary({ chapterSize: 6, chapters: 5, rounds: 8, edits: 5, changes: { min: 0, max: 5 } });

/**
 * `npm test` runs 1000 runs (4,447 sync rounds, 7–14 s on the 2-core CI-size machine) from a fixed seed, so it is the
 * same every time; `npm run test:fuzz` runs FUZZ_RUNS (default 10000, about 44,000 rounds) from a fresh seed.
 * FUZZ_SEED replays a failure.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** A fresh seed is drawn here (not by fast-check) so the summary line can name it. */
const DEFAULT_SEED = process.env.FUZZ_RUNS === undefined ? 20 : Math.floor(Math.random() * 2 ** 31);
const SEED = process.env.FUZZ_SEED === undefined ? DEFAULT_SEED : Number(process.env.FUZZ_SEED);
/** A merge round takes well under 10 ms; the bound only keeps a nightly-size run from hitting the default timeout. */
const TIMEOUT_MS = Math.max(30_000, RUNS * 60);

/** FUZZ_DUMP=<folder>: the failing round's inputs and merge are written there (base.md, reader.md, incoming.md, merged.md). */
function dump(base: string, reader: string, incoming: string, merged: string): void {
  const dir = process.env.FUZZ_DUMP;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const files = { 'base.md': base, 'reader.md': reader, 'incoming.md': incoming, 'merged.md': merged };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

describe('merge against the outcome model', () => {
  it(`holds over ${RUNS} random runs of several sync rounds`, { timeout: TIMEOUT_MS }, () => {
    const started = Date.now();
    let rounds = 0;
    fc.assert(
      fc.property(runArb, ({ sizes, rounds: plan }) => {
        let book = seedBook(sizes);
        let base = renderBook(book);
        let file = base;
        let n = 0;
        for (const round of plan) {
          for (const edit of round.reader) file = applyReaderEdit(file, edit, ++n);
          for (const change of round.weread) book = applyWeReadChange(book, change);
          const incoming = renderBook(book);
          const result = mergeNote({ base, reader: file, incoming });
          const problems = violations(expectedOutcome(base, file, incoming), result.text, result.conflicts);
          const show = () => `base:\n${base}\n\nreader:\n${file}\n\nincoming:\n${incoming}\n\nmerged:\n${result.text}`;
          if (problems.length) {
            dump(base, file, incoming, result.text);
            throw new Error(`${problems.join('\n')}\n\n${show()}`);
          }
          // A sync with nothing new changes nothing.
          const again = mergeNote({ base: incoming, reader: result.text, incoming }).text;
          if (again !== result.text)
            throw new Error(`a sync with nothing new changed the note:\n${again}\n\n${show()}`);
          base = incoming;
          file = result.text;
          rounds++;
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(rounds).toBeGreaterThan(RUNS);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.info(`merge fuzz: seed ${SEED}, ${RUNS} runs, ${rounds} sync rounds, ${seconds} s`);
  });
});
