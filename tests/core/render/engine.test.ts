// The engine: older-plugin templates, template errors naming the line, frontmatter checks, warnings, levels, options.
import { describe, expect, it } from 'vitest';
import { assembleNotebook } from '../../../src/core/model/assemble';
import type { BookData, NotebookEntry } from '../../../src/core/model/notebook';
import { buildContext } from '../../../src/core/render/context';
import {
  builtInTemplate,
  compileTemplate,
  renderNote,
  TemplateError,
  templateWarnings,
} from '../../../src/core/render/engine';
import { parseNote } from '../../../src/core/render/frontmatter';
import { BUILT_IN_TEMPLATES, DEFAULT_TEMPLATE } from '../../../src/core/render/templates';
import { blockIds, expectWellFormed, fixtureNotebook, SETTINGS } from './helpers';

const OLDER_PLUGIN_STYLE = `---
isbn: {{metaData.isbn}}
bookId: "{{metaData.bookId}}"
doc_type: weread-highlights-reviews
lastReadDate: {{metaData.lastReadDate}}
---
# {{metaData.title}} / {{metaData.author}} ({{metaData.noteCount}})
{% for chapter in chapterHighlights %}
## {{chapter.chapterTitle}}
{% for highlight in chapter.highlights %}
> 📌 {{ highlight.markText |trim }} ^{{highlight.bookmarkId}}
> ⏱ {{highlight.createTime}} {{ highlight.created | formatDate }}
{% endfor %}{% endfor %}
# 读书笔记
{% for chapter in bookReview.chapterReviews %}
## {{chapter.chapterTitle}}
{% for review in chapter.reviews %}
> 📌 {{review.abstract |trim }}  ^{{review.reviewId}}
- 💭 {{review.content | replace("\\n", "")}}
- ⏱ {{review.createTime}}
{% endfor %}{% endfor %}`;

describe('an older-plugin style custom template', () => {
  it('renders the expected note from metaData, chapterHighlights and bookReview.chapterReviews', () => {
    const note = renderNote(fixtureNotebook('26211849'), compileTemplate('mine', OLDER_PLUGIN_STYLE), SETTINGS);
    expect(
      note.startsWith(
        '---\nisbn: 9787115488763\nbookId: "26211849"\ndoc_type: weread-highlights-reviews\nlastReadDate: 2020-10-26\n---\n# Python深度学习 / 弗朗索瓦·肖莱 (134)\n\n## 2.1 初识神经网络\n\n> 📌 train_images',
      ),
    ).toBe(true);
    expect(note).toContain(' ^26211849-15-1826-1988\n> ⏱ 2020-08-25 01:03:31 2020-08-25\n');
    expect(note).toContain(
      '\n## 2.3 神经网络的“齿轮”：张量运算\n\n> 📌 数学符号中的点（.）表示  ^11897562-7jRz8yaOx\n- 💭 点积就是相同位置的数字相乘\n- ⏱ 2020-08-25 13:40:20\n',
    );
    expectWellFormed(note, '26211849');
    expect(blockIds(note)).toHaveLength(137);
  });
});

