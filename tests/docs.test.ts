// The developer docs name only what exists: every backticked `src/…`/`tests/…` path and every relative link in docs/architecture.md and tests/README.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docs = ['docs/architecture.md', 'tests/README.md'];

/** Backticked repository paths (globs such as `src/core/**` name patterns, not files, and are left out). */
function namedPaths(text: string): string[] {
  const paths = [...text.matchAll(/`((?:src|tests)\/[^`\s]*)`/g)].map((m) => m[1]!);
  return [...new Set(paths.filter((p) => !p.includes('*')))];
}

/** Targets of relative Markdown links, without their #fragment. */
function linkTargets(text: string): string[] {
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!.split('#')[0]!);
  return links.filter((l) => l !== '' && !/^[a-z]+:/i.test(l));
}

/** Text files under a folder, recursively (fixtures and built output left out). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : filesUnder(path);
    return /\.(ts|mjs|md)$/.test(entry.name) ? [path] : [];
  });
}

describe('developer docs', () => {
  for (const doc of docs) {
    const text = readFileSync(join(root, doc), 'utf8');

    it(`${doc} names only paths that exist`, () => {
      const paths = namedPaths(text);
      expect(paths.length).toBeGreaterThan(10);
      expect(paths.filter((p) => !existsSync(join(root, p)))).toEqual([]);
    });

    it(`${doc} links only to files that exist`, () => {
      const targets = linkTargets(text);
      expect(targets.length).toBeGreaterThan(0);
      expect(targets.filter((t) => !existsSync(join(root, dirname(doc), t)))).toEqual([]);
    });
  }

  it('nothing in the code cites the old design document', () => {
    // The design moved into docs/architecture.md; a citation of the old file points outside the repository.
    const oldDesign = /design\.md|design §/;
    const citing = ['src', 'tests', 'bench', 'scripts']
      .flatMap((dir) => filesUnder(join(root, dir)))
      .concat(join(root, 'eslint.config.mjs'))
      .filter((file) => file !== fileURLToPath(import.meta.url) && oldDesign.test(readFileSync(file, 'utf8')));
    expect(citing.map((file) => relative(root, file))).toEqual([]);
  });
});
