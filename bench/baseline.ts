// Owns the benchmark's baseline: the older plugin's request pattern (books one after another, five sequential V1 requests per book, full re-render and overwrite when the counts differ), over the same HttpPort and renderer as the real sync.
import type { BookData, NotebookEntry } from '../src/core/model/notebook';
import { assembleNotebook } from '../src/core/model/assemble';
import type { HttpPort, NoteStore } from '../src/core/ports';
import type { NoteRenderer } from '../src/core/sync';
import {
  BookInfoSchema,
  BookmarkListSchema,
  ChapterInfosItemSchema,
  NotebookItemSchema,
  NotebookListOuterSchema,
  ProgressSchema,
  ReviewListSchema,
  parseBookmarks,
  parseChapters,
  parseReviews,
  toBookInfo,
  toNotebookEntry,
  toProgress,
  validate,
} from '../src/core/weread/schemas';
import * as v from 'valibot';

// The older plugin read each answer all or nothing: one broken entry failed the whole list or book.
const NotebookListSchema = v.object({ ...NotebookListOuterSchema.entries, books: v.array(NotebookItemSchema) });
const ChapterInfosSchema = v.object({ data: v.array(ChapterInfosItemSchema) });

export interface BaselineOptions {
  http: HttpPort;
  store: NoteStore;
  renderer: NoteRenderer;
  baseUrl: string;
  cookie: string;
  /** Counts per bookId from the previous run (the old plugin read them back from each note's frontmatter). */
  counts: Map<string, { noteCount: number; reviewCount: number }>;
  timeoutMs?: number;
}

export interface BaselineResult {
  books: number;
  synced: number;
  skipped: number;
  highlights: number;
  failed: number;
}

/** One sync the old way. Updates `opts.counts` in place. */
export async function runBaselineSync(opts: BaselineOptions): Promise<BaselineResult> {
  const timeoutMs = opts.timeoutMs ?? 15000;
  const headers = { Cookie: opts.cookie, Accept: 'application/json' };
  const get = async (path: string, query: Record<string, string | number> = {}): Promise<unknown> => {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
    const res = await opts.http.request({
      method: 'GET',
      url: `${opts.baseUrl}${path}${qs ? `?${qs}` : ''}`,
      headers,
      timeoutMs,
    });
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    return JSON.parse(res.text) as unknown;
  };
  const post = async (path: string, body: unknown): Promise<unknown> => {
    const res = await opts.http.request({
      method: 'POST',
      url: `${opts.baseUrl}${path}`,
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs,
    });
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    return JSON.parse(res.text) as unknown;
  };

  const listEndpoint = '/api/user/notebook';
  const entries: NotebookEntry[] = validate(NotebookListSchema, await get(listEndpoint), {
    endpoint: listEndpoint,
  }).books.map(toNotebookEntry);
  const result: BaselineResult = { books: entries.length, synced: 0, skipped: 0, highlights: 0, failed: 0 };
  for (const entry of entries) {
    const bookId = entry.bookId;
    const previous = opts.counts.get(bookId);
    if (previous && previous.noteCount === entry.noteCount && previous.reviewCount === entry.reviewCount) {
      result.skipped++;
      continue;
    }
    try {
      // Five requests, each awaited before the next: details, progress, highlights, thoughts, chapters.
      const info = validate(BookInfoSchema, await get('/web/book/info', { bookId }), {
        endpoint: '/web/book/info',
        bookId,
      });
      const progress = validate(ProgressSchema, await get('/web/book/getProgress', { bookId }), {
        endpoint: '/web/book/getProgress',
        bookId,
      });
      const marks = validate(BookmarkListSchema, await get('/web/book/bookmarklist', { bookId }), {
        endpoint: '/web/book/bookmarklist',
        bookId,
      });
      const reviews = validate(
        ReviewListSchema,
        await get('/web/review/list', { bookId, listType: 11, mine: 1, synckey: 0 }),
        {
          endpoint: '/web/review/list',
          bookId,
        },
      );
      const chapterInfos = validate(ChapterInfosSchema, await post('/web/book/chapterInfos', { bookIds: [bookId] }), {
        endpoint: '/web/book/chapterInfos',
        bookId,
      });
      const data: BookData = {
        info: toBookInfo(info, entry),
        highlights: parseBookmarks(marks.updated ?? [], '/web/book/bookmarklist').items,
        thoughts: parseReviews(reviews.reviews ?? [], '/web/review/list').items,
        chapters: parseChapters(
          chapterInfos.data.find((c) => c.bookId === bookId)?.updated ?? [],
          '/web/book/chapterInfos',
          'updated',
        ).items.sort((a, b) => a.chapterIdx - b.chapterIdx),
      };
      const readingProgress = toProgress(progress);
      if (readingProgress) data.progress = readingProgress;
      const notebook = assembleNotebook(entry, data);
      // Full re-render and overwrite: no merge, no check whether the text changed.
      const target = opts.renderer.target(notebook);
      const path = [target.folder, `${target.fileName}.md`].filter(Boolean).join('/');
      await opts.store.write(path, opts.renderer.render(notebook));
      opts.counts.set(bookId, { noteCount: entry.noteCount, reviewCount: entry.reviewCount });
      result.synced++;
      result.highlights += data.highlights.length;
    } catch {
      result.failed++;
    }
  }
  return result;
}
