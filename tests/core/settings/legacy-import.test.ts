// importLegacySettings: every key of the older WeRead plugin's data.json that we carry over, and what happens to bad values.
import { describe, expect, it } from 'vitest';
import { importLegacySettings, legacyTemplatePath } from '../../../src/core/settings/legacy-import';
import { migrateSettings, validateSettings } from '../../../src/core/settings/migrate';
import { noteFolder } from '../../../src/core/render/file-names';
import type { Notebook } from '../../../src/core/model/notebook';

/** The older plugin's defaults as its data.json holds them after a first start. */
const OLDER_DEFAULTS = {
  loginMethod: 'scan',
  cookies: [],
  noteLocation: '/',
  dailyNotesLocation: '/',
  insertAfter: '<!-- start of weread -->',
  insertBefore: '<!-- end of weread -->',
  dailyNotesFormat: 'YYYY-MM-DD',
  template: '',
  noteCountLimit: -1,
  subFolderType: '-1',
  fileNameType: 'BOOK_NAME',
  dailyNotesToggle: false,
  notesBlacklist: '',
  notesWhitelist: '',
  syncMode: 'blacklist',
  showEmptyChapterTitleToggle: false,
  convertTags: false,
  saveArticleToggle: true,
  saveReadingInfoToggle: true,
  syncPopularHighlightsToggle: false,
  scheduledSyncToggle: false,
  scheduledSyncInterval: 5,
  activeThemeId: 'builtin_merged',
  wereadApiKey: '',
};

function imported(extra: Record<string, unknown>) {
  return importLegacySettings({ ...OLDER_DEFAULTS, ...extra });
}

