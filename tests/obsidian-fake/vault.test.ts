// Tests the fake Vault's strictness, events, renames, adapter and the disk-backed mode.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeVault, TFile, TFolder } from '../fakes/obsidian';

function recordEvents(vault: FakeVault): string[] {
  const seen: string[] = [];
  for (const name of ['create', 'modify', 'delete'] as const)
    vault.on(name, (file: any) => seen.push(`${name} ${file.path}`));
  vault.on('rename', (file: any, oldPath: any) => seen.push(`rename ${oldPath} -> ${file.path}`));
  return seen;
}

describe('FakeVault (in memory)', () => {
  it('creates files with real TFile/TFolder objects and stats', async () => {
    const vault = new FakeVault();
    const folder = await vault.createFolder('Books');
    const file = await vault.create('Books/Dune.md', 'spice');
    expect(folder).toBeInstanceOf(TFolder);
    expect(file).toBeInstanceOf(TFile);
    expect([file.path, file.name, file.basename, file.extension]).toEqual(['Books/Dune.md', 'Dune.md', 'Dune', 'md']);
    expect(file.parent).toBe(folder);
    expect(folder.children).toEqual([file]);
    expect(folder.parent).toBe(vault.getRoot());
    expect(vault.getRoot().isRoot()).toBe(true);
    expect(file.stat.size).toBe(5);
    expect(file.stat.mtime).toBeGreaterThan(0);
    expect(file.vault).toBe(vault);
    expect(vault.getFileByPath('Books/Dune.md')).toBe(file);
    expect(vault.getFolderByPath('Books')).toBe(folder);
    expect(vault.getFileByPath('Books')).toBeNull();
    expect(vault.getAbstractFileByPath('/')).toBe(vault.getRoot());
    expect(await vault.read(file)).toBe('spice');
    expect(vault.getMarkdownFiles()).toEqual([file]);
  });

  it('rejects create when the file exists or its folder is missing, and createFolder when it exists', async () => {
    const vault = new FakeVault();
    await vault.create('a.md', 'x');
    await expect(vault.create('a.md', 'y')).rejects.toThrow('File already exists.');
    await expect(vault.create('missing/b.md', 'y')).rejects.toMatchObject({ code: 'ENOENT' });
    await vault.createFolder('f');
    await expect(vault.createFolder('f')).rejects.toThrow('Folder already exists.');
    expect(vault.readPath('a.md')).toBe('x');
    expect(vault.filePaths()).toEqual(['a.md']);
  });

  it('createFolder makes missing parents', async () => {
    const vault = new FakeVault();
    const events = recordEvents(vault);
    await vault.createFolder('a/b/c');
    expect(vault.getFolderByPath('a/b')?.children.map((c) => c.path)).toEqual(['a/b/c']);
    expect(events).toEqual(['create a', 'create a/b', 'create a/b/c']);
  });

  it('rejects paths that were not normalized (and normalizes when asked not to)', async () => {
    const strictVault = new FakeVault();
    await expect(strictVault.create('/a.md', '')).rejects.toThrow(/not normalized/);
    await expect(strictVault.createFolder('x//y')).rejects.toThrow(/not normalized/);
    const lenient = new FakeVault({ requireNormalizedPaths: false });
    const file = await lenient.create('/a\u00A0b.md', '');
    expect(file.path).toBe('a b.md');
  });

  it('modify, append, process and read reject on a deleted (stale) TFile', async () => {
    const vault = new FakeVault();
    const file = await vault.create('a.md', 'one');
    await vault.delete(file);
    await expect(vault.read(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(vault.modify(file, 'two')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(vault.process(file, () => 'two')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(vault.append(file, 'two')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(vault.readPath('a.md')).toBeNull();
    // A new file at the same path does not revive the old object.
    await vault.create('a.md', 'new');
    await expect(vault.modify(file, 'stale')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(vault.readPath('a.md')).toBe('new');
  });

  it('process replaces content atomically and writes nothing when the callback throws', async () => {
    const vault = new FakeVault();
    const file = await vault.create('n.md', 'Hello world');
    const events = recordEvents(vault);
    await expect(vault.process(file, (data) => data.replace('Hello', 'Goodbye'))).resolves.toBe('Goodbye world');
    expect(vault.readPath('n.md')).toBe('Goodbye world');
    await expect(
      vault.process(file, () => {
        throw new Error('template broke');
      }),
    ).rejects.toThrow('template broke');
    expect(vault.readPath('n.md')).toBe('Goodbye world');
    // Two concurrent processes both apply: nothing is lost between read and write.
    await Promise.all([vault.process(file, (d) => d + ' A'), vault.process(file, (d) => d + ' B')]);
    expect(vault.readPath('n.md')).toBe('Goodbye world A B');
    expect(events).toEqual(['modify n.md', 'modify n.md', 'modify n.md']);
    expect(file.stat.size).toBe('Goodbye world A B'.length);
  });

  it('fires create, modify, delete and rename events; offref stops them', async () => {
    const vault = new FakeVault();
    const events = recordEvents(vault);
    let count = 0;
    const ref = vault.on('modify', () => count++);
    await vault.createFolder('Old');
    const file = await vault.create('Old/x.md', '1');
    await vault.modify(file, '2');
    vault.offref(ref);
    await vault.modify(file, '3');
    await vault.rename(file, 'Old/y.md');
    await vault.delete(file);
    expect(count).toBe(1);
    expect(events).toEqual([
      'create Old',
      'create Old/x.md',
      'modify Old/x.md',
      'modify Old/x.md',
      'rename Old/x.md -> Old/y.md',
      'delete Old/y.md',
    ]);
  });

  it('renames files and folders, updating paths, names and parents', async () => {
    const vault = new FakeVault();
    await vault.createFolder('A/Sub');
    await vault.createFolder('B');
    const file = await vault.create('A/Sub/note.md', 'text');
    const sub = vault.getFolderByPath('A/Sub')!;
    const events = recordEvents(vault);
    await vault.rename(file, 'B/renamed.md');
    expect([file.path, file.name, file.basename, file.parent?.path]).toEqual([
      'B/renamed.md',
      'renamed.md',
      'renamed',
      'B',
    ]);
    expect(sub.children).toEqual([]);
    expect(vault.getFileByPath('A/Sub/note.md')).toBeNull();
    expect(vault.readPath('B/renamed.md')).toBe('text');

    await vault.rename(file, 'A/Sub/note.md');
    await vault.rename(sub, 'B/Moved');
    expect(sub.path).toBe('B/Moved');
    expect(file.path).toBe('B/Moved/note.md');
    expect(vault.getFileByPath('B/Moved/note.md')).toBe(file);
    expect(events).toEqual([
      'rename A/Sub/note.md -> B/renamed.md',
      'rename B/renamed.md -> A/Sub/note.md',
      'rename A/Sub -> B/Moved',
      'rename A/Sub/note.md -> B/Moved/note.md',
    ]);

    const other = await vault.create('other.md', '');
    await expect(vault.rename(other, 'B/Moved/note.md')).rejects.toThrow('Destination file already exists!');
    await expect(vault.rename(other, 'nowhere/other.md')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('deletes folders recursively, firing delete for each item', async () => {
    const vault = new FakeVault();
    await vault.createFolder('F/G');
    await vault.create('F/G/a.md', '');
    const events = recordEvents(vault);
    await vault.delete(vault.getFolderByPath('F')!);
    expect(events).toEqual(['delete F/G/a.md', 'delete F/G', 'delete F']);
    expect(vault.getAllLoadedFiles().map((f) => f.path)).toEqual(['/']);
  });

  it('has a DataAdapter under a non-default configDir, strict about folders', async () => {
    const vault = new FakeVault();
    expect(vault.configDir).toBe('.config-test');
    const dir = `${vault.configDir}/plugins/x`;
    await expect(vault.adapter.write(`${dir}/data.json`, '{}')).rejects.toMatchObject({ code: 'ENOENT' });
    await vault.adapter.mkdir(dir);
    await vault.adapter.write(`${dir}/data.json`, '{"a":1}');
    expect(await vault.adapter.exists(`${dir}/data.json`)).toBe(true);
    expect(await vault.adapter.read(`${dir}/data.json`)).toBe('{"a":1}');
    expect(await vault.adapter.list(dir)).toEqual({ files: [`${dir}/data.json`], folders: [] });
    await expect(vault.adapter.rmdir(dir, false)).rejects.toMatchObject({ code: 'ENOTEMPTY' });
    await vault.adapter.remove(`${dir}/data.json`);
    await expect(vault.adapter.read(`${dir}/data.json`)).rejects.toMatchObject({ code: 'ENOENT' });
    await vault.adapter.rmdir(dir, false);
    expect(await vault.adapter.exists(dir)).toBe(false);
    // Hidden config files are not in the vault index.
    expect(vault.getAllLoadedFiles().map((f) => f.path)).toEqual(['/']);
  });

  it('reflects adapter writes outside hidden folders in the index, with events', async () => {
    const vault = new FakeVault();
    const events = recordEvents(vault);
    await vault.adapter.write('raw.md', 'x');
    await vault.adapter.write('raw.md', 'y');
    await vault.adapter.remove('raw.md');
    expect(events).toEqual(['create raw.md', 'modify raw.md', 'delete raw.md']);
  });
});

describe('FakeVault backed by a real folder', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'fake-obsidian-'));
    dirs.push(dir);
    return dir;
  }

  it('writes real files and indexes the ones already there', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'Existing'));
    writeFileSync(join(root, 'Existing', 'old.md'), 'before');
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.git', 'HEAD'), 'x');
    const vault = new FakeVault({ root });
    expect(vault.filePaths()).toEqual(['Existing/old.md']);
    const old = vault.getFileByPath('Existing/old.md')!;
    expect(await vault.read(old)).toBe('before');
    await vault.process(old, (d) => d + ' after');
    expect(readFileSync(join(root, 'Existing', 'old.md'), 'utf8')).toBe('before after');

    await vault.createFolder('New');
    const file = await vault.create('New/书.md', '内容');
    expect(readFileSync(join(root, 'New', '书.md'), 'utf8')).toBe('内容');
    expect(file.stat.size).toBe(Buffer.byteLength('内容'));
    await expect(vault.create('New/书.md', '')).rejects.toThrow('File already exists.');
    await expect(vault.create('Nope/a.md', '')).rejects.toMatchObject({ code: 'ENOENT' });
    await vault.rename(file, 'Existing/书.md');
    expect(existsSync(join(root, 'New', '书.md'))).toBe(false);
    expect(readFileSync(join(root, 'Existing', '书.md'), 'utf8')).toBe('内容');
    await vault.delete(old);
    expect(existsSync(join(root, 'Existing', 'old.md'))).toBe(false);
    expect(existsSync(join(root, '.config-test'))).toBe(true);
  });
});
