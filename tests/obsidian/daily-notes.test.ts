// Daily notes and popular highlights in the plugin, on the fake `obsidian` against the fake WeRead server: sync, the back-fill command and its modal, the settings rows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApp, Modal, moment, Notice, setLanguage, unloadPlugin } from '../fakes/obsidian';
import { componentOf, findSetting, ToggleComponent } from '../fakes/obsidian/ui';
import type { FakeWeRead } from '../fakes/weread/server';
import { configure, DATA_JSON, freshAppAndServer, loadedPlugin, manifest, startedPlugin } from './helpers';
import { DailyRangeModal } from '../../src/obsidian/daily-notes-command';
import type WeReadSyncPlugin from '../../src/main';

const BOOK = '26211849';
const DAY_S = 86400;
const blockId = (wereadId: string) => wereadId.replace(/[^A-Za-z0-9-]/g, '-').replace(/-+$/, '');
const dayIn = (unix: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(unix * 1000));

let fake: FakeWeRead;
let app: FakeApp;
let plugin: WeReadSyncPlugin;

beforeEach(async () => {
  ({ fake, app } = await freshAppAndServer());
  await configure(app, fake, { timeZone: 'Asia/Shanghai', dailyNotes: true, syncOnStartup: false });
  await app.vault.adapter.write(
    `${app.vault.configDir}/daily-notes.json`,
    JSON.stringify({ folder: 'Journal', format: 'YYYY-MM-DD', template: 'Templates/Daily' }),
  );
  app.vault.seed('Templates/Daily.md', '---\ntags: daily\n---\n# {{date:dddd, MMMM Do YYYY}}\n\n');
  plugin = await startedPlugin(app);
});
afterEach(async () => {
  await unloadPlugin(plugin);
  await fake.close();
});

const sync = async () => {
  const report = await plugin.sync({ trigger: 'command' });
  await plugin.runner.idle();
  return report;
};

/** As if the last sync had been `days` ago (the plugin's own state file). */
async function backdateLastSync(days: number): Promise<void> {
  const file = `${app.vault.configDir}/plugins/${manifest.id}/state-index.json`;
  const index = JSON.parse(await app.vault.adapter.read(file));
  for (const record of Object.values<any>(index.books)) record.syncedAt -= days * DAY_S * 1000;
  await app.vault.adapter.write(file, JSON.stringify(index));
}

const journal = () => app.vault.filePaths().filter((p) => p.startsWith('Journal/'));

