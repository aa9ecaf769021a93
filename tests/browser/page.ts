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
  /**
   * 'scenario': run every check and post the results; the others set up one screen for a screenshot:
   * 'settings-out' / 'settings-in' (logged out / in, after Check), 'preview' (a conflict and a failed book),
   * 'failed' (a sync that cannot reach WeRead), 'mobile' (the progress notice mid-sync, the network held).
   */
  mode: 'scenario' | 'settings-out' | 'settings-in' | 'preview' | 'failed' | 'mobile' | 'conflict';
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
  // The server address rows are hidden (no developer options on this device), so the settings show what a reader
  // sees while the plugin talks to the fake server; 'failed' points at a closed port.
  const urls =
    config.mode === 'failed'
      ? { baseUrl: 'http://127.0.0.1:9', gatewayUrl: 'http://127.0.0.1:9/api/agent/gateway' }
      : { baseUrl: config.baseUrl, gatewayUrl: config.gatewayUrl };
  await app.vault.adapter.write(
    `${dir}/data.json`,
    JSON.stringify({
      ...DEFAULT_SETTINGS,
      minRequestSpacingMs: 0,
      syncOnStartup: config.mode === 'scenario',
      requestTimeoutMs: 600000,
    }),
  );
  if (config.mode !== 'settings-out') app.secretStorage.setSecret('weread-api-key', config.apiKey);
  if (config.mode === 'mobile') {
    obsidian.setPlatform('ios');
    document.body.addClass('is-mobile');
  }
  // The server is a device-local choice (data.json's URLs are ignored).
  app.saveLocalStorage(DEVICE_LOCAL_STORAGE_KEY, urls);

  const plugin = new PluginClass(app.asApp(), config.manifest);
  await obsidian.loadPlugin(plugin);
  check(
    'onload registered the commands',
    ['sync', 'preview-sync', 'force-full-sync', 'sync-current-book', 'open-sync-log'].every(
      (id) => `${config.manifest.id}:${id}` in app.commands.commands,
    ),
    Object.keys(app.commands.commands).join(','),
  );
  check('onload made no request', obsidian.requestLog.length === 0);

  if (config.mode !== 'scenario') {
    await showScreen(config, app, plugin);
    return checks;
  }
  {
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

  const el = openSettings(app, plugin);
  await plugin.settingTab.previewDone;
  const headings = Array.from(el.querySelectorAll('.setting-item-heading .setting-item-name')).map(
    (h) => h.textContent,
  );
  check(
    'the settings tab has its sections',
    ['Account', 'Notes', 'Sync', 'Advanced'].every((h) => headings.includes(h)),
    headings.join(','),
  );
  check('the template preview rendered', (plugin.settingTab.previewEl?.textContent ?? '').length > 0);
  const advanced = el.querySelector('details.weread-sync-collapsed');
  check('Advanced is a closed section', advanced !== null && !advanced.hasAttribute('open'));
  const status = obsidian.findSetting(el, 'Status');
  await obsidian.componentOf(status, obsidian.ButtonComponent).simulateClick();
  check(
    'Check says who is logged in and by which means',
    /^Logged in (as .+ )?with the API key\.$/.test(status.descEl.textContent ?? ''),
    status.descEl.textContent ?? '',
  );
  return checks;
}

/** Opens the settings tab in a pane like Obsidian's settings window. */
function openSettings(app: obsidian.FakeApp, plugin: any): HTMLElement {
  const settingsPane = document.body.createDiv('modal-container');
  settingsPane.appendChild(plugin.settingTab.containerEl);
  return app.openSettingTab(plugin.settingTab);
}

/**
 * The reader rewrites a highlight in a synced note; the page asks the test server to edit the same one on WeRead,
 * so the next sync (or preview) has a conflict. Returns the note and the block.
 */
async function makeConflict(app: obsidian.FakeApp): Promise<{ path: string; blockId: string }> {
  const path = app.vault.filePaths().find((p) => p.startsWith('WeRead/') && !p.includes('公众号'))!;
  const text = app.vault.readPath(path)!;
  const line = /^- 📌 (.+) \^(\S+)$/m.exec(text)!;
  await app.vault.adapter.write(path, text.replace(line[0], `- 📌 （我的改写）${line[1]} ^${line[2]}`));
  await fetch('/mutate', { method: 'POST', body: JSON.stringify({ blockId: line[2], path }) });
  return { path, blockId: line[2]! };
}

