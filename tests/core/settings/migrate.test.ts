// migrateSettings / validateSettings / repairSettings: whatever data.json holds becomes usable Settings.
import { describe, expect, it } from 'vitest';
import {
  findSettingsProblems,
  migrateSettings,
  repairSettings,
  validateSettings,
} from '../../../src/core/settings/migrate';
import { createT, format, settingsProblemText } from '../../../src/core/i18n';
import { DEFAULT_SETTINGS } from '../../../src/core/settings/settings';

describe('migrateSettings', () => {
  it('gives the defaults for nothing, null, or junk', () => {
    expect(migrateSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(migrateSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(migrateSettings('x')).toEqual(DEFAULT_SETTINGS);
    expect(migrateSettings([1, 2])).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid values, replaces wrongly typed ones, drops unknown keys and credentials', () => {
    const s = migrateSettings({
      folder: '/Reading/WeRead/',
      concurrency: '4',
      syncOnStartup: 'yes',
      cookie: 'wr_skey=secret',
      apiKey: 'wrk-abc',
      extra: 1,
    });
    expect(s.folder).toBe('Reading/WeRead');
    expect(s.concurrency).toBe(4);
    expect(s.syncOnStartup).toBe(true);
    expect(JSON.stringify(s)).not.toContain('secret');
    expect(JSON.stringify(s)).not.toContain('wrk-abc');
    expect(Object.keys(s).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });

  it('carries over the shapes of earlier versions', () => {
    const s = migrateSettings({
      includeArticles: false,
      syncInterval: 30,
      templateName: 'callouts',
      noteLocation: 'Books',
    });
    expect(s).toMatchObject({ articles: 'skip', syncIntervalMinutes: 30, template: 'callouts', folder: 'Books' });
  });

  it('reads include/exclude lists typed one per line or comma-separated', () => {
    expect(migrateSettings({ includeBooks: 'a\n b ,c，d\n\n' }).includeBooks).toEqual(['a', 'b', 'c', 'd']);
    expect(migrateSettings({ excludeBooks: ['x', 3, ' y '] }).excludeBooks).toEqual(['x', 'y']);
  });
});

describe('validateSettings', () => {
  it('accepts the defaults', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual([]);
  });

  it('names each problem by its setting', () => {
    const problems = validateSettings({
      ...DEFAULT_SETTINGS,
      concurrency: 0,
      timeZone: 'Mars/Base',
      baseUrl: 'weread',
      folder: '../up',
      syncIntervalMinutes: -5,
      fileNamePattern: 'x',
      apiKeySecretName: 'Bad Name',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'apiKeySecretName',
      'baseUrl',
      'concurrency',
      'fileNamePattern',
      'folder',
      'syncIntervalMinutes',
      'timeZone',
    ]);
    expect(problems.join('\n')).toContain('Mars/Base');
  });

  it('repairSettings resets only the broken settings', () => {
    const { settings, problems } = repairSettings({ ...DEFAULT_SETTINGS, concurrency: 99, folder: 'Mine' });
    expect(problems).toEqual([expect.objectContaining({ key: 'concurrency', code: 'concurrency-range' })]);
    expect(settings.concurrency).toBe(DEFAULT_SETTINGS.concurrency);
    expect(settings.folder).toBe('Mine');
  });

  it("says each problem in the reader's language, labelled by its setting", () => {
    const problems = findSettingsProblems({ ...DEFAULT_SETTINGS, timeZone: 'Mars/Base', concurrency: 0 });
    const zh = createT('zh');
    expect(problems.map((p) => settingsProblemText(zh, p, true))).toEqual([
      '时区: 未知时区 “Mars/Base”',
      '并发请求数: 必须是 1 到 8 之间的整数',
    ]);
    expect(problems.map((p) => settingsProblemText(createT('en'), p, true))).toEqual([
      'Time zone: unknown time zone "Mars/Base"',
      'Requests in flight: must be a whole number from 1 to 8',
    ]);
  });

  it('keeps {{title}} in messages while filling {name} placeholders', () => {
    expect(format('{{title}} and {name}', { name: 'x', title: 'no' })).toBe('{{title}} and x');
  });
});
