// The release script's list of plugin files, typed for the tests (scripts/release-build.mjs has no declarations).
// @ts-expect-error -- a plain .mjs script without type declarations
import * as releaseBuildModule from '../../scripts/release-build.mjs';

interface ReleaseBuild {
  PLUGIN_FILES: string[];
  tagProblems(root: string, tag: string): string[];
  releaseBuild(root: string, options?: { outDir?: string; skipBuild?: boolean; tag?: string | null }): string[];
}

export const { PLUGIN_FILES, tagProblems, releaseBuild } = releaseBuildModule as ReleaseBuild;
