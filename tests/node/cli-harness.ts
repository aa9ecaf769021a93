// The CLI run in this process against the fake WeRead server, what it printed captured: the one set-up the CLI tests share.
import { runCli } from '../../src/node/cli';
import type { FakeWeRead } from '../fakes/weread/server';

export const EN = 'en_US.UTF-8';
export const ZH = 'zh_CN.UTF-8';

/** What one run of the CLI returned and printed. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A run in this process also keeps stdout and stderr interleaved as they were printed (what a terminal shows). */
export interface InProcessRun extends CliRun {
  printed: string;
}

export interface CliCall {
  /** The working directory (usually the vault). */
  cwd: string;
  /** The reader's locale, as LANG; English unless given; null leaves LANG unset. */
  lang?: string | null;
  /** The rest of the environment (credentials, …); a key here wins over `lang`. */
  env?: Record<string, string | undefined>;
  /** Whether stderr is a terminal (a progress bar is drawn); false unless given. */
  tty?: boolean;
  signal?: AbortSignal;
}

/** Runs `weread-sync <args>` in this process (fast) and captures what it prints. */
export async function runCliInProcess(args: readonly string[], call: CliCall): Promise<InProcessRun> {
  let out = '';
  let err = '';
  let printed = '';
  const lang = call.lang === undefined ? EN : call.lang;
  const code = await runCli([...args], {
    stdout: (t) => {
      out += t;
      printed += t;
    },
    stderr: (t) => {
      err += t;
      printed += t;
    },
    env: { ...(lang === null ? {} : { LANG: lang }), ...call.env },
    cwd: call.cwd,
    isTTY: call.tty ?? false,
    signal: call.signal,
  });
  return { code, out, err, printed };
}

/**
 * How the CLI reaches the fake server: `cookie` (V1 only), `api-key` (V2 only: the cookie set empty, so none from the
 * environment leaks in) or `both` (V2 for store books, the cookie for 公众号 accounts, which the API key cannot read).
 */
export type Transport = 'cookie' | 'api-key' | 'both';

/** The environment variables that carry the fake server's credentials for a transport. */
export function credentials(fake: FakeWeRead, transport: Transport = 'cookie'): Record<string, string> {
  switch (transport) {
    case 'cookie':
      return { WEREAD_COOKIE: fake.cookieHeader };
    case 'api-key':
      return { WEREAD_API_KEY: fake.apiKey, WEREAD_COOKIE: '' };
    case 'both':
      return { WEREAD_COOKIE: fake.cookieHeader, WEREAD_API_KEY: fake.apiKey };
  }
}

/** `--base-url` and `--gateway-url` pointing at the fake server. */
export const fakeServerFlags = (fake: FakeWeRead): string[] => [
  '--base-url',
  fake.baseUrl,
  '--gateway-url',
  fake.gatewayUrl,
];

/** The fake server's flags and the golden notes' time zone (the dates in the notes are Asia/Shanghai days). */
export const serverArgs = (fake: FakeWeRead): string[] => [...fakeServerFlags(fake), '--timezone', 'Asia/Shanghai'];

/** `weread-sync sync` into `vault` against the fake server, then `extra`. */
export const syncArgs = (vault: string, fake: FakeWeRead, ...extra: string[]): string[] => [
  'sync',
  '--vault',
  vault,
  ...serverArgs(fake),
  ...extra,
];

/** The report a `--json` run printed on stdout (loosely typed: a test reads the fields it checks). */
export const jsonReport = (run: CliRun): Record<string, any> => JSON.parse(run.out) as Record<string, any>;
