// mergeNote cases that are not four files: line endings and a long note. Every other case is a folder under merge-cases/.
import { describe, expect, it } from 'vitest';
import { mergeNote } from '../../../src/core/sync/merge';

const hl = (id: string, text: string, time = '2020-08-25 01:03:31') => [``, `- 📌 ${text} ^${id}`, `    - ⏱ ${time} `];
const note = (fm: string[], ...body: string[][]) => ['---', ...fm, '---', ...body.flat(), ''].join('\n');
const FM = ['doc_type: weread-highlights-reviews', 'bookId: "1"', 'noteCount: 3'];
const H = (t: string) => [`## ${t}`, ``];

const base = note(
  FM,
  ['# 高亮划线', ''],
  H('1 一'),
  hl('1-1-0-10', 'alpha'),
  hl('1-1-20-30', 'beta'),
  H('2 二'),
  hl('1-2-0-10', 'gamma'),
);

describe('mergeNote', () => {
  it('merges a CRLF file line by line', () => {
    const reader = base.replace('- 📌 alpha', '- 📌 alpha（读者）').replace(/\n/g, '\r\n');
    const incoming = base.replace('gamma', 'GAMMA');
    expect(mergeNote({ base, reader, incoming }).text).toBe(
      base.replace('- 📌 alpha', '- 📌 alpha（读者）').replace('gamma', 'GAMMA'),
    );
  });

  it('merges a 120-highlight note with edits on both sides far apart', () => {
    const many = (n: number, f: (k: number) => string) =>
      note(
        FM,
        H('1 一'),
        ...Array.from({ length: n }, (_, k) =>
          hl(`1-1-${k}`, f(k), `2020-08-25 01:${String(k % 60).padStart(2, '0')}:00`),
        ),
      );
    const b = many(120, (k) => `原文 ${k}`);
    const t = many(120, (k) => (k === 7 ? `读者改 ${k}` : `原文 ${k}`)).replace(
      '^1-1-40\n',
      '^1-1-40\n    - 读者补充\n',
    );
    const o = many(120, (k) => (k === 90 ? `远端改 ${k}` : `原文 ${k}`));
    // Speed is the benchmark's business (npm run bench); here only the outcome.
    const result = mergeNote({ base: b, reader: t, incoming: o });
    expect(result.conflicts).toEqual([]);
    expect(result.text).toBe(o.replace('原文 7 ^', '读者改 7 ^').replace('^1-1-40\n', '^1-1-40\n    - 读者补充\n'));
  });
});
