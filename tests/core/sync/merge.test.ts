// Table tests for mergeNote: three-way cases, conflicts, deletions, no-base insertion and rebase, with exact texts.
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

describe('mergeNote three-way', () => {
  it('puts a new highlight of a chapter before a section the reader added at the end of that chapter', () => {
    const mine = '## 我的总结\n\n读者自己的总结。\n';
    const theirs = base.replace('## 2 二', mine + '## 2 二');
    const ours = note(
      FM,
      ['# 高亮划线', ''],
      H('1 一'),
      hl('1-1-0-10', 'alpha'),
      hl('1-1-20-30', 'beta'),
      hl('1-1-40-50', 'delta'),
      H('2 二'),
      hl('1-2-0-10', 'gamma'),
    );
    const r = mergeNote({ base, theirs, ours });
    expect(r.text).toContain(mine);
    expect(r.text.indexOf('delta ^1-1-40-50')).toBeLessThan(r.text.indexOf('## 我的总结'));
    expect(r.text.indexOf('beta ^1-1-20-30')).toBeLessThan(r.text.indexOf('delta ^1-1-40-50'));
  });

  it('keeps a deleted-on-WeRead block the reader linked to under its own chapter heading', () => {
    const ours = note(FM, ['# 高亮划线', ''], H('1 一'), hl('1-1-0-10', 'alpha'), hl('1-1-20-30', 'beta'));
    const r = mergeNote({ base, theirs: base, ours, linked: new Set(['1-2-0-10']) });
    expect(r.kept).toEqual([{ id: '1-2-0-10', reason: 'linked' }]);
    const at = r.text.indexOf('- 📌 gamma ^1-2-0-10');
    expect(at).toBeGreaterThan(0);
    expect(r.text.lastIndexOf('## ', at)).toBe(r.text.indexOf('## 2 二'));
    expect(r.text.match(/## 2 二/g)).toHaveLength(1);
  });

  it('keeps a deleted-on-WeRead block the reader edited under its own chapter heading', () => {
    const theirs = base.replace('- 📌 gamma', '- 📌 gamma（我的批注）');
    const ours = note(FM, ['# 高亮划线', ''], H('1 一'), hl('1-1-0-10', 'alpha'), hl('1-1-20-30', 'beta'));
    const r = mergeNote({ base, theirs, ours });
    expect(r.kept).toEqual([{ id: '1-2-0-10', reason: 'edited' }]);
    const at = r.text.indexOf('gamma（我的批注）');
    expect(at).toBeGreaterThan(0);
    expect(r.text.lastIndexOf('## ', at)).toBe(r.text.indexOf('## 2 二'));
    expect(r.text.match(/## 2 二/g)).toHaveLength(1);
  });

  it('does not bring back, as a conflict, a block the reader deleted when WeRead edits it', () => {
    const theirs = base.replace('\n- 📌 beta ^1-1-20-30\n    - ⏱ 2020-08-25 01:03:31 \n', '\n');
    const ours = base.replace('beta', 'BETA2');
    const r = mergeNote({ base, theirs, ours });
    expect(r.text).not.toContain('beta');
    expect(r.text).not.toContain('BETA2');
    expect(r.text).not.toContain('[!warning]');
    expect(r.conflicts).toEqual([]);
  });

  it('keeps one block per id when WeRead moves a highlight the reader edited to an earlier chapter', () => {
    const before = note(
      FM,
      ['# 高亮划线', ''],
      H('1 一'),
      hl('1-1-0-10', 'alpha'),
      H('2 二'),
      hl('1-2-0-10', 'gamma'),
      hl('1-2-20-30', 'beta'),
    );
    const theirs = before.replace('- 📌 beta', '- 📌 beta MY EDIT');
    const ours = note(
      FM,
      ['# 高亮划线', ''],
      H('1 一'),
      hl('1-1-0-10', 'alpha'),
      hl('1-2-20-30', 'beta'),
      H('2 二'),
      hl('1-2-0-10', 'gamma'),
    );
    const r = mergeNote({ base: before, theirs, ours });
    expect(r.text.match(/\^1-2-20-30/g)).toHaveLength(1);
    expect(r.text).toContain('- 📌 beta MY EDIT ^1-2-20-30');
    expect(r.text).toContain('> [!warning]');
    expect(r.text).toContain('> - 📌 beta\n');
    expect(r.conflicts).toEqual(['1-2-20-30']);
  });

  it('writes the new rendering as is when the file is untouched', () => {
    const ours = base.replace('beta', 'BETA');
    const r = mergeNote({ base, theirs: base, ours });
    expect(r.text).toBe(ours);
    expect(r.updated).toEqual(['1-1-20-30']);
    expect(r.conflicts).toEqual([]);
  });

  it('keeps the file when nothing changed remotely', () => {
    const theirs = base.replace(
      '    - ⏱ 2020-08-25 01:03:31 \n\n- 📌 beta',
      '    - ⏱ 2020-08-25 01:03:31 \n    - 我的想法\n\n- 📌 beta',
    );
    const r = mergeNote({ base, theirs, ours: base });
    expect(r.text).toBe(theirs);
  });

  it('keeps a paragraph the reader appended under a highlight while a new highlight arrives right after it', () => {
    const theirs = base.replace(
      'alpha ^1-1-0-10\n    - ⏱ 2020-08-25 01:03:31 ',
      'alpha ^1-1-0-10\n    - ⏱ 2020-08-25 01:03:31 \n    - 读者的补充',
    );
    const ours = note(
      FM,
      ['# 高亮划线', ''],
      H('1 一'),
      hl('1-1-0-10', 'alpha'),
      hl('1-1-12-15', 'new'),
      hl('1-1-20-30', 'beta'),
      H('2 二'),
      hl('1-2-0-10', 'gamma'),
    );
    const r = mergeNote({ base, theirs, ours });
    expect(r.text).toBe(
      note(
        FM,
        ['# 高亮划线', ''],
        H('1 一'),
        hl('1-1-0-10', 'alpha'),
        ['    - 读者的补充'],
        hl('1-1-12-15', 'new'),
        hl('1-1-20-30', 'beta'),
        H('2 二'),
        hl('1-2-0-10', 'gamma'),
      ),
    );
    expect(r.added).toEqual(['1-1-12-15']);
  });

  it('keeps a reader-added frontmatter key next to a changed remote key', () => {
    const theirs = base.replace('noteCount: 3\n', 'noteCount: 3\ntags: [读书]\n');
    const ours = base.replace('noteCount: 3', 'noteCount: 4');
    const r = mergeNote({ base, theirs, ours });
    expect(r.text).toBe(base.replace('noteCount: 3\n', 'noteCount: 4\ntags: [读书]\n'));
  });

  it('keeps the reader edit of one highlight and updates another', () => {
    const theirs = base.replace('- 📌 alpha', '- 📌 alpha（我改的）');
    const ours = base.replace('gamma', 'GAMMA');
    const r = mergeNote({ base, theirs, ours });
    expect(r.text).toBe(base.replace('- 📌 alpha', '- 📌 alpha（我改的）').replace('gamma', 'GAMMA'));
    expect(r.conflicts).toEqual([]);
  });

  it('shows the incoming version in a warning callout after the block when both edited the same line', () => {
    const theirs = base.replace('- 📌 beta', '- 📌 beta（读者）');
    const ours = base.replace('- 📌 beta', '- 📌 beta（远端）');
    const r = mergeNote({ base, theirs, ours });
    expect(r.text).toBe(
      note(
        FM,
        ['# 高亮划线', ''],
        H('1 一'),
        hl('1-1-0-10', 'alpha'),
        hl('1-1-20-30', 'beta（读者）'),
        ['', '> [!warning] 微信读书中的这段内容已更改', '> - 📌 beta（远端）', ''],
        H('2 二'),
        hl('1-2-0-10', 'gamma'),
      ),
    );
    expect(r.conflicts).toEqual(['1-1-20-30']);
  });

  it('removes a remotely deleted block the reader left alone', () => {
    const ours = note(FM, ['# 高亮划线', ''], H('1 一'), hl('1-1-0-10', 'alpha'), H('2 二'), hl('1-2-0-10', 'gamma'));
    const r = mergeNote({ base, theirs: base, ours });
    expect(r.text).toBe(ours);
    expect(r.removed).toEqual(['1-1-20-30']);
  });

  it('keeps and marks a remotely deleted block the reader edited', () => {
    const theirs = base.replace('- 📌 beta', '- 📌 beta 改');
    const ours = note(FM, ['# 高亮划线', ''], H('1 一'), hl('1-1-0-10', 'alpha'), H('2 二'), hl('1-2-0-10', 'gamma'));
    const r = mergeNote({ base, theirs, ours });
    expect(r.text).toBe(
      note(
        FM,
        ['# 高亮划线', ''],
        H('1 一'),
        hl('1-1-0-10', 'alpha'),
        hl('1-1-20-30', 'beta 改'),
        ['    - ⚠️ 已在微信读书中删除'],
        H('2 二'),
        hl('1-2-0-10', 'gamma'),
      ),
    );
    expect(r.kept).toEqual([{ id: '1-1-20-30', reason: 'edited' }]);
    expect(r.removed).toEqual([]);
  });

  it('keeps and marks a remotely deleted block that another note links to', () => {
    const ours = note(FM, ['# 高亮划线', ''], H('1 一'), hl('1-1-0-10', 'alpha'), H('2 二'), hl('1-2-0-10', 'gamma'));
    const r = mergeNote({ base, theirs: base, ours, linked: new Set(['1-1-20-30']) });
    expect(r.text).toBe(
      note(
        FM,
        ['# 高亮划线', ''],
        H('1 一'),
        hl('1-1-0-10', 'alpha'),
        hl('1-1-20-30', 'beta'),
        ['    - ⚠️ 已在微信读书中删除'],
        H('2 二'),
        hl('1-2-0-10', 'gamma'),
      ),
    );
    expect(r.kept).toEqual([{ id: '1-1-20-30', reason: 'linked' }]);
  });

  it('does not resurrect a block the reader deleted, even when WeRead edited it', () => {
    const theirs = note(FM, ['# 高亮划线', ''], H('1 一'), hl('1-1-0-10', 'alpha'), H('2 二'), hl('1-2-0-10', 'gamma'));
    expect(mergeNote({ base, theirs, ours: base.replace('gamma', 'GAMMA') }).text).toBe(
      theirs.replace('gamma', 'GAMMA'),
    );
    expect(mergeNote({ base, theirs, ours: base.replace('beta', 'BETA') }).text).toBe(theirs);
  });

  it('returns the file unchanged when ours equals the base', () => {
    const theirs = base.replace('# 高亮划线', '# 高亮划线\n\n我的前言');
    expect(mergeNote({ base, theirs, ours: base }).text).toBe(theirs);
  });
});

describe('mergeNote without a base', () => {
  it('inserts a new highlight after its predecessor and changes nothing that exists', () => {
    const theirs = base.replace('- 📌 alpha', '- 📌 alpha（读者改过）');
    const ours = note(
      FM,
      ['# 高亮划线', ''],
      H('1 一'),
      hl('1-1-0-10', 'alpha'),
      hl('1-1-12-15', 'new'),
      hl('1-1-20-30', 'beta'),
      H('2 二'),
      hl('1-2-0-10', 'gamma'),
    );
    const r = mergeNote({ base: null, theirs, ours: ours.replace('noteCount: 3', 'noteCount: 4') });
    expect(r.text).toBe(ours.replace('- 📌 alpha', '- 📌 alpha（读者改过）'));
    expect(r.added).toEqual(['1-1-12-15']);
  });

  it('creates a missing chapter heading at the right place in its section', () => {
    const ours = note(
      FM,
      ['# 高亮划线', ''],
      H('1 一'),
      hl('1-1-0-10', 'alpha'),
      hl('1-1-20-30', 'beta'),
      H('1.5 新章'),
      hl('1-9-0-1', 'fresh'),
      H('2 二'),
      hl('1-2-0-10', 'gamma'),
      ['# 读书笔记', ''],
      H('2 二'),
      hl('r1', 'thought'),
    );
    const r = mergeNote({ base: null, theirs: base, ours });
    expect(r.text).toBe(
      note(
        FM,
        ['# 高亮划线', ''],
        H('1 一'),
        hl('1-1-0-10', 'alpha'),
        hl('1-1-20-30', 'beta'),
        H('1.5 新章'),
        hl('1-9-0-1', 'fresh'),
        H('2 二'),
        hl('1-2-0-10', 'gamma'),
        ['# 读书笔记', ''],
        H('2 二'),
        hl('r1', 'thought'),
      ),
    );
    expect(r.added).toEqual(['1-9-0-1', 'r1']);
  });

  it('inserts the first block of a section right after its heading', () => {
    const ours = note(
      FM,
      ['# 高亮划线', ''],
      H('1 一'),
      hl('1-1-0-1', 'zero'),
      hl('1-1-0-10', 'alpha'),
      hl('1-1-20-30', 'beta'),
      H('2 二'),
      hl('1-2-0-10', 'gamma'),
    );
    const r = mergeNote({ base: null, theirs: base, ours });
    expect(r.text).toBe(ours);
  });
});

describe('mergeNote rebase (template changed)', () => {
  it('re-renders untouched blocks and keeps edited blocks, added lines, added keys and deletions', () => {
    const theirs = base
      .replace('noteCount: 3\n', 'noteCount: 3\nrating: 5\n')
      .replace('- 📌 alpha', '- 📌 alpha（读者）')
      .replace('- 📌 gamma ^1-2-0-10\n    - ⏱ 2020-08-25 01:03:31 \n', '')
      .replace('## 2 二\n', '## 2 二\n我的段落\n');
    const callout = (id: string, text: string) => [``, `> [!quote] ${text}`, `> ^${id}`];
    const ours = note(
      FM,
      ['# 高亮划线', ''],
      H('1 一'),
      callout('1-1-0-10', 'alpha'),
      callout('1-1-20-30', 'beta'),
      H('2 二'),
      callout('1-2-0-10', 'gamma'),
    );
    const r = mergeNote({ base, theirs, ours, rebase: true });
    expect(r.text).toBe(
      note(
        [...FM, 'rating: 5'],
        ['# 高亮划线', ''],
        H('1 一'),
        [``, `- 📌 alpha（读者） ^1-1-0-10`, `    - ⏱ 2020-08-25 01:03:31 `],
        callout('1-1-20-30', 'beta'),
        ['## 2 二', '我的段落', '', ''],
      ),
    );
  });
});

describe('mergeNote with other note shapes', () => {
  const callout = (id: string, text: string) => [``, `> [!quote] 2020-08-25`, `> ${text}`, ``, `^${id}`];
  const cbase = note(FM, H('1 一'), callout('1-1-0-10', 'alpha'), callout('1-1-20-30', 'beta'));

  it('names a conflict inside a callout by the block id below it and puts the warning after that id', () => {
    const theirs = cbase.replace('> alpha', '> alpha（读者）');
    const ours = cbase.replace('> alpha', '> alpha（远端）');
    const r = mergeNote({ base: cbase, theirs, ours });
    expect(r.conflicts).toEqual(['1-1-0-10']);
    expect(r.text).toBe(
      note(
        FM,
        H('1 一'),
        [
          ``,
          `> [!quote] 2020-08-25`,
          `> alpha（读者）`,
          ``,
          `^1-1-0-10`,
          '',
          '> [!warning] 微信读书中的这段内容已更改',
          '> > alpha（远端）',
        ],
        callout('1-1-20-30', 'beta'),
      ),
    );
  });

  it('marks a kept callout block inside the callout, keeping its id line last', () => {
    const ours = note(FM, H('1 一'), callout('1-1-20-30', 'beta'));
    const r = mergeNote({ base: cbase, theirs: cbase, ours, linked: new Set(['1-1-0-10']) });
    expect(r.text).toBe(
      note(
        FM,
        H('1 一'),
        [``, `> [!quote] 2020-08-25`, '> ⚠️ 已在微信读书中删除', `> alpha`, ``, `^1-1-0-10`],
        callout('1-1-20-30', 'beta'),
      ),
    );
  });

  it('merges a CRLF file line by line', () => {
    const theirs = base.replace('- 📌 alpha', '- 📌 alpha（读者）').replace(/\n/g, '\r\n');
    const ours = base.replace('gamma', 'GAMMA');
    expect(mergeNote({ base, theirs, ours }).text).toBe(
      base.replace('- 📌 alpha', '- 📌 alpha（读者）').replace('gamma', 'GAMMA'),
    );
  });

  it('uses the given words for callouts and markers', () => {
    const theirs = base.replace('- 📌 beta', '- 📌 beta R');
    const ours = base.replace('- 📌 beta', '- 📌 beta W');
    const r = mergeNote({
      base,
      theirs,
      ours,
      messages: { conflictTitle: 'Changed in WeRead', deletedMarker: 'Deleted in WeRead' },
    });
    expect(r.text).toContain('\n> [!warning] Changed in WeRead\n> - 📌 beta W\n');
  });

  it('merges a 120-highlight note in well under 6 ms', () => {
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
    for (let i = 0; i < 20; i++) mergeNote({ base: b, theirs: t, ours: o });
    const runs = 50;
    const start = performance.now();
    for (let i = 0; i < runs; i++) mergeNote({ base: b, theirs: t, ours: o });
    expect((performance.now() - start) / runs).toBeLessThan(6);
  });
});

describe('mergeNote frontmatter', () => {
  it('merges frontmatter by key: the reader wins a key both changed, and the YAML stays valid', () => {
    const theirs = base.replace('noteCount: 3\n', 'noteCount: 我的\ntags: [a]\n');
    const ours = base.replace('noteCount: 3\n', 'noteCount: 4\ntags: [b]\ncover: x\n');
    const r = mergeNote({ base, theirs, ours });
    expect(r.text).toBe(base.replace('noteCount: 3\n', 'noteCount: 我的\ntags: [a]\ncover: x\n'));
  });

  it('drops a key WeRead no longer writes unless the reader changed it', () => {
    const withKeys = base.replace('noteCount: 3\n', 'noteCount: 3\nisbn: 1\ncategory: c\n');
    const theirs = withKeys.replace('category: c', 'category: 我的分类');
    const r = mergeNote({ base: withKeys, theirs, ours: base });
    expect(r.text).toBe(base.replace('noteCount: 3\n', 'noteCount: 3\ncategory: 我的分类\n'));
  });
});

describe('mergeNote: a sub-line under a block WeRead deleted', () => {
  it('keeps the block with the reader sub-line, marked as deleted', () => {
    const theirs = base.replace(
      '^1-1-20-30\n    - ⏱ 2020-08-25 01:03:31 \n',
      '^1-1-20-30\n    - ⏱ 2020-08-25 01:03:31 \n    - 我的想法\n',
    );
    const ours = note(FM, ['# 高亮划线', ''], H('1 一'), hl('1-1-0-10', 'alpha'), H('2 二'), hl('1-2-0-10', 'gamma'));
    const r = mergeNote({ base, theirs, ours });
    expect(r.kept).toEqual([{ id: '1-1-20-30', reason: 'edited' }]);
    expect(r.text).toBe(
      note(
        FM,
        ['# 高亮划线', ''],
        H('1 一'),
        hl('1-1-0-10', 'alpha'),
        hl('1-1-20-30', 'beta'),
        ['    - 我的想法', '    - ⚠️ 已在微信读书中删除'],
        H('2 二'),
        hl('1-2-0-10', 'gamma'),
      ),
    );
  });
});

describe('mergeNote rebase deletions', () => {
  it('keeps a linked block WeRead deleted, marked, and drops an unlinked one', () => {
    const para = (id: string, text: string) => [``, `* ${text} ^${id}`];
    const ours = note(
      FM,
      ['# 高亮划线', ''],
      H('1 一'),
      para('1-1-0-10', 'alpha'),
      H('2 二'),
      para('1-2-0-10', 'gamma'),
    );
    const theirs = base.replace('- 📌 gamma ^1-2-0-10\n    - ⏱ 2020-08-25 01:03:31 \n', '');
    const r = mergeNote({
      base,
      theirs,
      ours: ours.replace('\n* gamma ^1-2-0-10\n', '\n'),
      rebase: true,
      linked: new Set(['1-1-20-30']),
    });
    expect(r.kept).toEqual([{ id: '1-1-20-30', reason: 'linked' }]);
    expect(r.removed).toEqual(['1-2-0-10']);
    expect(r.text).toContain(
      '* alpha ^1-1-0-10\n\n- 📌 beta ^1-1-20-30\n    - ⏱ 2020-08-25 01:03:31 \n    - ⚠️ 已在微信读书中删除\n',
    );
    expect(r.text).not.toContain('gamma');
  });
});
