// Types of scripts/node-bundle.mjs for the TypeScript that imports it (bench/scale.ts).
import type { BuildOptions } from 'esbuild';

export declare const NODE_BUNDLE_OPTIONS: BuildOptions;
