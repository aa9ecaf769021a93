/** The one presenter of failures: any error or failure kind → summary, next step and detail in the reader's language, in the runner's terms. */
import { errorKindOf, isAbortError } from '../weread/errors';
import { redact } from '../weread/redact';
import { langFromCode, type Lang } from './index';

/** Who shows the message: the plugin names settings, the CLI names environment variables and flags. */
export type Runner = 'plugin' | 'cli';

export interface PresentOptions {
  /** 'zh' / 'en', or any language code or locale (zh-TW, zh_CN.UTF-8). */
  lang: string;
  runner: Runner;
  /** Which credentials are set, when known: says which one WeRead rejected. */
  credentials?: { apiKey: boolean; cookie: boolean };
}

export interface PresentedError {
  /** The failure's kind ('session-expired', 'syntax', 'malformed-cookie', …; 'unknown' when unclassified). */
  kind: string;
  /** What went wrong, one sentence in the reader's language, ending in its punctuation. */
  summary: string;
  /** What to do, one sentence in the reader's language and the runner's terms. */
  nextStep?: string;
  /** The technical facts (endpoint, codes, the original message; English, redacted) for logs, `--json` and reports. */
  detail?: string;
}

/** A sentence per language. */
interface Both {
  en: string;
  zh: string;
}

interface KindText {
  summary: Both;
  /** Same next step for both runners, or per runner. */
  next?: Both | Record<Runner, Both>;
}

const SAME_AS_CLI_COOKIE: Both = {
  en: 'Put a fresh cookie in WEREAD_COOKIE or the --cookie-file, or use WEREAD_API_KEY.',
  zh: '请在 WEREAD_COOKIE 或 --cookie-file 中提供新的 Cookie，或改用 WEREAD_API_KEY。',
};

/** A network failure and a timeout have one remedy. */
const CHECK_CONNECTION: Both = { en: 'Check the internet connection and try again.', zh: '请检查网络连接后重试。' };

const TEMPLATE_NEXT: Record<Runner, Both> = {
  cli: { en: 'Fix the template given with --template.', zh: '请修改 --template 指定的模板。' },
  plugin: { en: 'Fix the template chosen in the settings.', zh: '请修改设置中选择的模板。' },
};

