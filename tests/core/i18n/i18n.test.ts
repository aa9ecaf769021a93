// The UI strings: both languages have the same keys and placeholders, language detection, formatting.
import { describe, expect, it } from 'vitest';
import { createT, dictionaries, format, langFromCode, langFromLocaleEnv } from '../../../src/core/i18n';
import { en } from '../../../src/core/i18n/en';
import { zh } from '../../../src/core/i18n/zh';

const placeholders = (text: string): string[] => [...text.matchAll(/(?<!\{)\{(\w+)\}(?!\})/g)].map((m) => m[1]!).sort();

describe('i18n dictionaries', () => {
  it('English and Chinese have exactly the same keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('every Chinese string uses the same placeholders as its English original', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect({ key, p: placeholders(zh[key]) }).toEqual({ key, p: placeholders(en[key]) });
    }
  });

  it('no string is empty, and the Chinese strings are actually translated', () => {
    for (const lang of ['en', 'zh'] as const)
      for (const [key, text] of Object.entries(dictionaries[lang])) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    const same = (Object.keys(en) as Array<keyof typeof en>).filter((k) => en[k] === zh[k] && /[a-z]{4,}/.test(en[k]));
    // Names that stay as they are in Chinese UIs.
    expect(
      same.filter(
        (k) =>
          !['settings.apiKey.name', 'settings.cookie.name', 'settings.cookie.placeholder', 'preview.book'].includes(k),
      ),
    ).toEqual([]);
  });

  it('English UI strings are in sentence case (only the first word and proper names capitalized)', () => {
    const proper =
      /^(WeRead|Sync|API|Markdown|WeChat|Obsidian|Obsidian's|IANA|V1|V2|QR|Asia\/Shanghai|Usage:|Error:|Dry|No|Cookie)$/;
    for (const [key, text] of Object.entries(en)) {
      if (key === 'plugin.name') continue;
      const sentences = text.replace(/\{[^}]*\}/g, '').split(/[.!?;:—]\s+/);
      const words = sentences.flatMap((sentence) =>
        sentence
          .split(/[\s–(]+/)
          .filter(Boolean)
          .slice(1),
      );
      const offending = words.filter((w) => /^[A-Z][a-z]/.test(w) && !proper.test(w.replace(/[.,:;…]+$/, '')));
      expect({ key, offending }).toEqual({ key, offending: [] });
    }
  });
});

describe('language detection', () => {
  it('maps Obsidian language codes: zh and zh-TW are Chinese, the rest English', () => {
    expect(langFromCode('zh')).toBe('zh');
    expect(langFromCode('zh-TW')).toBe('zh');
    expect(langFromCode('en')).toBe('en');
    expect(langFromCode('ja')).toBe('en');
    expect(langFromCode(undefined)).toBe('en');
  });

  it('maps POSIX locales with LC_ALL before LANG', () => {
    expect(langFromLocaleEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(langFromLocaleEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('en');
    expect(langFromLocaleEnv({ LC_ALL: 'zh_TW.UTF-8', LANG: 'C' })).toBe('zh');
    expect(langFromLocaleEnv({})).toBe('en');
  });
});

describe('createT / format', () => {
  it('fills placeholders in the chosen language', () => {
    expect(createT('en')('status.progress', { done: 37, total: 412 })).toBe('WeRead: 37/412 books');
    expect(createT('zh-TW')('status.progress', { done: 37, total: 412 })).toBe('微信读书：已同步 37/412 本');
  });

  it('leaves {{title}} template syntax and unknown placeholders alone', () => {
    expect(format('{{title}} by {who} {missing}', { who: 'x', title: 'no' })).toBe('{{title}} by x {missing}');
    expect(createT('en')('settings.fileName.desc')).toContain('{{title}}');
  });
});
