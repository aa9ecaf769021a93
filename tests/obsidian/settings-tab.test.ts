// The settings tab on the fake app: every section in both languages, secrets never shown or saved in data.json, the live preview.
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  ButtonComponent,
  componentOf,
  DropdownComponent,
  FakeApp,
  findSetting,
  Notice,
  setLanguage,
  setPlatform,
  settingsIn,
  TextComponent,
  ToggleComponent,
  unloadPlugin,
} from '../fakes/obsidian';
import { DEFAULT_SETTINGS } from '../../src/core/settings/settings';
import { DEVELOPER_OPTIONS_KEY } from '../../src/obsidian/device-local';
import type { FakeWeRead } from '../fakes/weread/server';
import { DATA_JSON, freshAppAndServer, loadedPlugin, seedSettings } from './helpers';

let fake: FakeWeRead;
let app: FakeApp;

beforeEach(async () => {
  ({ fake, app } = await freshAppAndServer());
  await seedSettings(app, fake, { syncOnStartup: false });
});
afterEach(() => fake.close());

/** The button of a setting by its text (a row may have several). */
function button(setting: ReturnType<typeof findSetting>, text: string): ButtonComponent {
  const found = setting.components.find(
    (c): c is ButtonComponent => c instanceof ButtonComponent && c.buttonEl.textContent === text,
  );
  if (!found) throw new Error(`no button "${text}" in "${setting.nameEl.textContent}"`);
  return found;
}

function headings(el: HTMLElement): string[] {
  return settingsIn(el)
    .filter((s) => s.settingEl.hasClass('setting-item-heading'))
    .map((s) => s.nameEl.textContent ?? '');
}

