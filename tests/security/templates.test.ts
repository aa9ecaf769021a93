// Item 1 of issue 13: a template cannot reach code — every listed escape and the known public Nunjucks escapes are
// refused with a template error, through the renderer, the settings preview, the CLI (in-process and as a real
// process) and the plugin (start-up sync and the settings tab's live preview); none of them runs its payload.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileTemplate, renderNote, TemplateError } from '../../src/core/render';
import { assembleNotebook } from '../../src/core/model/assemble';
import { SAMPLE_BOOK, SAMPLE_ENTRY } from '../../src/core/sample-book';
import { renderPreview } from '../../src/core/service';
import { DEFAULT_SETTINGS } from '../../src/core/settings/settings';
import { FakeApp, resetFakeObsidian, unloadPlugin } from '../fakes/obsidian';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { configure, startedPlugin } from '../obsidian/helpers';
import { cliProcess } from './helpers';
import { credentials, fakeServerFlags, runCliInProcess } from '../node/cli-harness';

let dir: string;
let sentinel: string;
/** JavaScript a template would run if it escaped: it writes the sentinel file and returns the environment. */
const payload = () =>
  `return process.getBuiltinModule('fs').writeFileSync('${sentinel}', 'ran') || JSON.stringify(process.env)`;

/** Every escape from the issue, plus the public ones (nunjucks#338, #1048, the 2016 "sandbox break-out" write-up). */
const ESCAPES: Array<[string, (code: string) => string]> = [
  ['range.constructor', (c) => `{{ range.constructor("${c}")() }}`],
  ['joiner.constructor.constructor', (c) => `{{ joiner.constructor.constructor("${c}")() }}`],
  ['cycler.constructor.constructor', (c) => `{{ cycler.constructor.constructor("${c}")() }}`],
  ['metaData.title.constructor.constructor', (c) => `{{ metaData.title.constructor.constructor("${c}")() }}`],
  ['string literal', (c) => `{{ "".constructor.constructor("${c}")() }}`],
  ['array literal', (c) => `{{ [].constructor.constructor("${c}")() }}`],
  ['dict literal', (c) => `{{ {}.constructor.constructor("${c}")() }}`],
  ['bare constructor (inherited by the context)', (c) => `{{ constructor.constructor("${c}")() }}`],
  [
    'constructor.__proto__.constructor (nunjucks#338)',
    (c) => `{{ metaData.constructor.__proto__.constructor("${c}")() }}`,
  ],
  ['computed member name', (c) => `{{ metaData["constr" + "uctor"]["constr" + "uctor"]("${c}")() }}`],
  ['set, then call', (c) => `{% set f = range.constructor %}{{ f("${c}")() }}`],
  ['loop variable', (c) => `{% for x in [1] %}{{ loop.constructor.constructor("${c}")() }}{% endfor %}`],
  ['macro', (c) => `{% macro m() %}{% endmacro %}{{ m.constructor("${c}")() }}`],
  ['method of a value', (c) => `{{ chapterHighlights.map.constructor("${c}")() }}`],
  ['cycler object method', (c) => `{{ cycler(1).next.constructor("${c}")() }}`],
  ['first filter result', (c) => `{{ (chapterHighlights | first).constructor.constructor("${c}")() }}`],
  [
    'Object.getOwnPropertyDescriptor',
    (c) =>
      `{{ constructor.getOwnPropertyDescriptor(constructor.getPrototypeOf(constructor), "constructor").value("${c}")() }}`,
  ],
  ['__proto__', (c) => `{{ metaData.__proto__.constructor.constructor("${c}")() }}`],
  ['join filter attribute', (c) => `{{ chapterHighlights | join(",", "constructor.constructor") }}{{ "${c}" }}`],
  ['sort filter attribute', (c) => `{{ chapterHighlights | sort(false, false, "constructor") }}{{ "${c}" }}`],
  ['filter named constructor', (c) => `{{ "${c}" | constructor }}`],
  ['test named constructor', (c) => `{{ "${c}" is constructor }}`],
];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'weread-sec-tpl-'));
  sentinel = path.join(dir, 'pwned');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const notebook = () => assembleNotebook(SAMPLE_ENTRY, SAMPLE_BOOK);

