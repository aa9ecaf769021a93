// Owns the fake MetadataCache: frontmatter, links and embeds of markdown files, parsed after each vault change, with its events.
import type { CachedMetadata, TFile as RealTFile } from 'obsidian';
import { Events } from './events';
import { TFile } from './files';
import { strict } from './strict';
import type { FakeVault } from './vault';

/** One YAML scalar: quoted strings, numbers, booleans, null, inline lists. */
function scalar(text: string): unknown {
  const v = text.trim();
  if (v === '' || v === '~' || v === 'null') return null;
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) return JSON.parse(v) as unknown;
  if (v.startsWith("'") && v.endsWith("'") && v.length >= 2) return v.slice(1, -1).replace(/''/g, "'");
  if (v.startsWith('[') && v.endsWith(']'))
    return v
      .slice(1, -1)
      .split(',')
      .map((item) => scalar(item))
      .filter((item) => item !== null);
  if (/^[[{]|^[|>]/.test(v)) throw new SyntaxError(`unsupported YAML value: ${v}`);
  return v;
}

/**
 * Frontmatter YAML as far as notes use it: `key: scalar` lines and `- item` block lists under a key. Anything else
 * (nested mappings, multi-line strings, an unclosed bracket) throws, as invalid YAML does in Obsidian. The fake is
 * bundled for the browser test, so it cannot load a YAML library through require.
 */
function loadYaml(yaml: string): unknown {
  const data: Record<string, unknown> = {};
  let listKey: string | null = null;
  // A key with neither a value nor list items is null, as in YAML.
  const closeList = (): void => {
    if (listKey !== null && (data[listKey] as unknown[]).length === 0) data[listKey] = null;
    listKey = null;
  };
  for (const line of yaml.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item && listKey !== null) {
      (data[listKey] as unknown[]).push(scalar(item[1]!));
      continue;
    }
    const pair = /^([^\s#:-][^:]*):(?:\s+(.*))?$/.exec(line);
    if (!pair) throw new SyntaxError(`not a YAML mapping line: ${line}`);
    closeList();
    const key = pair[1]!.trim();
    if (pair[2] === undefined || pair[2].trim() === '') {
      data[key] = [];
      listKey = key;
    } else data[key] = scalar(pair[2]);
  }
  closeList();
  return data;
}

const FRONTMATTER = /^---\r?\n([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/;
const WIKILINK = /(!?)\[\[([^\]|\n]+)(?:\|([^\]\n]*))?\]\]/g;
const MARKDOWN_LINK = /(!?)\[([^\]\n]*)\]\(([^)\s]+)\)/g;

type Position = CachedMetadata['frontmatterPosition'] & object;

function positionOf(text: string, start: number, end: number): Position {
  const at = (offset: number): { line: number; col: number; offset: number } => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, col: offset - (before.lastIndexOf('\n') + 1), offset };
  };
  return { start: at(start), end: at(end) };
}

/** What Obsidian's parser gives for one markdown text (the parts a sync plugin reads). */
export function parseMetadata(text: string): CachedMetadata {
  const cache: CachedMetadata = {};
  const fm = FRONTMATTER.exec(text);
  if (fm) {
    cache.frontmatterPosition = positionOf(text, 0, fm[0].trimEnd().length);
    try {
      const data = loadYaml(fm[1] ?? '');
      // Like Obsidian, a frontmatter that is not a YAML mapping gives no properties.
      if (data && typeof data === 'object' && !Array.isArray(data)) cache.frontmatter = data as Record<string, unknown>;
    } catch {
      // Invalid YAML: Obsidian shows the block as text and gives no frontmatter.
    }
  }
  const links: NonNullable<CachedMetadata['links']> = [];
  const embeds: NonNullable<CachedMetadata['embeds']> = [];
  for (const m of text.matchAll(WIKILINK)) {
    const entry = {
      link: m[2]!.trim(),
      original: m[0],
      displayText: m[3] ?? m[2]!.trim(),
      position: positionOf(text, m.index, m.index + m[0].length),
    };
    (m[1] ? embeds : links).push(entry);
  }
  for (const m of text.matchAll(MARKDOWN_LINK)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(m[3]!)) continue; // external URLs are not links between notes
    let target = m[3]!;
    try {
      target = decodeURIComponent(target);
    } catch {
      // Keep the raw target when it is not valid percent-encoding.
    }
    const entry = {
      link: target,
      original: m[0],
      displayText: m[2]!,
      position: positionOf(text, m.index, m.index + m[0].length),
    };
    (m[1] ? embeds : links).push(entry);
  }
  if (links.length) cache.links = links;
  if (embeds.length) cache.embeds = embeds;
  return cache;
}

/**
 * Obsidian's MetadataCache, as far as a sync plugin uses it: `getFileCache` (null until a file is parsed), and the
 * `changed` / `deleted` events. Like the app, it parses after the vault's event, not inside the write: a change is
 * visible in the cache a timer tick later (`settled()` waits for that).
 */
export class FakeMetadataCache extends Events {
  private readonly caches = new Map<string, CachedMetadata>();
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly vault: FakeVault) {
    super();
    for (const file of vault.getMarkdownFiles()) this.parseNow(file);
    vault.on('create', (file) => this.schedule(file));
    vault.on('modify', (file) => this.schedule(file));
    vault.on('delete', (file) => {
      if (!(file instanceof TFile) || !this.caches.has(file.path)) return;
      const prev = this.caches.get(file.path) ?? null;
      this.caches.delete(file.path);
      this.trigger('deleted', file, prev);
    });
    vault.on('rename', (file, oldPath) => {
      if (!(file instanceof TFile) || typeof oldPath !== 'string') return;
      const cache = this.caches.get(oldPath);
      this.caches.delete(oldPath);
      if (cache) this.caches.set(file.path, cache);
    });
    return strict(this, 'MetadataCache');
  }

  getFileCache(file: RealTFile): CachedMetadata | null {
    return this.caches.get(file.path) ?? null;
  }

  getCache(path: string): CachedMetadata | null {
    return this.caches.get(path) ?? null;
  }

  /** Test helper: resolves once every change so far has been parsed. */
  settled(): Promise<void> {
    return this.pending;
  }

  private schedule(file: unknown): void {
    if (!(file instanceof TFile) || file.extension !== 'md') return;
    this.pending = this.pending
      .then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)))
      .then(() => this.parseNow(file));
  }

  private parseNow(file: TFile): void {
    const text = this.vault.readPath(file.path);
    if (text === null) return;
    const cache = parseMetadata(text);
    this.caches.set(file.path, cache);
    this.trigger('changed', file, text, cache);
  }
}
