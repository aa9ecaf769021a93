// Shared by the release tests: the repository root, JSON reading, and js-yaml (a devDependency, the same 3.x gray-matter uses) without type declarations.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function readJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** js-yaml's `load` (3.x through gray-matter; 4.x has the same call). */
export const loadYaml = (createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }).load;