describe('daily notes in the plugin', () => {
  it('references a highlight from the note of its day once, creating that note from the template', async () => {
    await sync();
    expect(journal()).toEqual([]);
    await backdateLastSync(4);
    const made = Math.floor(Date.now() / 1000) - 2 * DAY_S;
    const h = fake.library.addHighlight(BOOK, { chapterUid: 15, createTime: made });
    const report = await sync();
    expect(report?.dailyNotes).toMatchObject({ added: 1, failed: [] });

    const day = dayIn(made);
    const path = `Journal/${day}.md`;
    expect(journal()).toEqual([path]);
    // {{date:…}} is filled by Obsidian's moment, as the Daily notes plugin would.
    const heading = moment(day, 'YYYY-MM-DD').format('dddd, MMMM Do YYYY');
    const id = blockId(h.bookmarkId as string);
    const text = app.vault.readPath(path)!;
    expect(text).toBe(
      `---\ntags: daily\n---\n# ${heading}\n\n## 微信读书\n` +
        `- [[WeRead/Python深度学习#^${id}|Python深度学习]]: ${h.markText as string}\n`,
    );
    await sync();
    expect(app.vault.readPath(path)).toBe(text);
  });

  it('the result notice and the sync log say what the daily notes came to, in English and in Chinese', async () => {
    await sync();
    await backdateLastSync(4);
    const made = Math.floor(Date.now() / 1000) - 2 * DAY_S;
    fake.library.addHighlight(BOOK, { chapterUid: 15, createTime: made });
    fake.library.addHighlight(BOOK, { chapterUid: 16, createTime: made });
    Notice.reset();
    const report = await sync();
    expect(report?.dailyNotes).toMatchObject({ added: 2, removed: 0, failed: [] });
    const line = 'Daily notes: 2 references added, 0 removed, in 1 notes.';
    expect(Notice.messages.at(-1)!.split('\n').slice(1)).toEqual([line]);
    const [entry] = await plugin.syncLog.entries();
    expect(entry!.dailyNotes).toEqual({ notes: 1, added: 2, removed: 0, failed: 0 });
    // A sync that writes no daily note says nothing of them.
    Notice.reset();
    await sync();
    expect(Notice.messages.at(-1)!).not.toContain('Daily notes');
    expect((await plugin.syncLog.entries())[0]!.dailyNotes).toBeUndefined();

    // In Chinese, the notice and the log modal (which shows the entry with daily notes).
    await unloadPlugin(plugin);
    setLanguage('zh');
    plugin = await loadedPlugin(app);
    await backdateLastSync(4);
    fake.library.addHighlight(BOOK, { chapterUid: 15, createTime: made });
    Notice.reset();
    await sync();
    const zhLine = '每日笔记：新增引用 1 条，移除 0 条，涉及 1 篇。';
    expect(Notice.messages.at(-1)!.split('\n').slice(1)).toEqual([zhLine]);
    await app.commands.runCommand(`${manifest.id}:open-sync-log`);
    const modal = Modal.openModals.at(-1)!;
    await vi.waitFor(() => expect(modal.contentEl.querySelector('.weread-sync-log-daily')).not.toBeNull());
    const daily = [...modal.contentEl.querySelectorAll<HTMLElement>('.weread-sync-log-daily')].map(
      (e) => e.textContent,
    );
    // Newest first; the English-era entry is shown in the reader's language of now.
    expect(daily).toEqual([zhLine, '每日笔记：新增引用 2 条，移除 0 条，涉及 1 篇。']);
  });

  it('back-fills a date range from the command’s modal, keeping the reader’s text, and adds nothing twice', async () => {
    await sync();
    const day = '2020-08-25';
    const book = fake.library.get(BOOK)!;
    const times = [
      ...book.bookmarks.map((b) => ({ id: blockId(b.bookmarkId as string), t: b.createTime as number })),
      ...book.reviews.map((r) => ({ id: blockId(r.reviewId), t: r.review.createTime as number })),
    ].filter((x) => dayIn(x.t) === day);
    expect(times.length).toBeGreaterThan(3);
    app.vault.seed(`Journal/${day}.md`, `Reader's own day.\n\n## 微信读书\n- a line of mine\n`);

    await app.commands.runCommand(`${manifest.id}:daily-notes-backfill`);
    const modal = Modal.openModals.at(-1) as unknown as DailyRangeModal;
    expect(modal).toBeInstanceOf(DailyRangeModal);
    modal.from = '2020-08-26';
    modal.to = day;
    modal.submit();
    expect(Modal.openModals.at(-1)).toBe(modal); // a reversed range is refused: the modal stays open
    modal.from = day;
    modal.submit();
    await modal.running;

    const text = app.vault.readPath(`Journal/${day}.md`)!;
    expect(text.startsWith(`Reader's own day.\n\n## 微信读书\n- a line of mine\n- [[WeRead/Python深度学习#^`)).toBe(
      true,
    );
    for (const { id } of times) expect(text.split(`#^${id}|`).length - 1).toBe(1);
    expect(text.split('\n').filter((l) => l.startsWith('- [[')).length).toBe(times.length);
    // Only that day: no other daily note was made.
    expect(journal()).toEqual([`Journal/${day}.md`]);

    await app.commands.runCommand(`${manifest.id}:daily-notes-backfill`);
    const again = Modal.openModals.at(-1) as unknown as DailyRangeModal;
    again.from = day;
    again.to = day;
    again.submit();
    await again.running;
    expect(app.vault.readPath(`Journal/${day}.md`)).toBe(text);
  });

  it('shows the settings rows and saves them; popular highlights reach the note', async () => {
    const el = app.openSettingTab(plugin.settingTab);
    const popular = findSetting(el, 'Popular highlights');
    await componentOf(popular, ToggleComponent).simulateChange(true);
    expect(plugin.settings.popularHighlights).toBe(true);
    expect(JSON.parse(await app.vault.adapter.read(DATA_JSON(app))).popularHighlights).toBe(true);
    expect(findSetting(el, 'Daily note heading').nameEl.textContent).toBe('Daily note heading');
    await sync();
    const note = app.vault.readPath('WeRead/Python深度学习.md')!;
    expect(note).toContain(' 🔥 1630 ^26211849-15-1826-1988');
    expect(note).toContain('\n# 热门划线\n\n- 🔥 2841 · ');
  });
});
