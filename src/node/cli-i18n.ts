/** Every message the command-line tool prints, in Chinese and English, chosen by the locale (LC_ALL, LC_MESSAGES, LANG). */

import { langFromCode, langFromLocaleEnv, type Lang } from '../core/i18n';

export type CliLang = Lang;

/** The CLI's language: WEREAD_SYNC_LANG if set, else the POSIX locale (Chinese for zh_* locales, English otherwise). */
export function cliLang(env: Record<string, string | undefined>): CliLang {
  return env.WEREAD_SYNC_LANG ? langFromCode(env.WEREAD_SYNC_LANG) : langFromLocaleEnv(env);
}

const en = {
  usage: `Usage: weread-sync <command> [options]

Commands:
  sync     Sync WeRead highlights, thoughts and reviews into a vault
  check    Check the credentials and say who is logged in
  help     Show this help (also --help; --version prints the version)

Options for sync:
  --vault <dir>            Vault folder (required)
  --folder <name>          Folder for the notes inside the vault (default: WeRead)
  --template <name|path>   Built-in template (default, callouts, separated, weread-export) or a .md file
  --dry-run                Show what would change, write nothing
  --json                   Print the report as JSON
  --force                  Refetch and re-render every book
  --timezone <IANA>        Time zone for dates (default: the system's)
  --base-url <origin>      WeRead web API origin (env WEREAD_BASE_URL)
  --gateway-url <url>      WeRead gateway URL (env WEREAD_GATEWAY_URL)
  --concurrency <n>        Requests in flight at most (default 4)
  --cookie-file <file>     Read the Cookie header from a file
  --articles <mode>        公众号 articles: per-account (one note per account, default),
                           per-article (one note per article) or skip
  --reading-properties     Write readingStatus, progress, readingTime, dates and myRating
                           into the notes and keep them current
  --finished-without-notes A short note for each finished book that has no highlight
  --library-base           Write a library Base (微信读书书架.base) next to the notes, once

Credentials: WEREAD_API_KEY (API key) and/or WEREAD_COOKIE (a Cookie header string) or --cookie-file.
Exit codes: 0 every book synced, 1 some books failed (the rest were written), 2 could not start,
130 interrupted (Ctrl-C; the books already written are kept).`,
  noVault: 'Missing --vault <dir>: the folder of the vault to write into.',
  vaultMissing: (dir: string) => `The vault folder does not exist: ${dir}`,
  badOption: (detail: string) => `Bad arguments: ${detail}. Run "weread-sync help".`,
  unknownOption: (option: string) => `Unknown option ${option}. Run "weread-sync help".`,
  credentialReason: {
    'session-expired':
      'The WeRead login has expired: put a fresh cookie in WEREAD_COOKIE or --cookie-file, or use WEREAD_API_KEY',
    'bad-credential': 'WeRead did not accept the credential: check WEREAD_API_KEY, WEREAD_COOKIE or the --cookie-file',
    'not-configured': 'No WeRead credential: set WEREAD_API_KEY or WEREAD_COOKIE, or pass --cookie-file',
  } as Record<string, string>,
  mode: { cookie: 'cookie', 'api-key': 'API key' } as Record<string, string>,
  loggedInWithKey: 'The API key works (WeRead does not say whose it is).',
  unknownCommand: (cmd: string) => `Unknown command "${cmd}". Run "weread-sync help".`,
  badNumber: (name: string) => `--${name} needs a positive whole number.`,
  badTimeZone: (tz: string) => `Unknown time zone "${tz}". Use an IANA name such as Asia/Shanghai.`,
  badArticles: (mode: string) => `Unknown --articles mode "${mode}": use per-account, per-article or skip.`,
  noCredentials:
    'No WeRead credentials: set WEREAD_API_KEY (API key) or WEREAD_COOKIE (cookie string), or pass --cookie-file.',
  cookieFileUnreadable: (file: string) => `Cannot read the cookie file: ${file}`,
  cannotStart: (reason: string) => `Could not start the sync: ${reason}`,
  templateWarning: (text: string) => `Template warning: ${text}`,
  listProblem: (problem: string) =>
    `An entry of the WeRead notebook list could not be read and was left out: ${problem}`,
  progress: (done: number, total: number) => `${done}/${total} books`,
  summary: (s: { created: number; updated: number; unchanged: number; failed: number; skipped: number; ms: number }) =>
    `Synced in ${(s.ms / 1000).toFixed(1)} s: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.failed} failed` +
    (s.skipped ? `, ${s.skipped} skipped` : '') +
    '.',
  dryRunSummary: (s: { create: number; update: number; unchanged: number; failed: number }) =>
    `Dry run, nothing written: ${s.create} to create, ${s.update} to update, ${s.unchanged} unchanged, ${s.failed} failed.`,
  notesIn: (dir: string) => `Notes are in ${dir}`,
  requests: (n: number) => (n === 1 ? '1 request' : `${n} requests`),
  failedBook: (title: string, reason: string) => `Failed: ${title} — ${reason}`,
  skippedBook: (title: string, reason: string) => `${title}: ${reason}`,
  conflictBook: (title: string, n: number) =>
    `${title}: ${n} passage(s) changed on both sides, see the warning callouts`,
  vanishedBook: (title: string) => `No longer on WeRead (note kept): ${title}`,
  cancelled: 'Cancelled: books already written are kept; the rest will sync next time.',
  loggedIn: (mode: string, who: string) => `Logged in (${mode})${who ? ` as ${who}` : ''}.`,
  notLoggedIn: (reason: string) => `Not logged in: ${reason}`,
  status: {
    created: 'created',
    updated: 'updated',
    unchanged: 'unchanged',
    failed: 'failed',
    skipped: 'skipped',
    vanished: 'vanished',
  } as Record<string, string>,
  demoStart: 'Starting the built-in fake WeRead server with the sample library…',
  demoDone: (dir: string) => `Done. Open ${dir} as a vault in Obsidian, or read the Markdown files there.`,
  demoWrote: 'Notes written:',
};