const KINDS: Record<string, KindText> = {
  'session-expired': {
    summary: { en: 'The WeRead login has expired.', zh: '微信读书登录已过期。' },
    next: {
      cli: SAME_AS_CLI_COOKIE,
      plugin: {
        en: 'Log in again, or paste a fresh cookie, under Account in the settings.',
        zh: '请在设置的“账号”中重新登录或粘贴新的 Cookie。',
      },
    },
  },
  'bad-credential': {
    summary: { en: 'WeRead did not accept the API key or the cookie.', zh: '微信读书不接受此 API 密钥或 Cookie。' },
    next: {
      cli: {
        en: 'Check WEREAD_API_KEY, WEREAD_COOKIE or the --cookie-file.',
        zh: '请检查 WEREAD_API_KEY、WEREAD_COOKIE 或 --cookie-file。',
      },
      plugin: {
        en: 'Check the API key and the cookie under Account in the settings.',
        zh: '请在设置的“账号”中检查 API 密钥和 Cookie。',
      },
    },
  },
  'bad-api-key': {
    summary: { en: 'WeRead did not accept the API key.', zh: '微信读书不接受此 API 密钥。' },
    next: {
      cli: {
        en: 'Check WEREAD_API_KEY: copy the key again from the page where WeRead issues it.',
        zh: '请检查 WEREAD_API_KEY：从微信读书签发密钥的页面重新复制。',
      },
      plugin: {
        en: 'Check the API key under Account in the settings.',
        zh: '请在设置的“账号”中检查 API 密钥。',
      },
    },
  },
  'bad-cookie': {
    summary: { en: 'WeRead did not accept the cookie.', zh: '微信读书不接受此 Cookie。' },
    next: {
      cli: SAME_AS_CLI_COOKIE,
      plugin: {
        en: 'Log in again, or paste a fresh cookie, under Account in the settings.',
        zh: '请在设置的“账号”中重新登录或粘贴新的 Cookie。',
      },
    },
  },
  'malformed-cookie': {
    summary: {
      en: 'The WeRead cookie is malformed: it has no wr_vid and wr_skey.',
      zh: '微信读书 Cookie 格式有误：缺少 wr_vid 和 wr_skey。',
    },
    next: {
      cli: {
        en: 'Put the whole Cookie header of a logged-in weread.qq.com page in WEREAD_COOKIE or the --cookie-file.',
        zh: '请把已登录的 weread.qq.com 页面的完整 Cookie 放入 WEREAD_COOKIE 或 --cookie-file。',
      },
      plugin: {
        en: 'Paste the whole cookie of a logged-in weread.qq.com page under Account in the settings.',
        zh: '请在设置的“账号”中粘贴已登录的 weread.qq.com 页面的完整 Cookie。',
      },
    },
  },
  'not-configured': {
    summary: { en: 'No WeRead API key or cookie is set.', zh: '没有设置微信读书 API 密钥或 Cookie。' },
    next: {
      cli: {
        en: 'Set WEREAD_API_KEY or WEREAD_COOKIE, or pass --cookie-file.',
        zh: '请设置 WEREAD_API_KEY 或 WEREAD_COOKIE，或使用 --cookie-file。',
      },
      plugin: {
        en: 'Add an API key or a cookie under Account in the settings.',
        zh: '请在设置的“账号”中填写 API 密钥或 Cookie。',
      },
    },
  },
  throttled: {
    summary: { en: 'WeRead asked us to slow down.', zh: '微信读书要求放慢请求速度。' },
    next: {
      cli: {
        en: 'Try again in a few minutes, or with a lower --concurrency.',
        zh: '请几分钟后再试，或调低 --concurrency。',
      },
      plugin: { en: 'Try again in a few minutes.', zh: '请几分钟后再试。' },
    },
  },
  server: {
    summary: { en: 'WeRead had a server problem.', zh: '微信读书服务器出错。' },
    next: { en: 'Try again later; nothing was lost.', zh: '请稍后再试，内容不会丢失。' },
  },
  network: { summary: { en: 'Could not reach WeRead.', zh: '无法连接微信读书。' }, next: CHECK_CONNECTION },
  timeout: { summary: { en: 'WeRead did not answer in time.', zh: '微信读书未能及时响应。' }, next: CHECK_CONNECTION },
  'bad-data': {
    summary: {
      en: 'WeRead sent data that could not be read; the note was left as it was.',
      zh: '微信读书返回了无法读取的数据，笔记保持原样。',
    },
    next: {
      en: 'Try again later; if it keeps happening, report it with the details.',
      zh: '请稍后再试；如果反复出现，请附上详细信息报告此问题。',
    },
  },
  bug: {
    summary: {
      en: 'WeRead refused a request as malformed: a bug in WeRead Sync.',
      zh: '微信读书拒绝了一个格式有误的请求：这是同步工具的缺陷。',
    },
    next: { en: 'Please report it with the details.', zh: '请附上详细信息报告此问题。' },
  },
  cancelled: {
    summary: { en: 'The sync was cancelled.', zh: '同步已取消。' },
    next: { en: 'Notes already written are kept; the rest sync next time.', zh: '已写入的笔记保留，其余的下次同步。' },
  },
  syntax: { summary: { en: 'The template has a syntax error.', zh: '模板有语法错误。' }, next: TEMPLATE_NEXT },
  render: { summary: { en: 'The template failed for this book.', zh: '模板渲染此书时出错。' }, next: TEMPLATE_NEXT },
  frontmatter: {
    summary: {
      en: 'The template produced frontmatter that is not valid YAML.',
      zh: '模板生成的笔记属性不是有效的 YAML。',
    },
    next: TEMPLATE_NEXT,
  },
  'unknown-template': {
    summary: { en: 'The chosen template was not found.', zh: '找不到所选的模板。' },
    next: {
      cli: {
        en: 'Use --template default, callouts, separated, weread-export or the path of a .md file.',
        zh: '请在 --template 中使用 default、callouts、separated、weread-export 或 .md 文件的路径。',
      },
      plugin: { en: 'Choose a template in the settings.', zh: '请在设置中选择模板。' },
    },
  },
  'note-changed': {
    summary: { en: 'The note was edited while it was being synced.', zh: '同步期间笔记被修改。' },
    next: { en: 'It will be merged on the next sync.', zh: '将在下次同步时合并。' },
  },
  'needs-cookie': {
    summary: {
      en: 'Official-account (公众号) articles need the WeRead cookie; the API key cannot read them.',
      zh: '公众号文章需要微信读书 Cookie，API 密钥无法读取。',
    },
    next: {
      cli: {
        en: 'Set WEREAD_COOKIE or pass --cookie-file to sync them.',
        zh: '如需同步，请设置 WEREAD_COOKIE 或使用 --cookie-file。',
      },
      plugin: {
        en: 'Add a cookie under Account in the settings to sync them.',
        zh: '如需同步，请在设置的“账号”中填写 Cookie。',
      },
    },
  },
  'note-deleted': {
    summary: {
      en: 'You deleted this note; it is not written again.',
      zh: '你已删除这篇笔记，不会再次生成。',
    },
    next: {
      cli: {
        en: 'To bring it back, run with --force (or delete its entry in .weread-sync).',
        zh: '如需恢复，请使用 --force 运行（或删除 .weread-sync 中它的记录）。',
      },
      plugin: {
        en: 'To bring it back, use "Sync current book", "Force full sync" or "Restore deleted notes" in the settings.',
        zh: '如需恢复，请使用“同步当前书籍”“强制完整同步”或设置中的“恢复已删除的笔记”。',
      },
    },
  },
  unknown: {
    summary: { en: 'Something unexpected went wrong.', zh: '发生了意外错误。' },
    next: { en: 'Please report it with the details.', zh: '请附上详细信息报告此问题。' },
  },
};