describe('settings tab', () => {
  it('renders Account, Notes, Sync, Reading and Advanced with every setting (English, desktop)', async () => {
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    expect(headings(el)).toEqual([
      'Account',
      'Notes',
      'Sync',
      'Reading',
      'Daily notes and popular highlights',
      'Advanced',
      'Restore deleted notes',
    ]);
    for (const name of [
      'Status',
      'API key',
      'Cookie',
      'Log in with WeChat QR code',
      'Sync now',
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
      'Highlight colour names',
      'Pen style names',
      'Requests in flight',
      'Reading properties',
      'Notes for finished books without highlights',
      'Library base',
      'Popular highlights',
      'Add highlights to daily notes',
      'Daily note heading',
      'Reference style',
    ]) {
      expect(() => findSetting(el, name), name).not.toThrow();
    }
    // The advanced rows sit in a closed section; the server addresses only with this device's developer options.
    const advanced = el.querySelector('details.weread-sync-collapsed')!;
    expect(advanced.hasAttribute('open')).toBe(false);
    expect(advanced.querySelector('summary')!.textContent).toBe('Advanced');
    for (const name of ['Highlight colour names', 'Pen style names', 'Requests in flight'])
      expect(advanced.contains(findSetting(el, name).settingEl), name).toBe(true);
    expect(advanced.contains(findSetting(el, 'Folder').settingEl)).toBe(false);
    expect(() => findSetting(el, 'Web API URL')).toThrow();
    expect(() => findSetting(el, 'Gateway URL')).toThrow();
    expect(() => findSetting(el, 'Log out')).toThrow();
    // Rendering twice does not duplicate anything.
    app.openSettingTab(plugin.settingTab);
    expect(headings(el)).toHaveLength(7);
    await unloadPlugin(plugin);
  });

  it('renders in Chinese, and has no QR login on mobile', async () => {
    setLanguage('zh');
    setPlatform('ios');
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    expect(headings(el)).toEqual(['账号', '笔记', '同步', '阅读', '每日笔记与热门划线', '高级', '恢复已删除的笔记']);
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
      'Reading',
      'Daily notes and popular highlights',
      undefined,
      undefined,
    ]);
    // Advanced is a page: one entry that opens on a click (Obsidian's collapsed form), holding its group.
    const advanced = groups[5] as unknown as { type: string; name: string; items: typeof groups };
    expect(advanced).toMatchObject({ type: 'page', name: 'Advanced' });
    expect(advanced.items.flatMap((g) => g.items.map((i) => i.name))).toEqual([
      'Highlight colour names',
      'Pen style names',
      'Requests in flight',
    ]);
    await unloadPlugin(plugin);
  });

  it('saves a pasted cookie and API key to SecretStorage, never to data.json, and never shows them back', async () => {
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    const status = findSetting(el, 'Status');
    await vi.waitFor(() =>
      expect(status.descEl.textContent).toBe('Not logged in. Paste an API key or a cookie below.'),
    );
    const cookie = findSetting(el, 'Cookie');
    expect(cookie.descEl.textContent).toContain('developer tools');
    expect(cookie.descEl.textContent).toContain("Kept in Obsidian's secret storage");
    await componentOf(cookie, TextComponent).simulateChange('garbage');
    await button(cookie, 'Save cookie').simulateClick();
    expect(cookie.descEl.querySelector('.weread-sync-setting-error')!.textContent).toBe(
      'The WeRead cookie is malformed: it has no wr_vid and wr_skey. Paste the whole cookie of a logged-in weread.qq.com page under Account in the settings.',
    );
    expect(app.secretStorage.getSecret('weread-cookie')).toBeNull();
    await componentOf(cookie, TextComponent).simulateChange(fake.cookieHeader);
    await button(cookie, 'Save cookie').simulateClick();
    expect(cookie.descEl.querySelector('.weread-sync-setting-error')!.textContent).toBe('');
    expect(app.secretStorage.getSecret('weread-cookie')).toBe(fake.cookieHeader);
    expect(componentOf(cookie, TextComponent).getValue()).toBe('');
    expect(componentOf(cookie, TextComponent).inputEl.type).toBe('password');
    expect(cookie.descEl.textContent).toContain('A cookie is stored.');
    expect(status.descEl.textContent).toBe('A cookie is stored. Check asks WeRead who is logged in.');

    const apiKey = findSetting(el, 'API key');
    await componentOf(apiKey, TextComponent).simulateChange('not-a-key');
    await button(apiKey, 'Save key').simulateClick();
    expect(apiKey.descEl.textContent).toContain('An API key starts with wrk-.');
    expect(app.secretStorage.getSecret('weread-api-key')).toBeNull();
    await componentOf(apiKey, TextComponent).simulateChange(fake.apiKey);
    await button(apiKey, 'Save key').simulateClick();
    expect(app.secretStorage.getSecret('weread-api-key')).toBe(fake.apiKey);
    expect(apiKey.descEl.textContent).toContain('An API key is stored.');
    expect(apiKey.descEl.textContent).not.toContain('starts with wrk-');
    expect(el.textContent).not.toContain(fake.skey);
    expect(el.textContent).not.toContain(fake.apiKey);
    const dataJson = await app.vault.adapter.read(DATA_JSON(app));
    expect(dataJson).not.toContain(fake.skey);
    expect(dataJson).not.toContain(fake.apiKey);

    // "Check" says who is logged in and by which means; each credential has its own remove button.
    await button(status, 'Check').simulateClick();
    expect(status.descEl.textContent).toMatch(/^Logged in as \S.* with the API key\.$/);
    Notice.reset();
    await button(cookie, 'Remove cookie').simulateClick();
    expect(app.secretStorage.getSecret('weread-cookie') ?? '').toBe('');
    expect(app.secretStorage.getSecret('weread-api-key')).toBe(fake.apiKey);
    expect(Notice.messages).toEqual(['WeRead Sync: the cookie was removed; syncs go on with the API key.']);
    expect(status.descEl.textContent).toBe('An API key is stored. Check asks WeRead who is logged in.');
    await button(apiKey, 'Remove key').simulateClick();
    expect(app.secretStorage.getSecret('weread-api-key') ?? '').toBe('');
    expect(Notice.messages.at(-1)).toBe('WeRead Sync: the API key was removed.');
    await button(status, 'Check').simulateClick();
    expect(status.descEl.textContent).toBe('Not logged in. Paste an API key or a cookie below.');
    await unloadPlugin(plugin);
  });

  it('says who is logged in in Chinese, in Chinese only, and opens the page where WeRead issues keys', async () => {
    setLanguage('zh');
    app.secretStorage.setSecret('weread-cookie', fake.cookieHeader);
    const opened: string[] = [];
    const win = window as unknown as { open: (url: string) => void };
    const realOpen = win.open;
    win.open = (url: string) => void opened.push(url);
    onTestFinished(() => void (win.open = realOpen));
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    const status = findSetting(el, '状态');
    await button(status, '检查').simulateClick();
    expect(status.descEl.textContent).toMatch(/^已通过 Cookie 登录，账号：\S+。$/);
    // "Cookie" is the Chinese UI's own word for it; nothing else in Latin letters.
    expect(status.descEl.textContent!.replace('Cookie', '')).not.toMatch(/[A-Za-z]{3,}/);
    await button(findSetting(el, 'API 密钥'), '获取密钥').simulateClick();
    expect(opened).toEqual(['https://weread.qq.com/api/skills/apikeyGet']);
    await unloadPlugin(plugin);
  });

  it('"Sync now" in the settings syncs', async () => {
    app.secretStorage.setSecret('weread-api-key', fake.apiKey);
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    await button(findSetting(el, 'Sync now'), 'Sync now').simulateClick();
    await plugin.runner.idle();
    expect((await plugin.syncLog.entries()).map((e) => e.trigger)).toEqual(['command']);
    expect(Notice.messages.at(-1)).toMatch(/created/);
    await unloadPlugin(plugin);
  });

  it('shows the server addresses only where this device has developer options on', async () => {
    app.saveLocalStorage(DEVELOPER_OPTIONS_KEY, true);
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    const base = findSetting(el, 'Web API URL');
    expect(base.descEl.textContent).toContain('developer options are on for this device');
    expect(el.querySelector('details.weread-sync-collapsed')!.contains(base.settingEl)).toBe(true);
    expect(() => findSetting(el, 'Gateway URL')).not.toThrow();
    await unloadPlugin(plugin);
  });

  it('"Check" says exactly what is wrong with a bad API key, without the key', async () => {
    app.secretStorage.setSecret('weread-api-key', 'wrk-bad-key-0000000');
    const plugin = await loadedPlugin(app);
    const el = app.openSettingTab(plugin.settingTab);
    const check = findSetting(el, 'Status');
    await button(check, 'Check').simulateClick();
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
    // Not while typing; once the reader leaves the field, next to it.
    expect(concurrency.descEl.textContent).not.toContain('Invalid value');
    componentOf(concurrency, TextComponent).simulateBlur();
    expect(concurrency.descEl.querySelector('.weread-sync-setting-error')!.textContent).toBe(
      'Invalid value: must be a whole number from 1 to 8',
    );
    await componentOf(concurrency, TextComponent).simulateChange('2');
    expect(plugin.settings.concurrency).toBe(2);
    expect(JSON.parse(await app.vault.adapter.read(DATA_JSON(app))).concurrency).toBe(2);
    expect(concurrency.descEl.textContent).not.toContain('Invalid value');

    // A time zone half typed says nothing; a wrong one, left, says what is wrong.
    const zone = componentOf(findSetting(el, 'Time zone'), TextComponent);
    await zone.simulateChange('Asia/Sh');
    expect(findSetting(el, 'Time zone').descEl.textContent).not.toContain('unknown time zone');
    await zone.simulateChange('Asia/Shanghai');
    zone.simulateBlur();
    expect(plugin.settings.timeZone).toBe('Asia/Shanghai');
    expect(findSetting(el, 'Time zone').descEl.textContent).not.toContain('Invalid value');
    await zone.simulateChange('Asia/Sh');
    zone.simulateBlur();
    expect(findSetting(el, 'Time zone').descEl.textContent).toContain('Invalid value: unknown time zone "Asia/Sh"');
    expect(plugin.settings.timeZone).toBe('Asia/Shanghai');
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
