// The built main.js, loaded the way Obsidian mobile loads a plugin: a bare context where only `obsidian` can be required, no Node globals.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fakeObsidian from '../fakes/obsidian';
import { loadFixtureLibrary } from '../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { DEVICE_LOCAL_STORAGE_KEY } from '../../src/obsidian/device-local';
import { DEFAULT_SETTINGS } from '../../src/core/settings/settings';
import { mobileContext } from './mobile-context';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN_JS = join(ROOT, 'main.js');
/** Modules a dependency tries to load inside try/catch and does without (js-yaml's optional binary and js types). */
const OPTIONAL_PROBES = new Set(['buffer', 'esprima']);
const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));

describe('main.js on mobile', () => {
  let fake: FakeWeRead;

  beforeAll(async () => {
    if (!existsSync(MAIN_JS))
      execFileSync(process.execPath, ['esbuild.config.mjs', 'production'], { cwd: ROOT, stdio: 'pipe' });
    fake = await startFakeWeRead({ books: loadFixtureLibrary() });
  }, 120_000);

  afterAll(async () => {
    await fake?.close();
  });

  it('passes the bundle check (only obsidian/electron required, no unguarded Node globals)', () => {
    const result = spawnSync(process.execPath, ['scripts/check-bundle.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/main\.js: [\d.]+ KiB/);
  });

  it('the bundle check rejects require("fs") and a bare Buffer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-check-'));
    writeFileSync(join(dir, 'bad.js'), 'var fs = require("fs"); module.exports = Buffer.from("x"); var r = /(?<!a)b/;');
    const result = spawnSync(process.execPath, ['scripts/check-bundle.mjs', join(dir, 'bad.js')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('require("fs")');
    expect(result.stderr).toContain('Buffer');
    expect(result.stderr).toContain('lookbehind');
  });

  it('loads with only `obsidian` resolvable, runs onload, and syncs after layout ready', async () => {
    fakeObsidian.resetFakeObsidian();
    fakeObsidian.setPlatform('ios');
    const requires: string[] = [];
    const { context, module } = mobileContext(requires);
    expect(vm.runInContext('[typeof Buffer, typeof process, typeof global, typeof __dirname].join()', context)).toBe(
      'undefined,undefined,undefined,undefined',
    );

    vm.runInContext(readFileSync(MAIN_JS, 'utf8'), context, { filename: 'main.js' });
    // js-yaml probes require('buffer') / require('esprima') inside try/catch; here they throw, as on mobile, and it carries on.
    expect([...new Set(requires)].filter((id) => !OPTIONAL_PROBES.has(id))).toEqual(['obsidian']);
    const PluginClass = module.exports.default ?? module.exports;
    expect(typeof PluginClass).toBe('function');

    const app = new fakeObsidian.FakeApp();
    const dir = `${app.vault.configDir}/plugins/${manifest.id}`;
    await app.vault.adapter.mkdir(dir);
    await app.vault.adapter.write(
      `${dir}/data.json`,
      JSON.stringify({
        ...DEFAULT_SETTINGS,
        minRequestSpacingMs: 0,
      }),
    );
    app.secretStorage.setSecret('weread-api-key', fake.apiKey);
    // The fake server is a device-local choice (data.json's URLs are ignored).
    app.saveLocalStorage(DEVICE_LOCAL_STORAGE_KEY, { baseUrl: fake.baseUrl, gatewayUrl: fake.gatewayUrl });

    const plugin = new PluginClass(app.asApp(), manifest);
    await fakeObsidian.loadPlugin(plugin);
    expect(Object.keys(app.commands.commands)).toContain(`${manifest.id}:sync`);
    expect(app.ribbonEl.children).toHaveLength(1);
    expect(fakeObsidian.requestLog).toEqual([]);

    await app.triggerLayoutReady();
    await plugin.runner.idle();
    expect(fakeObsidian.requestLog.length).toBeGreaterThan(0);
    expect(app.vault.filePaths().filter((p) => p.startsWith('WeRead/')).length).toBeGreaterThan(0);
    // The QR login needs Electron; on mobile the tab does not offer it.
    const el = app.openSettingTab(plugin.settingTab);
    expect(() => fakeObsidian.findSetting(el, 'Log in with WeChat QR code')).toThrow();
    await fakeObsidian.unloadPlugin(plugin);
    expect([...new Set(requires)].filter((id) => !OPTIONAL_PROBES.has(id))).toEqual(['obsidian']);
    fakeObsidian.resetPlatform();
  });
});
