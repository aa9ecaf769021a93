// The settings tab on the fake app: every section in both languages, secrets never shown or saved in data.json, the live preview.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ButtonComponent,
  componentOf,
  DropdownComponent,
  FakeApp,
  findSetting,
  resetFakeObsidian,
  SecretComponent,
  setLanguage,
  setPlatform,
  settingsIn,
  TextComponent,
  ToggleComponent,
  unloadPlugin,
} from '../fakes/obsidian';
import { DEFAULT_SETTINGS } from '../../src/core/settings/settings';
import { loadFixtureLibrary } from '../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { DATA_JSON, loadedPlugin, seedSettings } from './helpers';

let fake: FakeWeRead;
let app: FakeApp;

beforeEach(async () => {
  resetFakeObsidian();
  fake = await startFakeWeRead({ books: loadFixtureLibrary() });
  app = new FakeApp();
  await seedSettings(app, fake, { syncOnStartup: false });
});

afterEach(async () => {
  await fake.close();
});

function headings(el: HTMLElement): string[] {
  return settingsIn(el)
    .filter((s) => s.settingEl.hasClass('setting-item-heading'))
    .map((s) => s.nameEl.textContent ?? '');
}

describe('settings tab', () => {
  it('renders Account, Notes, Sync and Advanced with every setting (English, desktop)', async () => {
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    expect(headings(el)).toEqual(['Account', 'Notes', 'Sync', 'Daily notes and popular highlights', 'Advanced']);
    for (const name of [
      'API key',
      'Cookie',
      'Log in with WeChat QR code',
      'Check login',
      'Log out',
      'Folder',
      'File name',
      'Template',
      'Template file',
      'Preview',
      'Time zone',
      'Sync on startup',
      'Sync interval',
      'Only these books',
      'Skip these books',
      'Minimum highlights',
      'WeChat official account (公众号) articles',
      'Web API URL',
      'Gateway URL',
      'Requests in flight',
      'Popular highlights',
      'Add highlights to daily notes',
      'Daily note heading',
      'Reference style',
    ]) {
      expect(() => findSetting(el, name), name).not.toThrow();
    }
    // Rendering twice does not duplicate anything.
    app.openSettingTab(plugin.settingTab);
    expect(headings(el)).toHaveLength(5);
    await unloadPlugin(plugin);
  });

  it('renders in Chinese, and has no QR login on mobile', async () => {
    setLanguage('zh');
    setPlatform('ios');
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    expect(headings(el)).toEqual(['账号', '笔记', '同步', '每日笔记与热门划线', '高级']);
    expect(() => findSetting(el, '微信扫码登录')).toThrow();
    expect(() => findSetting(el, '启动时同步')).not.toThrow();
    await unloadPlugin(plugin);
  });

  it('offers the same rows to Obsidian 1.13 settings search', async () => {
    const plugin = await loadedPlugin(app);
    const groups = plugin.settingTab.getSettingDefinitions() as Array<{
      heading: string;
      items: Array<{ name: string }>;
    }>;
    expect(groups.map((g) => g.heading)).toEqual([
      'Account',
      'Notes',
      'Sync',
      'Daily notes and popular highlights',
      'Advanced',
    ]);
    expect(groups.flatMap((g) => g.items.map((i) => i.name))).toContain('Requests in flight');
    await unloadPlugin(plugin);
  });

  it('saves a pasted cookie to SecretStorage, never to data.json, and never shows it back', async () => {
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    const cookie = findSetting(el, 'Cookie');
    await componentOf(cookie, TextComponent).simulateChange(fake.cookieHeader);
    await componentOf(cookie, ButtonComponent).simulateClick();
    expect(app.secretStorage.getSecret('weread-cookie')).toBe(fake.cookieHeader);
    expect(componentOf(cookie, TextComponent).getValue()).toBe('');
    expect(el.textContent).not.toContain(fake.skey);
    expect(cookie.descEl.textContent).toContain('A cookie is stored.');
    await componentOf(findSetting(el, 'API key'), SecretComponent).simulateChange('my-weread-key');
    expect(plugin.settings.apiKeySecretName).toBe('my-weread-key');
    const dataJson = await app.vault.adapter.read(DATA_JSON(app));
    expect(dataJson).toContain('my-weread-key');
    expect(dataJson).not.toContain(fake.skey);

    // "Check" says who is logged in; "Log out" forgets the cookie.
    const check = findSetting(el, 'Check login');
    await componentOf(check, ButtonComponent).simulateClick();
    expect(check.descEl.textContent).toMatch(/Logged in/);
    await componentOf(findSetting(el, 'Log out'), ButtonComponent).simulateClick();
    expect(app.secretStorage.getSecret('weread-cookie') ?? '').toBe('');
    await componentOf(check, ButtonComponent).simulateClick();
    expect(check.descEl.textContent).toContain('No API key or cookie is set.');
    await unloadPlugin(plugin);
  });

  it('"Check" says exactly what is wrong with a bad API key, without the key', async () => {
    app.secretStorage.setSecret('weread-api-key', 'wrk-bad-key-0000000');
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    const check = findSetting(el, 'Check login');
    await componentOf(check, ButtonComponent).simulateClick();
    expect(check.descEl.textContent).toMatch(/Not logged in: .+/);
    expect(check.descEl.textContent).not.toContain('wrk-bad-key-0000000');
    await unloadPlugin(plugin);
  });

  it('rejects invalid values with a message and keeps the last valid one', async () => {
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    const concurrency = findSetting(el, 'Requests in flight');
    await componentOf(concurrency, TextComponent).simulateChange('20');
    expect(plugin.settings.concurrency).toBe(DEFAULT_SETTINGS.concurrency);
    expect(concurrency.descEl.textContent).toContain('Invalid value');
    await componentOf(concurrency, TextComponent).simulateChange('2');
    expect(plugin.settings.concurrency).toBe(2);
    expect(JSON.parse(await app.vault.adapter.read(DATA_JSON(app))).concurrency).toBe(2);
    await unloadPlugin(plugin);
  });

  it('updates the template preview as the reader picks a template or types a template path', async () => {
    app.vault.seed('Templates/mine.md', 'My notes on {{ metaData.title }}\n');
    const plugin = await loadedPlugin(app);
    const tab = plugin.settingTab;
    const el = app.openSettingTab(tab);
    await tab.previewDone;
    const first = tab.previewEl!.textContent ?? '';
    expect(first.length).toBeGreaterThan(0);

    await componentOf(findSetting(el, 'Template'), DropdownComponent).simulateChange('callouts');
    await tab.previewDone;
    expect(tab.previewEl!.textContent).not.toBe(first);

    await componentOf(findSetting(el, 'Template'), DropdownComponent).simulateChange('__custom__');
    expect(findSetting(el, 'Template file').settingEl.isShown()).toBe(true);
    await componentOf(findSetting(el, 'Template file'), TextComponent).simulateChange('Templates/mine.md');
    await tab.previewDone;
    expect(tab.previewEl!.textContent).toMatch(/^My notes on \S/);
    expect(tab.previewEl!.textContent).not.toContain('{{');
    expect(plugin.settings.template).toBe('Templates/mine.md');

    expect(tab.previewWarningsEl!.textContent).toContain('This template writes no block ids');

    await componentOf(findSetting(el, 'Template file'), TextComponent).simulateChange('Templates/missing.md');
    await tab.previewDone;
    expect(tab.previewEl!.textContent).toBe('The template file was not found.');
    await unloadPlugin(plugin);
  });

  it('the note-shaping options save and reshape the preview', async () => {
    app.vault.seed(
      'Templates/colours.md',
      '{% for c in chapterHighlights %}{% for h in c.highlights %}{{ h.colorStyle | colorName }}/{{ h.style | penName }}\n{% endfor %}{% endfor %}',
    );
    const plugin = await loadedPlugin(app);
    const tab = plugin.settingTab;
    const el = app.openSettingTab(tab);
    await componentOf(findSetting(el, 'Template'), DropdownComponent).simulateChange('__custom__');
    await componentOf(findSetting(el, 'Template file'), TextComponent).simulateChange('Templates/colours.md');
    await tab.previewDone;
    expect(tab.previewEl!.textContent).toBe('purple/marker\ngreen/wavy\nyellow/underline\n');

    await componentOf(findSetting(el, 'Highlight colour names'), TextComponent).simulateChange('1=紫, 3=绿，4=黄');
    await componentOf(findSetting(el, 'Pen style names'), TextComponent).simulateChange('0=马克笔, 1=波浪线, 2=直线');
    await tab.previewDone;
    expect(tab.previewEl!.textContent).toBe('紫/马克笔\n绿/波浪线\n黄/直线\n');
    expect(plugin.settings.colorNames).toEqual({ '1': '紫', '3': '绿', '4': '黄' });

    await componentOf(findSetting(el, 'Include parent chapters'), ToggleComponent).simulateChange(true);
    await componentOf(findSetting(el, 'Tags in thoughts as links'), ToggleComponent).simulateChange(true);
    const saved = JSON.parse((await app.vault.adapter.read(DATA_JSON(app))) as string);
    expect(saved).toMatchObject({
      includeAncestorChapters: true,
      tagsAsLinks: true,
      penNames: { '0': '马克笔', '1': '波浪线', '2': '直线' },
    });
    await unloadPlugin(plugin);
  });
});
