// Builds the command-line tool (src/node/cli.ts) into dist/cli.mjs for the `weread-sync` bin; run by `npm install` (prepare).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

await esbuild.build({
  entryPoints: ['src/node/cli.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies are bundled too, so the bin needs only Node; CommonJS ones get a real require.
  banner: {
    js: "import { createRequire as __weread_createRequire } from 'node:module'; const require = __weread_createRequire(import.meta.url);",
  },
  define: { __WEREAD_SYNC_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});
