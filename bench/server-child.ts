// Owns the benchmark's fake WeRead server process: the fake runs here, apart from the client, so the client's CPU time and RSS are its own; driven over IPC.
import { generateLibrary } from '../tests/fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../tests/fakes/weread/server';

/** Messages the bench sends; each is answered with `{ id, ok, value | error }`. */
export type ServerCommand =
  | { op: 'start'; books: number; highlightsPerBook: number; thoughtsPerBook: number; seed: number; latencyMs: number }
  | { op: 'latency'; ms: number }
  | { op: 'resetLog' }
  | { op: 'stats' }
  | { op: 'addHighlight'; bookId: string }
  | { op: 'close' };

export interface ServerStarted {
  baseUrl: string;
  gatewayUrl: string;
  /** The fake's own test cookie; never printed by the bench. */
  cookieHeader: string;
  bookIds: string[];
  highlights: number;
  thoughts: number;
  generateMs: number;
}

export interface ServerStats {
  /** Requests received since the last resetLog. */
  requests: number;
  maxInFlight: number;
  /** Requests per api (V1 path or V2 api_name). */
  byApi: Record<string, number>;
  /** Requests that named a bookId (or chapterInfos bookIds), per bookId count is not kept: just how many distinct books were touched. */
  booksTouched: number;
  /** First request start to last request end, ms (0 when none). */
  activeMs: number;
}

let fake: FakeWeRead | null = null;

async function handle(cmd: ServerCommand): Promise<unknown> {
  switch (cmd.op) {
    case 'start': {
      const t0 = performance.now();
      const books = generateLibrary({
        books: cmd.books,
        highlightsPerBook: cmd.highlightsPerBook,
        thoughtsPerBook: cmd.thoughtsPerBook,
        seed: cmd.seed,
      });
      const generateMs = performance.now() - t0;
      fake = await startFakeWeRead({ books, latencyMs: cmd.latencyMs });
      const started: ServerStarted = {
        baseUrl: fake.baseUrl,
        gatewayUrl: fake.gatewayUrl,
        cookieHeader: fake.cookieHeader,
        bookIds: books.map((b) => b.notebook.bookId),
        highlights: books.reduce((n, b) => n + b.bookmarks.length, 0),
        thoughts: books.reduce((n, b) => n + b.reviews.length, 0),
        generateMs,
      };
      return started;
    }
    case 'latency':
      need().latencyMs = cmd.ms;
      return null;
    case 'resetLog':
      need().resetLog();
      return null;
    case 'stats': {
      const f = need();
      const byApi: Record<string, number> = {};
      const books = new Set<string>();
      let first = Infinity;
      let last = 0;
      for (const entry of f.log) {
        byApi[entry.api] = (byApi[entry.api] ?? 0) + 1;
        if (entry.bookId) books.add(entry.bookId);
        for (const id of entry.bookIds ?? []) books.add(id);
        first = Math.min(first, entry.startedAt);
        last = Math.max(last, entry.endedAt);
      }
      const stats: ServerStats = {
        requests: f.log.length,
        maxInFlight: f.maxInFlight,
        byApi,
        booksTouched: books.size,
        activeMs: f.log.length ? last - first : 0,
      };
      return stats;
    }
    case 'addHighlight':
      return need().library.addHighlight(cmd.bookId, { markText: 'A highlight added by the benchmark.' });
    case 'close':
      await fake?.close();
      fake = null;
      setImmediate(() => process.exit(0));
      return null;
  }
}

function need(): FakeWeRead {
  if (!fake) throw new Error('the fake server is not started');
  return fake;
}

process.on('message', (raw: unknown) => {
  const { id, cmd } = raw as { id: number; cmd: ServerCommand };
  handle(cmd).then(
    (value) => process.send?.({ id, ok: true, value }),
    (error: unknown) =>
      process.send?.({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => {
  void fake?.close().finally(() => process.exit(0));
});