describe('the renderer', () => {
  it.each(ESCAPES)('refuses %s with a template error and runs nothing', (_name, make) => {
    const source = make(payload());
    let error: unknown;
    try {
      renderNote(notebook(), compileTemplate('evil', source), DEFAULT_SETTINGS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).message).toMatch(/Template "evil" (failed to render|uses an unknown filter)/);
    expect(existsSync(sentinel)).toBe(false);
  });

  it('still renders what templates need: variables, loops, range, cycler, joiner, macros, filters', () => {
    const source =
      '{{ metaData.title }}|{{ metaData.title.length }}|{{ range(3) | join("") }}|{% set j = joiner("/") %}' +
      '{% for c in chapterHighlights %}{{ j() }}{{ loop.index }}{% endfor %}|{{ cycler("a", "b").next() }}|' +
      '{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(1) }}|{{ chapterHighlights | length }}';
    const out = renderNote(notebook(), compileTemplate('ok', source), DEFAULT_SETTINGS);
    const title = notebook().info.title;
    expect(out.startsWith(`${title}|${title.length}|012|`)).toBe(true);
    expect(out).toMatch(/\|a\|\[1\]\|\d+$/);
  });

  it('caps range() so a template cannot exhaust memory', () => {
    expect(() =>
      renderNote(notebook(), compileTemplate('big', '{{ range(1000000000) | length }}'), DEFAULT_SETTINGS),
    ).toThrow(/range\(\) is limited/);
  });
});

describe('the settings preview (renderPreview, used by the settings tab)', () => {
  it.each(ESCAPES)('refuses %s', (_name, make) => {
    const result = renderPreview({ ...DEFAULT_SETTINGS, template: 'Templates/evil.md' }, make(payload()));
    expect(result.ok).toBe(false);
    expect(existsSync(sentinel)).toBe(false);
  });
});

describe('the CLI', () => {
  let fake: FakeWeRead;
  let vault: string;
  beforeEach(async () => {
    fake = await startFakeWeRead();
    vault = mkdtempSync(path.join(tmpdir(), 'weread-sec-vault-'));
  });
  afterEach(async () => {
    await fake.close();
    rmSync(vault, { recursive: true, force: true });
  });

  it.each(ESCAPES)('--template with %s exits 2 with a template error and writes no note', async (_name, make) => {
    const file = path.join(vault, 'evil.md');
    writeFileSync(file, `---\nbookId: "{{ metaData.bookId }}"\n---\n${make(payload())}\n`);
    const run = await runCliInProcess(['sync', '--vault', vault, '--template', file, ...fakeServerFlags(fake)], {
      cwd: vault,
      env: { ...credentials(fake), SECRET_MARK: 'do-not-print-me' },
    });
    expect(run.code).not.toBe(0);
    expect(run.err + run.out).toMatch(/[Tt]emplate/);
    expect(run.err + run.out).not.toContain('do-not-print-me');
    expect(existsSync(sentinel)).toBe(false);
    expect(existsSync(path.join(vault, 'WeRead'))).toBe(false);
  });

  it('as a real process, the three escapes of the issue neither write files nor print the environment', async () => {
    for (const [, make] of ESCAPES.slice(0, 4)) {
      const file = path.join(vault, 'evil.md');
      writeFileSync(file, `---\nbookId: "{{ metaData.bookId }}"\n---\n${make(payload())}\n`);
      const run = await cliProcess(vault, ['sync', '--vault', vault, '--template', file, ...fakeServerFlags(fake)], {
        ...credentials(fake),
        SECRET_MARK: 'do-not-print-me',
      });
      expect(run.code, run.err).not.toBe(0);
      expect(run.err + run.out).toMatch(/may not read "constructor"/);
      expect(run.err + run.out).not.toContain('do-not-print-me');
      expect(existsSync(sentinel)).toBe(false);
    }
  }, 120_000);
});

describe('the plugin', () => {
  let fake: FakeWeRead;
  beforeEach(async () => {
    resetFakeObsidian();
    fake = await startFakeWeRead();
  });
  afterEach(async () => fake.close());

  it('a template file in the vault runs nothing at start-up nor in the settings tab preview', async () => {
    const app = new FakeApp();
    const [, make] = ESCAPES[0]!;
    await app.vault.createFolder('Templates');
    await app.vault.create('Templates/evil.md', `---\nbookId: "{{ metaData.bookId }}"\n---\n${make(payload())}\n`);
    await configure(app, fake, { template: 'Templates/evil.md' });
    const plugin = await startedPlugin(app);
    await plugin.runner.idle();
    app.openSettingTab(plugin.settingTab);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(sentinel)).toBe(false);
    expect(app.vault.filePaths().filter((p) => p.startsWith('WeRead/'))).toEqual([]);
    await unloadPlugin(plugin);
  });
});
