/** The built-in templates by name. */
import { CALLOUTS_TEMPLATE } from './callouts';
import { DEFAULT_TEMPLATE } from './default';
import { SEPARATED_TEMPLATE } from './separated';
import { WEREAD_EXPORT_TEMPLATE } from './weread-export';

export const BUILT_IN_TEMPLATES = {
  default: DEFAULT_TEMPLATE,
  callouts: CALLOUTS_TEMPLATE,
  separated: SEPARATED_TEMPLATE,
  'weread-export': WEREAD_EXPORT_TEMPLATE,
} as const;

export type BuiltInTemplateName = keyof typeof BUILT_IN_TEMPLATES;

export { CALLOUTS_TEMPLATE, DEFAULT_TEMPLATE, SEPARATED_TEMPLATE, WEREAD_EXPORT_TEMPLATE };
