// loadVaultSettings / writeImportedSettings on real temp vaults: ours first, then the older plugin's, never a credential.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadVaultSettings, writeImportedSettings } from '../../src/node/vault-settings';
import { DEFAULT_SETTINGS } from '../../src/core/settings/settings';

let vault: string;

function writePluginData(pluginId: string, data: unknown, configDir = '.obsidian'): string {
  const dir = path.join(vault, configDir, 'plugins', pluginId);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'data.json');
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

beforeEach(() => {
  vault = mkdtempSync(path.join(tmpdir(), 'weread-vault-settings-'));
});
afterEach(() => rmSync(vault, { recursive: true, force: true }));

describe('loadVaultSettings', () => {
  it('gives the defaults for a vault with no plugin settings', () => {
    expect(loadVaultSettings(vault)).toEqual({
      settings: DEFAULT_SETTINGS,
      source: 'defaults',
      file: '',
      problems: [],
    });
  });

  it("reads our plugin's data.json", () => {
    writePluginData('weread-sync', { folder: '读书/微信读书', timeZone: 'Asia/Shanghai', template: 'callouts' });
    const loaded = loadVaultSettings(vault);
    expect(loaded.source).toBe('plugin');
    expect(loaded.file).toBe(path.join('.obsidian', 'plugins', 'weread-sync', 'data.json'));
    expect(loaded.settings).toMatchObject({ folder: '读书/微信读书', timeZone: 'Asia/Shanghai', template: 'callouts' });
  });

  it('reads another config folder when told', () => {
    writePluginData('weread-sync', { folder: 'Books' }, '.obsidian-phone');
    expect(loadVaultSettings(vault).source).toBe('defaults');
    expect(loadVaultSettings(vault, '.obsidian-phone').settings.folder).toBe('Books');
  });

  it('never takes server addresses or secret names from a synced data.json', () => {
    writePluginData('weread-sync', {
      baseUrl: 'https://evil.example',
      gatewayUrl: 'https://evil.example/gw',
      apiKeySecretName: 'other-plugin-token',
      cookieSecretName: 'other-plugin-cookie',
    });
    const { settings } = loadVaultSettings(vault);
    expect(settings.baseUrl).toBe(DEFAULT_SETTINGS.baseUrl);
    expect(settings.gatewayUrl).toBe(DEFAULT_SETTINGS.gatewayUrl);
    expect(settings.apiKeySecretName).toBe(DEFAULT_SETTINGS.apiKeySecretName);
    expect(settings.cookieSecretName).toBe(DEFAULT_SETTINGS.cookieSecretName);
  });

  it('repairs unusable values and names them', () => {
    writePluginData('weread-sync', { folder: '../outside', timeZone: 'Mars/Olympus' });
    const loaded = loadVaultSettings(vault);
    expect(loaded.settings.folder).toBe(DEFAULT_SETTINGS.folder);
    expect(loaded.settings.timeZone).toBe('');
    expect(loaded.problems.map((p) => p.key).sort()).toEqual(['folder', 'timeZone']);
  });

  it("imports the older plugin's settings when ours are absent", () => {
    writePluginData('obsidian-weread-plugin', {
      noteLocation: '读书',
      fileNameType: 'BOOK_NAME_AUTHOR',
      subFolderType: 'category',
      wereadApiKey: 'wrk-secret',
      activeThemeId: 'builtin_separated',
    });
    const loaded = loadVaultSettings(vault);
    expect(loaded.source).toBe('legacy');
    expect(loaded.settings).toMatchObject({
      folder: '读书',
      fileNamePattern: '{{title}}-{{author}}',
      subfolder: 'category-top',
      template: 'separated',
    });
    expect(loaded.legacy?.credentials.apiKey).toBe('wrk-secret');
    expect(JSON.stringify(loaded.settings)).not.toContain('wrk-secret');
  });

  it('prefers our settings over the older plugin’s', () => {
    writePluginData('obsidian-weread-plugin', { noteLocation: '读书' });
    writePluginData('weread-sync', { folder: 'Ours' });
    expect(loadVaultSettings(vault)).toMatchObject({ source: 'plugin', settings: { folder: 'Ours' } });
  });

  it('ignores a data.json that is not JSON, is too large, or is a link out of the vault', () => {
    writePluginData('weread-sync', '{ not json');
    expect(loadVaultSettings(vault).source).toBe('defaults');

    writePluginData('weread-sync', JSON.stringify({ folder: 'x', pad: 'y'.repeat(1_100_000) }));
    expect(loadVaultSettings(vault).source).toBe('defaults');

    const outside = mkdtempSync(path.join(tmpdir(), 'weread-outside-'));
    try {
      writeFileSync(path.join(outside, 'data.json'), JSON.stringify({ folder: 'FromOutside' }));
      const file = path.join(vault, '.obsidian', 'plugins', 'weread-sync', 'data.json');
      rmSync(file);
      symlinkSync(path.join(outside, 'data.json'), file);
      expect(loadVaultSettings(vault).source).toBe('defaults');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('writeImportedSettings', () => {
  it("writes our data.json without credentials and the reader's template as a vault file", async () => {
    const text =
      '---\ntitle: {{ metaData.title }}\n---\n{% for c in chapterHighlights %}## {{ c.chapterTitle }}\n{% endfor %}';
    writePluginData('obsidian-weread-plugin', {
      noteLocation: '读书',
      cookies: [{ name: 'wr_skey', value: 'cookie-secret' }],
      activeThemeId: 'mine',
      themes: [{ id: 'mine', name: '我的模板', template: text }],
    });
    const loaded = loadVaultSettings(vault);
    const written = await writeImportedSettings(vault, '.obsidian', loaded);
    expect(written).toEqual([
      path.join('WeRead templates', '我的模板.md'),
      path.join('.obsidian', 'plugins', 'weread-sync', 'data.json'),
    ]);
    expect(readFileSync(path.join(vault, 'WeRead templates', '我的模板.md'), 'utf8')).toBe(text);
    const data = readFileSync(path.join(vault, '.obsidian', 'plugins', 'weread-sync', 'data.json'), 'utf8');
    expect(data).not.toContain('cookie-secret');
    expect(JSON.parse(data)).toMatchObject({ folder: '读书', template: 'WeRead templates/我的模板.md' });
    expect(loadVaultSettings(vault)).toMatchObject({ source: 'plugin', settings: { folder: '读书' } });
  });

  it("never overwrites a reader's file that already has the template's name", async () => {
    writePluginData('obsidian-weread-plugin', { template: 'new text' });
    mkdirSync(path.join(vault, 'WeRead templates'));
    writeFileSync(path.join(vault, 'WeRead templates', 'weread.md'), 'the reader’s own');
    const written = await writeImportedSettings(vault, '.obsidian', loadVaultSettings(vault));
    expect(written[0]).toBe(path.join('WeRead templates', 'weread 2.md'));
    expect(readFileSync(path.join(vault, 'WeRead templates', 'weread.md'), 'utf8')).toBe('the reader’s own');
    expect(readFileSync(path.join(vault, 'WeRead templates', 'weread 2.md'), 'utf8')).toBe('new text');
    expect(loadVaultSettings(vault).settings.template).toBe('WeRead templates/weread 2.md');
    expect(existsSync(path.join(vault, '.obsidian', 'plugins', 'weread-sync', 'data.json'))).toBe(true);
  });
});
