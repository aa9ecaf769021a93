/** A tiny HTML → Markdown converter for review htmlContent (p, br, b/strong, i/em, a, blockquote, ul/ol/li); no DOM. */
import { escapeBlockStart } from './filters';

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  '#39': "'",
};

/** Decodes the HTML entities WeRead uses (named basics and numeric). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (m, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[name.toLowerCase()] ?? m;
  });
}

interface Frame {
  tag: string;
  href?: string;
  /** For ol: the next item number. */
  counter?: number;
  out: string;
}

const BLOCK_TAGS = new Set(['#root', 'p', 'div', 'blockquote', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/**
 * Decoded text as Markdown that shows it literally: HTML whitespace runs collapse to one space (as a browser shows
 * them, so spaces never indent a code block); `<` and an entity-like `&` are escaped so decoded text (`&lt;div&gt;`)
 * never becomes raw HTML or an entity again.
 */
function textToMarkdown(raw: string): string {
  return decodeEntities(raw.replace(/[ \t\n\f]+/g, ' '))
    .replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;')
    .replace(/</g, '&lt;');
}

/** True when text added to `frame` now starts a Markdown line (so `- `, `1. `, `#`, `>` would become structure). */
function atLineStart(frame: Frame): boolean {
  return frame.out === '' ? BLOCK_TAGS.has(frame.tag) : frame.out.endsWith('\n');
}

/** `**` / `*` around the text, with whitespace at either end kept outside (`a<b> b</b>` → `a **b**`). */
function wrapInline(inner: string, marker: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : inner;
}

/** Converts review HTML into Markdown; unknown tags are dropped, their text kept. */
export function htmlToMarkdown(html: string): string {
  const stack: Frame[] = [{ tag: '#root', out: '' }];
  const top = (): Frame => stack[stack.length - 1]!;
  const emit = (s: string) => {
    top().out += s;
  };
  const tokens = html.replace(/\r\n?/g, '\n').split(/(<[^>]*>)/);
  for (const token of tokens) {
    if (token === '') continue;
    const m = /^<\s*(\/?)\s*([a-zA-Z0-9]+)([^>]*)>$/.exec(token);
    if (!m) {
      if (token.startsWith('<')) continue; // comments, doctype
      if ((top().tag === 'ul' || top().tag === 'ol') && token.trim() === '') continue;
      const text = textToMarkdown(token);
      emit(atLineStart(top()) ? escapeBlockStart(text) : text);
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    const attrs = m[3] ?? '';
    if (tag === 'br') {
      emit('\n');
      continue;
    }
    if (!closing) {
      if (
        [
          'p',
          'div',
          'b',
          'strong',
          'i',
          'em',
          'a',
          'blockquote',
          'ul',
          'ol',
          'li',
          'h1',
          'h2',
          'h3',
          'h4',
          'h5',
          'h6',
        ].includes(tag)
      ) {
        const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
        const frame: Frame = { tag, out: '' };
        if (href) frame.href = decodeEntities(href[1] ?? href[2] ?? href[3] ?? '');
        if (tag === 'ol') frame.counter = 1;
        stack.push(frame);
      }
      continue;
    }
    // Close the nearest matching frame (and anything left open inside it).
    let index = -1;
    for (let i = stack.length - 1; i > 0; i--) {
      if (stack[i]!.tag === tag) {
        index = i;
        break;
      }
    }
    if (index < 0) continue;
    while (stack.length > index) closeFrame(stack);
  }
  while (stack.length > 1) closeFrame(stack);
  return tidy(stack[0]!.out);
}

function closeFrame(stack: Frame[]): void {
  const frame = stack.pop()!;
  const parent = stack[stack.length - 1]!;
  const inner = frame.out;
  switch (frame.tag) {
    case 'b':
    case 'strong':
      parent.out += wrapInline(inner, '**');
      break;
    case 'i':
    case 'em':
      parent.out += wrapInline(inner, '*');
      break;
    case 'a':
      parent.out += frame.href ? `[${inner.trim() || frame.href}](${frame.href})` : inner;
      break;
    case 'blockquote':
      parent.out += `\n\n${tidy(inner)
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n')}\n\n`;
      break;
    case 'li': {
      const list = parent.tag === 'ol' ? parent : undefined;
      const marker = list ? `${list.counter!++}. ` : '- ';
      const pad = ' '.repeat(marker.length);
      const body = tidy(inner)
        .split('\n')
        .map((l, i) => (i === 0 ? marker + l : l ? pad + l : ''))
        .join('\n');
      parent.out += (parent.out === '' || parent.out.endsWith('\n') ? '' : '\n') + body + '\n';
      break;
    }
    case 'ul':
    case 'ol':
      parent.out += `\n\n${tidy(inner)}\n\n`;
      break;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      parent.out += `\n\n**${inner.trim()}**\n\n`;
      break;
    default:
      // p, div
      parent.out += `\n\n${inner.trim()}\n\n`;
  }
}

/** Trims each line's end, collapses 3+ newlines into a blank line, trims the whole. */
function tidy(s: string): string {
  return s
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}
