// Headless-Chromium test of the built main.js: bundles the fake obsidian for the browser, serves a page, runs the scenario in Chromium, saves the README screenshots under docs/. Prints PASS/FAIL.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';
import { loadFixtureLibrary } from '../fakes/weread/library';
import { startFakeWeRead } from '../fakes/weread/server';
import { toBlockId } from '../../src/core/render/block-id';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = join(ROOT, 'tests/browser/dist');
const SCREENSHOT = join(ROOT, 'docs/screenshot-settings.png');
const SHOTS_DIR = join(ROOT, 'docs/screenshots');

/** The README screenshots: the page's mode, the language, the window size. */
const SHOTS: Array<{ file: string; mode: string; lang: string; size: string }> = [
  { file: 'settings-en-logged-out.png', mode: 'settings-out', lang: 'en', size: '900,2000' },
  { file: 'settings-en-logged-in.png', mode: 'settings-in', lang: 'en', size: '900,2000' },
  { file: 'settings-zh-logged-out.png', mode: 'settings-out', lang: 'zh', size: '900,2000' },
  { file: 'settings-zh-logged-in.png', mode: 'settings-in', lang: 'zh', size: '900,2000' },
  { file: 'preview-en.png', mode: 'preview', lang: 'en', size: '900,1100' },
  { file: 'preview-zh.png', mode: 'preview', lang: 'zh', size: '900,1100' },
  { file: 'failed-sync-zh.png', mode: 'failed', lang: 'zh', size: '900,300' },
  { file: 'failed-sync-en.png', mode: 'failed', lang: 'en', size: '900,300' },
  { file: 'mobile-progress-zh.png', mode: 'mobile', lang: 'zh', size: '420,300' },
  { file: 'conflict-callout-zh.png', mode: 'conflict', lang: 'zh', size: '900,700' },
];
const TIMEOUT_MS = 60_000;

interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

