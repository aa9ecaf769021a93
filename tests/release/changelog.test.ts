// CHANGELOG.md has the current version's entry and an Unreleased section; scripts/changelog-section.mjs prints exactly one version's notes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { changelogSection } from '../../scripts/changelog-section.mjs';
import { ROOT, readJson } from './helpers';

const section = changelogSection as (changelog: string, version: string) => string | null;
const SCRIPT = join(ROOT, 'scripts/changelog-section.mjs');
const CHANGELOG = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
const VERSION = readJson<{ version: string }>(join(ROOT, 'package.json')).version;

const SAMPLE = [
  '# Changelog',
  '',
  '## [Unreleased]',
  '',
  '- coming',
  '',
  '## [1.2.0] - 2027-01-02',
  '',
  '### Fixed',
  '',
  '- second',
  '',
  '## [1.1.0] - 2026-12-01',
  '',
  '- first',
  '',
  '[Unreleased]: https://example.invalid/compare/1.2.0...HEAD',
  '[1.2.0]: https://example.invalid/1.2.0',
  '',
].join('\n');

describe('changelogSection', () => {
  it('returns the body of one version, up to the next version', () => {
    expect(section(SAMPLE, '1.2.0')).toBe('### Fixed\n\n- second\n');
  });

  it('stops at the link definitions after the last version', () => {
    expect(section(SAMPLE, '1.1.0')).toBe('- first\n');
  });

  it('finds no version that is only a prefix of another, and none that is missing', () => {
    expect(section(SAMPLE, '1.2')).toBeNull();
    expect(section(SAMPLE, '2.0.0')).toBeNull();
  });

  it('reads CRLF files', () => {
    expect(section(SAMPLE.replace(/\n/g, '\r\n'), '1.1.0')).toBe('- first\n');
  });
});

describe('CHANGELOG.md', () => {
  it('has an Unreleased section above the current version’s entry, with a date', () => {
    const unreleased = CHANGELOG.indexOf('## [Unreleased]');
    const current = CHANGELOG.search(
      new RegExp(`^## \\[${VERSION.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
    );
    expect(unreleased).toBeGreaterThan(-1);
    expect(current).toBeGreaterThan(unreleased);
    expect(section(CHANGELOG, VERSION)).toMatch(/^### Added$/m);
  });

  it('gives the release notes through the script, run as the release workflow runs it', () => {
    const result = spawnSync(process.execPath, [SCRIPT, VERSION], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(section(CHANGELOG, VERSION));
    expect(result.stdout).not.toContain('## [');
  });

  it('makes the script fail, naming the version, when the entry is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'weread-changelog-'));
    try {
      writeFileSync(join(dir, 'CHANGELOG.md'), SAMPLE);
      const result = spawnSync(process.execPath, [SCRIPT, '3.0.0'], { cwd: dir, encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('3.0.0');
      const found = spawnSync(process.execPath, [SCRIPT, 'refs/tags/1.2.0'], { cwd: dir, encoding: 'utf8' });
      expect(found.stdout).toBe('### Fixed\n\n- second\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
