// Issue 17 item 4: two devices syncing one vault through a file sync — own state or state that travels with the vault — never duplicate a note, never lose a reader line, never make a conflict nobody made, and settle; concurrent state writers never leave a torn file.
import { gunzipSync } from 'node:zlib';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInTemplate } from '../../src/core/render';
import { toBlockId } from '../../src/core/render/block-id';
import { clientSource } from '../../src/core/service';
import { runSync, type SyncReport } from '../../src/core/sync';
import { SyncState } from '../../src/core/sync/state-store';
import { FsKeyValueStore, FsNoteStore } from '../../src/node/fs-store';
import { generateLibrary } from '../fakes/weread/library';
import { startFakeWeRead, type FakeWeRead } from '../fakes/weread/server';
import { CountingStore, makeRenderer, SETTINGS } from '../core/sync/harness';
import { clientFor, MemoryCache } from '../core/weread/helpers';

const STATE_FOLDER = '.weread-sync';

/** One device: its own copy of the vault, its own state folder inside it (the CLI's layout) and its own cache. */
interface Device {
  vault: string;
  store: CountingStore;
  state: FsKeyValueStore;
  cache: MemoryCache;
}

function device(root: string, name: string): Device {
  const vault = path.join(root, name);
  mkdirSync(vault, { recursive: true });
  return {
    vault,
    store: new CountingStore(new FsNoteStore(vault)),
    state: new FsKeyValueStore(path.join(vault, STATE_FOLDER, 'state')),
    cache: new MemoryCache(),
  };
}

async function syncOn(fake: FakeWeRead, d: Device): Promise<SyncReport> {
  const { client } = await clientFor(fake, 'v1', { cache: d.cache });
  const source = clientSource(client, SETTINGS, builtInTemplate(SETTINGS.template));
  d.store.reset();
  return runSync({ source, renderer: makeRenderer(SETTINGS), store: d.store, state: d.state, settings: SETTINGS });
}

/** Every file under `dir` (relative, '/'), skipping the state folder unless asked. */
function filesOf(dir: string, withState: boolean, rel = ''): string[] {
  const out: string[] = [];
  const here = path.join(dir, rel);
  if (!existsSync(here)) return out;
  for (const e of readdirSync(here, { withFileTypes: true })) {
    const child = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (!withState && child === STATE_FOLDER) continue;
      out.push(...filesOf(dir, withState, child));
    } else out.push(child);
  }
  return out;
}

/** What a file sync does after a turn: the acting device's files (changed, new, deleted) reach the other one whole. */
function mirror(from: Device, to: Device, withState: boolean): void {
  const source = new Set(filesOf(from.vault, withState));
  for (const rel of filesOf(to.vault, withState)) if (!source.has(rel)) rmSync(path.join(to.vault, rel));
  for (const rel of source) {
    const a = path.join(from.vault, rel);
    const b = path.join(to.vault, rel);
    if (existsSync(b) && readFileSync(a).equals(readFileSync(b))) continue;
    mkdirSync(path.dirname(b), { recursive: true });
    cpSync(a, b);
  }
}

function notesOf(d: Device): Map<string, string> {
  const notes = new Map<string, string>();
  for (const rel of filesOf(d.vault, false))
    if (rel.endsWith('.md')) notes.set(rel, readFileSync(path.join(d.vault, rel), 'utf8'));
  return notes;
}

/** Each bookId of the vault's notes (frontmatter) with how many notes carry it. */
function bookIdsOf(d: Device): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of notesOf(d).values()) {
    const id = /^bookId: "?([^"\n]+)"?$/m.exec(text)?.[1];
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

type WeReadChange =
  | { kind: 'add'; book: number }
  | { kind: 'edit'; book: number; pick: number }
  | { kind: 'delete'; book: number; pick: number }
  | { kind: 'thought'; book: number };

interface Turn {
  device: 0 | 1;
  weread: WeReadChange | null;
  /** The reader's edit on the acting device before it syncs: a new line at the end, or before a heading. */
  edit: { note: number; where: 'end' | 'before-heading' | 'under-block' | 'rewrite'; pick: number } | null;
}

const turnArb: fc.Arbitrary<Turn> = fc.record({
  device: fc.constantFrom<0 | 1>(0, 1),
  weread: fc.option(
    fc.oneof(
      fc.record({ kind: fc.constant<'add'>('add'), book: fc.nat(2) }),
      fc.record({ kind: fc.constant<'edit'>('edit'), book: fc.nat(2), pick: fc.nat(50) }),
      fc.record({ kind: fc.constant<'delete'>('delete'), book: fc.nat(2), pick: fc.nat(50) }),
      fc.record({ kind: fc.constant<'thought'>('thought'), book: fc.nat(2) }),
    ),
    { nil: null },
  ),
  edit: fc.option(
    fc.record({
      note: fc.nat(2),
      where: fc.constantFrom<'end' | 'before-heading' | 'under-block' | 'rewrite'>(
        'end',
        'before-heading',
        'under-block',
        'rewrite',
      ),
      pick: fc.nat(20),
    }),
    { nil: null },
  ),
});

