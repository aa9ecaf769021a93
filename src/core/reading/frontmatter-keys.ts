/** Sets a few frontmatter keys of a note in place: every other line (the reader's keys, the body) stays byte for byte. */

/** A top-level `key:` line; indented lines and `- item` lines below it continue its value. */
const TOP_KEY = /^([^\s#:-][^:]*):(?:\s|$)/;

/**
 * The note with each given `key: value` line in its frontmatter: an existing key's line (and its continuation lines)
 * is replaced, a new key is appended at the end of the frontmatter (where the merge keeps keys it did not render).
 * Keys not given are left alone, also when the note has them. A note without frontmatter gets one.
 */
export function setFrontmatterLines(text: string, lines: ReadonlyMap<string, string>): string {
  if (lines.size === 0) return text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const all = text.split(/\r?\n/);
  const closing = all[0]?.trimEnd() === '---' ? all.findIndex((l, i) => i > 0 && l.trimEnd() === '---') : -1;
  if (closing < 0) return ['---', ...lines.values(), '---', ''].join(eol) + text;

  const head = all.slice(1, closing);
  const out: string[] = [];
  const done = new Set<string>();
  for (let i = 0; i < head.length; i++) {
    const key = TOP_KEY.exec(head[i]!)?.[1]?.trim();
    const line = key === undefined ? undefined : lines.get(key);
    if (key === undefined || line === undefined || done.has(key)) {
      out.push(head[i]!);
      continue;
    }
    out.push(line);
    done.add(key);
    // Drop the old value's continuation lines (a list or a block scalar the reader made of it).
    while (i + 1 < head.length && /^(?:\s|-(?:\s|$))/.test(head[i + 1]!)) i++;
  }
  for (const [key, line] of lines) if (!done.has(key)) out.push(line);
  return [all[0]!, ...out, ...all.slice(closing)].join(eol);
}

/** The current `key: …` line of each asked key in the note's frontmatter (first line only), for a cheap "unchanged?". */
export function frontmatterLinesOf(text: string, keys: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const all = text.split(/\r?\n/);
  if (all[0]?.trimEnd() !== '---') return found;
  const wanted = new Set(keys);
  for (let i = 1; i < all.length && all[i]!.trimEnd() !== '---'; i++) {
    const key = TOP_KEY.exec(all[i]!)?.[1]?.trim();
    if (key !== undefined && wanted.has(key) && !found.has(key)) found.set(key, all[i]!);
  }
  return found;
}
