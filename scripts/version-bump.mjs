// The `version` lifecycle step of `npm version`: copies package.json's version into manifest.json and records version → minAppVersion in versions.json (working folder = cwd).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Obsidian reads plugin versions as plain x.y.z (no prerelease, no `v`). */
const PLAIN_VERSION = /^\d+\.\d+\.\d+$/;

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Brings manifest.json and versions.json in `dir` to package.json's version; returns what it wrote. */
export function bumpVersion(dir) {
  const { version } = readJson(join(dir, 'package.json'));
  if (typeof version !== 'string' || !PLAIN_VERSION.test(version))
    throw new Error(`package.json version "${version}" is not x.y.z, the only form Obsidian accepts`);
  const manifestPath = join(dir, 'manifest.json');
  const manifest = readJson(manifestPath);
  const { minAppVersion } = manifest;
  if (typeof minAppVersion !== 'string' || !PLAIN_VERSION.test(minAppVersion))
    throw new Error(`manifest.json minAppVersion "${minAppVersion}" is not x.y.z`);
  manifest.version = version;
  writeJson(manifestPath, manifest);
  const versionsPath = join(dir, 'versions.json');
  const versions = readJson(versionsPath);
  versions[version] = minAppVersion;
  writeJson(versionsPath, versions);
  return { version, minAppVersion };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  try {
    const { version, minAppVersion } = bumpVersion(process.cwd());
    console.log(`manifest.json → ${version}; versions.json: ${version} → Obsidian ${minAppVersion}`);
  } catch (err) {
    console.error(`version-bump: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
