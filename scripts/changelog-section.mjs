// Prints one version's section of CHANGELOG.md (the GitHub release notes): `node scripts/changelog-section.mjs <version>`, from cwd.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The body under `## [version]` up to the next `## ` heading or the link references; null when absent or empty. */
export function changelogSection(changelog, version) {
  const lines = changelog.split(/\r?\n/);
  const heading = (line) => /^## /.test(line);
  const start = lines.findIndex((line) => heading(line) && line.replace(/^## +/, '').startsWith(`[${version}]`));
  if (start === -1) return null;
  const body = [];
  for (const line of lines.slice(start + 1)) {
    // The next release's heading, or the `[x.y.z]: https://…` link definitions at the end of the file.
    if (heading(line) || /^\[[^\]]+\]:\s/.test(line)) break;
    body.push(line);
  }
  const text = body.join('\n').trim();
  return text === '' ? null : `${text}\n`;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const version = (process.argv[2] ?? '').replace(/^refs\/tags\//, '');
  if (version === '') {
    console.error('usage: node scripts/changelog-section.mjs <version>');
    process.exit(2);
  }
  const section = changelogSection(readFileSync(join(process.cwd(), 'CHANGELOG.md'), 'utf8'), version);
  if (section === null) {
    console.error(`CHANGELOG.md has no entry for ${version}: add a "## [${version}] - YYYY-MM-DD" section`);
    process.exit(1);
  }
  process.stdout.write(section);
}
