// The one failure presenter: every kind in both languages and for both runners, in one language and the runner's terms.
import { describe, expect, it } from 'vitest';
import { formatPresented, plural, presentError, presentFailure, type Runner } from '../../../src/core/i18n/present';
import { WeReadError, type WeReadErrorKind } from '../../../src/core/weread/errors';
import { TemplateError } from '../../../src/core/render/engine';

const WEREAD_KINDS: WeReadErrorKind[] = [
  'session-expired',
  'bad-credential',
  'throttled',
  'server',
  'network',
  'timeout',
  'bad-data',
  'bug',
  'cancelled',
  'not-configured',
];
const OTHER_KINDS = [
  'syntax',
  'render',
  'frontmatter',
  'unknown-template',
  'note-changed',
  'needs-cookie',
  'malformed-cookie',
];
const RUNNERS: Runner[] = ['cli', 'plugin'];
/** ASCII words a Chinese message may contain: env vars, flags, cookie names, host, file type, and product terms. */
const ZH_ALLOWED =
  /^(WEREAD_[A-Z_]+|--[a-z-]+|API|Cookie|YAML|wr_vid|wr_skey|weread\.qq\.com|\.md|default|callouts|separated|weread-export)$/;

function asciiWords(text: string): string[] {
  return text.match(/[-\w.]*[A-Za-z][-\w.]*/g) ?? [];
}

describe('presentError', () => {
  const errors = [
    ...WEREAD_KINDS.map(
      (k) => new WeReadError(k, { endpoint: '/user/notebooks', status: 500, detail: 'Failed to fetch' }),
    ),
    ...OTHER_KINDS.map((k) => Object.assign(new Error(`technical ${k}`), { kind: k })),
    new TemplateError('Template "x" line 3: unexpected token', 'x', 'syntax', 3),
    new Error('something odd'),
    'a string was thrown',
  ];

  for (const runner of RUNNERS) {
    it(`Chinese for the ${runner}: only allowed ASCII terms, Chinese punctuation, no advice twice`, () => {
      for (const e of errors) {
        const p = presentError(e, { lang: 'zh_CN.UTF-8', runner });
        const line = formatPresented(p, 'zh');
        expect({ line, words: asciiWords(line).filter((w) => !ZH_ALLOWED.test(w)) }).toEqual({ line, words: [] });
        expect(line).not.toMatch(/[.,;:!?](\s|$)/);
        expect(p.summary).toMatch(/。$/);
        if (p.nextStep) {
          expect(p.nextStep).toMatch(/。$/);
          expect(line.split(p.nextStep)).toHaveLength(2);
        }
      }
    });

    it(`English for the ${runner}: no Chinese outside 公众号, sentences end with a period`, () => {
      for (const e of errors) {
        const p = presentError(e, { lang: 'en', runner });
        const line = formatPresented(p, 'en');
        expect(line.replace(/公众号/g, '')).not.toMatch(/[\u4e00-\u9fff，。：；（）]/);
        expect(p.summary).toMatch(/\.$/);
        if (p.nextStep) expect(line.split(p.nextStep)).toHaveLength(2);
      }
    });
  }

  it('the CLI names environment variables and flags, never the settings; the plugin names the settings, never env vars', () => {
    for (const kind of [...WEREAD_KINDS, ...OTHER_KINDS]) {
      for (const lang of ['en', 'zh']) {
        const cli = presentFailure(kind, undefined, { lang, runner: 'cli' });
        const plugin = presentFailure(kind, undefined, { lang, runner: 'plugin' });
        expect(`${cli.summary}${cli.nextStep ?? ''}`).not.toMatch(/settings|设置中|设置的/);
        expect(`${plugin.summary}${plugin.nextStep ?? ''}`).not.toMatch(/WEREAD_|--[a-z]/);
      }
    }
    expect(presentFailure('not-configured', undefined, { lang: 'en', runner: 'cli' }).nextStep).toContain(
      'WEREAD_API_KEY',
    );
    expect(presentFailure('malformed-cookie', undefined, { lang: 'en', runner: 'cli' }).summary).toMatch(/malformed/);
  });

  it('a rejected credential is named: the only one set, else by the endpoint family', () => {
    const rejected = new WeReadError('bad-credential', { endpoint: '/user/notebooks', status: 401 });
    const keyOnly = presentError(rejected, { lang: 'en', runner: 'cli', credentials: { apiKey: true, cookie: false } });
    expect(keyOnly.summary).toBe('WeRead did not accept the API key.');
    expect(keyOnly.nextStep).toMatch(/WEREAD_API_KEY/);
    expect(keyOnly.nextStep).not.toMatch(/settings/);
    const byEndpoint = presentError(new WeReadError('bad-credential', { endpoint: '/web/book/info' }), {
      lang: 'zh',
      runner: 'plugin',
    });
    expect(byEndpoint.summary).toBe('微信读书不接受此 Cookie。');
  });

  it('keeps the technical message as a redacted detail, shown only when asked', () => {
    const e = new WeReadError('bad-data', {
      endpoint: '/web/book/bookmarklist',
      fieldPath: 'updated[1].markText',
      problem: 'is missing',
    });
    const p = presentError(e, { lang: 'zh', runner: 'cli' });
    expect(p.detail).toContain('updated[1].markText is missing');
    expect(formatPresented(p, 'zh')).not.toContain('markText');
    expect(formatPresented(p, 'zh', true)).toMatch(/（详情：.*markText.*）$/);
    const secret = presentError(new Error('failed with wr_skey=abcdef123456'), { lang: 'en', runner: 'cli' });
    expect(secret.detail).not.toContain('abcdef123456');
  });

  it('an abort is a cancellation, not a failure', () => {
    const abort = Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
    expect(presentError(abort, { lang: 'en', runner: 'plugin' })).toMatchObject({
      kind: 'cancelled',
      summary: 'The sync was cancelled.',
    });
  });
});

describe('plural', () => {
  it('uses the singular for exactly one', () => {
    expect(plural(1, 'conflict')).toBe('1 conflict');
    expect(plural(0, 'conflict')).toBe('0 conflicts');
    expect(plural(2, 'passage')).toBe('2 passages');
  });
});
