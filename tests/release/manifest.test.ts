// manifest.json follows the community directory's rules, and its minAppVersion is the newest Obsidian API the plugin relies on (read from obsidian.d.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, readJson } from './helpers';

interface Manifest {
  id: string;
  name: string;
  version: string;
  minAppVersion: string;
  description: string;
  author: string;
  isDesktopOnly: boolean;
  fundingUrl?: unknown;
}

const manifest = readJson<Manifest>(join(ROOT, 'manifest.json'));
const OBSIDIAN_DTS = readFileSync(join(ROOT, 'node_modules/obsidian/obsidian.d.ts'), 'utf8').split('\n');
const PLUGIN_SOURCES = ['src/main.ts', ...readdirSync(join(ROOT, 'src/obsidian')).map((f) => `src/obsidian/${f}`)]
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(ROOT, f), 'utf8'));

/**
 * Members the plugin calls on objects Obsidian hands it, beyond its runtime imports.
 * The test checks each is really used, so the list cannot go stale silently.
 */
const MEMBERS_USED: Array<[owner: string, member: string]> = [
  ['App', 'secretStorage'],
  ['SecretStorage', 'getSecret'],
  ['SecretStorage', 'setSecret'],
  ['Vault', 'process'],
];

const versionNumber = (v: string) => v.split('.').reduce((n, part) => n * 1000 + Number(part), 0);

/** The `@since` of the JSDoc block right above line `index` of obsidian.d.ts; '0.0.0' when it has none. */
function sinceAbove(index: number): string {
  for (let i = index - 1; i >= 0 && !OBSIDIAN_DTS[i]!.trim().startsWith('/**'); i--) {
    const match = /@since (\d+\.\d+\.\d+)/.exec(OBSIDIAN_DTS[i]!);
    if (match) return match[1]!;
    if (!/^\s*\*/.test(OBSIDIAN_DTS[i]!)) return '0.0.0';
  }
  return '0.0.0';
}

function sinceOfExport(name: string): string {
  const index = OBSIDIAN_DTS.findIndex((line) =>
    new RegExp(`^export (?:declare )?(?:abstract )?(?:class|function|interface|const|let|type|enum) ${name}\\b`).test(
      line,
    ),
  );
  if (index === -1) throw new Error(`obsidian.d.ts has no export ${name}`);
  return sinceAbove(index);
}

function sinceOfMember(owner: string, member: string): string {
  const start = OBSIDIAN_DTS.findIndex((line) =>
    new RegExp(`^export (?:abstract )?(?:class|interface) ${owner}\\b`).test(line),
  );
  if (start === -1) throw new Error(`obsidian.d.ts has no class ${owner}`);
  for (let i = start + 1; i < OBSIDIAN_DTS.length && OBSIDIAN_DTS[i] !== '}'; i++)
    if (new RegExp(`^    (?:readonly )?${member}[(<:?]`).test(OBSIDIAN_DTS[i]!)) return sinceAbove(i);
  throw new Error(`obsidian.d.ts has no ${owner}.${member}`);
}

/** Names the plugin imports from 'obsidian' as values (type-only imports cost nothing at run time). */
function runtimeImports(): string[] {
  const names = new Set<string>();
  for (const source of PLUGIN_SOURCES)
    for (const [, list] of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'obsidian'/g))
      for (const raw of list!.split(','))
        if (raw.trim() && !raw.trim().startsWith('type ')) names.add(raw.trim().split(/\s+as\s+/)[0]!);
  return [...names].sort();
}

describe('manifest.json against the directory’s rules', () => {
  it('has every required field, as a string or a boolean', () => {
    for (const key of ['id', 'name', 'version', 'minAppVersion', 'description', 'author'] as const)
      expect(manifest[key]).toEqual(expect.stringMatching(/\S/));
    expect(typeof manifest.isDesktopOnly).toBe('boolean');
  });

  it('has an id of lowercase letters, digits and dashes, without "obsidian", not ending in "plugin", matching the folder', () => {
    expect(manifest.id).toMatch(/^[a-z0-9_-]+$/);
    expect(manifest.id).not.toMatch(/obsidian/i);
    expect(manifest.id).not.toMatch(/plugin$/i);
    // The README tells readers to install into plugins/<id>/.
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`plugins/${manifest.id}/`);
  });

  it('has a name without "Obsidian", any part of it, or "plugin"', () => {
    expect(manifest.name).not.toMatch(/obsi|sidian|plugin/i);
    expect(manifest.name).not.toMatch(/^ob/i);
  });

  it('has a short English description ending with a period, without "Obsidian", self-reference or emoji', () => {
    const { description } = manifest;
    expect(description.length).toBeLessThan(250);
    expect(description).toMatch(/\.$/);
    expect(description).not.toMatch(/obsidian/i);
    expect(description).not.toMatch(/^this (is a )?(plugin|tool)|\bthis plugin\b/i);
    expect(description).toMatch(/^[\x20-\x7e]+$/); // English, no emoji or special characters
    expect(description).toMatch(/^[A-Z]/);
  });

  it('runs on mobile (isDesktopOnly false) and has no funding link it would not use', () => {
    expect(manifest.isDesktopOnly).toBe(false);
    expect(manifest.fundingUrl).toBeUndefined();
  });

  it('ships a LICENSE and a README that says what goes over the network, in both languages', () => {
    expect(existsSync(join(ROOT, 'LICENSE'))).toBe(true);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('### What goes over the network');
    expect(readme).toContain('### 网络访问');
    expect(readme).toMatch(/weread\.qq\.com.*i\.weread\.qq\.com/);
  });
});

describe('minAppVersion', () => {
  it('is x.y.z', () => {
    expect(manifest.minAppVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('is the newest Obsidian API the plugin relies on (SecretStorage arrived in 1.11.4)', () => {
    for (const [, member] of MEMBERS_USED)
      expect(PLUGIN_SOURCES.some((source) => source.includes(`.${member}(`) || source.includes(`.${member}.`))).toBe(
        true,
      );
    const sinces = [
      ...runtimeImports().map((name) => ({ api: name, since: sinceOfExport(name) })),
      ...MEMBERS_USED.map(([owner, member]) => ({ api: `${owner}.${member}`, since: sinceOfMember(owner, member) })),
    ];
    const newest = sinces.reduce((a, b) => (versionNumber(b.since) > versionNumber(a.since) ? b : a));
    expect(newest.since).toBe(sinceOfExport('SecretStorage'));
    expect(manifest.minAppVersion, `newest API used: ${newest.api}`).toBe(newest.since);
  });

  it('is older than the settings definitions API, so the settings tab keeps its display() fallback', () => {
    const settingsTab = readFileSync(join(ROOT, 'src/obsidian/settings-tab.ts'), 'utf8');
    expect(versionNumber(sinceOfMember('PluginSettingTab', 'getSettingDefinitions'))).toBeGreaterThan(
      versionNumber(manifest.minAppVersion),
    );
    expect(settingsTab).toContain('override getSettingDefinitions(');
    expect(settingsTab).toContain('override display(');
  });
});
