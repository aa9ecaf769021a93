// The plugin and the CLI write the same notes: the auto-sync on layout ready into a folder-backed fake vault, compared byte for byte with the CLI's output.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeApp, resetFakeObsidian, unloadPlugin } from '../fakes/obsidian';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { credentials, jsonReport, runCliInProcess, syncArgs } from '../node/cli-harness';
import { configure, loadedPlugin } from './helpers';

let fake: FakeWeRead;
let pluginVault: string;
let cliVault: string;

beforeEach(async () => {
  resetFakeObsidian();
  fake = await startFakeWeRead();
  pluginVault = mkdtempSync(path.join(tmpdir(), 'weread-plugin-vault-'));
  cliVault = mkdtempSync(path.join(tmpdir(), 'weread-cli-vault-'));
});

afterEach(async () => {
  await fake.close();
  rmSync(pluginVault, { recursive: true, force: true });
  rmSync(cliVault, { recursive: true, force: true });
});

function markdownFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const rel of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (rel.endsWith('.md') && !rel.split(path.sep).some((part) => part.startsWith('.'))) {
      files.set(rel.split(path.sep).join('/'), readFileSync(path.join(root, rel), 'utf8'));
    }
  }
  return files;
}

it('the auto-sync on layout ready writes exactly the notes the CLI writes', async () => {
  const app = new FakeApp({ root: pluginVault });
  await configure(app, fake, { timeZone: 'Asia/Shanghai' });
  const plugin = await loadedPlugin(app);
  expect(markdownFiles(pluginVault).size).toBe(0);
  await app.triggerLayoutReady();
  await plugin.runner.idle();

  const run = await runCliInProcess(syncArgs(cliVault, fake, '--json'), {
    cwd: cliVault,
    lang: null,
    env: credentials(fake),
  });
  expect(run.code).toBe(0);
  expect(jsonReport(run).books).toHaveLength(9);

  const fromPlugin = markdownFiles(pluginVault);
  const fromCli = markdownFiles(cliVault);
  expect(fromPlugin.size).toBe(9);
  expect([...fromPlugin.keys()].sort()).toEqual([...fromCli.keys()].sort());
  for (const [file, text] of fromCli) expect(fromPlugin.get(file), file).toBe(text);
  await unloadPlugin(plugin);
});
