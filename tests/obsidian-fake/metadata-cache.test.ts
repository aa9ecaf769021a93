// The fake MetadataCache: parsed after each vault change (not inside it), frontmatter/links/embeds as Obsidian gives them, events.
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeApp, parseMetadata, resetFakeObsidian, TFile } from '../fakes/obsidian';

let app: FakeApp;

beforeEach(() => {
  resetFakeObsidian();
  app = new FakeApp({ metadataCache: true });
});

describe('parseMetadata', () => {
  it('reads frontmatter as YAML, with its position', () => {
    const cache = parseMetadata('---\nbookId: "695233"\nnoteCount: 3\ntags: [a, b]\n---\n# Title\n');
    expect(cache.frontmatter).toEqual({ bookId: '695233', noteCount: 3, tags: ['a', 'b'] });
    expect(cache.frontmatterPosition?.start.line).toBe(0);
    expect(cache.frontmatterPosition?.end.line).toBe(4);
  });

  it('reads block lists and empty keys', () => {
    const cache = parseMetadata('---\ntags:\n  - 读书\n  - weread\nempty:\nlast:\n---\n');
    expect(cache.frontmatter).toEqual({ tags: ['读书', 'weread'], empty: null, last: null });
  });

  it('gives no frontmatter for invalid YAML or a list, and none without the opening line', () => {
    expect(parseMetadata('---\na: [\n---\n').frontmatter).toBeUndefined();
    expect(parseMetadata('---\n- a\n---\n').frontmatter).toBeUndefined();
    expect(parseMetadata('text\n---\na: 1\n---\n').frontmatter).toBeUndefined();
  });

  it('lists wikilinks, markdown links and embeds with their block references, not external URLs', () => {
    const cache = parseMetadata(
      'See [[三体#^695233-1-2|the passage]] and ![[Python.md#^abc]] and [x](My%20note.md#^def) and [web](https://weread.qq.com)\n',
    );
    expect(cache.links?.map((l) => l.link)).toEqual(['三体#^695233-1-2', 'My note.md#^def']);
    expect(cache.links?.[0]?.displayText).toBe('the passage');
    expect(cache.embeds?.map((l) => l.link)).toEqual(['Python.md#^abc']);
  });
});

describe('FakeMetadataCache', () => {
  it('parses a new file after the create event, then fires changed', async () => {
    const changed: string[] = [];
    app.metadataCache.on('changed', (file: TFile) => changed.push(file.path));
    const file = await app.vault.create('a.md', '---\nbookId: "1"\n---\n');
    expect(app.metadataCache.getFileCache(file)).toBeNull();
    await app.metadataCache.settled();
    expect(app.metadataCache.getFileCache(file)?.frontmatter).toEqual({ bookId: '1' });
    expect(changed).toEqual(['a.md']);
  });

  it('follows edits, renames and deletions', async () => {
    const file = await app.vault.create('a.md', '---\nbookId: "1"\n---\n');
    await app.vault.modify(file, '---\nbookId: "2"\n---\n');
    await app.metadataCache.settled();
    expect(app.metadataCache.getFileCache(file)?.frontmatter?.bookId).toBe('2');
    await app.vault.createFolder('Books');
    await app.vault.rename(file, 'Books/b.md');
    expect(app.metadataCache.getCache('a.md')).toBeNull();
    expect(app.metadataCache.getCache('Books/b.md')?.frontmatter?.bookId).toBe('2');
    const deleted: string[] = [];
    app.metadataCache.on('deleted', (f: TFile) => deleted.push(f.path));
    await app.vault.delete(file);
    expect(app.metadataCache.getCache('Books/b.md')).toBeNull();
    expect(deleted).toEqual(['Books/b.md']);
  });

  it('ignores files that are not markdown, and is absent unless asked for', async () => {
    const file = await app.vault.create('data.json', '{}');
    await app.metadataCache.settled();
    expect(app.metadataCache.getFileCache(file)).toBeNull();
    expect(() => new FakeApp().metadataCache).toThrow(/not implemented/);
  });
});
