// Filters: multi-line text kept in its block, dates in time zones, YAML values, tags, stars, HTML → Markdown.
import { describe, expect, it } from 'vitest';
import {
  formatTimestamp,
  indentLines,
  offsetAt,
  oneLine,
  resolveTimeZone,
  stars,
  tagsToLinks,
  yamlString,
  yamlValue,
  zoneOffsetMinutes,
} from '../../../src/core/render/filters';
import { parseNote } from '../../../src/core/render/frontmatter';
import { htmlToMarkdown } from '../../../src/core/render/html-to-md';

describe('indentLines', () => {
  it('indents continuation lines and keeps empty lines empty (list items)', () => {
    expect(indentLines('a\nb\n\nc', '    ')).toBe('a\n    b\n\n    c');
    expect(indentLines('点积就是相同位置的数字相乘\n', '      ')).toBe('点积就是相同位置的数字相乘\n');
  });
  it('keeps empty lines inside a callout as ">"', () => {
    expect(indentLines('a\r\n\r\nb', '> ')).toBe('a\n>\n> b');
    expect(indentLines('a\n\nb', '> > ')).toBe('a\n> >\n> > b');
  });
  it('escapes block markers on continuation lines, and on the first when asked', () => {
    expect(indentLines('x\n# h\n- l\n1. n\n---\n> q\n```', '  ')).toBe(
      'x\n  \\# h\n  \\- l\n  1\\. n\n  \\---\n  \\> q\n  \\```',
    );
    expect(indentLines('# h', '> ', true)).toBe('\\# h');
    expect(indentLines('#tag and 2020. text', '  ', true)).toBe('#tag and 2020. text');
  });
  it('oneLine joins lines', () => expect(oneLine(' a \n\n b\r\nc ')).toBe('a b c'));
});

