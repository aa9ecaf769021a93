// The GitHub workflows parse, and say what .ci/run and the release need: npm test and the browser suite on every push; a tagged release with the three plugin files and the CLI.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLUGIN_FILES } from './release-files';
import { ROOT, loadYaml, readJson } from './helpers';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  container?: string;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = join(ROOT, '.github/workflows');
const load = (file: string) => loadYaml(readFileSync(join(WORKFLOWS, file), 'utf8')) as Workflow;
const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);
const runs = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n');

/** GitHub's filter patterns (`*`, `+`, `?`, `[…]`) as a regex, enough to check which tags trigger a release. */
function githubPattern(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '.?';
    else if ('+[]-'.includes(char)) source += char;
    else source += char.replace(/[.\\^$(){}|]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

describe('every workflow', () => {
  const files = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file));

  it('is the CI or the release workflow', () => {
    expect(files.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it.each(files)('%s parses into jobs whose steps each use or run something', (file) => {
    const workflow = load(file);
    expect(workflow.name).toEqual(expect.any(String));
    expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
    for (const job of Object.values(workflow.jobs)) {
      expect(job['runs-on']).toBe('ubuntu-latest');
      expect(job.steps.length).toBeGreaterThan(0);
      for (const step of job.steps) expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true);
    }
  });

  it.each(files)('%s uses no actions but checkout and setup-node, on Node 20', (file) => {
    for (const step of steps(load(file)).filter((s) => s.uses)) {
      expect(step.uses).toMatch(/^actions\/(checkout|setup-node)@v\d+$/);
      if (step.uses!.startsWith('actions/setup-node')) expect(step.with?.['node-version']).toBe(20);
    }
  });

  it.each(files)('%s runs only npm scripts that exist and scripts that are in the repository', (file) => {
    const scripts = readJson<{ scripts: Record<string, string> }>(join(ROOT, 'package.json')).scripts;
    for (const step of steps(load(file))) {
      for (const [, name] of (step.run ?? '').matchAll(/npm (?:run )?([\w:-]+)/g))
        if (!['ci', 'run'].includes(name!)) expect(scripts, `npm script "${name}"`).toHaveProperty(name!);
      for (const [path] of (step.run ?? '').matchAll(/scripts\/[\w.-]+\.mjs/g))
        expect(existsSync(join(ROOT, path))).toBe(true);
    }
  });
});

describe('ci.yml', () => {
  const ci = load('ci.yml');

  it('runs on every push and pull request', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
  });

  it('does what .ci/run does: a clean install, then npm test', () => {
    const job = Object.values(ci.jobs).find((j) => /^\s*npm test\s*$/m.test(runs(j)));
    expect(job).toBeDefined();
    const order = runs(job!);
    expect(order.indexOf('npm ci')).toBeGreaterThan(-1);
    expect(order.indexOf('npm ci')).toBeLessThan(order.indexOf('npm test'));
    expect(job!.steps[0]!.uses).toMatch(/^actions\/checkout@/);
  });

  it('runs the browser suite with Debian’s chromium and the CJK font, installed before it runs', () => {
    const job = Object.values(ci.jobs).find((j) => runs(j).includes('npm run test:browser'));
    expect(job).toBeDefined();
    expect(job!.container).toMatch(/^debian:/);
    const text = runs(job!);
    expect(text).toMatch(/apt-get install[^\n]*(\\\n[^\n]*)*chromium/);
    expect(text).toContain('fonts-wqy-microhei');
    expect(text.indexOf('chromium')).toBeLessThan(text.indexOf('npm run test:browser'));
    // .ci/run installs the same two packages.
    const ciRun = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(ciRun).toContain('chromium fonts-wqy-microhei');
  });
});

describe('release.yml', () => {
  const release = load('release.yml');
  const job = Object.values(release.jobs)[0]!;
  const pattern = githubPattern(((release.on.push as { tags: string[] }).tags ?? [])[0] ?? '');

  it('runs on bare version tags, the form Obsidian reads, and not on v-prefixed ones', () => {
    expect(Object.keys(release.on)).toEqual(['push']);
    for (const tag of ['0.1.0', '1.12.3']) expect(tag).toMatch(pattern);
    for (const tag of ['v0.1.0', '0.1', 'latest']) expect(tag).not.toMatch(pattern);
  });

  it('may write releases, and nothing more', () => {
    expect(release.permissions).toEqual({ contents: 'write' });
  });

  it('tests, builds through release:build with the tag checked, and takes the notes from CHANGELOG.md', () => {
    const text = runs(job);
    const order = ['npm ci', 'npm test', 'npm run release:build -- --tag "$GITHUB_REF_NAME"'];
    order.forEach((command) => expect(text).toContain(command));
    expect(order.map((command) => text.indexOf(command))).toEqual(
      order.map((command) => text.indexOf(command)).sort((a, b) => a - b),
    );
    expect(text).toMatch(
      /node scripts\/changelog-section\.mjs "\$GITHUB_REF_NAME" > "\$RUNNER_TEMP\/release-notes\.md"/,
    );
  });

  it('creates the GitHub release with main.js, manifest.json, styles.css and the CLI tarball attached', () => {
    const create = job.steps.find((step) => step.run?.includes('gh release create'));
    expect(create).toBeDefined();
    expect(create!.env?.GH_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}');
    const command = create!.run!.replace(/\\\n\s*/g, ' ');
    for (const file of PLUGIN_FILES) expect(command).toContain(` release/${file}`);
    expect(command).toContain('"release/weread-sync-$GITHUB_REF_NAME.tgz"');
    expect(command).toContain('--notes-file "$RUNNER_TEMP/release-notes.md"');
    expect(command).toContain('--verify-tag');
    // The create step comes last: nothing is published before the build and the notes exist.
    expect(job.steps.at(-1)).toBe(create);
  });
});
