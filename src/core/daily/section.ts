/**
 * Our section of a daily note: new reference lines go at the end of the section under the heading (made if missing),
 * a line is removed only while it is exactly the line we wrote; every other line of the note stays as the reader left it.
 */

/** A line to add, by the block id it references. */
export interface SectionLine {
  blockId: string;
  line: string;
}

export interface SectionChange {
  text: string;
  /** Block ids whose line was added. */
  added: string[];
  /** Block ids whose line was removed. */
  removed: string[];
}

const HEADING = /^(#{1,6})\s/;

/** True when the text already refers to this block (a link or an embed), wherever the reader put it. */
export function refersTo(text: string, blockId: string): boolean {
  let at = text.indexOf(`#^${blockId}`);
  while (at >= 0) {
    const next = text.charAt(at + 2 + blockId.length);
    if (!/[A-Za-z0-9-]/.test(next)) return true;
    at = text.indexOf(`#^${blockId}`, at + 1);
  }
  return false;
}

/** [first line after the heading, end) of the section under `heading`, or null when the note has none. */
function sectionOf(lines: readonly string[], heading: string): { start: number; end: number } | null {
  const level = HEADING.exec(heading)?.[1]?.length ?? 2;
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence || line.trimEnd() !== heading.trimEnd()) continue;
    let end = i + 1;
    let inner = false;
    for (; end < lines.length; end++) {
      if (/^\s*(```|~~~)/.test(lines[end]!)) inner = !inner;
      const m = inner ? null : HEADING.exec(lines[end]!);
      if (m && m[1]!.length <= level) break;
    }
    return { start: i + 1, end };
  }
  return null;
}

/**
 * Adds the lines not yet referenced anywhere in the note and removes our unedited lines (`remove`: block id → the
 * exact line we wrote) from our section. Line endings (LF or CRLF) are kept.
 */
export function mergeDailySection(
  original: string,
  heading: string,
  add: readonly SectionLine[],
  remove: ReadonlyMap<string, string>,
): SectionChange {
  const crlf = original.includes('\r\n');
  const lines = original.replace(/\r\n/g, '\n').split('\n');
  const removed: string[] = [];
  let section = sectionOf(lines, heading);
  if (section && remove.size) {
    const byLine = new Map([...remove].map(([id, line]) => [line, id]));
    for (let i = section.end - 1; i >= section.start; i--) {
      const id = byLine.get(lines[i]!);
      if (id === undefined) continue;
      lines.splice(i, 1);
      if (!removed.includes(id)) removed.push(id);
      section = { start: section.start, end: section.end - 1 };
    }
  }
  const seen = new Set<string>();
  const current = lines.join('\n');
  const fresh = add.filter((l) => {
    if (seen.has(l.blockId) || refersTo(current, l.blockId)) return false;
    seen.add(l.blockId);
    return true;
  });
  if (fresh.length) {
    const newLines = fresh.map((l) => l.line);
    if (section) {
      // After the section's last non-blank line, so the blank lines before the next heading stay where they are.
      let at = section.end;
      while (at > section.start && lines[at - 1]!.trim() === '') at--;
      lines.splice(at, 0, ...newLines);
    } else {
      while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
      if (lines.length) lines.push('');
      lines.push(heading, ...newLines, '');
    }
  }
  let text = lines.join('\n');
  if (crlf) text = text.replace(/\n/g, '\r\n');
  return { text, added: fresh.map((l) => l.blockId), removed };
}