function chromiumBinary(): string {
  for (const candidate of [
    process.env.CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error("Chromium not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM");
}

/** The page script: the fake obsidian's browser variants replace its Node-only files. */
async function buildPage(): Promise<void> {
  await esbuild.build({
    entryPoints: [join(ROOT, 'tests/browser/page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    outfile: join(DIST, 'page.js'),
    logLevel: 'warning',
    plugins: [
      {
        name: 'fake-obsidian-browser-variants',
        setup(build) {
          build.onResolve({ filter: /-node$/ }, (args) => {
            const browser = join(args.resolveDir, `${args.path.replace(/-node$/, '-browser')}.ts`);
            return existsSync(browser) ? { path: browser } : undefined;
          });
        },
      },
    ],
  });
}

function html(config: object): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>WeRead Sync — browser test</title>
<link rel="stylesheet" href="/page.css"><link rel="stylesheet" href="/styles.css"></head><body>
<script>window.__PAGE_CONFIG__ = ${JSON.stringify(config)};</script>
<script src="/plugin.js"></script>
<script src="/page.js"></script>
</body></html>`;
}

function serve(
  config: (mode: string, lang: string) => object,
  onResult: (checks: Check[]) => void,
  onMutate: (body: { blockId: string }) => void,
): Promise<Server> {
  const mainJs = readFileSync(join(ROOT, 'main.js'), 'utf8');
  // How Obsidian evaluates a plugin: its code as the body of a function of require, module and exports.
  const pluginJs = `window.__PLUGIN_FACTORY__ = function (require, module, exports) {\n${mainJs}\n};`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (type: string, body: string | Buffer): void => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    if (req.method === 'POST' && url.pathname === '/result') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        res.writeHead(204).end();
        onResult(JSON.parse(body) as Check[]);
      });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/mutate') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        onMutate(JSON.parse(body) as { blockId: string });
        res.writeHead(204).end();
      });
      return;
    }
    if (url.pathname === '/') {
      const page = config(url.searchParams.get('mode') ?? 'scenario', url.searchParams.get('lang') ?? 'en');
      return send('text/html; charset=utf-8', html(page));
    }
    if (url.pathname === '/plugin.js') return send('text/javascript; charset=utf-8', pluginJs);
    if (url.pathname === '/page.js') return send('text/javascript; charset=utf-8', readFileSync(join(DIST, 'page.js')));
    if (url.pathname === '/page.css')
      return send('text/css; charset=utf-8', readFileSync(join(ROOT, 'tests/browser/page.css')));
    if (url.pathname === '/styles.css') return send('text/css; charset=utf-8', readFileSync(join(ROOT, 'styles.css')));
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function launch(args: string[], profile: string): ChildProcess {
  return spawn(
    chromiumBinary(),
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--no-default-browser-check',
      `--user-data-dir=${profile}`,
      ...args,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function main(): Promise<number> {
  if (!existsSync(join(ROOT, 'main.js'))) throw new Error('main.js is missing: run `npm run build` first');
  mkdirSync(DIST, { recursive: true });
  await buildPage();
  const fake = await startFakeWeRead({ books: loadFixtureLibrary(), cors: true });
  const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as object;
  let resolveResult!: (checks: Check[]) => void;
  const result = new Promise<Check[]>((resolve) => (resolveResult = resolve));
  let edits = 0;
  const server = await serve(
    (mode, lang) => ({ baseUrl: fake.baseUrl, gatewayUrl: fake.gatewayUrl, apiKey: fake.apiKey, manifest, mode, lang }),
    (checks) => resolveResult(checks),
    // The preview screenshot: WeRead edits the highlight the reader edited (a conflict), and one other book fails.
    ({ blockId }) => {
      edits += 1;
      for (const bookId of fake.library.bookIds()) {
        const mark = fake.library.get(bookId)?.bookmarks.find((b) => toBlockId(String(b.bookmarkId)) === blockId);
        if (mark)
          fake.library.editHighlight(String(mark.bookmarkId), {
            markText: `微信读书中改写的这段划线（第 ${edits} 次）。`,
          });
      }
      const other = fake.library
        .bookIds()
        .find(
          (id) =>
            !id.startsWith('MP_') &&
            !fake.library.get(id)?.bookmarks.some((b) => toBlockId(String(b.bookmarkId)) === blockId),
        );
      if (other) {
        fake.library.addHighlight(other, { markText: 'NEW' });
        fake.faults.inject({ api: '/book/bookmarklist', bookId: other, times: Infinity }, { status: 503 });
        fake.faults.inject({ api: '/web/book/bookmarklist', bookId: other, times: Infinity }, { status: 503 });
      }
    },
  );
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const profile = mkdtempSync(join(tmpdir(), 'weread-chromium-'));
  let browser: ChildProcess | null = null;
  try {
    // 1. The scenario: the page posts its checks back.
    browser = launch([`${origin}/?mode=scenario`], profile);
    let stderr = '';
    browser.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timeout = new Promise<Check[]>((resolve) =>
      setTimeout(
        () =>
          resolve([
            {
              name: 'the page reported back',
              ok: false,
              detail: `no result within ${TIMEOUT_MS} ms\n${stderr.slice(-2000)}`,
            },
          ]),
        TIMEOUT_MS,
      ).unref(),
    );
    const checks = await Promise.race([result, timeout]);
    browser.kill();
    await exited(browser);
    browser = null;

    // 2. The screenshots for the README, one Chromium per screen.
    mkdirSync(SHOTS_DIR, { recursive: true });
    for (const shot of SHOTS) {
      const file = join(SHOTS_DIR, shot.file);
      rmSync(file, { force: true });
      fake.faults.clear();
      browser = launch(
        [
          '--hide-scrollbars',
          `--window-size=${shot.size}`,
          '--virtual-time-budget=8000',
          `--screenshot=${file}`,
          `${origin}/?mode=${shot.mode}&lang=${shot.lang}`,
        ],
        profile,
      );
      const code = await Promise.race([
        exited(browser),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), TIMEOUT_MS).unref()),
      ]);
      if (code === null) browser.kill();
      browser = null;
      const size = existsSync(file) ? statSync(file).size : 0;
      checks.push({ name: `screenshot ${shot.file}`, ok: size > 3_000, detail: `${size} bytes` });
    }
    // The README's first screenshot stays where it was linked.
    copyFileSync(join(SHOTS_DIR, 'settings-en-logged-in.png'), SCREENSHOT);

    for (const c of checks)
      process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}\n`);
    const passed = checks.every((c) => c.ok);
    process.stdout.write(passed ? `\nbrowser test: PASS (${checks.length} checks)\n` : '\nbrowser test: FAIL\n');
    const failedCount = checks.filter((c) => !c.ok).length;
    process.stdout.write(`browser checks: ${checks.length - failedCount} passed, ${failedCount} failed\n`);
    return passed ? 0 : 1;
  } finally {
    browser?.kill();
    server.close();
    await fake.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`browser test: FAIL — ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
