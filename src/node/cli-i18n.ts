/** Every message the command-line tool prints, in Chinese and English, chosen by the locale (LC_ALL, LC_MESSAGES, LANG). */

import { langFromCode, langFromLocaleEnv, type Lang } from '../core/i18n';
import { plural } from '../core/i18n/present';

/** How a note line starts: what was done to it, or in a dry run what would be. */
export type NoteLineStatus = 'created' | 'updated' | 'wouldCreate' | 'wouldUpdate';

/** Book counts of a run, for the summary line. */
export interface RunCounts {
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  skipped: number;
}

const NOTE_STATUS_EN: Record<NoteLineStatus, string> = {
  created: 'Created',
  updated: 'Updated',
  wouldCreate: 'Would create',
  wouldUpdate: 'Would update',
};
const NOTE_STATUS_ZH: Record<NoteLineStatus, string> = {
  created: '新建',
  updated: '更新',
  wouldCreate: '将创建',
  wouldUpdate: '将更新',
};

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
  migrate  Import the older WeRead plugin's settings into this vault (--vault, --dry-run)
  help     Show this help (also --help; --version prints the version)

Options for sync:
  --vault <dir>            Vault folder (required)
  --folder <name>          Folder for the notes inside the vault (default: WeRead)
  --template <name|path>   Built-in template (default, callouts, separated, weread-export) or a .md file
  --dry-run                Show what would change, write nothing
  --json                   Print the report as JSON (with totals)
  --quiet                  Print only errors and the summary
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
  settingsFromPlugin: (file: string) => `Settings: ${file} (flags override them)`,
  settingsImported: (file: string, keys: string[], written: string[]) =>
    `Settings: imported from the older WeRead plugin (${file}): ${keys.join(', ') || 'nothing usable'}` +
    (written.length ? `; saved as ${written.join(', ')}` : '; not saved (dry run)'),
  legacyWarning: (key: string, value: string) => `  ${key} = ${value} could not be used; the default is kept`,
  legacyCredentialsNotTaken:
    '  Its API key and cookie are not taken: set WEREAD_API_KEY / WEREAD_COOKIE (or log in from the plugin).',
  migrateHasOurs: (file: string) => `This vault already has WeRead Sync settings (${file}); nothing was imported.`,
  migrateNothing: 'This vault has no settings of the older WeRead plugin to import.',
  migrateDry: (file: string, keys: string[]) =>
    `Would import from the older WeRead plugin (${file}): ${keys.join(', ') || 'nothing usable'}`,
  noVault: 'Missing --vault <dir>: the folder of the vault to write into.',
  vaultMissing: (dir: string) => `The vault folder does not exist: ${dir}`,
  badOption: (detail: string) => `Bad arguments: ${detail}. Run "weread-sync help".`,
  unknownOption: (option: string) => `Unknown option ${option}. Run "weread-sync help".`,
  needsValue: (option: string) => `${option} needs a value. Run "weread-sync help".`,
  mode: { cookie: 'cookie', 'api-key': 'API key' } as Record<string, string>,
  loggedInWithKey: 'The API key works (WeRead does not say whose it is).',
  unknownCommand: (cmd: string) => `Unknown command "${cmd}". Run "weread-sync help".`,
  badNumber: (name: string) => `--${name} needs a positive whole number.`,
  badTimeZone: (tz: string) => `Unknown time zone "${tz}". Use an IANA name such as Asia/Shanghai.`,
  badArticles: (mode: string) => `Unknown --articles mode "${mode}": use per-account, per-article or skip.`,
  cookieFileUnreadable: (file: string) => `Cannot read the cookie file: ${file}`,
  /** `source` is WEREAD_COOKIE or --cookie-file. */
  malformedCookieIgnored: (source: string) =>
    `The cookie in ${source} is malformed (it has no wr_vid and wr_skey) and is not used; syncing with WEREAD_API_KEY only.`,
  cannotStart: (reason: string) => `Could not start the sync: ${reason}`,
  templateWarning: (text: string) => `Template warning: ${text}`,
  listProblem: (problem: string) =>
    `An entry of the WeRead notebook list could not be read and was left out (details: ${problem}).`,
  spinner: 'Syncing with WeRead…',
  progress: (done: number, total: number) => `${done}/${plural(total, 'book')}`,
  /** Per-note counts in words. */
  counts: (c: { added: number; updated: number; removed: number; kept: number }) =>
    [
      c.added && `${c.added} new`,
      c.updated && `${c.updated} changed`,
      c.removed && `${c.removed} removed`,
      c.kept && `${c.kept} kept (deleted on WeRead)`,
    ]
      .filter(Boolean)
      .join(', '),
  noteLine: (status: NoteLineStatus, path: string, counts: string) =>
    `${NOTE_STATUS_EN[status]}: ${path}${counts ? ` — ${counts}` : ''}`,
  summary: (s: RunCounts & { ms: number; requests: number }) =>
    `Synced in ${(s.ms / 1000).toFixed(1)} s: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.failed} failed` +
    (s.skipped ? `, ${s.skipped} skipped` : '') +
    ` (${plural(s.requests, 'request')}).`,
  dryRunSummary: (s: RunCounts) =>
    `Dry run, nothing written: ${s.created} would be created, ${s.updated} would be updated, ${s.unchanged} unchanged, ${s.failed} failed.`,
  cancelledSummary: (written: number, left: number) =>
    `Cancelled: ${plural(written, 'note')} written ${written === 1 ? 'is' : 'are'} kept; ${plural(left, 'book')} not finished will sync next time.`,
  conflictSummary: (names: string[]) => `Conflicts in ${plural(names.length, 'note')}: ${names.join(', ')}.`,
  notesIn: (dir: string) => `Notes are in ${dir}`,
  failedBook: (title: string, reason: string) => `Failed: ${title} — ${reason}`,
  skippedBook: (title: string, reason: string) => `Skipped: ${title} — ${reason}`,
  duplicateNotes: (path: string, others: string[]) =>
    `Synced ${path}; these notes name the same book and were left as they are: ${others.join(', ')}`,
  cancelledBook: (title: string) => `Cancelled: ${title} (syncs next time)`,
  conflictBook: (path: string, n: number) =>
    `Conflict in ${path}: ${plural(n, 'passage')} changed on both sides; your text is kept, WeRead's is in a warning callout:`,
  conflictPassage: (ref: string, quote: string) => `  ${ref}${quote ? `  “${quote}”` : ''}`,
  vanishedBook: (title: string) => `No longer on WeRead (note kept): ${title}`,
  loggedIn: (mode: string, who: string) => `Logged in (${mode})${who ? ` as ${who}` : ''}.`,
  notLoggedIn: (reason: string) => `Not logged in: ${reason}`,
  sentenceJoin: ' ',
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
  migrate  把旧版微信读书插件的设置导入此笔记库（--vault、--dry-run）
  help     显示本帮助（也可用 --help；--version 显示版本）

