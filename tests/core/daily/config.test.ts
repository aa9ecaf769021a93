// Reading the reader's daily-note settings (Daily notes core plugin, Periodic Notes) and the new settings keys; nothing in them trusted.
import { describe, expect, it } from 'vitest';
import { parseDailyNoteConfig } from '../../../src/core/daily/config';
import { dailyNotePath } from '../../../src/core/daily/apply';
import { formatDay } from '../../../src/core/daily/dates';
import { migrateSettings } from '../../../src/core/settings/migrate';

describe('parseDailyNoteConfig', () => {
  it('takes folder, format and template from daily-notes.json', () => {
    const core = JSON.stringify({ folder: '/Journal/', format: 'YYYY/MM/YYYY-MM-DD', template: 'Templates/Day' });
    expect(parseDailyNoteConfig(core, null)).toEqual({
      folder: 'Journal',
      format: 'YYYY/MM/YYYY-MM-DD',
      template: 'Templates/Day',
      source: 'daily-notes',
    });
  });

  it('prefers Periodic Notes when its daily notes are enabled, and only then', () => {
    const core = JSON.stringify({ folder: 'Core' });
    const on = JSON.stringify({ daily: { enabled: true, folder: 'Periodic', format: 'DD.MM.YYYY', template: '' } });
    const off = JSON.stringify({ daily: { enabled: false, folder: 'Periodic' } });
    expect(parseDailyNoteConfig(core, on)).toMatchObject({
      folder: 'Periodic',
      format: 'DD.MM.YYYY',
      source: 'periodic-notes',
    });
    expect(parseDailyNoteConfig(core, off)).toMatchObject({
      folder: 'Core',
      format: 'YYYY-MM-DD',
      source: 'daily-notes',
    });
  });

  it('falls back to Obsidian’s defaults on missing, broken or hostile files', () => {
    const defaults = { folder: '', format: 'YYYY-MM-DD', template: '', source: 'default' };
    expect(parseDailyNoteConfig(null, null)).toEqual(defaults);
    expect(parseDailyNoteConfig('{not json', '[1,2]')).toEqual(defaults);
    const hostile = JSON.stringify({ folder: '../../etc', format: '../[x]', template: 42 });
    expect(parseDailyNoteConfig(hostile, null)).toEqual({ ...defaults, source: 'daily-notes' });
  });

  it('names a day’s note with moment-style formats (dayjs), subfolders included', () => {
    const at = (format: string, folder = '') =>
      dailyNotePath({ folder, format, template: '', source: 'default' }, '2024-03-05', formatDay);
    expect(at('YYYY-MM-DD', 'Journal')).toBe('Journal/2024-03-05.md');
    expect(at('YYYY/MM/DD')).toBe('2024/03/05.md');
    expect(at('dddd, MMMM Do YYYY')).toBe('Tuesday, March 5th 2024.md');
    expect(at('gggg-[W]ww')).toBe('2024-W10.md');
    expect(at('GGGG-[W]WW')).toBe('2024-W10.md');
  });
});

describe('daily-note settings', () => {
  it('are off by default and repaired from whatever data.json holds', () => {
    const d = migrateSettings({});
    expect([d.dailyNotes, d.dailyNotesHeading, d.dailyNotesLinkStyle, d.popularHighlights]).toEqual([
      false,
      '## 微信读书',
      'link',
      false,
    ]);
    const odd = migrateSettings({ dailyNotes: 'yes', dailyNotesHeading: 'Reading\nlog', dailyNotesLinkStyle: 'x' });
    expect([odd.dailyNotes, odd.dailyNotesHeading, odd.dailyNotesLinkStyle]).toEqual([false, '## Reading log', 'link']);
    expect(migrateSettings({ dailyNotesHeading: '### 读书' }).dailyNotesHeading).toBe('### 读书');
    expect(migrateSettings({ dailyNotesHeading: '##' }).dailyNotesHeading).toBe('## 微信读书');
  });
});