/**
 * Block ids of highlights WeRead edited more than once. With each device's own state, a device whose base predates
 * both edits finds the first edit (synced by the other device) in the note and the second on WeRead: from its base,
 * both sides changed the same line, and nothing it holds tells WeRead's earlier edit from a reader's rewrite — so it
 * keeps the note's line and shows WeRead's text in a callout. Only these blocks may carry a conflict.
 */
function editedTwice(edits: readonly string[]): Set<string> {
  return new Set(edits.filter((id, k) => edits.indexOf(id) !== k));
}

/**
 * Where a conflict may stand: a block the reader rewrote (WeRead editing it too is a real conflict, on any set-up —
 * and with its own state, a device whose base predates WeRead's edit cannot order the two), and with each device's
 * own state a highlight WeRead edited twice (see editedTwice).
 */
function allowedConflicts(rewritten: ReadonlySet<string>, edits: readonly string[], sharedState: boolean): Set<string> {
  return new Set([...rewritten, ...(sharedState ? [] : editedTwice(edits))]);
}

function changeWeRead(fake: FakeWeRead, change: WeReadChange, n: number, edits: string[]): void {
  const ids = fake.library.bookIds();
  const bookId = ids[change.book % ids.length]!;
  const marks = (fake.library.get(bookId)?.bookmarks ?? []) as Array<{ bookmarkId?: string }>;
  const mark =
    change.kind === 'edit' || change.kind === 'delete' ? marks[change.pick % Math.max(1, marks.length)] : undefined;
  if (change.kind === 'add') fake.library.addHighlight(bookId, { markText: `新划线 ${n}` });
  else if (change.kind === 'thought') fake.library.addThought(bookId, { content: `新想法 ${n}` });
  else if (mark?.bookmarkId && change.kind === 'edit') {
    fake.library.editHighlight(mark.bookmarkId, { markText: `改过的划线 ${n}` });
    edits.push(toBlockId(mark.bookmarkId));
  } else if (mark?.bookmarkId && change.kind === 'delete') fake.library.deleteHighlight(mark.bookmarkId);
}

/** What the reader wrote (to find again later) and, for a rewrite, the block they rewrote. */
interface ReaderWrote {
  text: string;
  rewrote?: string;
}

