// scanVaultNotes on a real temp vault: notes found anywhere by frontmatter, dot folders skipped, heads read only when changed.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scanVaultNotes } from '../../src/node/vault-scan';
import { FsNoteStore } from '../../src/node/fs-store';

let vault: string;
const note = (bookId: string, extra = ''): string =>
  `---\ndoc_type: weread-highlights-reviews\nbookId: "${bookId}"\n${extra}---\n# 书\n`;

function write(rel: string, text: string): void {
  const full = path.join(vault, ...rel.split('/'));
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

beforeEach(() => {
  vault = mkdtempSync(path.join(tmpdir(), 'weread-scan-'));
});
afterEach(() => rmSync(vault, { recursive: true, force: true }));

describe('scanVaultNotes', () => {
  it('finds book notes at the root, in the notes folder and in any sub-folder, by note key', async () => {
    write('三体.md', note('695233'));
    write('读书/小说/Python深度学习.md', note('26211849'));
    write('WeRead/公众号/文章.md', note('MP_WXS_1', 'articleId: "a1"\n'));
    write('日记/2026-11-30.md', '# no frontmatter\nbookId: 1\n');
    write('other.md', '---\ntitle: not a book\n---\n');
    const found = await scanVaultNotes(vault);
    expect(Object.fromEntries(found)).toEqual({
      '695233': ['三体.md'],
      '26211849': ['读书/小说/Python深度学习.md'],
      'MP_WXS_1#a1': ['WeRead/公众号/文章.md'],
    });
  });

  it('skips dot folders (config, state, git, trash) and reports two notes claiming one book', async () => {
    write('.obsidian/plugins/x/readme.md', note('1'));
    write('.trash/old.md', note('1'));
    write('.weread-sync/x.md', note('1'));
    write('a.md', note('1'));
    write('b/a copy.md', note('1'));
    expect((await scanVaultNotes(vault)).get('1')).toEqual(['a.md', 'b/a copy.md']);
  });

  it('reads only files that are new or changed since the cached scan', async () => {
    const cacheFile = path.join(vault, '.weread-sync', 'cache', 'vault-scan.json');
    write('a.md', note('1'));
    write('b.md', note('2'));
    await scanVaultNotes(vault, cacheFile);
    expect(existsSync(cacheFile)).toBe(true);
    const fs = await import('node:fs');
    const open = vi.spyOn(fs.promises, 'open');
    try {
      expect((await scanVaultNotes(vault, cacheFile)).size).toBe(2);
      expect(open).not.toHaveBeenCalled();
      write('b.md', note('3'));
      const later = new Date(Date.now() + 5000);
      utimesSync(path.join(vault, 'b.md'), later, later);
      const found = await scanVaultNotes(vault, cacheFile);
      expect(open).toHaveBeenCalledTimes(1);
      expect(found.get('3')).toEqual(['b.md']);
      expect(found.has('2')).toBe(false);
    } finally {
      open.mockRestore();
    }
  });

  it('survives a damaged cache file', async () => {
    const cacheFile = path.join(vault, '.weread-sync', 'cache', 'vault-scan.json');
    write('a.md', note('1'));
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, '{ broken');
    expect((await scanVaultNotes(vault, cacheFile)).get('1')).toEqual(['a.md']);
    expect(JSON.parse(readFileSync(cacheFile, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('is what FsNoteStore.findNotes answers', async () => {
    write('x/y.md', note('9'));
    expect((await new FsNoteStore(vault).findNotes()).get('9')).toEqual(['x/y.md']);
  });
});
