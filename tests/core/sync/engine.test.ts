// Planner and executor tests with in-memory fakes: what gets fetched, read and written, isolation, cancellation, naming.
import { describe, expect, it } from 'vitest';
import type { Notebook, NotebookEntry } from '../../../src/core/model/notebook';
import type { KeyValueStore, NoteStore } from '../../../src/core/ports';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings/settings';
import { formatReportSummary, runSync, type BookSource, type NoteRenderer } from '../../../src/core/sync';

class MemStore implements NoteStore {
  files = new Map<string, string>();
  reads = 0;
  writes = 0;
  lists = 0;
  failWrite = new Set<string>();
  async read(p: string) {
    this.reads++;
    return this.files.get(p) ?? null;
  }
  async exists(p: string) {
    this.reads++;
    return this.files.has(p);
  }
  async write(p: string, c: string) {
    if (this.failWrite.has(p)) throw new Error('EACCES: permission denied');
    this.writes++;
    this.files.set(p, c);
  }
  async listMarkdown(folder: string) {
    this.lists++;
    return [...this.files.keys()].filter((p) => p.startsWith(folder + '/') && p.endsWith('.md'));
  }
  async linkedBlockIds(ids: string[]) {
    const out = new Set<string>();
    for (const text of this.files.values()) for (const id of ids) if (text.includes(`#^${id}]]`)) out.add(id);
    return out;
  }
}

class MemKV implements KeyValueStore {
  map = new Map<string, string>();
  async get(k: string) {
    return this.map.get(k) ?? null;
  }
  async set(k: string, v: string) {
    this.map.set(k, v);
  }
  async delete(k: string) {
    this.map.delete(k);
  }
}

interface FakeBook {
  entry: NotebookEntry;
  highlights: Array<{ id: string; text: string }>;
  fail?: string;
  delayMs?: number;
}

class FakeSource implements BookSource {
  lists = 0;
  fetches: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(public books: FakeBook[]) {}
  async listNotebooks() {
    this.lists++;
    return this.books.map((b) => ({ ...b.entry }));
  }
  async fetchNotebook(entry: NotebookEntry): Promise<Notebook> {
    const book = this.books.find((b) => b.entry.bookId === entry.bookId)!;
    this.fetches.push(entry.bookId);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, book.delayMs ?? 1));
    this.inFlight--;
    if (book.fail) throw new Error(book.fail);
    return {
      entry,
      info: { bookId: entry.bookId, title: entry.title },
      chapters: [
        {
          chapter: { chapterUid: 1, chapterIdx: 1, title: '第一章', level: 1 },
          known: true,
          highlights: book.highlights.map((h) => ({
            bookmarkId: h.id,
            chapterUid: 1,
            range: '0-1',
            rangeStart: 0,
            markText: h.text,
            createTime: 0,
            colorStyle: 0,
            style: 0,
            thoughts: [],
          })),
          passages: [],
          chapterThoughts: [],
        },
      ],
      allChapters: [],
      passageThoughts: [],
      reviews: [],
      otherThoughts: [],
    };
  }
}

function makeRenderer(fingerprint = 'v1'): NoteRenderer & { renders: number } {
  const r = {
    fingerprint,
    renders: 0,
    render(nb: Notebook) {
      r.renders++;
      const lines = [
        '---',
        'doc_type: weread-highlights-reviews',
        `bookId: "${nb.entry.bookId}"`,
        '---',
        `# ${nb.info.title}`,
        '',
        '## 第一章',
        '',
      ];
      for (const h of nb.chapters[0]!.highlights) lines.push(`- 📌 ${h.markText} ^${h.bookmarkId}`, '');
      return lines.join('\n');
    },
    target: (nb: Notebook) => ({ folder: 'WeRead', fileName: nb.info.title }),
  };
  return r;
}

const entry = (bookId: string, title: string, sort = 100, noteCount = 1): NotebookEntry => ({
  bookId,
  title,
  bookType: 0,
  noteCount,
  reviewCount: 0,
  bookmarkCount: 0,
  sort,
});
const book = (bookId: string, title = `书${bookId}`, hl = [{ id: `${bookId}-1`, text: '一' }]): FakeBook => ({
  entry: entry(bookId, title, 100, hl.length),
  highlights: hl,
});

function setup(books: FakeBook[], settings: Partial<Settings> = {}) {
  const source = new FakeSource(books);
  const store = new MemStore();
  const state = new MemKV();
  const renderer = makeRenderer();
  const deps = { source, store, state, renderer, settings: { ...DEFAULT_SETTINGS, ...settings } };
  return { source, store, state, renderer, deps };
}

