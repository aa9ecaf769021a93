// Test harness for sync scenarios: the fake WeRead server + real client + real renderer, the fs store in a temp vault, with counting wrappers.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KeyValueStore, NoteStore } from '../../../src/core/ports';
import { builtInTemplate, compileTemplate, type CompiledTemplate } from '../../../src/core/render';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings/settings';
import { clientSource, createRenderer } from '../../../src/core/service';
import { runSync, type NoteRenderer, type SyncOptions } from '../../../src/core/sync';
import { FsKeyValueStore, FsNoteStore } from '../../../src/node/fs-store';
import { loadFixtureLibrary } from '../../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../../fakes/weread/server';
import { clientFor, MemoryCache } from '../weread/helpers';

export const SETTINGS: Settings = { ...DEFAULT_SETTINGS, timeZone: 'Asia/Shanghai', folder: 'WeRead' };

/** Counts every call that touches notes. */
export class CountingStore implements NoteStore {
  reads = 0;
  writes = 0;
  lists = 0;
  linkQueries = 0;
  failWritesTo: string | null = null;
  constructor(readonly inner: NoteStore) {}
  read(p: string) {
    this.reads++;
    return this.inner.read(p);
  }
  exists(p: string) {
    this.reads++;
    return this.inner.exists(p);
  }
  async write(p: string, c: string) {
    if (this.failWritesTo === p) throw new Error(`disk full writing ${p}`);
    this.writes++;
    return this.inner.write(p, c);
  }
  listMarkdown(f: string) {
    this.lists++;
    return this.inner.listMarkdown(f);
  }
  linkedBlockIds(ids: string[]) {
    this.linkQueries++;
    return this.inner.linkedBlockIds(ids);
  }
  reset() {
    this.reads = this.writes = this.lists = this.linkQueries = 0;
  }
}

/** The service's renderer over a built-in (or given) template. */
export function makeRenderer(
  settings: Settings,
  template: CompiledTemplate = builtInTemplate(settings.template),
): NoteRenderer {
  return createRenderer(settings, template);
}

export { compileTemplate };

export interface Harness {
  fake: FakeWeRead;
  vault: string;
  store: CountingStore;
  state: KeyValueStore;
  stateDir: string;
  requestsBefore(): number;
  sync(
    opts?: SyncOptions & { settings?: Settings; renderer?: NoteRenderer; signal?: AbortSignal },
  ): ReturnType<typeof runSync>;
  notePath(rel: string): string;
  /** A note's text on disk, as the reader's editor would see it. */
  readNote(rel: string): string;
  /** Writes a note the way the reader would (folders made as needed). */
  writeNote(rel: string, text: string): void;
  close(): Promise<void>;
}

/** A fresh temp vault and a fake server holding the given books (default: the seed book and the two books titled 三体). */
export async function harness(bookIds: string[] = ['26211849', '695233', '41576853']): Promise<Harness> {
  const fake = await startFakeWeRead({
    books: loadFixtureLibrary().filter((b) => bookIds.includes(b.notebook.bookId)),
  });
  const vault = mkdtempSync(path.join(tmpdir(), 'weread-sync-'));
  const stateDir = path.join(vault, '.weread-sync');
  const store = new CountingStore(new FsNoteStore(vault));
  const state = new FsKeyValueStore(stateDir);
  const cache = new MemoryCache();
  let total = 0;
  const h: Harness = {
    fake,
    vault,
    store,
    state,
    stateDir,
    requestsBefore: () => total,
    async sync(opts = {}) {
      const settings = opts.settings ?? SETTINGS;
      // A new client per sync, as the CLI does; the book cache persists like the CLI's cache folder.
      const { client } = await clientFor(fake, 'v1', { cache });
      const source = clientSource(client, settings, builtInTemplate(settings.template));
      const report = await runSync(
        { source, renderer: opts.renderer ?? makeRenderer(settings), store, state, settings, signal: opts.signal },
        opts,
      );
      total += client.requestCount;
      return report;
    },
    notePath: (rel) => path.join(vault, ...rel.split('/')),
    readNote: (rel) => readFileSync(path.join(vault, ...rel.split('/')), 'utf8'),
    writeNote: (rel, text) => {
      const file = path.join(vault, ...rel.split('/'));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    },
    async close() {
      await fake.close();
      rmSync(vault, { recursive: true, force: true });
    },
  };
  return h;
}
