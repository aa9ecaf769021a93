// Issue 15 in the plugin on the obsidian fake: the auto-sync writes the reading properties and the library Base; a reader-edited Base survives; the command re-creates it.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FakeApp, resetFakeObsidian, unloadPlugin, Notice } from '../fakes/obsidian';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { parseFrontmatter } from '../../src/core/render/frontmatter';
import { LIBRARY_BASE_FILE } from '../../src/core/reading/library-base';
import { configure, manifest, notesByBookId, startedPlugin } from './helpers';

let fake: FakeWeRead;

beforeEach(async () => {
  resetFakeObsidian();
  fake = await startFakeWeRead();
});
afterEach(async () => {
  await fake.close();
});

const BASE = `WeRead/${LIBRARY_BASE_FILE}`;

it('writes reading properties and the Base; keeps the reader’s Base; “Re-create library base” writes it afresh', async () => {
  const app = new FakeApp();
  await configure(app, fake, { timeZone: 'Asia/Shanghai', readingProperties: true, libraryBase: true });
  const plugin = await startedPlugin(app);
  await plugin.runner.idle();

  const seedPath = notesByBookId(app).get('26211849')!;
  const seed = parseFrontmatter(app.vault.readPath(seedPath)!);
  expect(seed.readingStatus).toBe('读完');
  expect(seed.progress).toBe(100);
  const ours = app.vault.readPath(BASE)!;
  expect(ours).toContain('views:');

  // The reader reads on; the next sync changes that note's progress only.
  const other = notesByBookId(app).get('695233')!;
  const before = app.vault.readPath(other)!;
  fake.library.readOn('695233', { progress: 42 });
  const edited = ours.replace('limit: 50', 'limit: 10');
  await app.vault.modify(app.vault.getFileByPath(BASE)!, edited);
  await app.commands.runCommand(`${manifest.id}:sync`);
  await plugin.runner.idle();
  const after = app.vault.readPath(other)!;
  expect(parseFrontmatter(after).progress).toBe(42);
  expect(after.split('\n').filter((l) => !before.split('\n').includes(l))).toEqual(
    expect.arrayContaining(['progress: 42']),
  );
  expect(app.vault.readPath(BASE)).toBe(edited);

  Notice.reset();
  await app.commands.runCommand(`${manifest.id}:recreate-library-base`);
  expect(app.vault.readPath(BASE)).toBe(ours);
  expect(Notice.messages).toEqual([expect.stringContaining(BASE)]);
  await unloadPlugin(plugin);
});