describe('importLegacySettings', () => {
  it('maps the older defaults to settings that validate, with no warnings', () => {
    const result = importLegacySettings(OLDER_DEFAULTS);
    expect(result.warnings).toEqual([]);
    expect(result.settings).toEqual({
      folder: '',
      subfolder: 'none',
      fileNamePattern: '{{title}}',
      tagsAsLinks: false,
      includeAncestorChapters: false,
      excludeBooks: [],
      minHighlights: 0,
      articles: 'per-account',
      syncIntervalMinutes: 0,
      readingProperties: true,
      template: 'default',
    });
    expect(result.features).toEqual({ readingProperties: true, popularHighlights: false });
    expect(result.credentials).toEqual({});
    expect(validateSettings(migrateSettings(result.settings))).toEqual([]);
  });

  it.each([
    ['/', ''],
    ['读书笔记/微信读书', '读书笔记/微信读书'],
    ['/Reading/', 'Reading'],
  ])('noteLocation %j → folder %j', (noteLocation, folder) => {
    expect(imported({ noteLocation }).settings.folder).toBe(folder);
  });

  it.each(['../outside', 'C:\\notes', 'a\\..\\b', 42])(
    'keeps the default folder for noteLocation %j, with a warning',
    (noteLocation) => {
      const result = imported({ noteLocation });
      expect(result.settings.folder).toBeUndefined();
      expect(result.warnings).toEqual([expect.objectContaining({ key: 'noteLocation', code: 'bad-value' })]);
    },
  );

  it.each([
    ['-1', 'none'],
    ['title', 'title'],
    ['category', 'category-top'],
  ])('subFolderType %j → subfolder %j', (subFolderType, subfolder) => {
    expect(imported({ subFolderType }).settings.subfolder).toBe(subfolder);
  });

  it('puts a book in a folder of its own title under subFolderType "title"', () => {
    const notebook = { info: { bookId: '695233', title: '三体：地球往事' } } as unknown as Notebook;
    const { subfolder } = imported({ subFolderType: 'title' }).settings;
    expect(noteFolder(notebook, { subfolder: subfolder! })).toBe('三体：地球往事');
  });

  it.each([
    ['BOOK_NAME', '{{title}}'],
    ['BOOK_ID', '{{bookId}}'],
    ['BOOK_NAME_AUTHOR', '{{title}}-{{author}}'],
    ['BOOK_NAME_BOOKID', '{{title}}-{{bookId}}'],
  ])('fileNameType %s → %s', (fileNameType, pattern) => {
    const result = imported({ fileNameType });
    expect(result.settings.fileNamePattern).toBe(pattern);
    expect(validateSettings(migrateSettings(result.settings))).toEqual([]);
  });

  it.each([
    ['subFolderType', 'byAuthor'],
    ['fileNameType', 'BOOK_TITLE'],
    ['convertTags', 'yes'],
    ['noteCountLimit', 'many'],
    ['saveArticleToggle', 1],
    ['scheduledSyncInterval', 0],
    ['showEmptyChapterTitleToggle', null],
  ])('a malformed %s (%j) keeps the default and warns (null is absent)', (key, value) => {
    const result = imported({ [key]: value, scheduledSyncToggle: true });
    if (value === null) {
      expect(result.warnings).toEqual([]);
      return;
    }
    expect(result.warnings).toEqual([{ key, value: String(value), code: 'bad-value' }]);
  });

  it('reads a blacklist separated by commas, full-width commas and new lines', () => {
    const result = imported({ syncMode: 'blacklist', notesBlacklist: '695233, 26211849，3300064831\nCB_abc\n\n' });
    expect(result.settings.excludeBooks).toEqual(['695233', '26211849', '3300064831', 'CB_abc']);
    expect(result.settings.includeBooks).toBeUndefined();
  });

  it('reads the whitelist under whitelist mode and ignores a stale blacklist', () => {
    const result = imported({ syncMode: 'whitelist', notesWhitelist: '695233', notesBlacklist: '26211849' });
    expect(result.settings.includeBooks).toEqual(['695233']);
    expect(result.settings.excludeBooks).toBeUndefined();
  });

  it('warns about an unknown sync mode', () => {
    expect(imported({ syncMode: 'greylist' }).warnings).toContainEqual({
      key: 'syncMode',
      value: 'greylist',
      code: 'bad-value',
    });
  });

  it('noteCountLimit → minHighlights (−1, "no limit", becomes 0)', () => {
    expect(imported({ noteCountLimit: 5 }).settings.minHighlights).toBe(5);
    expect(imported({ noteCountLimit: '3' }).settings.minHighlights).toBe(3);
    expect(imported({ noteCountLimit: -1 }).settings.minHighlights).toBe(0);
  });

  it('saveArticleToggle off → 公众号 articles skipped', () => {
    expect(imported({ saveArticleToggle: false }).settings.articles).toBe('skip');
  });

  it('the scheduled sync becomes our interval only when it was on', () => {
    expect(imported({ scheduledSyncToggle: true, scheduledSyncInterval: 30 }).settings.syncIntervalMinutes).toBe(30);
    expect(imported({ scheduledSyncToggle: false, scheduledSyncInterval: 30 }).settings.syncIntervalMinutes).toBe(0);
  });

  it('keeps the daily-notes settings for the daily-notes feature', () => {
    const result = imported({ dailyNotesToggle: true, dailyNotesLocation: 'Daily/', dailyNotesFormat: 'YYYY/MM/DD' });
    expect(result.dailyNotes).toEqual({
      enabled: true,
      folder: 'Daily',
      format: 'YYYY/MM/DD',
      insertAfter: '<!-- start of weread -->',
      insertBefore: '<!-- end of weread -->',
    });
  });

  it.each([
    ['builtin_merged', 'default'],
    ['builtin_separated', 'separated'],
    ['builtin_official', 'weread-export'],
  ])('the built-in theme %s selects our %s template', (activeThemeId, template) => {
    const result = imported({ activeThemeId });
    expect(result.settings.template).toBe(template);
    expect(result.customTemplate).toBeUndefined();
  });

  it('the active custom theme becomes a template file to write', () => {
    const text = '# {{ metaData.title }}\n{% for c in chapterHighlights %}{{ c.chapterTitle }}{% endfor %}';
    const result = imported({
      activeThemeId: 'custom_1',
      themes: [
        { id: 'builtin_merged', name: '合并式模板', template: 'x' },
        { id: 'custom_1', name: '我的模板', template: text },
      ],
    });
    expect(result.customTemplate).toEqual({ name: '我的模板', text });
    expect(result.settings.template).toBeUndefined();
    expect(legacyTemplatePath('我的模板')).toBe('WeRead templates/我的模板.md');
  });

  it('the pre-theme `template` text is used when no theme is active', () => {
    const result = importLegacySettings({ template: '{{ metaData.title }}' });
    expect(result.customTemplate).toEqual({ name: 'weread', text: '{{ metaData.title }}' });
  });

  it('an active theme id that names nothing is reported', () => {
    const result = imported({ activeThemeId: 'gone', themes: [] });
    expect(result.warnings).toContainEqual({ key: 'activeThemeId', value: 'gone', code: 'bad-value' });
  });

  it('finds credentials (an API key, the cookie list as a header) without putting them in settings', () => {
    const result = imported({
      wereadApiKey: ' wrk-123 ',
      cookies: [
        { name: 'wr_vid', value: '42' },
        { name: 'wr_skey', value: 'abc' },
        { name: 7, value: 'bad' },
      ],
    });
    expect(result.credentials).toEqual({ apiKey: 'wrk-123', cookie: 'wr_vid=42; wr_skey=abc' });
    expect(JSON.stringify(result.settings)).not.toContain('wrk-123');
    expect(JSON.stringify(result.settings)).not.toContain('abc');
  });

  it('never throws on data that is not an object', () => {
    for (const raw of [null, 'text', 42, [], undefined]) {
      expect(importLegacySettings(raw)).toMatchObject({ settings: {}, warnings: [], imported: [] });
    }
  });

  it('names unsafe characters out of a template file name', () => {
    expect(legacyTemplatePath('a/b:c*?"<>|#^[x]')).toBe('WeRead templates/a b c x.md');
    expect(legacyTemplatePath('   ')).toBe('WeRead templates/weread.md');
  });
});
