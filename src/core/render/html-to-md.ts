/** A tiny HTML → Markdown converter for review htmlContent (p, br, b/strong, i/em, a, blockquote, ul/ol/li); no DOM. */
import { escapeBlockStart } from './filters';
import { escapeMarkdownText } from './safe-text';

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
/** Tags that open a frame of their own (blocks, emphasis, links); any other tag is dropped and its text kept. */
const OPENED_TAGS = new Set([...BLOCK_TAGS, 'b', 'strong', 'i', 'em', 'a']);

/**
 * Decoded text as Markdown that shows it literally: HTML whitespace runs collapse to one space (as a browser shows
 * them, so spaces never indent a code block); `<` and an entity-like `&` are escaped so decoded text (`&lt;div&gt;`)
 * never becomes raw HTML or an entity again.
 */
function textToMarkdown(raw: string): string {
  // escapeMarkdownText: `[[`, `![`, `%%`, tags, block-id tails and entity-like `&` stay text; then every `<`.
  return escapeMarkdownText(decodeEntities(raw.replace(/[ \t\n\f]+/g, ' '))).replace(/</g, '&lt;');
}

/** True when text added to `frame` now starts a Markdown line (so `- `, `1. `, `#`, `>` would become structure). */
function atLineStart(frame: Frame): boolean {
  return frame.out === '' ? BLOCK_TAGS.has(frame.tag) : frame.out.endsWith('\n');
}

/** `**` / `*` around the text, with whitespace at either end kept outside (`a<b> b</b>` → `a **b**`). */
function wrapInline(inner: string, marker: string): string {
  // trimStart/trimEnd, not a `^(\s*)([\s\S]*?)(\s*)$` pattern: that one is quadratic on long whitespace.
  const body = inner.trim();
  if (!body) return inner;
  const lead = inner.length - inner.trimStart().length;
  const tail = inner.length - inner.trimEnd().length;
  return `${inner.slice(0, lead)}${marker}${body}${marker}${inner.slice(inner.length - tail)}`;
}

/** Splits HTML into text and `<…>` tokens in one pass (a `(<[^>]*>)` split is quadratic on many unclosed `<`). */
function tokenize(html: string): string[] {
  const tokens: string[] = [];
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf('<', at);
    if (open < 0) break;
    const close = html.indexOf('>', open + 1);
    if (close < 0) break;
    const nextOpen = html.indexOf('<', open + 1);
    if (nextOpen >= 0 && nextOpen < close) {
      // `a < b <i>`: this `<` opens no tag; it is text.
      tokens.push(html.slice(at, nextOpen));
      at = nextOpen;
      continue;
    }
    tokens.push(html.slice(at, open), html.slice(open, close + 1));
    at = close + 1;
  }
  tokens.push(html.slice(at));
  return tokens;
}

/** Converts review HTML into Markdown; unknown tags are dropped, their text kept. */
export function htmlToMarkdown(html: string): string {
  const stack: Frame[] = [{ tag: '#root', out: '' }];
  const top = (): Frame => stack[stack.length - 1]!;
  const emit = (s: string) => {
    top().out += s;
  };
  const tokens = tokenize(html.replace(/\r\n?/g, '\n'));
  for (const token of tokens) {
    if (token === '') continue;
    const m = token.length <= 4096 ? /^<\s*(\/?)\s*([a-zA-Z0-9]+)([^>]*)>$/.exec(token) : null;
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
      if (OPENED_TAGS.has(tag)) {
        const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attrs);
        const frame: Frame = { tag, out: '' };
        const target = href ? decodeEntities(href[1] ?? href[2] ?? href[3] ?? '') : '';
        // Only web links survive, written so Markdown cannot read past them (no spaces, no parentheses).
        if (/^https?:\/\/[^\s()<>]+$/i.test(target)) frame.href = target;
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
  // Written without end-anchored patterns (`[ \t]+$`, `\n+$`): those are quadratic on long runs of blanks.
  const lines = s.split('\n').map(trimEndBlanks);
  let out = '';
  let blanks = 0;
  for (const line of lines) {
    if (line === '') {
      blanks++;
      continue;
    }
    if (out !== '') out += blanks > 0 ? '\n\n' : '\n';
    out += line;
    blanks = 0;
  }
  return out;
}

/** The line without trailing spaces and tabs. */
function trimEndBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
  return line.slice(0, end);
}
