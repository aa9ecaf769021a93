// `npm run release:build`'s cheap parts on the real repository: the tag check, and gathering the plugin files and the packed CLI (the build itself is `npm run build`, run by npm test).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_FILES, releaseBuild, tagProblems } from './release-files';
import { ROOT, readJson } from './helpers';

const VERSION = readJson<{ version: string }>(join(ROOT, 'package.json')).version;

describe('the tag check', () => {
  it('accepts the bare current version', () => {
    expect(tagProblems(ROOT, VERSION)).toEqual([]);
  });

  it('refuses a v prefix, and a version the files do not carry', () => {
    expect(tagProblems(ROOT, `v${VERSION}`).join('\n')).toContain('starts with "v"');
    const problems = tagProblems(ROOT, '99.0.0');
    expect(problems.join('\n')).toContain('package.json version is');
    expect(problems.join('\n')).toContain('manifest.json version is');
    expect(problems.join('\n')).toContain('versions.json maps 99.0.0');
  });
});

describe('release-build --skip-build', () => {
  const out = mkdtempSync(join(tmpdir(), 'weread-release-'));
  let files: string[] = [];

  beforeAll(() => {
    // npm test builds both before vitest; alone, build what is missing (the same commands release:build runs).
    if (!existsSync(join(ROOT, 'main.js')))
      execFileSync(process.execPath, ['esbuild.config.mjs', 'production'], { cwd: ROOT, stdio: 'pipe' });
    if (!existsSync(join(ROOT, 'dist/cli.mjs')))
      execFileSync(process.execPath, ['esbuild.cli.mjs'], { cwd: ROOT, stdio: 'pipe' });
    files = releaseBuild(ROOT, { outDir: join(out, 'release'), skipBuild: true, tag: VERSION });
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('puts exactly the three plugin files and the CLI tarball in the folder', () => {
    expect(files).toEqual([...PLUGIN_FILES, `weread-sync-${VERSION}.tgz`].sort());
    for (const file of PLUGIN_FILES)
      expect(readFileSync(join(out, 'release', file))).toEqual(readFileSync(join(ROOT, file)));
  });

  it('packs a CLI that runs from the tarball alone (its dependencies are bundled)', () => {
    const tarball = join(out, 'release', `weread-sync-${VERSION}.tgz`);
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(listing).toEqual(
      expect.arrayContaining(['package/bin/weread-sync.mjs', 'package/dist/cli.mjs', 'package/LICENSE']),
    );
    expect(listing.filter((path) => path.startsWith('package/src/') || path.startsWith('package/tests/'))).toEqual([]);
    execFileSync('tar', ['-xzf', tarball, '-C', out]);
    const result = spawnSync(process.execPath, [join(out, 'package/bin/weread-sync.mjs'), '--version'], {
      cwd: out,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(VERSION);
  });

  it('stops before writing anything when the tag is wrong', () => {
    const script = join(ROOT, 'scripts/release-build.mjs');
    const target = join(out, 'wrong-tag');
    const result = spawnSync(process.execPath, [script, '--skip-build', '--out', target, '--tag', 'v0.0.1'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('starts with "v"');
    expect(existsSync(target)).toBe(false);
  });
});
