/** Text from WeRead made safe to print in a note: invisible and disguising characters removed, Markdown/HTML syntax that would come alive escaped, long fields capped. */

/** Longest field kept (an intro, a highlight, a thought): far beyond any real one, small enough to render fast. */
export const MAX_FIELD_CHARS = 100_000;

/**
 * True for characters that never belong in a note or a file name: C0 controls other than tab and line breaks, DEL,
 * C1 controls, the bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069, which make text display in
 * another order than it is stored), and U+FFFC, WeRead's placeholder for an inline image.
 */
function isUnwanted(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return (
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfffc
  );
}

/** `s` without the unwanted characters, cut to `max` characters (never inside a surrogate pair). */
export function cleanText(s: string, max = MAX_FIELD_CHARS): string {
  let out = '';
  let kept = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (!isUnwanted(s.charCodeAt(i))) continue;
    out += s.slice(start, i);
    kept += i - start;
    start = i + 1;
    if (kept >= max) break;
  }
  if (kept < max) out += s.slice(start);
  if (out.length <= max) return out;
  const cut = out.charCodeAt(max - 1) >= 0xd800 && out.charCodeAt(max - 1) <= 0xdbff ? max - 1 : max;
  return out.slice(0, cut);
}

// Each pattern is linear: literal anchors, bounded lookaheads, no nested or adjacent unbounded quantifiers.
const WIKILINK = /\[\[/g;
const EMBED_IMAGE = /!\[/g;
const COMMENT = /%%/g;
const TAG = /(^|\s)#(?=[\p{L}\p{N}_/-])/gmu;
const HTML_TAG_START = /<(?=[A-Za-z/!?])/g;
const ENTITY_LIKE = /&(?=#?[A-Za-z0-9]{1,32};)/g;
const BLOCK_ID_TAIL = /(^|[ \t])\^(?=[A-Za-z0-9-]+[ \t]*$)/gm;

/**
 * Escapes what would make WeRead's text do something in Obsidian instead of showing as the reader saw it:
 * `[[` (a link), `![` (an image loaded from the network), `%%` (a hidden comment), `#word` (a tag), `<tag` and
 * `&entity;` (live HTML: `<img src=…>` would load a remote image), and a `^block-id` at the end of a line (it would
 * become a block id). Backslash escapes and `&lt;`/`&amp;` render as the original characters.
 */
export function escapeMarkdownText(s: string): string {
  if (!/[[!%#<&^]/.test(s)) return s;
  return s
    .replace(ENTITY_LIKE, '&amp;')
    .replace(HTML_TAG_START, '&lt;')
    .replace(WIKILINK, '\\[\\[')
    .replace(EMBED_IMAGE, '!\\[')
    .replace(COMMENT, '\\%\\%')
    .replace(TAG, '$1\\#')
    .replace(BLOCK_ID_TAIL, '$1\\^');
}

/** Server text for the body of a note: cleaned (cleanText) and escaped (escapeMarkdownText). */
export function markdownText(s: string, max = MAX_FIELD_CHARS): string {
  return escapeMarkdownText(cleanText(s, max));
}

/** Like markdownText, with `#tag` and `#topic#` turned into `[[tag]]` links (the tagsAsLinks setting). */
export function markdownTextWithTagLinks(s: string, tagPattern: RegExp): string {
  const text = cleanText(s);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(
    new RegExp(tagPattern.source, tagPattern.flags.includes('g') ? tagPattern.flags : `${tagPattern.flags}g`),
  )) {
    const lead = m[1] ?? '';
    const tag = m[2] ?? '';
    out += escapeMarkdownText(text.slice(last, m.index) + lead) + `[[${tag.replace(/%%/g, '\\%\\%')}]]`;
    last = m.index + m[0].length;
  }
  return out + escapeMarkdownText(text.slice(last));
}

const SAFE_TAGS = new Set([
  'p',
  'br',
  'b',
  'strong',
  'i',
  'em',
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
  'div',
  'span',
]);

/**
 * WeRead's review HTML for templates that print `htmlContent` as it is: only plain formatting tags survive, without
 * attributes (no `<img>`, `<iframe>`, `<video>`, no `src`, `style` or `on…`), so nothing loads from the network and
 * no script runs; a link keeps an http(s) href only. Text between tags is kept.
 */
export function sanitizeHtml(html: string): string {
  const clean = cleanText(html);
  return clean.replace(
    /<\s*(\/?)\s*([A-Za-z][A-Za-z0-9]{0,15})([^<>]{0,2000})>|</g,
    (_whole, close: string, name: string, attrs: string) => {
      if (name === undefined) return '&lt;';
      const tag = name.toLowerCase();
      if (tag === 'a') {
        if (close) return '</a>';
        const href = /href\s*=\s*["']?(https?:\/\/[^"'\s<>]{1,2000})/i.exec(attrs ?? '')?.[1];
        return href ? `<a href="${href.replace(/"/g, '%22')}">` : '<a>';
      }
      return SAFE_TAGS.has(tag) ? `<${close}${tag}>` : '';
    },
  );
}

/**
 * Undoes escapeMarkdownText for places that are not Markdown (YAML frontmatter values), so a property shows the
 * text as WeRead has it. Reverses the escapes in the opposite order they were applied.
 */
export function unescapeMarkdownText(s: string): string {
  if (!/[\\&]/.test(s)) return s;
  return s
    .replace(/(^|[ \t])\\\^/gm, '$1^')
    .replace(/\\#/g, '#')
    .replace(/\\%\\%/g, '%%')
    .replace(/!\\\[/g, '![')
    .replace(/\\\[\\\[/g, '[[')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
}
