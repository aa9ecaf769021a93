// Property tests for mergeNote: random reader edits and random remote changes never lose a reader's line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeNote } from '../../../src/core/sync/merge';

interface Hl {
  id: string;
  text: string;
}
type Model = Array<{ title: string; hls: Hl[] }>;

/** Renders a model in the seed's shape (frontmatter, chapter headings, 📌 items with a ⏱ sub-line). */
function render(model: Model): string {
  const out = [
    '---',
    'doc_type: weread-highlights-reviews',
    'bookId: "1"',
    `noteCount: ${model.reduce((n, c) => n + c.hls.length, 0)}`,
    '---',
    '# 高亮划线',
    '',
  ];
  for (const ch of model) {
    if (!ch.hls.length) continue;
    out.push(`## ${ch.title}`, '');
    for (const h of ch.hls) out.push('', `- 📌 ${h.text} ^${h.id}`, `    - ⏱ 2020-01-01 00:00:00 `);
  }
  out.push('');
  return out.join('\n');
}

const modelArb = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 5 }).map((sizes) =>
  sizes.map((n, c) => ({
    title: `第${c + 1}章`,
    hls: Array.from({ length: n }, (_, k) => ({ id: `1-${c}-${k * 10}`, text: `原文 ${c}.${k}` })),
  })),
);

type ReaderOp = { kind: 'add' | 'edit' | 'delete'; at: number };
type RemoteOp = { kind: 'add' | 'edit' | 'delete'; at: number };
const opArb = fc.record({
  kind: fc.constantFrom('add' as const, 'edit' as const, 'delete' as const),
  at: fc.nat(1000),
});

interface Edited {
  text: string;
  /** Lines the reader typed: each must survive. */
  readerLines: string[];
  deleted: string[];
}

/** Applies reader edits to the rendered file: appended sub-lines, edited highlight lines, deleted blocks. */
function readerEdit(text: string, ops: ReaderOp[]): Edited {
  const lines = text.split('\n');
  const readerLines: string[] = [];
  const deleted: string[] = [];
  ops.forEach((op, n) => {
    const items = lines.map((l, i) => (l.startsWith('- 📌') ? i : -1)).filter((i) => i >= 0);
    if (!items.length) {
      if (op.kind === 'add') {
        const line = `读者段落 ${n}`;
        lines.splice(lines.length - 1, 0, line);
        readerLines.push(line);
      }
      return;
    }
    const i = items[op.at % items.length]!;
    if (op.kind === 'add') {
      const line = `    - 读者补充 ${n}`;
      lines.splice(i + 2, 0, line);
      readerLines.push(line);
    } else if (op.kind === 'edit') {
      const line = lines[i]!.replace('- 📌 ', `- 📌 读者改${n} `);
      const previous = readerLines.indexOf(lines[i]!);
      if (previous >= 0) readerLines.splice(previous, 1);
      lines[i] = line;
      readerLines.push(line);
    } else {
      let end = i + 1;
      while (end < lines.length && lines[end]!.startsWith('    ')) end++;
      // Blocks holding lines the reader typed are not deleted here (that would delete the reader's own words).
      if (lines.slice(i, end).some((l) => readerLines.includes(l))) return;
      deleted.push(/\^(\S+)$/.exec(lines[i]!)![1]!);
      lines.splice(i, end - i);
    }
  });
  return { text: lines.join('\n'), readerLines, deleted };
}

function remoteChange(model: Model, ops: RemoteOp[]): { model: Model; added: string[] } {
  const next: Model = model.map((c) => ({ title: c.title, hls: c.hls.map((h) => ({ ...h })) }));
  const added: string[] = [];
  ops.forEach((op, n) => {
    const ch = next[op.at % next.length]!;
    if (op.kind === 'add' || ch.hls.length === 0) {
      const id = `1-${op.at % next.length}-${1000 + n}`;
      ch.hls.splice(op.at % (ch.hls.length + 1), 0, { id, text: `远端新增 ${n}` });
      added.push(id);
    } else if (op.kind === 'edit') ch.hls[op.at % ch.hls.length]!.text += ` 远端改${n}`;
    else {
      const [gone] = ch.hls.splice(op.at % ch.hls.length, 1);
      if (gone && added.includes(gone.id)) added.splice(added.indexOf(gone.id), 1);
    }
  });
  return { model: next, added };
}

/** Checks `check` on `numRuns` random models, each with up to 6 reader edits and up to 6 changes on WeRead. */
function forEveryEditPair(
  check: (model: Model, readerOps: ReaderOp[], remoteOps: RemoteOp[]) => void,
  numRuns: number,
) {
  fc.assert(fc.property(modelArb, fc.array(opArb, { maxLength: 6 }), fc.array(opArb, { maxLength: 6 }), check), {
    numRuns,
  });
}

describe('mergeNote properties', () => {
  it('never loses a line the reader typed; remote additions arrive; reader deletions stay deleted', () => {
    forEveryEditPair((model, readerOps, remoteOps) => {
      const base = render(model);
      const theirs = readerEdit(base, readerOps);
      const remote = remoteChange(model, remoteOps);
      const ours = render(remote.model);
      const merged = mergeNote({ base, reader: theirs.text, incoming: ours }).text;
      const mergedLines = new Set(merged.split('\n'));
      for (const line of theirs.readerLines) expect(mergedLines.has(line), line).toBe(true);
      for (const id of remote.added) expect(merged).toContain(`^${id}`);
      for (const id of theirs.deleted) expect(merged).not.toMatch(new RegExp(`- 📌 [^\\n]*\\^${id}\\n`));
    }, 400);
  });

  it('merge(base, base, ours) === ours and merge(base, theirs, base) === theirs', () => {
    forEveryEditPair((model, readerOps, remoteOps) => {
      const base = render(model);
      const theirs = readerEdit(base, readerOps).text;
      const ours = render(remoteChange(model, remoteOps).model);
      expect(mergeNote({ base, reader: base, incoming: ours }).text).toBe(ours);
      expect(mergeNote({ base, reader: theirs, incoming: base }).text).toBe(theirs);
    }, 300);
  });

  it('without a base, never changes an existing body line, takes the frontmatter keys of the rendering and brings every new block', () => {
    forEveryEditPair((model, readerOps, remoteOps) => {
      const theirs = readerEdit(render(model), readerOps);
      const remote = remoteChange(model, remoteOps);
      const merged = mergeNote({ base: null, reader: theirs.text, incoming: render(remote.model) }).text;
      // Every body line of the file is still there, in order; the frontmatter is the rendering's (an adopted note).
      const bodyOf = (text: string) => text.slice(text.indexOf('\n---\n') + 5);
      const out = bodyOf(merged).split('\n');
      let at = 0;
      for (const line of bodyOf(theirs.text).split('\n')) {
        const found = out.indexOf(line, at);
        expect(found, line).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
      for (const id of remote.added) expect(merged).toContain(`^${id}`);
      const incomingHead = render(remote.model).split('\n---\n')[0]!;
      for (const line of incomingHead.split('\n').slice(1)) expect(merged).toContain(line);
    }, 300);
  });
});
