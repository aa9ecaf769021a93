// Runs every merge case folder: base.md (absent = no base), reader.md, incoming.md → expected.md, plus meta.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeNote, type KeptBlock, type MergeMessages } from '../../../src/core/sync/merge';

/**
 * meta.json (optional): inputs `rebase`, `linked`, `messages`; expectations `added`, `updated`, `removed`, `kept`,
 * `conflicts` (each checked when present).
 */
interface CaseMeta {
  rebase?: boolean;
  linked?: string[];
  messages?: MergeMessages;
  added?: string[];
  updated?: string[];
  removed?: string[];
  kept?: KeptBlock[];
  conflicts?: string[];
}

const root = new URL('./merge-cases/', import.meta.url);
const names = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('merge cases', () => {
  it('has case folders', () => {
    expect(names.length).toBeGreaterThan(20);
  });

  for (const name of names) {
    const file = (f: string) => new URL(`${name}/${f}`, root);
    const read = (f: string) => readFileSync(file(f), 'utf8');
    it(name, () => {
      const meta: CaseMeta = existsSync(file('meta.json')) ? (JSON.parse(read('meta.json')) as CaseMeta) : {};
      const result = mergeNote({
        base: existsSync(file('base.md')) ? read('base.md') : null,
        reader: read('reader.md'),
        incoming: read('incoming.md'),
        ...(meta.rebase !== undefined ? { rebase: meta.rebase } : {}),
        ...(meta.linked ? { linked: new Set(meta.linked) } : {}),
        ...(meta.messages ? { messages: meta.messages } : {}),
      });
      expect(result.text).toBe(read('expected.md'));
      // Every conflict's callout can be found (the UI links to it), right after its block.
      expect(result.conflictCallouts.map((c) => c.id).sort()).toEqual([...new Set(result.conflicts)].sort());
      const lines = result.text.split('\n');
      for (const c of result.conflictCallouts) {
        expect(lines[c.line - 1]).toMatch(/^> \[!warning\]/);
        expectCalloutShape(lines, c.id, c.line - 1);
      }
      for (const key of ['added', 'updated', 'removed', 'kept', 'conflicts'] as const)
        if (meta[key] !== undefined) expect(result[key], key).toEqual(meta[key]);
    });
  }
});

/**
 * A callout is valid Markdown (a quoted list: no `>     ` line outside a list item, which Obsidian shows as a code
 * block) and sits in the chapter of its block, after that block with no other block or heading between them.
 */
function expectCalloutShape(lines: readonly string[], id: string, at: number): void {
  // A `>     ` line is a code block unless it continues a list item right above it (a sub-line of a quoted block).
  for (let k = at + 1; k < lines.length && (lines[k] ?? '').startsWith('>'); k++)
    if (/^> {4}/.test(lines[k] ?? '')) expect(lines[k - 1], `line ${k + 1}`).toMatch(/^> +- /);
  const blockLine = lines.findIndex((l) => l.endsWith(`^${id}`));
  expect(blockLine, `block ${id}`).toBeGreaterThanOrEqual(0);
  expect(blockLine).toBeLessThan(at);
  const between = lines.slice(blockLine + 1, at);
  expect(between.filter((l) => /^#{1,6} /.test(l) || /\^[\w-]+$/.test(l.trim()))).toEqual([]);
}
