/** The plugin's commands and ribbon icon (no default hotkeys); each one goes through the single sync entry point. */
import { Notice, normalizePath, type App, type Plugin, type TFile } from 'obsidian';
import type { Translate } from '../core/i18n';
import type { Settings } from '../core/settings/settings';
import { noteBookId } from '../core/sync';
import { PreviewModal } from './preview-modal';
import { SyncLogModal, type SyncLog } from './sync-log';
import type { SyncRunner, SyncRequest } from './sync-runner';
import { cachedMetadata } from './vault-store';

export interface CommandDeps {
  app: App;
  t: Translate;
  lang: string;
  settings: () => Settings;
  sync: (request: SyncRequest) => ReturnType<SyncRunner['run']>;
  syncLog: SyncLog;
  /** Writes the library Base afresh (issue 15). */
  recreateLibraryBase: () => Promise<void>;
}

export function registerCommands(plugin: Plugin, deps: CommandDeps): void {
  const { t } = deps;
  plugin.addRibbonIcon('book-open-check', t('ribbon.sync'), () => deps.sync({ trigger: 'ribbon' }));
  plugin.addCommand({ id: 'sync', name: t('command.sync'), callback: () => deps.sync({ trigger: 'command' }) });
  plugin.addCommand({ id: 'preview-sync', name: t('command.preview'), callback: () => previewSync(deps) });
  plugin.addCommand({
    id: 'force-full-sync',
    name: t('command.force'),
    callback: () => deps.sync({ trigger: 'force', force: true }),
  });
  plugin.addCommand({
    id: 'sync-current-book',
    name: t('command.syncCurrent'),
    checkCallback: (checking) => {
      const file = deps.app.workspace.getActiveFile();
      if (!file || file.extension !== 'md') return false;
      // Without a parsed cache, a note in the notes folder may be one; the file is read when the command runs.
      const maybe =
        cachedBookId(deps.app, file) !== null ||
        (cachedMetadata(deps.app, file) === null && inNotesFolder(file, deps.settings()));
      if (!maybe) return false;
      if (!checking) void syncCurrentBook(deps, file);
      return true;
    },
  });
  plugin.addCommand({
    id: 'open-sync-log',
    name: t('command.openLog'),
    callback: () =>
      new SyncLogModal(
        deps.app,
        deps.syncLog,
        t,
        (link) => void deps.app.workspace.openLinkText(link, '', false),
      ).open(),
  });
  plugin.addCommand({
    id: 'recreate-library-base',
    name: t('command.recreateLibraryBase'),
    callback: () => deps.recreateLibraryBase(),
  });
}

async function previewSync(deps: CommandDeps): Promise<void> {
  const report = await deps.sync({ trigger: 'preview', dryRun: true });
  if (report)
    new PreviewModal(deps.app, report, deps.t, deps.lang, () => void deps.sync({ trigger: 'command' })).open();
}

async function syncCurrentBook(deps: CommandDeps, file: TFile): Promise<void> {
  const bookId = cachedBookId(deps.app, file) ?? noteBookId(await deps.app.vault.cachedRead(file));
  if (!bookId) {
    new Notice(deps.t('notice.notWeReadNote'));
    return;
  }
  await deps.sync({ trigger: 'current', onlyBookIds: [bookId] });
}

function cachedBookId(app: App, file: TFile): string | null {
  const value: unknown = cachedMetadata(app, file)?.frontmatter?.bookId;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

function inNotesFolder(file: TFile, settings: Settings): boolean {
  const folder = normalizePath(settings.folder);
  return folder === '/' || file.path.startsWith(`${folder}/`);
}

/** Writes the library Base afresh and says where, or why it could not (issue 15). */
export async function recreateLibraryBaseWithNotice(t: Translate, recreate: () => Promise<string>): Promise<void> {
  try {
    new Notice(t('notice.libraryBaseRecreated', { path: await recreate() }));
  } catch (e) {
    new Notice(t('notice.error', { message: e instanceof Error ? e.message : String(e) }));
  }
}