describe('planner', () => {
  it('a no-op sync lists once, fetches, renders, reads and writes nothing', async () => {
    const s = setup([book('1'), book('2'), book('3')]);
    await runSync(s.deps);
    s.source.lists = 0;
    s.source.fetches = [];
    s.store.reads = s.store.writes = s.store.lists = 0;
    s.renderer.renders = 0;
    const report = await runSync(s.deps);
    expect(report.books.map((b) => b.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect([
      s.source.lists,
      s.source.fetches.length,
      s.renderer.renders,
      s.store.reads,
      s.store.writes,
      s.store.lists,
    ]).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it('refetches only books whose sort or counts changed; a renderer change re-renders what was kept, fetching none', async () => {
    const s = setup([book('1'), book('2'), book('3')]);
    await runSync(s.deps);
    s.source.books[1]!.entry.sort = 200;
    s.source.books[2]!.entry.reviewCount = 1;
    s.source.fetches = [];
    await runSync(s.deps);
    expect(s.source.fetches.sort()).toEqual(['2', '3']);
    s.source.fetches = [];
    const report = await runSync({ ...s.deps, renderer: makeRenderer('v2') });
    expect(s.source.fetches).toEqual([]);
    expect(report.books.map((b) => b.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    await runSync({ ...s.deps, renderer: makeRenderer('v3') }, { force: true });
    expect(s.source.fetches.sort()).toEqual(['1', '2', '3']);
  });

  it('re-merges without writing when a refetch renders the same note', async () => {
    const s = setup([book('1')]);
    await runSync(s.deps);
    s.store.writes = 0;
    const report = await runSync(s.deps, { force: true });
    expect(report.books[0]!.status).toBe('unchanged');
    expect(s.store.writes).toBe(0);
  });

  it('applies includeBooks, excludeBooks (by id or title) and minHighlights', async () => {
    const s = setup([book('1', 'A'), book('2', 'B'), book('3', 'C', []), book('4', 'D')], {
      includeBooks: ['1', 'B', '3'],
      excludeBooks: ['A'],
      minHighlights: 1,
    });
    const report = await runSync(s.deps);
    expect(report.books.map((b) => [b.bookId, b.status])).toEqual([
      ['1', 'skipped'],
      ['2', 'created'],
      ['3', 'skipped'],
      ['4', 'skipped'],
    ]);
    expect(s.source.fetches).toEqual(['2']);
  });

  it('calls prefetch once with the books to fetch, never on a no-op, and survives its failure', async () => {
    const s = setup([book('1'), book('2')]);
    const calls: string[][] = [];
    const source = Object.assign(s.source, {
      prefetch: async (entries: NotebookEntry[]) => {
        calls.push(entries.map((e) => e.bookId));
        throw new Error('batch failed');
      },
    });
    const first = await runSync({ ...s.deps, source });
    expect(first.totals.created).toBe(2);
    await runSync({ ...s.deps, source });
    s.source.books[1]!.entry.sort = 5;
    await runSync({ ...s.deps, source });
    expect(calls).toEqual([['1', '2'], ['2']]);
  });

  it('fetches at most 6 books at once', async () => {
    const s = setup(Array.from({ length: 20 }, (_, i) => ({ ...book(String(i + 1)), delayMs: 5 })));
    const report = await runSync(s.deps);
    expect(report.totals.created).toBe(20);
    expect(s.source.maxInFlight).toBe(6);
  });

  it('names same-title books in list order whatever order their fetches finish in', async () => {
    const s = setup([
      { ...book('1', '三体'), delayMs: 30 },
      { ...book('2', '三体'), delayMs: 1 },
    ]);
    const report = await runSync(s.deps);
    expect(report.books.map((b) => b.path)).toEqual(['WeRead/三体.md', 'WeRead/三体 (2).md']);
  });
});

describe('isolation and cancellation', () => {
  it('a failing book is reported, others sync, and it is retried next time', async () => {
    const s = setup([book('1'), { ...book('2'), fail: 'HTTP 500 for cookie wr_skey=abcdef123456' }]);
    const report = await runSync(s.deps);
    expect(report.books.map((b) => b.status)).toEqual(['created', 'failed']);
    expect(report.books[1]!.error).toBe('HTTP 500 for cookie wr_skey=***');
    s.source.books[1]!.fail = undefined;
    s.source.fetches = [];
    const again = await runSync(s.deps);
    expect(s.source.fetches).toEqual(['2']);
    expect(again.books[1]!.status).toBe('created');
  });

  it("keeps a note's Windows line endings when it merges into it", async () => {
    const s = setup([book('1')]);
    await runSync(s.deps);
    const path = 'WeRead/书1.md';
    s.store.files.set(path, s.store.files.get(path)!.replace(/\n/g, '\r\n') + '读者的话\r\n');
    s.source.books[0]!.highlights.push({ id: '1-2', text: '二' });
    s.source.books[0]!.entry.noteCount = 2;
    const dry = await runSync(s.deps, { dryRun: true });
    expect(dry.books[0]!.diff).not.toContain('\r');
    expect(dry.books[0]!.diff!.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('---'))).toEqual([]);
    const report = await runSync(s.deps);
    expect(report.books[0]!.status).toBe('updated');
    const text = s.store.files.get(path)!;
    expect(text).toContain('二');
    expect(text).toContain('读者的话');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('a write failure leaves state where it was', async () => {
    const s = setup([book('1')]);
    await runSync(s.deps);
    const before = s.store.files.get('WeRead/书1.md');
    s.source.books[0]!.highlights.push({ id: '1-2', text: '二' });
    s.source.books[0]!.entry.noteCount = 2;
    s.store.failWrite.add('WeRead/书1.md');
    const report = await runSync(s.deps);
    expect(report.books[0]).toMatchObject({ status: 'failed', error: 'EACCES: permission denied' });
    expect(s.store.files.get('WeRead/书1.md')).toBe(before);
    s.store.failWrite.clear();
    s.source.fetches = [];
    expect((await runSync(s.deps)).books[0]!.status).toBe('updated');
    expect(s.source.fetches).toEqual(['1']);
  });

  it('stops between books when cancelled; written books keep their state', async () => {
    const s = setup(Array.from({ length: 10 }, (_, i) => ({ ...book(String(i + 1)), delayMs: 5 })));
    const controller = new AbortController();
    const report = await runSync({
      ...s.deps,
      signal: controller.signal,
      concurrency: 1,
      onProgress: (p) => p.done === 3 && controller.abort(),
    });
    expect(report.cancelled).toBe(true);
    expect(report.totals.created).toBe(3);
    expect(report.totals.skipped).toBe(7);
    s.source.fetches = [];
    const rest = await runSync(s.deps);
    expect(s.source.fetches).toHaveLength(7);
    expect(rest.totals.created).toBe(7);
  });

  it('reports a vanished book and keeps its note; onlyBookIds limits the run', async () => {
    const s = setup([book('1'), book('2')]);
    await runSync(s.deps);
    s.source.books.pop();
    const report = await runSync(s.deps);
    expect(report.books.find((b) => b.bookId === '2')).toMatchObject({ status: 'vanished', path: 'WeRead/书2.md' });
    expect(s.store.files.has('WeRead/书2.md')).toBe(true);
    s.source.books[0]!.entry.sort = 999;
    s.source.fetches = [];
    const only = await runSync(s.deps, { onlyBookIds: ['1'], force: true });
    expect(only.books.map((b) => b.bookId)).toEqual(['1']);
    expect(s.source.fetches).toEqual(['1']);
  });

  it('a dry run changes no file and no state, and says what it would do', async () => {
    const s = setup([book('1')]);
    const report = await runSync(s.deps, { dryRun: true });
    expect(report.books[0]!.status).toBe('created');
    expect(report.books[0]!.diff).toContain('+- 📌 一 ^1-1');
    expect(s.store.files.size).toBe(0);
    expect(s.state.map.size).toBe(0);
    expect(formatReportSummary(report, 'en')).toBe('Dry run: 1 created, 0 updated, 0 unchanged');
    expect(formatReportSummary(report)).toBe('试运行：新建 1，更新 0，未变 0');
  });

  it('survives a damaged state index', async () => {
    const s = setup([book('1')]);
    await runSync(s.deps);
    s.state.map.set('index', '{not json');
    s.store.files.set('WeRead/书1.md', s.store.files.get('WeRead/书1.md')! + '\n读者的话\n');
    const report = await runSync(s.deps);
    expect(report.books[0]!.status).toBe('unchanged');
    expect(s.store.files.get('WeRead/书1.md')).toContain('读者的话');
  });

  it('drops index records of the wrong shape instead of crashing on them', async () => {
    const s = setup([book('1'), book('2')]);
    await runSync(s.deps);
    const index = JSON.parse(s.state.map.get('index')!);
    index.books['1'] = { title: 'x', sort: 1 };
    index.books['2'] = null;
    index.accounts = { MP_1: { title: 'y', articleIds: 'not a list' } };
    s.state.map.set('index', JSON.stringify(index));
    const report = await runSync(s.deps);
    expect(report.books.map((b) => b.status).sort()).toEqual(['unchanged', 'unchanged']);
    expect(report.books.every((b) => b.path.startsWith('WeRead/'))).toBe(true);
  });
});