type Messages = typeof en;

const zh: Messages = {
  usage: `用法：weread-sync <命令> [选项]

命令：
  sync     把微信读书的划线、想法和书评同步到笔记库
  check    检查凭据，显示当前登录的用户
  help     显示本帮助（也可用 --help；--version 显示版本）

sync 的选项：
  --vault <目录>           笔记库目录（必填）
  --folder <名称>          笔记库中存放笔记的文件夹（默认：WeRead）
  --template <名称|路径>   内置模板（default、callouts、separated、weread-export）或 .md 模板文件
  --dry-run                只显示将要发生的变化，不写入任何文件
  --json                   以 JSON 输出同步报告
  --force                  重新获取并重新渲染所有书
  --timezone <IANA>        日期使用的时区（默认：系统时区）
  --base-url <地址>        微信读书网页 API 地址（环境变量 WEREAD_BASE_URL）
  --gateway-url <网址>     微信读书网关地址（环境变量 WEREAD_GATEWAY_URL）
  --concurrency <n>        同时进行的请求数上限（默认 4）
  --cookie-file <文件>     从文件读取 Cookie 请求头
  --articles <方式>        公众号文章：per-account（每个公众号一篇笔记，默认）、
                           per-article（每篇文章一篇笔记）或 skip（跳过）
  --reading-properties     在笔记属性中写入阅读状态、进度、阅读时长、日期和我的评价，并保持最新
  --finished-without-notes 为每本已读完但没有划线的书写一篇简短笔记
  --library-base           在笔记旁写入书架视图（微信读书书架.base），只写一次

凭据：WEREAD_API_KEY（API 密钥）和/或 WEREAD_COOKIE（Cookie 字符串），或 --cookie-file。
退出码：0 全部同步成功；1 部分书失败（其余已写入）；2 无法开始；130 被中断（Ctrl-C，已写入的书保留）。`,
  noVault: '缺少 --vault <目录>：要写入的笔记库目录。',
  vaultMissing: (dir) => `笔记库目录不存在：${dir}`,
  badOption: (detail) => `参数有误：${detail}。运行 "weread-sync help" 查看用法。`,
  unknownOption: (option) => `未知选项 ${option}。运行 "weread-sync help" 查看用法。`,
  credentialReason: {
    'session-expired':
      '微信读书登录已过期：请在 WEREAD_COOKIE 或 --cookie-file 中提供新的 Cookie，或改用 WEREAD_API_KEY',
    'bad-credential': '微信读书不接受此凭据：请检查 WEREAD_API_KEY、WEREAD_COOKIE 或 --cookie-file',
    'not-configured': '没有微信读书凭据：请设置 WEREAD_API_KEY 或 WEREAD_COOKIE，或使用 --cookie-file',
  },
  mode: { cookie: 'Cookie', 'api-key': 'API 密钥' },
  loggedInWithKey: 'API 密钥有效（微信读书不提供密钥所属的用户名）。',
  unknownCommand: (cmd) => `未知命令 "${cmd}"。运行 "weread-sync help" 查看用法。`,
  badNumber: (name) => `--${name} 需要一个正整数。`,
  badTimeZone: (tz) => `未知时区 "${tz}"。请使用 IANA 名称，例如 Asia/Shanghai。`,
  badArticles: (mode) => `未知的 --articles 方式 "${mode}"：请使用 per-account、per-article 或 skip。`,
  noCredentials:
    '没有微信读书凭据：请设置 WEREAD_API_KEY（API 密钥）或 WEREAD_COOKIE（Cookie 字符串），或使用 --cookie-file。',
  cookieFileUnreadable: (file) => `无法读取 Cookie 文件：${file}`,
  cannotStart: (reason) => `无法开始同步：${reason}`,
  templateWarning: (text) => `模板警告：${text}`,
  listProblem: (problem) => `微信读书书单中有一项无法读取，已跳过：${problem}`,
  progress: (done, total) => `已同步 ${done}/${total} 本`,
  summary: (s) =>
    `同步完成，用时 ${(s.ms / 1000).toFixed(1)} 秒：新建 ${s.created}，更新 ${s.updated}，未变 ${s.unchanged}，失败 ${s.failed}` +
    (s.skipped ? `，跳过 ${s.skipped}` : '') +
    '。',
  dryRunSummary: (s) =>
    `预演，未写入任何文件：将新建 ${s.create}，将更新 ${s.update}，未变 ${s.unchanged}，失败 ${s.failed}。`,
  notesIn: (dir) => `笔记位于 ${dir}`,
  requests: (n) => `${n} 次请求`,
  failedBook: (title, reason) => `失败：${title} —— ${reason}`,
  skippedBook: (title, reason) => `${title}：${reason}`,
  conflictBook: (title, n) => `${title}：${n} 处内容两边都有修改，请查看警告标注`,
  vanishedBook: (title) => `微信读书中已没有此书（笔记保留）：${title}`,
  cancelled: '已取消：已写入的书保留，其余的下次同步。',
  loggedIn: (mode, who) => `已登录（${mode}）${who ? `：${who}` : ''}。`,
  notLoggedIn: (reason) => `未登录：${reason}`,
  status: {
    created: '新建',
    updated: '更新',
    unchanged: '未变',
    failed: '失败',
    skipped: '跳过',
    vanished: '已消失',
  },
  demoStart: '正在启动内置的模拟微信读书服务器（示例书库）…',
  demoDone: (dir) => `完成。可在 Obsidian 中把 ${dir} 作为笔记库打开，或直接阅读其中的 Markdown 文件。`,
  demoWrote: '已写入的笔记：',
};

export type CliMessages = Messages;

/** The message table for a language. */
export function cliMessages(lang: CliLang): CliMessages {
  return lang === 'zh' ? zh : en;
}