describe('template errors', () => {
  it('a syntax error names the template and the line', () => {
    const source = 'line one\n{% for x in chapterHighlights %}\n{{ x.title }\n{% endfor %}';
    expect(() => compileTemplate('broken', source)).toThrow(TemplateError);
    try {
      compileTemplate('broken', source);
    } catch (err) {
      const e = err as TemplateError;
      expect(e.kind).toBe('syntax');
      expect(e.templateName).toBe('broken');
      expect(e.line).toBe(3);
      expect(e.message).toMatch(/^Template "broken" has a syntax error at line 3: /);
    }
    expect(() => compileTemplate('unclosed', '{% if metaData.title %}\nno end')).toThrow(
      /Template "unclosed" has a syntax error/,
    );
  });

  it('an unknown filter is found when compiling, with its line', () => {
    expect(() =>
      compileTemplate('filterless', '---\nbookId: "1"\n---\nok\n{{ metaData.title | nosuchfilter }}'),
    ).toThrow(/Template "filterless" uses an unknown filter "nosuchfilter" at line 5/);
  });

  it('a render error names the template and line', () => {
    const template = compileTemplate('calls', '---\nbookId: "1"\n---\nok\n{{ metaData.title() }}');
    expect(() => renderNote(fixtureNotebook('26211849'), template, SETTINGS)).toThrow(
      /Template "calls" failed to render at line 5: /,
    );
  });

  it('frontmatter that is not valid YAML (a full-width colon) is an error naming the line', () => {
    const template = compileTemplate(
      'fullwidth',
      '---\nbookId: {{ metaData.bookId | yamlString }}\nauthor： {{ metaData.author }}\n---\nbody ^x',
    );
    let error: TemplateError | undefined;
    try {
      renderNote(fixtureNotebook('26211849'), template, SETTINGS);
    } catch (err) {
      error = err as TemplateError;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect(error!.kind).toBe('frontmatter');
    expect(error!.line).toBe(3);
    expect(error!.message).toMatch(/Template "fullwidth" produced invalid frontmatter: .*line 3.*full-width colon/);
  });

  it('data is never compiled: template syntax inside highlights is printed as text', () => {
    const nb = fixtureNotebook('26211849');
    nb.chapters[0]!.highlights[0]!.markText = '{{ metaData.bookId }} {% for %}';
    const note = renderNote(nb, builtInTemplate('default'), SETTINGS);
    expect(note).toContain('- 📌 {{ metaData.bookId }} {% for %} ^26211849-15-1826-1988');
  });

  it.each([
    ['a {% set %} line', '{% set t = metaData.title %}\n'],
    ['a blank line', '\n'],
    ['a comment and spaces', '{# my template #}\n  \n'],
  ])('%s before the frontmatter still renders frontmatter on the first line (the bookId is found)', (_, lead) => {
    const nb = fixtureNotebook('26211849');
    const note = renderNote(nb, compileTemplate(`lead-${lead}`, lead + DEFAULT_TEMPLATE), SETTINGS);
    expect(note.startsWith('---\ndoc_type: weread-highlights-reviews\n')).toBe(true);
    expect(parseNote(note).data.bookId).toBe('26211849');
    expect(note).toBe(renderNote(nb, builtInTemplate('default'), SETTINGS));
  });

  it('whitespace is kept when no frontmatter follows it', () => {
    const note = renderNote(
      fixtureNotebook('26211849'),
      compileTemplate('plain', '\n# {{ metaData.title }}'),
      SETTINGS,
    );
    expect(note).toBe('\n# Python深度学习');
  });

  it('caches compiled templates', () => {
    expect(compileTemplate('x', 'a{{ 1 }}')).toBe(compileTemplate('x', 'a{{ 1 }}'));
  });

  it('an unknown built-in name is an error listing the built-ins', () => {
    expect(() => builtInTemplate('fancy')).toThrow(/default, callouts, separated, weread-export/);
  });
});

describe('templateWarnings', () => {
  it('built-ins have no warnings', () => {
    for (const source of Object.values(BUILT_IN_TEMPLATES)) expect(templateWarnings(source)).toEqual([]);
  });
  it('warns about missing block ids, bookId and unquoted bookId', () => {
    expect(
      templateWarnings('{% for c in chapterHighlights %}{{ c.chapterTitle }}{% endfor %}')
        .map((w) => w.message)
        .join('\n'),
    ).toMatch(/no block ids[\s\S]*no frontmatter/);
    expect(
      templateWarnings('---\nisbn: 1\n---\n{% for c in chapterHighlights %}^{{ h.bookmarkId }}{% endfor %}')[0],
    ).toMatchObject({ code: 'no-book-id', message: expect.stringMatching(/no bookId/) });
    expect(
      templateWarnings(
        '---\nbookId: {{ metaData.bookId }}\n---\n{% for c in chapterHighlights %}^{{ h.bookmarkId }}{% endfor %}',
      )[0],
    ).toMatchObject({ code: 'unquoted-book-id', message: expect.stringMatching(/Quote bookId/) });
  });
  it('finds the frontmatter after leading {% %} / {# #} tags and blank lines', () => {
    const codes = (source: string) => templateWarnings(source).map((w) => w.code);
    expect(codes('{% set t = metaData.title %}\n' + DEFAULT_TEMPLATE)).toEqual([]);
    expect(codes('\n{# mine #}\n{%- set a = 1 -%}\n\n' + DEFAULT_TEMPLATE)).toEqual([]);
    expect(
      codes(
        '{% set t = 1 %}\n---\nbookId: {{ metaData.bookId }}\n---\n{% for c in chapterHighlights %}^{{ h.bookmarkId }}{% endfor %}',
      ),
    ).toEqual(['unquoted-book-id']);
    // Text before the `---` makes it a thematic break, not frontmatter.
    expect(codes('Title\n' + DEFAULT_TEMPLATE)).toEqual(['no-frontmatter']);
  });
});

// A book whose chapters nest 1..8 levels deep, plus a highlight in a chapter the list lacks.
const deepEntry: NotebookEntry = {
  bookId: '42',
  title: 'Deep',
  bookType: 0,
  noteCount: 10,
  reviewCount: 1,
  bookmarkCount: 0,
  sort: 1700000000,
};
const deepData: BookData = {
  info: { bookId: '42', title: 'Deep', author: 'A' },
  chapters: Array.from({ length: 8 }, (_, i) => ({
    chapterUid: 100 + i,
    chapterIdx: i + 1,
    title: `Level ${i + 1}`,
    level: i + 1,
  })),
  highlights: [
    ...Array.from({ length: 8 }, (_, i) => ({
      bookmarkId: `42_${100 + i}_1-5`,
      chapterUid: 100 + i,
      range: '1-5',
      markText: `deep ${i + 1}`,
      createTime: 1700000000 + i,
      colorStyle: i % 5,
      style: i % 3,
    })),
    {
      bookmarkId: '42_999_7-9',
      chapterUid: 999,
      range: '7-9',
      markText: 'orphan\n\nsecond paragraph',
      createTime: 1700000100,
      colorStyle: 4,
      style: 1,
    },
  ],
  thoughts: [
    {
      reviewId: '1_rev',
      type: 1,
      content: 'multi\nline\n\nthought #tag',
      chapterUid: 999,
      range: '7-9',
      abstract: 'orphan',
      createTime: 1700000200,
    },
  ],
};

describe('chapter levels and unknown chapters', () => {
  const nb = assembleNotebook(deepEntry, deepData);

  it('callouts: heading depth follows the level, clamped to ######; the unknown chapter is rendered with a placeholder title', () => {
    const note = renderNote(nb, builtInTemplate('callouts'), SETTINGS);
    for (let level = 1; level <= 6; level++) expect(note).toContain(`\n${'#'.repeat(level)} Level ${level}\n`);
    expect(note).toContain('\n###### Level 7\n');
    expect(note).toContain('\n###### Level 8\n');
    expect(note).toContain('\n# 未知章节 999\n');
    // the multi-line highlight stays inside its callout; its thought follows as a callout with its own block id
    expect(note).toContain(
      '> [!quote] 2023-11-15 06:15:00\n> orphan\n>\n> second paragraph\n>\n> > [!note] 💭 2023-11-15 06:16:40\n> > multi\n> > line\n> >\n> > thought \\#tag\n\n^42-999-7-9\n',
    );
    expectWellFormed(note, '42');
  });

  it('default: a multi-line highlight and thought stay in their list items', () => {
    const note = renderNote(nb, builtInTemplate('default'), SETTINGS);
    expect(note).toContain(
      '## 未知章节 999\n\n\n- 📌 orphan\n\n  second paragraph ^42-999-7-9\n    - 💭 multi\n      line\n\n      thought \\#tag\n    - ⏱ 2023-11-15 06:15:00 \n',
    );
  });

  it('includeAncestorChapters adds the containing chapters of a highlighted chapter, in reading order', () => {
    const only = assembleNotebook(deepEntry, {
      ...deepData,
      highlights: deepData.highlights.filter((h) => h.chapterUid === 104),
    });
    const plain = buildContext(only, SETTINGS).chapterHighlights.map((c) => c.chapterTitle);
    const withAncestors = buildContext(only, { ...SETTINGS, includeAncestorChapters: true }).chapterHighlights;
    expect(plain).toEqual(['Level 5']);
    expect(withAncestors.map((c) => [c.chapterTitle, c.isAncestor])).toEqual([
      ['Level 1', true],
      ['Level 2', true],
      ['Level 3', true],
      ['Level 4', true],
      ['Level 5', false],
    ]);
  });

  it('tagsAsLinks and colour/pen names come from settings', () => {
    const ctx = buildContext(nb, { ...SETTINGS, tagsAsLinks: true });
    const orphan = ctx.chapterHighlights.find((c) => !c.known)!.highlights[0]!;
    expect(orphan.thoughts[0]!.content).toBe('multi\nline\n\nthought [[tag]]');
    expect(orphan.thoughts[0]!.rawContent).toBe('multi\nline\n\nthought #tag');
    expect([orphan.colorName, orphan.penName]).toEqual(['yellow', 'wavy']);
    const note = renderNote(
      nb,
      compileTemplate(
        'names',
        '---\nbookId: "42"\n---\n{% for c in chapterHighlights %}{% for h in c.highlights %}{{ h.colorStyle | colorName }}/{{ h.style | penName }} {% endfor %}{% endfor %}',
      ),
      SETTINGS,
    );
    expect(note).toContain('red/marker purple/wavy blue/underline green/marker yellow/wavy red/underline');
  });
});

describe('context metaData', () => {
  it('has the older plugin names and the seed values', () => {
    const m = buildContext(fixtureNotebook('26211849'), SETTINGS).metaData;
    expect(m).toMatchObject({
      bookId: '26211849',
      title: 'Python深度学习',
      author: '弗朗索瓦·肖莱',
      translator: '张亮',
      cover: 'https://cdn.weread.qq.com/weread/cover/83/YueWen_26211849/t7_YueWen_26211849.jpg',
      publishTime: '2018-08-24 00:00:00',
      noteCount: 134,
      reviewCount: 2,
      isbn: '9787115488763',
      category: '计算机-编程设计',
      publisher: '人民邮电出版社',
      lastReadDate: '2020-10-26',
      bookType: 0,
      rating: '89.3%',
      totalWords: 263000,
      readInfo: { readingProgress: 100, readingTime: 71234, readingTimeText: '19小时47分钟' },
    });
    expect(m.pcUrl).toMatch(/^https:\/\/weread\.qq\.com\/web\/reader\/[0-9a-f]+$/);
  });
});
