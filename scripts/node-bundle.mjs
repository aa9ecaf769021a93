// Owns the esbuild options shared by the Node bundles (the CLI, dist/cli.mjs, and the scale benchmark's sync process).

/**
 * Bundled CommonJS dependencies get a real `require` (for Node built-ins), except for `esprima`: js-yaml (under
 * gray-matter) loads it at start-up only to offer the `!!js/function` type, which runs code from YAML and which
 * gray-matter's safeLoad never uses. Refusing it keeps that type out of reach and saves ~15–20 ms of each CLI start.
 */
const REQUIRE_BANNER = [
  "import { createRequire as __weread_createRequire } from 'node:module';",
  'const __weread_require = __weread_createRequire(import.meta.url);',
  "const require = Object.assign((id) => { if (id === 'esprima') throw new Error('esprima is not loaded'); return __weread_require(id); }, __weread_require);",
].join(' ');

/** esbuild options for a Node ESM bundle of our code and its dependencies. */
export const NODE_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: REQUIRE_BANNER },
};
