/**
 * What the state keeps of a fetched notebook: the notebook without what can be rebuilt exactly (a highlight's chapter,
 * range bounds and bookmarkId when they follow from the rest; its thoughts, kept once in passageThoughts). A notebook
 * whose slim form would not rebuild it exactly is kept whole.
 */
import type { Highlight, Notebook, Thought } from '../model/notebook';

/** Marks a slim notebook. */
const SLIM = '$slim';

type SlimHighlight = Omit<Highlight, 'bookmarkId' | 'chapterUid' | 'rangeStart' | 'rangeEnd' | 'thoughts'> & {
  bookmarkId?: string;
  chapterUid?: number;
  rangeStart?: number;
  rangeEnd?: number;
  thoughts?: Thought[];
  /** Thoughts kept in passageThoughts, by reviewId. */
  thoughtIds?: string[];
};

function bounds(range: string): { rangeStart: number; rangeEnd?: number } | null {
  const m = /^(\d+)-(\d+)$/.exec(range);
  return m ? { rangeStart: Number(m[1]), rangeEnd: Number(m[2]) } : null;
}

function slimHighlight(h: Highlight, bookId: string, chapterUid: number, passage: Map<string, Thought>): SlimHighlight {
  const { bookmarkId, chapterUid: uid, rangeStart, rangeEnd, thoughts, ...rest } = h;
  const out: SlimHighlight = { ...rest };
  if (uid !== chapterUid) out.chapterUid = uid;
  const b = bounds(h.range);
  if (!b || b.rangeStart !== rangeStart || b.rangeEnd !== rangeEnd) Object.assign(out, { rangeStart, rangeEnd });
  if (bookmarkId !== `${bookId}_${uid}_${h.range}`) out.bookmarkId = bookmarkId;
  if (thoughts.length && thoughts.every((t) => passage.get(t.reviewId) === t))
    out.thoughtIds = thoughts.map((t) => t.reviewId);
  else if (thoughts.length) out.thoughts = thoughts;
  return out;
}

function fullHighlight(s: SlimHighlight, bookId: string, chapterUid: number, passage: Map<string, Thought>): Highlight {
  const { thoughtIds, ...rest } = s;
  const uid = s.chapterUid ?? chapterUid;
  const b = s.rangeStart === undefined ? bounds(s.range) : null;
  return {
    ...rest,
    bookmarkId: s.bookmarkId ?? `${bookId}_${uid}_${s.range}`,
    chapterUid: uid,
    ...(b ?? { rangeStart: s.rangeStart!, rangeEnd: s.rangeEnd }),
    thoughts: s.thoughts ?? (thoughtIds ?? []).flatMap((id) => passage.get(id) ?? []),
  };
}

/**
 * Whether a slim highlight rebuilds exactly into `h`. slimHighlight leaves a field out only when fullHighlight computes
 * it back equal, so what can break is a field kept with the value `undefined` (fullHighlight would compute it instead)
 * or a highlight that carries `thoughtIds` itself. Checked so, rather than by rebuilding every highlight, which cost a
 * first sync about a third as much as rendering.
 */
function rebuilds(h: Highlight, s: SlimHighlight): boolean {
  if ('thoughtIds' in h) return false;
  return !KEPT_WHEN_DIFFERENT.some((field) => field in s && s[field] === undefined);
}

/** The fields a slim highlight keeps only when they do not follow from the rest. */
const KEPT_WHEN_DIFFERENT = ['bookmarkId', 'chapterUid', 'rangeStart', 'thoughts'] as const;

/** The slim form of a notebook, or null when a highlight's would not rebuild it exactly. */
function slim(nb: Notebook): unknown {
  const passage = new Map(nb.passageThoughts.map((t) => [t.reviewId, t]));
  const bookId = nb.entry.bookId;
  let exact = true;
  const chapters = nb.chapters.map((c) => ({
    ...c,
    highlights: c.highlights.map((h) => {
      const s = slimHighlight(h, bookId, c.chapter.chapterUid, passage);
      exact &&= rebuilds(h, s);
      return s;
    }),
  }));
  return exact ? { ...nb, chapters, [SLIM]: 1 } : null;
}

/** The notebook a kept value stands for (slim or whole); the value comes from the state, so it is only as good as that. */
export function fullNotebook(kept: unknown): Notebook {
  const k = kept as Notebook & { [SLIM]?: number };
  if (k[SLIM] !== 1) return k;
  const { [SLIM]: _slim, ...nb } = k;
  const passage = new Map(nb.passageThoughts.map((t) => [t.reviewId, t]));
  const chapters = nb.chapters.map((c) => ({
    ...c,
    highlights: (c.highlights as SlimHighlight[]).map((h) =>
      fullHighlight(h, nb.entry.bookId, c.chapter.chapterUid, passage),
    ),
  }));
  return { ...nb, chapters };
}

/**
 * What to keep of a fetched notebook: its slim form when that rebuilds it exactly, else the notebook. Checked per
 * highlight on the fields the slim form leaves out (a whole rebuild and deep comparison cost a fifth of a first sync's
 * allocations).
 */
export function keptNotebook(nb: Notebook): unknown {
  try {
    return slim(nb) ?? nb;
  } catch {
    return nb;
  }
}
