// Property test: two devices share a note through a file sync, each with its own (older or newer) merge base.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeNote } from '../../../src/core/sync/merge';
import { blockTexts, segment, splitLines } from '../../../src/core/sync/merge/segment';
import { applyReaderEdit, applyWeReadChange, renderBook, runArbitrary, seedBook } from './merge-book';

const runArb = runArbitrary({ chapterSize: 4, chapters: 4, rounds: 3, edits: 3, changes: { min: 1, max: 3 } });

const CALLOUT = '> [!warning]';

/** Ids of the blocks whose text differs between two versions of a note. */
function changedBlocks(before: string, after: string): string[] {
  const was = blockTexts(segment(splitLines(before)));
  return [...blockTexts(segment(splitLines(after)))].filter(([id, text]) => was.get(id) !== text).map(([id]) => id);
}
const typedLines = (text: string) => text.split('\n').filter((l) => l.includes('读者'));
const calloutCount = (text: string) => text.split('\n').filter((l) => l.startsWith(CALLOUT)).length;

describe('two devices, one note, different merge bases', () => {
  it('B merging A’s file with its older base loses no reader line, adds no conflict, and is stable', () => {
    fc.assert(
      fc.property(runArb, ({ sizes, rounds }) => {
        let book = seedBook(sizes);
        // Both devices synced this rendering once; then only A syncs, round after round, while the reader writes.
        const baseOfB = renderBook(book);
        let baseOfA = baseOfB;
        let note = baseOfB;
        let conflictsOnA = 0;
        // A line the reader rewrote after WeRead changed it (synced by A) is, against B's older base, a line both
        // sides changed: B cannot tell it from a conflict, so only runs without rewrites promise no new callout, and
        // B's conflicts are only ever on blocks the reader rewrote.
        let rewrote = false;
        const rewritten = new Set<string>();
        let n = 0;
        for (const round of rounds) {
          for (const edit of round.reader) {
            const before = note;
            note = applyReaderEdit(note, edit, n++);
            if (edit.kind === 'rewrite' || edit.kind === 'rewrite-thought')
              for (const id of changedBlocks(before, note)) rewritten.add(id);
          }
          rewrote ||= round.reader.some((e) => e.kind === 'rewrite' || e.kind === 'rewrite-thought');
          for (const change of round.weread) book = applyWeReadChange(book, change);
          const incoming = renderBook(book);
          const onA = mergeNote({ base: baseOfA, reader: note, incoming });
          conflictsOnA += onA.conflicts.length;
          note = onA.text;
          baseOfA = incoming;
        }
        // The file travels to B, which merges the same WeRead state against the rendering it saw long ago.
        const onB = mergeNote({ base: baseOfB, reader: note, incoming: baseOfA });
        const after = new Set(onB.text.split('\n'));
        for (const line of typedLines(note)) expect(after.has(line), line).toBe(true);
        if (!rewrote) expect(calloutCount(onB.text)).toBe(calloutCount(note));
        if (conflictsOnA === 0 && !rewrote) expect(onB.conflicts).toEqual([]);
        expect(onB.conflicts.filter((id) => !rewritten.has(id))).toEqual([]);
        // Merging again, with the base B saved after this sync, changes nothing.
        expect(mergeNote({ base: baseOfA, reader: onB.text, incoming: baseOfA }).text).toBe(onB.text);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1000), seed: Number(process.env.FUZZ_SEED ?? 20261130) },
    );
  }, 120_000);
});
