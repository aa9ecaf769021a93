/** `npm run demo`: the built-in fake WeRead server with the sample library, synced by the real CLI into ./demo-vault. */
import path from 'node:path';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { startFakeWeRead } from '../tests/fakes/weread/server';
import { runCli } from '../src/node/cli';
import { cliLang, cliMessages } from '../src/node/cli-i18n';

const m = cliMessages(cliLang(process.env));
const vault = path.resolve(process.argv[2] ?? 'demo-vault');
mkdirSync(vault, { recursive: true });

process.stdout.write(m.demoStart + '\n');
const server = await startFakeWeRead();
try {
  const code = await runCli(
    [
      'sync',
      '--vault',
      vault,
      '--base-url',
      server.baseUrl,
      '--gateway-url',
      server.gatewayUrl,
      '--timezone',
      'Asia/Shanghai',
    ],
    {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      // The fake server's own test cookie; the reader's real credentials are never involved.
      env: { ...process.env, WEREAD_COOKIE: server.cookieHeader, WEREAD_API_KEY: '' },
      cwd: process.cwd(),
      isTTY: Boolean(process.stderr.isTTY),
    },
  );
  process.stdout.write('\n' + m.demoWrote + '\n');
  for (const file of walk(vault)) process.stdout.write(`  ${file}\n`);
  process.stdout.write('\n' + m.demoDone(vault) + '\n');
  process.exitCode = code;
} finally {
  await server.close();
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (name.endsWith('.md')) out.push(path.relative(process.cwd(), full));
  }
  return out;
}
