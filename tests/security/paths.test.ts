// Item 3 of issue 13: server ids are validated, note paths stay in the vault (and new notes under the notes folder),
// folder settings reject escapes, the CLI refuses symlinks out of the vault, and the cookie file is written safely.
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertNotePath } from '../../src/core/render/file-names';
import { findSettingsProblems } from '../../src/core/settings/migrate';
import { DEFAULT_SETTINGS } from '../../src/core/settings/settings';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { hostileBook, withBookId } from './helpers';
import { credentials, fakeServerFlags, runCliInProcess } from '../node/cli-harness';

let fake: FakeWeRead;
let root: string;
let vault: string;
const args = () => ['sync', '--vault', vault, ...fakeServerFlags(fake), '--json'];
/** The CLI in this process in the vault, with these credentials. */
const cli = (argv: string[], env: Record<string, string>) => runCliInProcess(argv, { cwd: vault, env });

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'weread-sec-paths-'));
  vault = path.join(root, 'vault');
  mkdirSync(vault);
});
afterEach(async () => {
  await fake?.close();
  rmSync(root, { recursive: true, force: true });
});

it('a bookId like ../../../x fails that book with a named reason and writes nothing outside the notes folder', async () => {
  const twin = hostileBook((b) => withBookId(b, '../../../x'));
  fake = await startFakeWeRead({ books: [hostileBook(() => undefined), twin] });
  const run = await cli(args(), credentials(fake));
  expect(readdirSync(root)).toEqual(['vault']);
  expect(readdirSync(vault).filter((f) => !f.startsWith('.'))).toEqual(['WeRead']);
  expect(readdirSync(path.join(vault, 'WeRead'))).toEqual(['三体.md']);
  // The entry is left out and named (the lenient list schema reports the refused id as missing).
  expect(run.out + run.err).toMatch(/books\[1\]\.bookId/);
});

it('folder settings reject .., backslashes, absolute paths and drive letters', () => {
  for (const folder of ['WeRead\\..\\..\\outside', '../up', 'a/../../b', '/etc', 'C:/Users', 'C:\\x', 'a/\u202e/b']) {
    expect(
      findSettingsProblems({ ...DEFAULT_SETTINGS, folder }).map((p) => p.key),
      folder,
    ).toContain('folder');
  }
  expect(findSettingsProblems({ ...DEFAULT_SETTINGS, folder: 'Reading/WeRead' })).toEqual([]);
});

it('every note path is checked before a write: safe, and under the notes folder when new', () => {
  expect(() => assertNotePath('WeRead/a.md', 'WeRead', true)).not.toThrow();
  expect(() => assertNotePath('Elsewhere/a.md', 'WeRead', false)).not.toThrow();
  for (const bad of [
    '../x.md',
    'WeRead/../../x.md',
    '/x.md',
    'C:/x.md',
    'WeRead\\x.md',
    '.obsidian/x.md',
    'WeRead/a\u0000.md',
  ])
    expect(() => assertNotePath(bad, 'WeRead', false), bad).toThrow(/Refusing to write/);
  expect(() => assertNotePath('Other/a.md', 'WeRead', true)).toThrow(/not under the notes folder/);
});

describe('the CLI and symlinks', () => {
  it('refuses a notes folder that is a symlink out of the vault', async () => {
    fake = await startFakeWeRead({ books: [hostileBook(() => undefined)] });
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, path.join(vault, 'WeRead'));
    const run = await cli(args(), credentials(fake));
    expect(run.code).not.toBe(0);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses a state folder that is a symlink out of the vault', async () => {
    fake = await startFakeWeRead({ books: [hostileBook(() => undefined)] });
    const outside = path.join(root, 'outside-state');
    mkdirSync(outside);
    symlinkSync(outside, path.join(vault, '.weread-sync'));
    await cli(args(), credentials(fake));
    expect(readdirSync(outside)).toEqual([]);
  });

  it('writes a renewed cookie atomically with mode 0600, and never through a symlink', async () => {
    fake = await startFakeWeRead({ books: [hostileBook(() => undefined)] });
    const cookieFile = path.join(root, 'cookie.txt');
    writeFileSync(cookieFile, fake.cookieHeader, { mode: 0o644 });
    fake.faults.expireSession({ refreshWorks: true });
    await cli([...args(), '--cookie-file', cookieFile], {});
    expect(readFileSync(cookieFile, 'utf8')).toContain(fake.skey);
    expect(statSync(cookieFile).mode & 0o777).toBe(0o600);

    const target = path.join(root, 'target.txt');
    writeFileSync(target, 'keep me');
    const link = path.join(root, 'link.txt');
    symlinkSync(target, link);
    const before = fake.cookieHeader;
    writeFileSync(target, before);
    fake.faults.expireSession({ refreshWorks: true });
    const run = await cli([...args(), '--cookie-file', link], {});
    expect(fake.skey).not.toBe(before.match(/wr_skey=(\w+)/)![1]);
    // The link is still a link, and what it points at was not rewritten with the renewed cookie.
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(before);
    expect(run.out + run.err).not.toContain(fake.skey);
  });
});
