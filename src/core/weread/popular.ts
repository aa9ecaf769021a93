/** WeRead's popular passages of a book (热门划线, api §3.8): one request per book, cached for days (they change slowly). */
import type { Notebook, NotebookEntry, PopularPassage } from '../model/notebook';
import type { Settings } from '../settings/settings';
import type { KeyValueStore } from '../ports';
import { BestBookmarksSchema, toPopularPassages, validate } from './schemas';
import type { Clock, WeReadTransport } from './transport';

const POPULAR_KEY = (bookId: string): string => `weread/popular/${bookId}`;
const POPULAR_CACHE_VERSION = 1;
/** How long a book's popular passages are reused before they are asked for again. */
export const POPULAR_TTL_MS = 3 * 24 * 3600 * 1000;

interface CachedPopular {
  v: number;
  fetchedAt: number;
  passages: PopularPassage[];
}

async function readCached(cache: KeyValueStore, bookId: string): Promise<CachedPopular | undefined> {
  try {
    const value = JSON.parse((await cache.get(POPULAR_KEY(bookId))) ?? 'null') as CachedPopular | null;
    const ok =
      value?.v === POPULAR_CACHE_VERSION && typeof value.fetchedAt === 'number' && Array.isArray(value.passages);
    return ok ? value : undefined;
  } catch {
    return undefined; // a broken cache entry is just a miss
  }
}

/** Each passage's markCount: carried over from the previous list when the passage was in it, else its count now. */
function withMarkCounts(passages: PopularPassage[], previous: readonly PopularPassage[]): PopularPassage[] {
  const key = (p: PopularPassage) => `${p.chapterUid}|${p.range}`;
  const before = new Map(previous.map((p) => [key(p), p.markCount ?? p.count]));
  return passages.map((p) => ({ ...p, markCount: before.get(key(p)) ?? p.count }));
}

/**
 * The popular passages of a book, most read first: from the cache while it is younger than POPULAR_TTL_MS, else one
 * request (V1 `/web/book/bestbookmarks`, V2 `/book/bestbookmarks` with chapterUid 0 = the whole book). A failed
 * request falls back to an older cached list when there is one; otherwise it throws.
 */
export async function fetchPopularPassages(
  transport: WeReadTransport,
  family: 'v1' | 'v2',
  cache: KeyValueStore,
  clock: Pick<Clock, 'now'>,
  bookId: string,
): Promise<PopularPassage[]> {
  const cached = await readCached(cache, bookId);
  const now = clock.now();
  if (cached && now - cached.fetchedAt >= 0 && now - cached.fetchedAt < POPULAR_TTL_MS) return cached.passages;
  const endpoint = family === 'v1' ? '/web/book/bestbookmarks' : '/book/bestbookmarks';
  try {
    const json =
      family === 'v1'
        ? await transport.v1({ method: 'GET', path: endpoint, query: { bookId }, bookId })
        : await transport.v2(endpoint, { bookId, chapterUid: 0 }, bookId);
    const passages = withMarkCounts(
      toPopularPassages(validate(BestBookmarksSchema, json, { endpoint, bookId })),
      cached?.passages ?? [],
    );
    const value: CachedPopular = { v: POPULAR_CACHE_VERSION, fetchedAt: now, passages };
    await cache.set(POPULAR_KEY(bookId), JSON.stringify(value));
    return passages;
  } catch (error) {
    if (cached) return cached.passages;
    throw error;
  }
}

/**
 * A fetched notebook with its popular passages when the popularHighlights setting is on. A failure leaves them out
 * (the note is still written): they are display only.
 */
export async function withPopularPassages(
  client: { popularPassages?(entry: NotebookEntry): Promise<PopularPassage[]> },
  settings: Pick<Settings, 'popularHighlights'>,
  entry: NotebookEntry,
  notebook: Notebook,
): Promise<Notebook> {
  if (!settings.popularHighlights || !client.popularPassages) return notebook;
  try {
    notebook.popular = await client.popularPassages(entry);
  } catch {
    // No popular section this time; the next sync of the book asks again.
  }
  return notebook;
}
