#!/usr/bin/env node
// The weread-sync command: runs the CLI bundle that `npm install` builds (see esbuild.cli.mjs).
import { main } from '../dist/cli.mjs';
await main();
