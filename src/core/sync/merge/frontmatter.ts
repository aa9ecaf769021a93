/** Frontmatter merged key by key (never by line): the reader wins a key both changed, so the YAML stays valid. */
import { sameLines } from './blocks';
import type { Segmented } from './segment';

interface FrontmatterKeys {
  order: string[];
  keys: Map<string, string[]>;
  /** Lines before the first key (comments). */
  lead: string[];
}

const FM_KEY = /^([^\s#:-][^:]*):(\s|$)/;

function frontmatterKeys(lines: readonly string[], fmEnd: number): FrontmatterKeys {
  const order: string[] = [];
  const keys = new Map<string, string[]>();
  const lead: string[] = [];
  let current: string[] | null = null;
  for (let i = 1; i < fmEnd - 1; i++) {
    const l = lines[i] ?? '';
    const key = FM_KEY.exec(l)?.[1]?.trim();
    if (key !== undefined) {
      current = [l];
      if (!keys.has(key)) order.push(key);
      keys.set(key, current);
    } else if (current) current.push(l);
    else lead.push(l);
  }
  return { order, keys, lead };
}

/** The merged frontmatter lines (fences included); empty when neither side has frontmatter. */
export function mergeFrontmatter(base: Segmented, reader: Segmented, incoming: Segmented): string[] {
  if (incoming.bodyStart === 0 && reader.bodyStart === 0) return [];
  const o = frontmatterKeys(base.lines, base.bodyStart);
  const r = frontmatterKeys(reader.lines, reader.bodyStart);
  const w = frontmatterKeys(incoming.lines, incoming.bodyStart);
  const out: string[] = ['---', ...r.lead];
  const same = (x?: string[], y?: string[]) => x !== undefined && y !== undefined && sameLines(x, y);
  for (const key of w.order) {
    const readerValue = r.keys.get(key);
    const baseValue = o.keys.get(key);
    if (readerValue === undefined && baseValue !== undefined) continue; // the reader removed it
    if (readerValue !== undefined && (baseValue === undefined || !same(readerValue, baseValue)))
      out.push(...readerValue);
    else out.push(...(w.keys.get(key) ?? []));
  }
  for (const key of r.order) {
    if (w.keys.has(key)) continue;
    const readerValue = r.keys.get(key) ?? [];
    const baseValue = o.keys.get(key);
    // Added by the reader, or edited by the reader after we stopped writing it: the reader's.
    if (baseValue === undefined || !same(readerValue, baseValue)) out.push(...readerValue);
  }
  out.push('---');
  return out;
}

/**
 * The frontmatter of a note adopted without a merge base (a note found in the vault, the state lost): every key the
 * rendering writes takes its current value (counts, dates, reading properties), in the rendering's order; keys only
 * the reader has stay, after them. Fences included; empty when the rendering has none.
 */
export function refreshFrontmatter(reader: Segmented, incoming: Segmented): string[] {
  if (incoming.bodyStart === 0) return reader.lines.slice(0, reader.bodyStart);
  const r = frontmatterKeys(reader.lines, reader.bodyStart);
  const w = frontmatterKeys(incoming.lines, incoming.bodyStart);
  const out: string[] = ['---', ...r.lead];
  // In the rendering's order, as every later merge writes it (so the adopting sync is the only one that moves a key).
  for (const key of w.order) out.push(...(w.keys.get(key) ?? []));
  for (const key of r.order) if (!w.keys.has(key)) out.push(...(r.keys.get(key) ?? []));
  out.push('---');
  return out;
}
