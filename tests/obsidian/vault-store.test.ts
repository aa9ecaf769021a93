// VaultNoteStore.findNotes: book notes anywhere in the vault from the metadata cache, without reading parsed files.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApp, resetFakeObsidian } from '../fakes/obsidian';
import { VaultNoteStore } from '../../src/obsidian/vault-store';

const note = (bookId: string, extra = ''): string =>
  `---\ndoc_type: weread-highlights-reviews\nbookId: "${bookId}"\n${extra}---\n`;

beforeEach(() => resetFakeObsidian());

async function vaultWithNotes(app: FakeApp): Promise<void> {
  await app.vault.create('三体.md', note('695233'));
  await app.vault.createFolder('读书');
  await app.vault.create('读书/Python.md', note('26211849'));
  await app.vault.create('读书/文章.md', note('MP_WXS_1', 'articleId: "a1"\n'));
  await app.vault.create('日记.md', 'no frontmatter');
}

describe('VaultNoteStore.findNotes', () => {
  it('answers from the metadata cache without reading a file', async () => {
    const app = new FakeApp({ metadataCache: true });
    await vaultWithNotes(app);
    await app.metadataCache.settled();
    const read = vi.spyOn(app.vault, 'cachedRead');
    const found = await new VaultNoteStore(app.asApp()).findNotes();
    expect(Object.fromEntries(found)).toEqual({
      '695233': ['三体.md'],
      '26211849': ['读书/Python.md'],
      'MP_WXS_1#a1': ['读书/文章.md'],
    });
    expect(read).not.toHaveBeenCalled();
  });

  it('follows a note the reader moved, as soon as the cache has it', async () => {
    const app = new FakeApp({ metadataCache: true });
    await vaultWithNotes(app);
    await app.vault.createFolder('归档');
    await app.vault.rename(app.vault.getFileByPath('三体.md')!, '归档/三体.md');
    await app.metadataCache.settled();
    expect((await new VaultNoteStore(app.asApp()).findNotes()).get('695233')).toEqual(['归档/三体.md']);
  });

  it('reads the files the cache has not parsed yet', async () => {
    const app = new FakeApp();
    await vaultWithNotes(app);
    const found = await new VaultNoteStore(app.asApp()).findNotes();
    expect(found.get('695233')).toEqual(['三体.md']);
    expect(found.size).toBe(3);
  });
});
