// `npm run release:build`: the release workflow's build steps, runnable locally — build and check the plugin, then gather main.js, manifest.json, styles.css and the packed CLI in release/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What Obsidian downloads from a GitHub release: these three, attached one by one. */
export const PLUGIN_FILES = ['main.js', 'manifest.json', 'styles.css'];

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Problems that make `tag` the wrong tag for the sources in `root` (empty when it is right). */
export function tagProblems(root, tag) {
  const problems = [];
  if (tag.startsWith('v')) problems.push(`tag "${tag}" starts with "v": Obsidian wants the bare version (e.g. 1.2.3)`);
  const bare = tag.replace(/^v/, '');
  const { version } = readJson(join(root, 'package.json'));
  const manifest = readJson(join(root, 'manifest.json'));
  const versions = readJson(join(root, 'versions.json'));
  if (version !== bare) problems.push(`package.json version is ${version}, the tag says ${bare}`);
  if (manifest.version !== bare) problems.push(`manifest.json version is ${manifest.version}, the tag says ${bare}`);
  if (versions[bare] !== manifest.minAppVersion)
    problems.push(
      `versions.json maps ${bare} to ${versions[bare]}, manifest.json's minAppVersion is ${manifest.minAppVersion}`,
    );
  return problems;
}

/** Builds (unless skipped) and fills `outDir` with the plugin files and the CLI tarball; returns the file names. */
export function releaseBuild(root, { outDir = join(root, 'release'), skipBuild = false, tag = null } = {}) {
  // Without a tag (a local dry run), the version files must still agree with package.json.
  const problems = tagProblems(root, tag ?? readJson(join(root, 'package.json')).version);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const run = (args) => execFileSync(npm, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (!skipBuild) {
    run(['run', 'build']); // esbuild production bundle + scripts/check-bundle.mjs
    run(['run', 'build:cli']);
  }
  for (const file of [...PLUGIN_FILES, 'dist/cli.mjs'])
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run npm run build and npm run build:cli`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const file of PLUGIN_FILES) copyFileSync(join(root, file), join(outDir, file));
  // The CLI was just built; --ignore-scripts keeps `prepare` from rebuilding it while it is packed.
  execFileSync(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', outDir], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return readdirSync(outDir).sort();
}

function parseArgs(argv) {
  const options = { skipBuild: false, tag: null, outDir: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--skip-build') options.skipBuild = true;
    else if (arg === '--tag') options.tag = (argv[++i] ?? '').replace(/^refs\/tags\//, '');
    else if (arg === '--out') options.outDir = resolve(argv[++i] ?? 'release');
    else throw new Error(`unknown option ${arg} (use --tag <version>, --out <dir>, --skip-build)`);
  }
  return options;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  try {
    const options = parseArgs(process.argv.slice(2));
    const root = fileURLToPath(new URL('..', import.meta.url));
    const files = releaseBuild(root, options);
    console.log(`release files in ${options.outDir ?? join(root, 'release')}: ${files.join(', ')}`);
  } catch (err) {
    console.error(`release-build: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
