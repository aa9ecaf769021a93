// Builds the command-line tool (src/node/cli.ts) into dist/cli.mjs for the `weread-sync` bin; run by `npm install` (prepare).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { NODE_BUNDLE_OPTIONS } from './scripts/node-bundle.mjs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

await esbuild.build({
  entryPoints: ['src/node/cli.ts'],
  outfile: 'dist/cli.mjs',
  // Dependencies are bundled too, so the bin needs only Node.
  ...NODE_BUNDLE_OPTIONS,
  define: { __WEREAD_SYNC_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
});