/** Kinds whose technical detail the reader needs to act (to report it, or to find the faulty template line). */
const DETAIL_FOR_READER = new Set(['bad-data', 'bug', 'unknown', 'syntax', 'render', 'frontmatter']);

function pick(text: Both, lang: Lang): string {
  return text[lang];
}

function nextFor(entry: KindText, runner: Runner, lang: Lang): string | undefined {
  if (!entry.next) return undefined;
  const next = 'en' in entry.next ? entry.next : entry.next[runner];
  return pick(next, lang);
}

/** V1 web endpoints (`/web/…`, `/api/…`) use the cookie; gateway api names use the API key. */
function credentialOfEndpoint(endpoint: unknown): 'cookie' | 'api-key' | undefined {
  if (typeof endpoint !== 'string' || endpoint === '') return undefined;
  return /^\/(web|api)\//.test(endpoint) ? 'cookie' : 'api-key';
}

/** 'bad-credential' narrowed to the credential that was rejected, when it can be told. */
function narrowKind(kind: string, e: unknown, options: PresentOptions): string {
  if (kind !== 'bad-credential') return kind;
  const set = options.credentials;
  const which =
    set && set.apiKey !== set.cookie
      ? set.apiKey
        ? 'api-key'
        : 'cookie'
      : credentialOfEndpoint((e as { endpoint?: unknown } | null)?.endpoint);
  return which === 'api-key' ? 'bad-api-key' : which === 'cookie' ? 'bad-cookie' : kind;
}

/** A failure recorded by kind and message (a report's `errorKind` / `error`), in the reader's language. */
export function presentFailure(
  kind: string | undefined,
  technical: string | undefined,
  options: PresentOptions,
  source?: unknown,
): PresentedError {
  const lang = langFromCode(options.lang);
  const known = kind !== undefined && Object.prototype.hasOwnProperty.call(KINDS, kind) ? kind : 'unknown';
  const narrowed = narrowKind(known, source, options);
  const entry = KINDS[narrowed] ?? KINDS.unknown!;
  const detail = technical ? redact(technical) : undefined;
  return {
    kind: kind ?? 'unknown',
    summary: pick(entry.summary, lang),
    ...optional('nextStep', nextFor(entry, options.runner, lang)),
    ...optional('detail', detail),
  };
}

/** Any thrown value in the reader's language: a WeReadError or TemplateError by kind, an abort as cancelled. */
export function presentError(e: unknown, options: PresentOptions): PresentedError {
  if (isAbortError(e)) return presentFailure('cancelled', undefined, options);
  const technical = e instanceof Error ? e.message || e.name : typeof e === 'string' ? e : undefined;
  return presentFailure(errorKindOf(e), technical, options, e);
}

/** Whether a reader needs the technical detail on screen (not only in logs) to act on this kind. */
export function readerNeedsDetail(kind: string): boolean {
  return DETAIL_FOR_READER.has(kind) || !Object.prototype.hasOwnProperty.call(KINDS, kind);
}

/**
 * One line for the reader: summary and next step, and the detail labelled (`详情：` / `Details:`) when asked;
 * sentences joined by a space in English and directly in Chinese.
 */
export function formatPresented(p: PresentedError, lang: string, withDetail = false): string {
  const zh = langFromCode(lang) === 'zh';
  const parts = [p.summary, p.nextStep ?? ''];
  if (withDetail && p.detail) parts.push(zh ? `（详情：${p.detail}）` : `(Details: ${p.detail})`);
  return parts.filter(Boolean).join(zh ? '' : ' ');
}

/** English count with its noun in the right number: `1 request`, `2 requests`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
