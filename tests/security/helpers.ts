// Shared by the security tests: a hostile book for the fake server, and the CLI run as a real process.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CliRun } from '../node/cli-harness';
import type { FixtureBook } from '../fakes/weread/fixture-types';
import { FIXTURES_DIR } from '../fakes/weread/library';

const REPO = path.resolve(new URL('../..', import.meta.url).pathname);

/** The 三体 fixture (one chapter, two highlights) with the given changes: a book a misbehaving server could send. */
export function hostileBook(change: (book: FixtureBook) => void): FixtureBook {
  const book = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'edge-same-title-a.json'), 'utf8')) as FixtureBook;
  change(book);
  return book;
}

/** Renames a fixture book everywhere its id appears (notebook entry, info, highlights). */
export function withBookId(book: FixtureBook, bookId: string): void {
  book.notebook.bookId = bookId;
  book.notebook.book.bookId = bookId;
  book.info.bookId = bookId;
  for (const b of book.bookmarks) b.bookId = bookId;
}

/** The CLI as a real process (`node --import tsx`): what a template could do to the process is observable. */
export function cliProcess(cwd: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(REPO, 'tests/security/cli-entry.ts'), ...args],
      { cwd: REPO, env: { PATH: process.env.PATH ?? '', LANG: 'en_US.UTF-8', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: stdout, err: stderr });
      },
    );
  });
}
