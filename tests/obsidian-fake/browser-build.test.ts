// Tests that the fake bundles for a browser (no Node built-ins, no happy-dom) with the documented esbuild plugin.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { fakeObsidianBrowserPlugin } from '../fakes/obsidian/esbuild-browser';

describe('browser build of the fake', () => {
  it('bundles with platform browser and pulls in no Node module', async () => {
    const result = await build({
      stdin: {
        contents: "import * as obsidian from 'obsidian'; (globalThis as any).obsidian = obsidian;",
        loader: 'ts',
        resolveDir: process.cwd(),
      },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [fakeObsidianBrowserPlugin()],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.endsWith('request-browser.ts'))).toBe(true);
    expect(inputs.some((p) => p.endsWith('dom-window-browser.ts'))).toBe(true);
    expect(inputs.filter((p) => /-node\.ts$|happy-dom|^node:/.test(p))).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/require\(|from "node:|"node:/);
  });

  it('fails loudly without the plugin instead of shipping Node code', async () => {
    await expect(
      build({
        stdin: { contents: "import './tests/fakes/obsidian/index';", loader: 'ts', resolveDir: process.cwd() },
        bundle: true,
        platform: 'browser',
        write: false,
        logLevel: 'silent',
      }),
    ).rejects.toThrow(/node:/);
  });
});