function readerEdit(d: Device, edit: NonNullable<Turn['edit']>, line: string): ReaderWrote | null {
  const notes = [...notesOf(d).keys()].sort();
  const rel = notes[edit.note % Math.max(1, notes.length)];
  if (!rel) return null;
  const file = path.join(d.vault, rel);
  const lines = readFileSync(file, 'utf8').split('\n');
  const blocks = lines.flatMap((l, i) => (/^- .* \^[\w-]+$/.test(l) ? [i] : []));
  const block = blocks[edit.pick % Math.max(1, blocks.length)];
  if (edit.where === 'under-block' || edit.where === 'rewrite') {
    if (block === undefined) return null;
    if (edit.where === 'under-block') {
      // A sub-line of the reader's own right under a highlight or thought line (its ^id line).
      lines.splice(block + 1, 0, `    - ${line}`);
      writeFileSync(file, lines.join('\n'));
      return { text: line };
    }
    // The highlight or thought line rewritten in the reader's words, its ^id kept.
    const [, head = '', id = ''] = /^(- .*) \^([\w-]+)$/.exec(lines[block] ?? '') ?? [];
    const text = `（${line}）`;
    lines[block] = `${head}${text} ^${id}`;
    writeFileSync(file, lines.join('\n'));
    return { text, rewrote: id };
  }
  const headings = lines.flatMap((l, i) => (/^#{1,3} /.test(l) && i > 0 ? [i] : []));
  const at = edit.where === 'end' || headings.length === 0 ? lines.length : headings[edit.pick % headings.length]!;
  lines.splice(at, 0, line, '');
  writeFileSync(file, lines.join('\n'));
  return { text: line };
}

/**
 * Nothing new on WeRead: the devices settle. With the state shared, a sync on either device (in either order) writes
 * no note. With its own state a device can hold a note whose block another device inserted from an older WeRead text
 * (it cannot tell that copy from a reader's rewrite, so the reader's copy stands); the device that knows the older
 * text brings WeRead's current one in on its next sync (and a device whose merge kept the other's spacing may restore
 * the template's blank lines). So: one round of syncs (each followed by the file sync) may write, the next writes
 * nothing, and every WeRead text this test made is then in both vaults.
 */
async function settle(
  fake: FakeWeRead,
  devices: readonly [Device, Device],
  sharedState: boolean,
  allowed: ReadonlySet<string>,
): Promise<void> {
  const round = async () => {
    let writes = 0;
    for (const [d, other] of [
      [devices[1], devices[0]],
      [devices[0], devices[1]],
    ] as const) {
      const report = await syncOn(fake, d);
      const conflicts = report.books.flatMap((b) => b.conflicts);
      expect(
        conflicts.filter((id) => !allowed.has(id)),
        'a conflict nobody made while settling',
      ).toEqual([]);
      writes += d.store.writes;
      mirror(d, other, sharedState);
    }
    return writes;
  };
  if (!sharedState) await round();
  expect(await round(), 'a sync with nothing new on WeRead wrote notes').toBe(0);
  const made = fake.library
    .bookIds()
    .flatMap((id) => (fake.library.get(id)?.bookmarks ?? []) as Array<{ markText?: string }>)
    .map((m) => m.markText ?? '')
    .filter((t) => /^(新划线|改过的划线) /.test(t));
  for (const d of devices) {
    const all = [...notesOf(d).values()].join('\n');
    for (const text of made) expect(all, `WeRead's "${text}" missing in ${path.basename(d.vault)}`).toContain(text);
  }
}

/** Runs the turns on two fresh devices; throws (with what broke) when a property fails. */
async function scenario(turns: Turn[], sharedState: boolean, seed: number, joinFresh = false): Promise<void> {
  const fake = await startFakeWeRead({
    books: generateLibrary({ books: 3, highlightsPerBook: 6, thoughtsPerBook: 2, seed }),
  });
  const root = mkdtempSync(path.join(tmpdir(), 'weread-devices-'));
  try {
    const devices = [device(root, 'laptop'), device(root, 'phone')] as const;
    const first = await syncOn(fake, devices[0]);
    expect(first.totals.created).toBe(3);
    mirror(devices[0], devices[1], sharedState);
    if (!joinFresh) {
      // The phone has synced once before the turns (the usual case); joinFresh: it joins during them (see JOINING_WITH_NO_STATE).
      expect((await syncOn(fake, devices[1])).totals.conflicts).toBe(0);
      mirror(devices[1], devices[0], sharedState);
    }
    const readerLines: string[] = [];
    const edits: string[] = [];
    const rewritten = new Set<string>();
    let n = 0;
    for (const turn of turns) {
      n++;
      const acting = devices[turn.device];
      const other = devices[1 - turn.device]!;
      if (turn.weread) changeWeRead(fake, turn.weread, n, edits);
      const wrote = turn.edit ? readerEdit(acting, turn.edit, `读者自己的一行 ${n}`) : null;
      if (wrote) readerLines.push(wrote.text);
      if (wrote?.rewrote) rewritten.add(wrote.rewrote);
      const report = await syncOn(fake, acting);
      expect(report.totals.failed, JSON.stringify(report.books.filter((b) => b.status === 'failed'))).toBe(0);
      const conflicts = report.books.flatMap((b) => b.conflicts);
      // A block the reader rewrote that WeRead also edits is a real conflict, on any set-up.
      const allowed = allowedConflicts(rewritten, edits, sharedState);
      expect(
        conflicts.filter((id) => !allowed.has(id)),
        `a conflict nobody made (turn ${n})`,
      ).toEqual([]);
      mirror(acting, other, sharedState);
      for (const d of devices) {
        expect(
          [...bookIdsOf(d).values()].every((c) => c === 1),
          'a duplicate note',
        ).toBe(true);
        const all = [...notesOf(d).values()].join('\n');
        for (const l of readerLines) expect(all, `lost reader line "${l}"`).toContain(l);
      }
    }
    await settle(fake, devices, sharedState, allowedConflicts(rewritten, edits, sharedState));
    for (const d of devices) {
      const all = [...notesOf(d).values()].join('\n');
      for (const l of readerLines) expect(all.split(l).length - 1, `reader line "${l}" once`).toBe(1);
    }
    expect(bookIdsOf(devices[0]).size).toBe(fake.library.bookIds().length);
  } finally {
    await fake.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Found by the property below (seed 17, run 3) when the phone joined during the turns with no state of its own: it
 * merged insert-only (no base) and placed WeRead's new thought with its own spacing; the laptop's three-way merge then
 * saw the same section inserted twice, a blank line apart, and wrote the headings a second time. Fixed in the merge
 * (three-way.ts, joinSameInserts: the same insert on both sides, a few blank lines apart, is one change).
 */
const JOINING_WITH_NO_STATE: Turn[] = [
  { device: 1, weread: { kind: 'thought', book: 1 }, edit: { note: 1, where: 'end', pick: 12 } },
  { device: 1, weread: null, edit: { note: 0, where: 'before-heading', pick: 3 } },
  { device: 1, weread: null, edit: { note: 0, where: 'before-heading', pick: 9 } },
];

/**
 * Found next (seed 17, run 4) once both devices had synced before the turns: the phone syncs three turns (a highlight
 * added, one deleted, one edited, reader lines at the end and before headings), the file sync brings its notes to the
 * laptop, whose own base is still the first sync; on turn 4 the laptop's three-way merge (old base / the phone's
 * merged note / the new rendering: the same WeRead changes on both sides, reader lines beside them) must not report
 * a conflict.
 */
const STALE_BASE: Turn[] = [
  { device: 1, weread: { kind: 'add', book: 2 }, edit: { note: 1, where: 'end', pick: 3 } },
  { device: 1, weread: { kind: 'delete', book: 1, pick: 5 }, edit: { note: 0, where: 'before-heading', pick: 3 } },
  { device: 1, weread: { kind: 'edit', book: 0, pick: 15 }, edit: { note: 0, where: 'end', pick: 5 } },
  { device: 0, weread: null, edit: { note: 2, where: 'before-heading', pick: 10 } },
];

describe('two devices with their own state: the merge cases the property found', () => {
  it('a device joining with no state: a thought added while the reader wrote at the end', async () => {
    await scenario(JOINING_WITH_NO_STATE, false, 7, true);
  }, 60_000);
  it('a device whose base is older than the note the file sync brought: no conflict nobody made', async () => {
    await scenario(STALE_BASE, false, 7);
  }, 60_000);
});

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? 17);

describe('two devices, one vault through a file sync', () => {
  // With its own state each device merges against its own, older base; see editedTwice and settle for the one
  // ambiguity that leaves.
  it('each with its own state (the plugin folder not synced): the same property', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(turnArb, { minLength: 1, maxLength: 6 }), fc.nat(1000), (turns, seed) =>
        scenario(turns, false, seed),
      ),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 240_000);
  it.each([['sharing the state folder through the file sync (the CLI .weread-sync/)', true]])(
    '%s: no duplicate, no lost line, no conflict nobody made, and they settle',
    async (_name, sharedState) => {
      await fc.assert(
        fc.asyncProperty(fc.array(turnArb, { minLength: 1, maxLength: 6 }), fc.nat(1000), (turns, seed) =>
          scenario(turns, sharedState, seed),
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    240_000,
  );

  it('two devices writing one state folder at the same moment never leave a torn file; the state loads and settles', async () => {
    const fake = await startFakeWeRead({
      books: generateLibrary({ books: 6, highlightsPerBook: 10, thoughtsPerBook: 2, seed: 3 }),
    });
    const root = mkdtempSync(path.join(tmpdir(), 'weread-devices-'));
    try {
      const a = device(root, 'laptop');
      const b = device(root, 'phone');
      // One state folder written by both (a network share, or a sync service applying both at once).
      const stateDir = path.join(root, 'shared-state');
      const shared = { ...b, state: new FsKeyValueStore(stateDir) };
      const mine = { ...a, state: new FsKeyValueStore(stateDir) };
      await syncOn(fake, mine);
      mirror(mine, shared, false);
      for (let round = 0; round < 4; round++) {
        for (const id of fake.library.bookIds()) fake.library.addHighlight(id, { markText: `第 ${round} 轮` });
        const reports = await Promise.all([syncOn(fake, mine), syncOn(fake, shared)]);
        for (const r of reports) expect(r.totals.failed).toBe(0);
        // Every state file is whole: the index parses, every shard gunzips and parses.
        for (const file of readdirSync(stateDir)) {
          const bytes = readFileSync(path.join(stateDir, file));
          expect(file.endsWith('.tmp'), `a temp file left: ${file}`).toBe(false);
          const text = bytes[0] === 0x1f ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
          expect(() => JSON.parse(text) as unknown, file).not.toThrow();
        }
        const state = await SyncState.load(new FsKeyValueStore(stateDir), { readOnly: true });
        expect(Object.keys(state.index.books).length).toBe(6);
        mirror(mine, shared, false);
      }
      // Whatever the last writers left, both devices settle without a conflict or a duplicate.
      for (const d of [mine, shared, mine]) {
        const r = await syncOn(fake, d);
        expect(r.totals.conflicts).toBe(0);
        mirror(d, d === mine ? shared : mine, false);
      }
      expect([...bookIdsOf(mine).values()]).toEqual([1, 1, 1, 1, 1, 1]);
      expect((await syncOn(fake, shared)).totals.conflicts).toBe(0);
      expect(shared.store.writes).toBe(0);
    } finally {
      await fake.close();
      rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
