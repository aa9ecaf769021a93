/**
 * Popular highlights (热门划线) in a note: template variables (`popularHighlights`, `h.popularCount`), and for templates
 * that use neither, a section at the end of the note plus the count after each of the reader's popular highlights.
 */
import type { Notebook, PopularPassage } from '../model/notebook';
import { toBlockId } from './block-id';
import type { HighlightContext, TemplateContext } from './context';
import { escapeBlockStart, oneLine } from './filters';

/** A popular passage as templates see it. */
export interface PopularPassageContext {
  markText: string;
  /** Readers who highlighted it. */
  count: number;
  chapterUid: number;
  chapterTitle: string;
  range: string;
  rawBookmarkId: string;
  /** True when the reader highlighted it too; `blockId` is then their highlight's block id. */
  mine: boolean;
  blockId?: string;
}

/** The heading of the section the plugin adds at the end of a note. */
export const POPULAR_HEADING = '# 热门划线';

const passageKey = (chapterUid: number, range: string): string => `${chapterUid}|${range}`;

/**
 * The reader's highlights that are popular: block id → readers' count as first seen (`markCount`, stable while the
 * passage stays popular). A passage is the same by chapterUid and range.
 */
export function popularCounts(notebook: Notebook): Map<string, number> {
  const counts = new Map<string, number>();
  if (!notebook.popular?.length) return counts;
  const byPassage = new Map(notebook.popular.map((p) => [passageKey(p.chapterUid, p.range), p.markCount ?? p.count]));
  for (const chapter of notebook.chapters)
    for (const h of chapter.highlights) {
      const count = byPassage.get(passageKey(h.chapterUid, h.range));
      if (count !== undefined) counts.set(toBlockId(h.bookmarkId), count);
    }
  return counts;
}

function passageContexts(notebook: Notebook, popular: readonly PopularPassage[]): PopularPassageContext[] {
  const mine = new Map<string, string>();
  for (const chapter of notebook.chapters)
    for (const h of chapter.highlights) mine.set(passageKey(h.chapterUid, h.range), toBlockId(h.bookmarkId));
  const titles = new Map(notebook.allChapters.map((c) => [c.chapterUid, c.title]));
  return popular.map((p) => {
    const blockId = mine.get(passageKey(p.chapterUid, p.range));
    return {
      markText: p.markText,
      count: p.count,
      chapterUid: p.chapterUid,
      chapterTitle: titles.get(p.chapterUid) ?? p.chapterTitle ?? '',
      range: p.range,
      rawBookmarkId: p.bookmarkId,
      mine: blockId !== undefined,
      ...(blockId !== undefined ? { blockId } : {}),
    };
  });
}

/** Adds `popularHighlights` (empty without the setting) and `popularCount` on each of the reader's popular highlights. */
export function withPopularVariables<T extends TemplateContext>(
  ctx: T,
  notebook: Notebook,
): T & { popularHighlights: PopularPassageContext[] } {
  const counts = popularCounts(notebook);
  if (counts.size) {
    const mark = (h: HighlightContext & { popularCount?: number }) => {
      const count = counts.get(h.blockId);
      if (count !== undefined) h.popularCount = count;
    };
    for (const chapter of [...ctx.chapterHighlights, ...ctx.noteChapters]) chapter.highlights.forEach(mark);
  }
  return Object.assign(ctx, { popularHighlights: passageContexts(notebook, notebook.popular ?? []) });
}

/** The count mark after a popular highlight of the reader's. */
export function popularMark(count: number): string {
  return `🔥 ${count}`;
}

/** One passage of the popular section: one line, its count first, ✅ when the reader highlighted it too. */
function sectionLine(p: PopularPassageContext): string {
  const text = escapeBlockStart(oneLine(p.markText).trim()).replace(/\s\^(?=[A-Za-z0-9-]+$)/, ' ');
  return `- ${popularMark(p.count)} · ${text}${p.mine ? ' ✅' : ''}`;
}

/**
 * For templates that do not use the popular variables themselves: the count after each of the reader's popular
 * highlights (before its block id) and the popular section at the end. Without popular passages, the text as is.
 */
export function addPopularToNote(text: string, notebook: Notebook, templateSource: string): string {
  if (!notebook.popular?.length) return text;
  let out = text;
  if (!templateSource.includes('popularCount')) {
    for (const [blockId, count] of popularCounts(notebook)) {
      const id = blockId.replace(/-/g, '\\-');
      out = out.replace(new RegExp(`([ \\t]+\\^${id})(?=\\r?\\n|$)`, 'm'), ` ${popularMark(count)}$1`);
    }
  }
  if (!templateSource.includes('popularHighlights')) {
    const lines = passageContexts(notebook, notebook.popular).map(sectionLine);
    const body = out.trimEnd();
    out = `${body}\n\n${POPULAR_HEADING}\n\n${lines.join('\n')}\n`;
  }
  return out;
}