/** Sets up one screen for its screenshot (the real plugin, the fake app, the fake server). */
async function showScreen(config: PageConfig, app: obsidian.FakeApp, plugin: any): Promise<void> {
  await app.triggerLayoutReady();
  const command = (id: string): Promise<unknown> => app.commands.runCommand(`${config.manifest.id}:${id}`);
  if (config.mode === 'settings-out' || config.mode === 'settings-in') {
    const el = openSettings(app, plugin);
    await plugin.settingTab.previewDone;
    if (config.mode === 'settings-in') {
      const status = obsidian.findSetting(el, config.lang === 'zh' ? '状态' : 'Status');
      await obsidian.componentOf(status, obsidian.ButtonComponent).simulateClick();
      // Opened, to show what the Advanced section holds.
      el.querySelector('details.weread-sync-collapsed')?.setAttribute('open', '');
    }
    return;
  }
  if (config.mode === 'preview') {
    await command('sync');
    await makeConflict(app);
    for (const n of obsidian.Notice.notices) n.hide();
    await command('preview-sync');
    return;
  }
  if (config.mode === 'failed') {
    await command('sync');
    return;
  }
  if (config.mode === 'conflict') {
    // As for the preview, then a real sync: the note keeps the reader's text with WeRead's in a callout after it.
    await command('sync');
    const { path, blockId } = await makeConflict(app);
    await command('sync');
    for (const n of obsidian.Notice.notices) n.hide();
    renderNoteExcerpt(app.vault.readPath(path)!, blockId);
    return;
  }
  // 'mobile': after a few books the network never answers, so the progress notice stays mid-sync.
  let requests = 0;
  const realFetch = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
    ++requests > 16 ? new Promise<Response>(() => undefined) : realFetch(input, init);
  void command('sync');
}

/**
 * The chapter of a note around one block, drawn the way Obsidian's reading view draws this Markdown: headings,
 * list items nested by indentation, block ids hidden, and a `> [!warning]` callout as a box whose body is the quoted
 * Markdown (a quoted list stays a list; a line indented four spaces inside the quote would be a code block).
 */
function renderNoteExcerpt(text: string, blockId: string): void {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes(`^${blockId}`));
  let start = at;
  while (start > 0 && !/^#{1,6} /.test(lines[start]!)) start--;
  let end = at + 1;
  while (end < lines.length && !/^#{1,6} /.test(lines[end]!)) end++;
  const page = document.body.createDiv('markdown-reading-view');
  const plain = (s: string): string => s.replace(/\s\^[A-Za-z0-9-]+\s*$/, '');
  const list = (parent: HTMLElement, items: string[]): void => {
    let ul: HTMLElement | null = null;
    let nested: HTMLElement | null = null;
    for (const item of items) {
      const m = /^( *)[-*] (.*)$/.exec(item);
      if (!m) {
        if (/^ {4}/.test(item) && !ul) parent.createEl('pre', { text: item.trim() });
        else if (item.trim()) parent.createEl('p', { text: plain(item) });
        continue;
      }
      if (m[1]!.length === 0 || !ul) {
        ul ??= parent.createEl('ul');
        nested = ul.createEl('li', { text: plain(m[2]!) });
      } else nested!.createEl('ul').createEl('li', { text: plain(m[2]!) });
    }
  };
  let i = start;
  while (i < end) {
    const line = lines[i]!;
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) page.createEl(`h${heading[1]!.length}` as 'h2', { text: heading[2]! });
    else if (/^> \[!(\w+)\]/.test(line)) {
      const box = page.createDiv({ cls: 'callout', attr: { 'data-callout': /^> \[!(\w+)\]/.exec(line)![1]! } });
      box.createDiv({ cls: 'callout-title', text: line.replace(/^> \[!\w+\][+-]?\s*/, '') });
      const body: string[] = [];
      while (i + 1 < end && lines[i + 1]!.startsWith('>')) body.push(lines[++i]!.replace(/^> ?/, ''));
      list(box.createDiv('callout-content'), body);
    } else if (line.trim()) {
      const items = [line];
      while (i + 1 < end && /^( +[-*] |[-*] )/.test(lines[i + 1]!)) items.push(lines[++i]!);
      list(page, items);
    }
    i++;
  }
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
  document.body.addClass('is-ready');
  if (window.__PAGE_CONFIG__.mode === 'scenario') {
    await fetch('/result', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(checks),
    });
  }
}

void main();
