/** The UI string lookup: `createT(lang)` for the plugin (Obsidian's language) and the CLI (the locale), in Chinese or English. */
import { en, type Dictionary, type MessageKey } from './en';
import { zh } from './zh';

export type { MessageKey, Dictionary } from './en';
export type Lang = 'en' | 'zh';

/** Values substituted for `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

/** Looks up a UI string and fills its placeholders. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export const dictionaries: Readonly<Record<Lang, Dictionary>> = { en, zh };

/** Obsidian language codes ('zh', 'zh-TW') and POSIX locales ('zh_CN.UTF-8') that start with zh are Chinese; anything else is English. */
export function langFromCode(code: string | null | undefined): Lang {
  const normalized = (code ?? '').trim().toLowerCase();
  return normalized === 'zh' ||
    normalized.startsWith('zh-') ||
    normalized.startsWith('zh_') ||
    normalized.startsWith('zh.')
    ? 'zh'
    : 'en';
}

/** Picks the language from LC_ALL, LC_MESSAGES, LANG (first set wins), as POSIX does; the CLI passes its environment. */
export function langFromLocaleEnv(env: Record<string, string | undefined>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return langFromCode(locale);
}

/** Fills `{name}` placeholders; a placeholder with no value stays as written, so a missing parameter is visible, not silent. */
export function format(template: string, params?: MessageParams): string {
  if (!params) return template;
  // `{{…}}` is matched first and kept, so only single-brace words are placeholders (no lookbehind: older iOS lacks it).
  return template.replace(/\{\{[^}]*\}\}|\{(\w+)\}/g, (whole, name: string | undefined) => {
    if (name === undefined) return whole;
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** A translator for one language; `{{title}}`-style text in strings is left alone because only single braces around a word are placeholders. */
export function createT(lang: string): Translate {
  const dictionary =
    dictionaries[typeof lang === 'string' && lang in dictionaries ? (lang as Lang) : langFromCode(lang)];
  return (key, params) => format(dictionary[key] ?? en[key], params);
}

/** The reader-facing text for a failure or skip reason code (an error kind such as 'session-expired'), if there is one. */
export function reasonText(t: Translate, kind: string | undefined): string | undefined {
  const key = `reason.${kind ?? ''}`;
  return kind && Object.prototype.hasOwnProperty.call(en, key) ? t(key as MessageKey) : undefined;
}

/** A template warning in the reader's language (by its code), else its English message. */
export function templateWarningText(t: Translate, warning: { code: string; message: string }): string {
  const key = `templateWarning.${warning.code}`;
  return Object.prototype.hasOwnProperty.call(en, key) ? t(key as MessageKey) : warning.message;
}

/** The settings-tab row whose name labels each setting in a problem message (settings without a row keep their key). */
const SETTING_LABELS: Partial<Record<string, string>> = {
  folder: 'folder',
  fileNamePattern: 'fileName',
  template: 'template',
  timeZone: 'timeZone',
  syncIntervalMinutes: 'interval',
  minHighlights: 'minHighlights',
  baseUrl: 'baseUrl',
  gatewayUrl: 'gatewayUrl',
  concurrency: 'concurrency',
  apiKeySecretName: 'apiKey',
  cookieSecretName: 'cookie',
};

/** What is wrong with a setting, in the reader's language: only the problem, or `Label: problem` with `withLabel`. */
export function settingsProblemText(
  t: Translate,
  problem: { key: string; code: string; message: string; params?: Record<string, string> },
  withLabel = false,
): string {
  const key = `settingsProblem.${problem.code}`;
  const text = Object.prototype.hasOwnProperty.call(en, key) ? t(key as MessageKey, problem.params) : problem.message;
  if (!withLabel) return text;
  const row = SETTING_LABELS[problem.key];
  const labelKey = `settings.${row ?? ''}.name`;
  const label = row && Object.prototype.hasOwnProperty.call(en, labelKey) ? t(labelKey as MessageKey) : problem.key;
  return `${label}: ${text}`;
}
