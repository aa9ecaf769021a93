// Builds the plugin bundle: src/main.ts → main.js (CommonJS, browser platform, mobile-safe). `production` → one minified build; otherwise watch.
import esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const production = process.argv[2] === 'production';
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** Node built-ins (and watcher packages) some dependency mentions; in the bundle they resolve to a stub that throws if used. */
const STUBBED = new Set([...builtinModules, 'chokidar', 'fsevents']);

const stubNodeBuiltins = {
  name: 'stub-node-builtins',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (STUBBED.has(name) || STUBBED.has(name.split('/')[0]))
        return { path: here('./scripts/bundle-shims/empty.cjs') };
      return undefined;
    });
  },
};

const banner = `/* WeRead Sync — bundled by esbuild; the sources are at https://github.com/ (see README). */`;

const context = await esbuild.context({
  banner: { js: banner },
  entryPoints: [here('./src/main.ts')],
  bundle: true,
  // Provided by the app at run time. electron is required only lazily, on desktop (see src/obsidian/qr-login.ts).
  external: [
    'obsidian',
    'electron',
    '@codemirror/autocomplete',
    '@codemirror/collab',
    '@codemirror/commands',
    '@codemirror/language',
    '@codemirror/lint',
    '@codemirror/search',
    '@codemirror/state',
    '@codemirror/view',
    '@lezer/common',
    '@lezer/highlight',
    '@lezer/lr',
  ],
  format: 'cjs',
  platform: 'browser',
  // nunjucks has a browser build behind its package.json "browser" field; prefer it.
  mainFields: ['browser', 'module', 'main'],
  target: 'es2020',
  logLevel: 'info',
  sourcemap: production ? false : 'inline',
  treeShaking: true,
  minify: production,
  legalComments: 'none',
  outfile: here('./main.js'),
  define: {
    'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development'),
    'process.stdout': '__bundleNoStdout',
  },
  inject: [here('./scripts/bundle-shims/buffer.mjs')],
  plugins: [stubNodeBuiltins],
});

if (production) {
  await context.rebuild();
  await context.dispose();
} else {
  await context.watch();
}
