// The note renderer of the service: a renderer recorded in the state (its recipe) is made again exactly, whatever the settings of now.
import { describe, expect, it } from 'vitest';
import { builtInTemplate } from '../../src/core/render';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings/settings';
import { createRenderer } from '../../src/core/service';

const SETTINGS: Settings = { ...DEFAULT_SETTINGS, timeZone: 'Asia/Shanghai' };

describe('createRenderer recipes', () => {
  it('makes again the renderer of a sync before popular highlights were switched on (same fingerprint)', () => {
    const template = builtInTemplate(SETTINGS.template);
    const before = createRenderer({ ...SETTINGS, popularHighlights: false }, template);
    const now = createRenderer({ ...SETTINGS, popularHighlights: true }, template);
    expect(now.fingerprint).not.toBe(before.fingerprint);
    // The older base must be re-rendered as it was, or the merge loses its base and the reader's notes conflict.
    expect(now.fromRecipe!(before.recipe!)?.fingerprint).toBe(before.fingerprint);
    expect(before.fromRecipe!(now.recipe!)?.fingerprint).toBe(now.fingerprint);
  });
});
