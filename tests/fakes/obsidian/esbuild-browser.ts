// Owns the esbuild plugin that builds the fake for a browser: 'obsidian' → this fake, and every `./x-node` module → `./x-browser`.
import type { Plugin } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FAKE_DIR = dirname(fileURLToPath(import.meta.url));

/** The fake's entry, for a build that imports it directly. */
export const FAKE_OBSIDIAN_ENTRY = join(FAKE_DIR, 'index.ts');

/**
 * Use with `platform: 'browser'`: resolves `obsidian` to the fake, and inside the fake swaps the Node-only modules
 * (request-node: node:http; disk-store-node: node:fs; dom-window-node: happy-dom) for their browser twins.
 */
export function fakeObsidianBrowserPlugin(): Plugin {
  return {
    name: 'fake-obsidian-browser',
    setup(build) {
      build.onResolve({ filter: /^obsidian$/ }, () => ({ path: FAKE_OBSIDIAN_ENTRY }));
      build.onResolve({ filter: /^\.\/[\w-]+-node$/ }, (args) => {
        if (dirname(args.importer) !== FAKE_DIR) return undefined;
        return { path: join(FAKE_DIR, `${args.path.slice(2).replace(/-node$/, '-browser')}.ts`) };
      });
    },
  };
}
