// Our section of a daily note: only our lines are added or removed; the reader's text, line endings and other links stay.
import { describe, expect, it } from 'vitest';
import { mergeDailySection, refersTo } from '../../../src/core/daily/section';
import { dailyLine, shortText } from '../../../src/core/daily/items';
import { fillDailyTemplate } from '../../../src/core/daily/template';
import { formatDay } from '../../../src/core/daily/dates';

const H = '## 微信读书';
const line = (id: string) => ({ blockId: id, line: `- [[Book#^${id}|Book]]: passage ${id}` });
const none = new Map<string, string>();

describe('mergeDailySection', () => {
  it('appends the heading and lines to a note without the section', () => {
    expect(mergeDailySection('', H, [line('a')], none).text).toBe(`${H}\n- [[Book#^a|Book]]: passage a\n`);
    expect(mergeDailySection('# Day\n\nText\n\n\n', H, [line('a')], none).text).toBe(
      `# Day\n\nText\n\n${H}\n- [[Book#^a|Book]]: passage a\n`,
    );
  });

  it('adds at the end of the section, before the next heading of its level, keeping blank lines and fences', () => {
    const note = `${H}\n- mine\n\n\`\`\`\n## not a heading\n\`\`\`\n\n### Sub\n- mine too\n\n## Next\nrest`;
    const out = mergeDailySection(note, H, [line('a')], none).text;
    expect(out).toBe(
      `${H}\n- mine\n\n\`\`\`\n## not a heading\n\`\`\`\n\n### Sub\n- mine too\n- [[Book#^a|Book]]: passage a\n\n## Next\nrest`,
    );
  });

  it('adds nothing the note already refers to, wherever the reader moved it; ids are whole', () => {
    const note = `Moved: ![[Book#^a]]\n\n${H}\n`;
    const out = mergeDailySection(note, H, [line('a'), line('ab'), line('ab')], none);
    expect(out.added).toEqual(['ab']);
    expect(refersTo('x [[B#^ab|t]]', 'a')).toBe(false);
    expect(refersTo('x [[B#^a|t]]', 'a')).toBe(true);
  });

  it('removes only a line that is still exactly ours, and keeps CRLF endings', () => {
    const ours = line('a').line;
    const note = `${H}\r\n${ours}\r\n${line('b').line} edited\r\n`;
    const out = mergeDailySection(
      note,
      H,
      [],
      new Map([
        ['a', ours],
        ['b', line('b').line],
      ]),
    );
    expect(out.removed).toEqual(['a']);
    expect(out.text).toBe(`${H}\r\n${line('b').line} edited\r\n`);
  });
});

describe('reference lines', () => {
  const item = {
    blockId: 'x-1',
    createTime: 0,
    notePath: 'WeRead/A [b].md',
    bookTitle: 'A|B [c]',
    passage: '',
    thought: '',
  };

  it('name book, passage and thought on one line, links or embeds', () => {
    const text = dailyLine({ ...item, passage: 'line one\nline [[two]]', thought: 'so  true' }, 'link');
    expect(text).toBe('- [[WeRead/A [b]#^x-1|A｜B ［c］]]: line one line ［［two］］ 💭 so true');
    expect(dailyLine(item, 'embed')).toBe('- [[WeRead/A [b]|A｜B ［c］]] ![[WeRead/A [b]#^x-1]]');
  });

  it('shortens long passages and never ends one in a block id', () => {
    expect([...shortText('字'.repeat(100))]).toHaveLength(60);
    expect(shortText('see ^abc')).toBe('see abc');
  });
});

describe('fillDailyTemplate', () => {
  it('fills title, date, time and offsets as Obsidian’s Daily notes does', () => {
    const ctx = {
      day: '2024-03-05',
      title: '2024-03-05',
      now: Date.UTC(2024, 2, 5, 1, 2),
      zone: 'Asia/Shanghai',
      formatDay,
    };
    const text = '{{title}} {{date}} {{date:dddd}} {{date+1d:YYYY-MM-DD}} {{date-1m:MMM}} {{time}} {{other}}';
    expect(fillDailyTemplate(text, ctx)).toBe('2024-03-05 2024-03-05 Tuesday 2024-03-06 Feb 09:02 {{other}}');
  });
});