describe('dates', () => {
  const t = 1598288611; // 2020-08-25 01:03:31 in Shanghai
  it('formats unix seconds and milliseconds in the zone', () => {
    expect(formatTimestamp(t, 'YYYY-MM-DD HH:mm:ss', 'Asia/Shanghai')).toBe('2020-08-25 01:03:31');
    expect(formatTimestamp(t * 1000, 'YYYY-MM-DD HH:mm:ss', 'UTC')).toBe('2020-08-24 17:03:31');
    expect(formatTimestamp(t, 'YYYY/M/D', 'America/New_York')).toBe('2020/8/24');
  });
  it('handles DST and patterns that need dayjs', () => {
    // 2021-03-14 07:30 UTC is 03:30 EDT (after the switch at 02:00 EST).
    expect(formatTimestamp(Date.UTC(2021, 2, 14, 7, 30) / 1000, 'HH:mm Z', 'America/New_York')).toBe('03:30 -04:00');
    expect(formatTimestamp(Date.UTC(2021, 2, 14, 6, 30) / 1000, 'HH:mm Z', 'America/New_York')).toBe('01:30 -05:00');
    expect(formatTimestamp(t, '[Day] DD, dddd', 'Asia/Shanghai')).toBe('Day 25, Tuesday');
  });
  it('month and weekday names are formatted by dayjs, never as digits of shorter tokens', () => {
    const newYear = 1704067200; // 2024-01-01 08:00 in Shanghai
    expect(formatTimestamp(newYear, 'MMM D, YYYY', 'Asia/Shanghai')).toBe('Jan 1, 2024');
    expect(formatTimestamp(newYear, 'MMMM', 'Asia/Shanghai')).toBe('January');
    expect(formatTimestamp(newYear, 'D MMM YYYY HH:mm', 'Asia/Shanghai')).toBe('1 Jan 2024 08:00');
    expect(formatTimestamp(newYear, 'ddd, MMM D', 'UTC')).toBe('Mon, Jan 1');
    expect(formatTimestamp(newYear, 'hh:mm A', 'Asia/Shanghai')).toBe('08:00 AM');
    // Letters dayjs does not know stay literal, as in dayjs; `[]` escapes text.
    expect(formatTimestamp(newYear, 'YYYY年M月D日 [MMM] Y T', 'Asia/Shanghai')).toBe('2024年1月1日 MMM Y T');
  });
  it("'' is the system zone; an unknown zone is an error naming it", () => {
    expect(resolveTimeZone('')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(() => resolveTimeZone('Mars/Base')).toThrow(/Mars\/Base/);
  });
  it('empty or missing times format as empty', () => {
    expect(formatTimestamp(undefined, 'YYYY', 'UTC')).toBe('');
    expect(formatTimestamp(0, 'YYYY', 'UTC')).toBe('');
  });
});

describe('YAML values', () => {
  it.each([
    '弗朗索瓦·肖莱',
    '[美]弗朗索瓦·肖莱',
    'a: b',
    'null',
    'true',
    '- x',
    '#x',
    'x #y',
    ' lead',
    'tab\there',
    '9787115488763',
    'https://x/y:1',
    '"q"',
    "it's",
    '*x',
    '',
    'line\nbreak',
    '0306406152',
    '00123',
    '0',
    '-5',
    '-0',
    '1e5',
    '1.5',
    '.5',
    '1_000',
    '+1',
    '0b101',
    '0x1F',
    '0o17',
    '12:30',
    '1:2:3',
    '2024-01-01',
    '2024-01-01 12:00:00',
    '2024年',
    '12345678901234567890',
    '.inf',
    '+.inf',
    '-.Inf',
    '.NaN',
  ])('%j reads back as written', (value) => {
    const note = `---\nv: ${yamlValue(value)}\ns: ${yamlString(value)}\n---\n`;
    const data = parseNote(note).data;
    expect(data.s).toBe(value);
    if (value === '') expect(data.v).toBeNull();
    else if (yamlValue(value) === value && /^-?\d+$/.test(value)) expect(String(data.v)).toBe(value);
    else expect(data.v).toBe(value);
  });
  it('writes only canonical integers unquoted among number-like text', () => {
    expect(yamlValue('9787115488763')).toBe('9787115488763'); // the seed's ISBN-13
    expect(yamlValue('-5')).toBe('-5');
    expect(yamlValue('0306406152')).toBe('"0306406152"'); // ISBN-10: YAML 1.1 reads 0… as octal
    expect(yamlValue('12:30')).toBe('"12:30"'); // sexagesimal 750
    expect(yamlValue('1e5')).toBe('"1e5"');
    expect(yamlValue('12345678901234567890')).toBe('"12345678901234567890"'); // not a safe integer
  });
  it('writes simple values plain (as the seed does)', () => {
    expect(yamlValue('计算机-编程设计')).toBe('计算机-编程设计');
    expect(yamlValue('https://cdn.weread.qq.com/a/t7_b.jpg')).toBe('https://cdn.weread.qq.com/a/t7_b.jpg');
  });
});

describe('text filters', () => {
  it('tagsToLinks turns #tag and #topic# into links, leaves URLs and headings alone', () => {
    expect(tagsToLinks('#Rust #所有权 这段 and #话题# end')).toBe('[[Rust]] [[所有权]] 这段 and [[话题]] end');
    expect(tagsToLinks('see https://x.y/#anchor and a#b')).toBe('see https://x.y/#anchor and a#b');
    expect(tagsToLinks('# 标题')).toBe('# 标题');
  });
  it('stars', () => {
    expect(stars(100)).toBe('★★★★★');
    expect(stars(60)).toBe('★★★☆☆');
    expect(stars(4)).toBe('★★★★☆');
    expect(stars(0)).toBe('');
  });
  it('htmlToMarkdown handles p, br, b, i, a, blockquote, lists and entities', () => {
    expect(
      htmlToMarkdown(
        '<p>第一段<br/>换行 <b>粗</b> <em>斜</em></p><p><a href="https://a.b/?x=1&amp;y=2">链接</a> &lt;ok&gt;</p>',
      ),
    ).toBe('第一段\n换行 **粗** *斜*\n\n[链接](https://a.b/?x=1&y=2) &lt;ok>');
    expect(
      htmlToMarkdown(
        '<blockquote><p>引</p><p>文</p></blockquote><ul>\n<li>一</li>\n<li>二</li>\n</ul><ol><li>a</li><li>b</li></ol>',
      ),
    ).toBe('> 引\n>\n> 文\n\n- 一\n- 二\n\n1. a\n2. b');
    expect(htmlToMarkdown('plain &#x1F600; &#39;q&#39;<script>x</script>')).toBe("plain 😀 'q'x");
  });
  it('htmlToMarkdown keeps whitespace at the edges of bold and italic outside the markers', () => {
    expect(htmlToMarkdown('This is<b> important</b> and<i> this </i>too')).toBe('This is **important** and *this* too');
    expect(htmlToMarkdown('<b>x </b>y<strong>z</strong>')).toBe('**x** y**z**');
    expect(htmlToMarkdown('a<b> </b>b')).toBe('a b');
  });
  it('htmlToMarkdown: &nbsp; is a no-break space and spaces collapse, so nothing becomes an indented code block', () => {
    const md = htmlToMarkdown('<p>第一段<br><br>&nbsp;&nbsp;&nbsp;&nbsp;第二段缩进</p><p>x<br><br>     y</p>');
    expect(md).toBe('第一段\n\n\u00a0\u00a0\u00a0\u00a0第二段缩进\n\nx\n\n y');
    expect(md).not.toMatch(/^ {4}/m);
  });
  it('htmlToMarkdown: decoded text never becomes HTML or an entity', () => {
    expect(htmlToMarkdown('<p>用 &lt;div&gt; 包起来</p>')).toBe('用 &lt;div> 包起来');
    expect(htmlToMarkdown('<p>&amp;lt; &amp;#60; a & b &amp; c</p>')).toBe('&amp;lt; &amp;#60; a & b & c');
  });
  it('htmlToMarkdown: text lines that start like Markdown structure are escaped; generated structure is not', () => {
    expect(htmlToMarkdown('<p>a<br>- b<br>1. c</p>')).toBe('a\n\\- b\n1\\. c');
    expect(htmlToMarkdown('<p>1. not a list</p><p># not heading</p><p>&gt; not a quote</p>')).toBe(
      '1\\. not a list\n\n\\# not heading\n\n\\> not a quote',
    );
    expect(htmlToMarkdown('<ul><li>- x</li><li># y</li></ul>')).toBe('- \\- x\n- \\# y');
    expect(htmlToMarkdown('<b>a<br>- b</b> and - c')).toBe('**a\n\\- b** and - c');
    expect(htmlToMarkdown('<blockquote><p>q</p></blockquote><ol><li>a</li></ol>')).toBe('> q\n\n1. a');
  });
});

describe('zoneOffsetMinutes', () => {
  /** The offset asked of Intl at exactly `ms`, without the day and quarter-hour shortcuts. */
  const reference = (zone: string, ms: number): number => offsetAt(zone, ms);
  // Whole-hour, half-hour and 45-minute offsets; DST north and south, a 30-minute DST, Morocco's Ramadan changes.
  const zones = [
    'UTC',
    'Asia/Shanghai',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Africa/Casablanca',
    'Pacific/Chatham',
    'Asia/Kolkata',
  ];

  it('agrees with Intl at random instants from 2005 to 2030, and on both sides of every offset change', () => {
    let seed = 17;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const from = Date.UTC(2005, 0, 1);
    const span = Date.UTC(2030, 0, 1) - from;
    let changes = 0;
    for (const zone of zones) {
      for (let i = 0; i < 1500; i++) {
        const ms = from + Math.floor(random() * span);
        expect(zoneOffsetMinutes(zone, ms), `${zone} at ${new Date(ms).toISOString()}`).toBe(reference(zone, ms));
      }
      // Every day with a change from 2015 to 2025 (found by its ends), each of its quarter hours and a second
      // either side of them.
      const DAY = 86_400_000;
      for (let day = Date.UTC(2015, 0, 1); day < Date.UTC(2025, 0, 1); day += DAY) {
        if (reference(zone, day) === reference(zone, day + DAY)) continue;
        for (let q = day; q <= day + DAY; q += 15 * 60_000)
          for (const ms of [q - 1000, q, q + 1000])
            expect(zoneOffsetMinutes(zone, ms), `${zone} at ${new Date(ms).toISOString()}`).toBe(reference(zone, ms));
        changes++;
      }
    }
    expect(changes).toBeGreaterThan(100);
  });
});
