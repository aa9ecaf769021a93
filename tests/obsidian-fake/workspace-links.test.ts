// The fake's Notice with a fragment (its links stay clickable), openLinkText (block and heading subpaths, exact paths, loud on a missing note) and the text components' simulateBlur.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApp, MarkdownView, Notice, resetFakeObsidian, TextComponent } from '../fakes/obsidian';

afterEach(() => resetFakeObsidian());

describe('Workspace.openLinkText', () => {
  it('opens the note of a link with a block subpath, with or without .md, and records the link', async () => {
    const app = new FakeApp();
    const note = app.vault.seed('WeRead/Book.md', 'text ^abc\n');
    const opened: string[] = [];
    app.workspace.on('file-open', (file) => opened.push(file?.path ?? ''));
    await app.workspace.openLinkText('WeRead/Book.md#^abc', '');
    expect(app.workspace.getActiveFile()).toBe(note);
    expect(app.workspace.getActiveViewOfType(MarkdownView)?.editor.getValue()).toBe('text ^abc\n');
    await app.workspace.openLinkText('WeRead/Book#Heading', 'Other.md', true);
    expect(opened).toEqual(['WeRead/Book.md', 'WeRead/Book.md']);
    expect(app.workspace.openedLinks).toEqual([
      { linktext: 'WeRead/Book.md#^abc', sourcePath: '' },
      { linktext: 'WeRead/Book#Heading', sourcePath: 'Other.md' },
    ]);
  });

  it('rejects a link to a note that does not exist instead of creating it silently', async () => {
    const app = new FakeApp();
    await expect(app.workspace.openLinkText('Missing#^x', '')).rejects.toThrow(/no note at "Missing"/);
    expect(app.workspace.openedLinks).toEqual([]);
  });
});

describe('AbstractTextComponent.simulateBlur', () => {
  it('fires a non-bubbling blur on the input only', () => {
    new FakeApp();
    const container = document.body.createDiv();
    const text = new TextComponent(container);
    const seen: string[] = [];
    text.inputEl.addEventListener('blur', () => seen.push('input'));
    container.addEventListener('blur', () => seen.push('container'));
    text.simulateBlur();
    expect(seen).toEqual(['input']);
  });
});

describe('Notice with a DocumentFragment', () => {
  it('shows the fragment’s own nodes, so a link in it stays clickable, and records its text', () => {
    new FakeApp();
    const fragment = createFragment();
    fragment.appendText('See ');
    let clicks = 0;
    fragment.createEl('a', { text: 'the note' }).addEventListener('click', () => (clicks += 1));
    const notice = new Notice(fragment, 0);
    expect(Notice.messages).toEqual(['See the note']);
    notice.messageEl.querySelector('a')!.click();
    expect(clicks).toBe(1);
  });
});
