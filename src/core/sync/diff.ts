/** Line diffs: hunks between two line arrays (node-diff3's LCS, with common prefix/suffix trimmed first) and a unified-diff formatter. */
import { diffIndices } from 'node-diff3';

/** `o[oStart, oEnd)` is replaced by `x[xStart, xEnd)`. Hunks are sorted and separated by at least one common line. */
export interface Hunk {
  oStart: number;
  oEnd: number;
  xStart: number;
  xEnd: number;
}

/** Hunks turning `o` into `x`. Trimming the common head and tail keeps the LCS small for the usual few-line change. */
export function diffLines(o: readonly string[], x: readonly string[]): Hunk[] {
  let head = 0;
  const max = Math.min(o.length, x.length);
  while (head < max && o[head] === x[head]) head++;
  let tail = 0;
  while (tail < max - head && o[o.length - 1 - tail] === x[x.length - 1 - tail]) tail++;
  const oMid = o.slice(head, o.length - tail);
  const xMid = x.slice(head, x.length - tail);
  if (oMid.length === 0 && xMid.length === 0) return [];
  if (oMid.length === 0 || xMid.length === 0) {
    return [{ oStart: head, oEnd: head + oMid.length, xStart: head, xEnd: head + xMid.length }];
  }
  return diffIndices(oMid, xMid).map((d) => ({
    oStart: head + d.buffer1[0],
    oEnd: head + d.buffer1[0] + d.buffer1[1],
    xStart: head + d.buffer2[0],
    xEnd: head + d.buffer2[0] + d.buffer2[1],
  }));
}

/** A unified diff (3 lines of context) of `before` → `after`, with `a/` and `b/` headers naming `path`. Empty when equal. */
export function unifiedDiff(path: string, before: string | null, after: string, context = 3): string {
  if (before === after) return '';
  const o = before === null ? [] : before.split('\n');
  const x = after.split('\n');
  const hunks = diffLines(o, x);
  if (hunks.length === 0) return '';
  const out: string[] = [`--- ${before === null ? '/dev/null' : `a/${path}`}`, `+++ b/${path}`];
  let i = 0;
  while (i < hunks.length) {
    // Group hunks whose contexts touch.
    let j = i;
    while (j + 1 < hunks.length && hunks[j + 1]!.oStart - hunks[j]!.oEnd <= 2 * context) j++;
    const first = hunks[i]!;
    const last = hunks[j]!;
    const oFrom = Math.max(0, first.oStart - context);
    const oTo = Math.min(o.length, last.oEnd + context);
    const xFrom = first.xStart - (first.oStart - oFrom);
    const xTo = last.xEnd + (oTo - last.oEnd);
    out.push(`@@ -${oFrom + 1},${oTo - oFrom} +${xFrom + 1},${xTo - xFrom} @@`);
    let pos = oFrom;
    for (let k = i; k <= j; k++) {
      const h = hunks[k]!;
      for (; pos < h.oStart; pos++) out.push(' ' + o[pos]!);
      for (let p = h.oStart; p < h.oEnd; p++) out.push('-' + o[p]!);
      for (let p = h.xStart; p < h.xEnd; p++) out.push('+' + x[p]!);
      pos = h.oEnd;
    }
    for (; pos < oTo; pos++) out.push(' ' + o[pos]!);
    i = j + 1;
  }
  return out.join('\n') + '\n';
}
