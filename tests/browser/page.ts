// Runs in headless Chromium: loads main.js as Obsidian does (a function of require/module/exports), syncs against the fake WeRead server, opens the settings tab.
import * as obsidian from '../fakes/obsidian';
import { DEFAULT_SETTINGS } from '../../src/core/settings/settings';
import { DEVICE_LOCAL_STORAGE_KEY } from '../../src/obsidian/device-local';

interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

interface PageConfig {
  baseUrl: string;
  gatewayUrl: string;
  apiKey: string;
  manifest: { id: string; name: string; version: string; minAppVersion: string; author: string; description: string };
  /** 'scenario': run every check and post the results; 'screenshot': just show the settings tab. */
  mode: 'scenario' | 'screenshot';
  lang: string;
}

declare global {
  interface Window {
    __PAGE_CONFIG__: PageConfig;
    /** main.js wrapped as Obsidian wraps plugins: function (require, module, exports) { … }. */
    __PLUGIN_FACTORY__: (require: (id: string) => unknown, module: { exports: any }, exports: any) => void;
  }
}

async function run(): Promise<Check[]> {
  const config = window.__PAGE_CONFIG__;
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail?: string): void => {
    checks.push({ name, ok, detail });
  };
  obsidian.setLanguage(config.lang);

  const required: string[] = [];
  const module = { exports: {} as any };
  window.__PLUGIN_FACTORY__(
    (id) => {
      required.push(id);
      if (id === 'obsidian') return obsidian;
      throw new Error(`Cannot find module '${id}'`);
    },
    module,
    module.exports,
  );
  // js-yaml probes 'buffer' and 'esprima' inside try/catch; they fail here as on mobile.
  check(
    'main.js requires only obsidian',
    required.every((id) => id === 'obsidian' || id === 'buffer' || id === 'esprima') && required.includes('obsidian'),
    [...new Set(required)].join(','),
  );
  check(
    'no Node globals in the page',
    typeof (globalThis as any).Buffer === 'undefined' && typeof (globalThis as any).process === 'undefined',
  );
  const PluginClass = module.exports.default ?? module.exports;

  const app = new obsidian.FakeApp();
  const dir = `${app.vault.configDir}/plugins/${config.manifest.id}`;
  await app.vault.adapter.mkdir(dir);
  // The screenshot shows the settings a reader would see (the real WeRead URLs); the scenario talks to the fake server.
  const urls = config.mode === 'scenario' ? { baseUrl: config.baseUrl, gatewayUrl: config.gatewayUrl } : {};
  await app.vault.adapter.write(`${dir}/data.json`, JSON.stringify({ ...DEFAULT_SETTINGS, minRequestSpacingMs: 0 }));
  app.secretStorage.setSecret('weread-api-key', config.apiKey);
  // The fake server is a device-local choice (data.json's URLs are ignored).
  if (config.mode === 'scenario') app.saveLocalStorage(DEVICE_LOCAL_STORAGE_KEY, urls);

  const plugin = new PluginClass(app.asApp(), config.manifest);
  await obsidian.loadPlugin(plugin);
  check(
    'onload registered the commands',
    Object.keys(app.commands.commands).length === 5,
    Object.keys(app.commands.commands).join(','),
  );
  check('onload made no request', obsidian.requestLog.length === 0);

  if (config.mode === 'scenario') {
    await app.triggerLayoutReady();
    await plugin.runner.idle();
    const notes = app.vault.filePaths().filter((p) => p.startsWith('WeRead/'));
    check(
      'the sync on layout ready wrote notes',
      notes.length > 0,
      `${notes.length} notes, ${obsidian.requestLog.length} requests`,
    );
    check(
      'a notice summed up the sync',
      obsidian.Notice.messages.some((m) => /created|新建/.test(m)),
      obsidian.Notice.messages.join(' | '),
    );
  }

  const settingsPane = document.body.createDiv('modal-container');
  settingsPane.appendChild(plugin.settingTab.containerEl);
  const el = app.openSettingTab(plugin.settingTab);
  await plugin.settingTab.previewDone;
  const headings = Array.from(el.querySelectorAll('.setting-item-heading .setting-item-name')).map(
    (h) => h.textContent,
  );
  check('the settings tab has its four sections', headings.length === 4, headings.join(','));
  check('the template preview rendered', (plugin.settingTab.previewEl?.textContent ?? '').length > 0);
  return checks;
}

async function main(): Promise<void> {
  let checks: Check[];
  try {
    checks = await run();
  } catch (error) {
    checks = [
      {
        name: 'scenario ran',
        ok: false,
        detail: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error),
      },
    ];
  }
  document.title = checks.every((c) => c.ok) ? 'PASS' : 'FAIL';
  if (window.__PAGE_CONFIG__.mode === 'scenario') {
    await fetch('/result', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(checks),
    });
  }
}

void main();
