// package.json, manifest.json and versions.json agree, and the `version` lifecycle script keeps them so on a scratch copy.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, readJson } from './helpers';

interface Manifest {
  version: string;
  minAppVersion: string;
}
const BUMP_SCRIPT = join(ROOT, 'scripts/version-bump.mjs');
const FILES = ['package.json', 'manifest.json', 'versions.json'];

describe('the three version files', () => {
  it('name the same version, and versions.json maps it to the manifest’s minAppVersion', () => {
    const pkg = readJson<{ version: string }>(join(ROOT, 'package.json'));
    const manifest = readJson<Manifest>(join(ROOT, 'manifest.json'));
    const versions = readJson<Record<string, string>>(join(ROOT, 'versions.json'));
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.version).toBe(pkg.version);
    expect(versions[pkg.version]).toBe(manifest.minAppVersion);
  });

  it('are already what the bump script writes (it changes nothing on the current version)', () => {
    const scratch = scratchCopy();
    execFileSync(process.execPath, [BUMP_SCRIPT], { cwd: scratch, stdio: 'pipe' });
    for (const file of FILES)
      expect(readFileSync(join(scratch, file), 'utf8')).toBe(readFileSync(join(ROOT, file), 'utf8'));
  });

  it('npm version runs the bump script and stages both files, and tags without a "v"', () => {
    const pkg = readJson<{ scripts: Record<string, string> }>(join(ROOT, 'package.json'));
    expect(pkg.scripts.version).toBe('node scripts/version-bump.mjs && git add manifest.json versions.json');
    expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).toMatch(/^tag-version-prefix=""$/m);
  });
});

describe('scripts/version-bump.mjs on a scratch copy', () => {
  let scratch = '';
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('copies the new version into manifest.json and adds it to versions.json, keeping older entries', () => {
    scratch = scratchCopy();
    const before = readJson<Record<string, string>>(join(scratch, 'versions.json'));
    const minAppVersion = readJson<Manifest>(join(scratch, 'manifest.json')).minAppVersion;
    const next = nextMinor(readJson<{ version: string }>(join(scratch, 'package.json')).version);
    setPackageVersion(scratch, next);

    const out = execFileSync(process.execPath, [BUMP_SCRIPT], { cwd: scratch, encoding: 'utf8' });

    expect(out).toContain(next);
    const manifest = readJson<Manifest & Record<string, unknown>>(join(scratch, 'manifest.json'));
    expect(manifest.version).toBe(next);
    expect(manifest.minAppVersion).toBe(minAppVersion);
    // Everything else in the manifest is untouched.
    const original = readJson<Record<string, unknown>>(join(ROOT, 'manifest.json'));
    expect({ ...manifest, version: original.version }).toEqual(original);
    expect(readJson(join(scratch, 'versions.json'))).toEqual({ ...before, [next]: minAppVersion });
    // The repository's own files are untouched: the script works in its cwd.
    expect(readJson<Manifest>(join(ROOT, 'manifest.json')).version).not.toBe(next);
  });

  it('refuses a version Obsidian cannot read and leaves the files alone', () => {
    scratch = scratchCopy();
    setPackageVersion(scratch, '1.0.0-beta.1');
    const manifestBefore = readFileSync(join(scratch, 'manifest.json'), 'utf8');

    const result = spawnSync(process.execPath, [BUMP_SCRIPT], { cwd: scratch, encoding: 'utf8' });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('1.0.0-beta.1');
    expect(readFileSync(join(scratch, 'manifest.json'), 'utf8')).toBe(manifestBefore);
  });
});

function scratchCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'weread-version-'));
  for (const file of FILES) copyFileSync(join(ROOT, file), join(dir, file));
  return dir;
}

function setPackageVersion(dir: string, version: string): void {
  const pkg = readJson(join(dir, 'package.json'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ ...pkg, version }, null, 2)}\n`);
}

function nextMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${(minor ?? 0) + 1}.0`;
}