sync 的选项：
  --vault <目录>           笔记库目录（必填）
  --folder <名称>          笔记库中存放笔记的文件夹（默认：WeRead）
  --template <名称|路径>   内置模板（default、callouts、separated、weread-export）或 .md 模板文件
  --dry-run                只显示将要发生的变化，不写入任何文件
  --json                   以 JSON 输出同步报告（含总计）
  --quiet                  只输出错误和总结
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
退出码：0 全部同步成功；1 部分书失败（其余已写入）；2 无法开始；130 被中断（Ctrl-C，已写入的笔记保留）。`,
  settingsFromPlugin: (file) => `设置：${file}（命令行参数优先）`,
  settingsImported: (file, keys, written) =>
    `设置：已从旧版微信读书插件导入（${file}）：${keys.join('、') || '没有可用的设置'}` +
    (written.length ? `；已保存为 ${written.join('、')}` : '；未保存（试运行）'),
  legacyWarning: (key, value) => `  ${key} = ${value} 无法使用，保留默认值`,
  legacyCredentialsNotTaken:
    '  未导入其中的 API 密钥和 Cookie：请设置 WEREAD_API_KEY / WEREAD_COOKIE（或在插件中登录）。',
  migrateHasOurs: (file) => `此笔记库已有微信读书同步的设置（${file}），未导入任何内容。`,
  migrateNothing: '此笔记库中没有旧版微信读书插件的设置可导入。',
  migrateDry: (file, keys) => `将从旧版微信读书插件导入（${file}）：${keys.join('、') || '没有可用的设置'}`,
  noVault: '缺少 --vault <目录>：要写入的笔记库目录。',
  vaultMissing: (dir) => `笔记库目录不存在：${dir}`,
  badOption: (detail) => `参数有误：${detail}。运行“weread-sync help”查看用法。`,
  unknownOption: (option) => `未知选项 ${option}。运行“weread-sync help”查看用法。`,
  needsValue: (option) => `${option} 需要一个值。运行“weread-sync help”查看用法。`,
  mode: { cookie: 'Cookie', 'api-key': 'API 密钥' },
  loggedInWithKey: 'API 密钥有效（微信读书不提供密钥所属的用户名）。',
  unknownCommand: (cmd) => `未知命令“${cmd}”。运行“weread-sync help”查看用法。`,
  badNumber: (name) => `--${name} 需要一个正整数。`,
  badTimeZone: (tz) => `未知时区“${tz}”。请使用 IANA 名称，例如 Asia/Shanghai。`,
  badArticles: (mode) => `未知的 --articles 方式“${mode}”：请使用 per-account、per-article 或 skip。`,
  cookieFileUnreadable: (file) => `无法读取 Cookie 文件：${file}`,
  malformedCookieIgnored: (source) =>
    `${source} 中的 Cookie 格式有误（缺少 wr_vid 和 wr_skey），未使用；仅用 WEREAD_API_KEY 同步。`,
  cannotStart: (reason) => `无法开始同步：${reason}`,
  templateWarning: (text) => `模板警告：${text}`,
  listProblem: (problem) => `微信读书书单中有一项无法读取，已跳过（详情：${problem}）。`,
  spinner: '正在与微信读书同步…',
  progress: (done, total) => `${done}/${total} 本`,
  counts: (c) =>
    [
      c.added && `新增 ${c.added}`,
      c.updated && `更改 ${c.updated}`,
      c.removed && `删除 ${c.removed}`,
      c.kept && `保留 ${c.kept}（已在微信读书中删除）`,
    ]
      .filter(Boolean)
      .join('，'),
  noteLine: (status, path, counts) => `${NOTE_STATUS_ZH[status]}：${path}${counts ? `（${counts}）` : ''}`,
  summary: (s) =>
    `同步完成，用时 ${(s.ms / 1000).toFixed(1)} 秒：新建 ${s.created}，更新 ${s.updated}，未变 ${s.unchanged}，失败 ${s.failed}` +
    (s.skipped ? `，跳过 ${s.skipped}` : '') +
    `（${s.requests} 次请求）。`,
  dryRunSummary: (s) =>
    `预演，未写入任何文件：将创建 ${s.created}，将更新 ${s.updated}，未变 ${s.unchanged}，失败 ${s.failed}。`,
  cancelledSummary: (written, left) => `已取消：已写入的 ${written} 篇笔记保留，未完成的 ${left} 本下次同步。`,
  conflictSummary: (names) => `有冲突的笔记（${names.length} 篇）：${names.join('、')}。`,
  notesIn: (dir) => `笔记位于 ${dir}`,
  failedBook: (title, reason) => `失败：${title}——${reason}`,
  skippedBook: (title, reason) => `已跳过：${title}——${reason}`,
  duplicateNotes: (path, others) => `已同步 ${path}；以下笔记指向同一本书，保持不变：${others.join('、')}`,
  cancelledBook: (title) => `已取消：${title}（下次同步）`,
  conflictBook: (path, n) => `冲突：${path} 中有 ${n} 处内容两边都有修改，保留了你的文字，微信读书的版本在警告标注中：`,
  conflictPassage: (ref, quote) => `  ${ref}${quote ? `  “${quote}”` : ''}`,
  vanishedBook: (title) => `微信读书中已没有此书（笔记保留）：${title}`,
  loggedIn: (mode, who) => `已登录（${mode}）${who ? `：${who}` : ''}。`,
  notLoggedIn: (reason) => `未登录：${reason}`,
  sentenceJoin: '',
  demoStart: '正在启动内置的模拟微信读书服务器（示例书库）…',
  demoDone: (dir) => `完成。可在 Obsidian 中把 ${dir} 作为笔记库打开，或直接阅读其中的 Markdown 文件。`,
  demoWrote: '已写入的笔记：',
};

export type CliMessages = Messages;

/** The message table for a language. */
export function cliMessages(lang: CliLang): CliMessages {
  return lang === 'zh' ? zh : en;
}
