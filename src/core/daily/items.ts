/** What a daily note refers to: the highlights and thoughts of a notebook by block id, and the one line that names each. */
import type { Notebook, Thought } from '../model/notebook';
import { toBlockId } from '../render/block-id';
import type { DailyLinkStyle } from '../settings/settings';

/** One highlight or thought to reference from the daily note of the day it was made. */
export interface DailyItem {
  blockId: string;
  /** Unix seconds (WeRead's createTime). */
  createTime: number;
  /** Vault path of the book note that holds the block. */
  notePath: string;
  bookTitle: string;
  /** The highlighted passage, or the passage a thought is about ('' for chapter thoughts and reviews). */
  passage: string;
  /** The thought's text ('' for a highlight). */
  thought: string;
}

type ItemText = Pick<DailyItem, 'blockId' | 'createTime' | 'passage' | 'thought'>;

/** Every highlight and thought of a notebook by block id (a thought on a highlight carries the highlight's passage). */
export function notebookItems(notebook: Notebook): Map<string, ItemText> {
  const items = new Map<string, ItemText>();
  const thought = (t: Thought, passage: string) => {
    const blockId = toBlockId(t.reviewId);
    items.set(blockId, { blockId, createTime: t.createTime, passage, thought: t.content });
  };
  for (const chapter of notebook.chapters) {
    for (const h of chapter.highlights) {
      const blockId = toBlockId(h.bookmarkId);
      items.set(blockId, { blockId, createTime: h.createTime, passage: h.markText, thought: '' });
      h.thoughts.forEach((t) => thought(t, h.markText));
    }
    for (const p of chapter.passages) p.thoughts.forEach((t) => thought(t, p.abstract));
    chapter.chapterThoughts.forEach((t) => thought(t, ''));
  }
  for (const t of notebook.passageThoughts) if (!items.has(toBlockId(t.reviewId))) thought(t, t.abstract ?? '');
  notebook.reviews.forEach((t) => thought(t, ''));
  notebook.otherThoughts.forEach((t) => thought(t, t.abstract ?? ''));
  return items;
}

const SHORT = 60;

/** One line of text, at most SHORT characters, that cannot open a link, embed or block id of its own. */
export function shortText(text: string, max = SHORT): string {
  const flat = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\[\[|\]\]/g, (m) => (m === '[[' ? '［［' : '］］'))
    .replace(/(^|\s)\^(?=[A-Za-z0-9-]+$)/, '$1');
  const chars = [...flat];
  return chars.length > max
    ? chars
        .slice(0, max - 1)
        .join('')
        .trimEnd() + '…'
    : flat;
}

/** A book title as a link alias: no `|`, `[`, `]` or line breaks. */
function aliasText(title: string): string {
  return title.replace(/\s+/g, ' ').replace(/\|/g, '｜').replace(/\[/g, '［').replace(/]/g, '］').trim() || '—';
}

/** The link target of a note path: without `.md`. */
export function linkTarget(notePath: string): string {
  return notePath.replace(/\.md$/i, '');
}

/** The line a daily note gets for an item: book, passage, thought; a link to the block, or an embed of it. */
export function dailyLine(item: DailyItem, style: DailyLinkStyle): string {
  const target = linkTarget(item.notePath);
  const title = aliasText(item.bookTitle);
  if (style === 'embed') return `- [[${target}|${title}]] ![[${target}#^${item.blockId}]]`;
  const parts = [item.passage && shortText(item.passage), item.thought && `💭 ${shortText(item.thought)}`];
  const text = parts.filter(Boolean).join(' ');
  return `- [[${target}#^${item.blockId}|${title}]]${text ? `: ${text}` : ''}`;
}
