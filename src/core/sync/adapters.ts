/** Ready-made engine inputs: a NoteRenderer over a compiled template and settings, and a BookSource over the WeRead client. */
import { assembleNotebook } from '../model/assemble';
import type { BookData, Notebook, NotebookEntry } from '../model/notebook';
import { noteFileName, noteFolder, renderNote, resolveTimeZone, type CompiledTemplate } from '../render';
import type { Settings } from '../settings/settings';
import type { BookSource, NoteRenderer } from './engine';
import { hashText } from './state';

/** Bumped when the engine's own rendering inputs change shape, so every note is re-rendered once. */
const RENDERER_VERSION = 1;

/** A renderer whose fingerprint covers the template source and every setting that shapes note text (the resolved time zone included). */
export function createNoteRenderer(template: CompiledTemplate, settings: Settings): NoteRenderer {
  const zone = resolveTimeZone(settings.timeZone);
  const renderSettings = { ...settings, timeZone: zone };
  const shaping = [RENDERER_VERSION, template.name, template.source, zone, settings.includeAncestorChapters, settings.tagsAsLinks, settings.colorNames, settings.penNames];
  return {
    fingerprint: hashText(JSON.stringify(shaping)),
    render: (notebook) => renderNote(notebook, template, renderSettings),
    target: (notebook) => {
      const sub = noteFolder(notebook, settings);
      return { folder: [settings.folder.replace(/^\/+|\/+$/g, ''), sub].filter(Boolean).join('/'), fileName: noteFileName(notebook, settings) };
    },
  };
}

/** The part of the WeRead client the engine needs. */
export interface NotebookClient {
  readonly requestCount: number;
  listNotebooks(): Promise<NotebookEntry[]>;
  fetchBookData(entry: NotebookEntry, options?: { force?: boolean; withProgress?: boolean }): Promise<BookData>;
}

/** A BookSource over the client: fetch, then assemble the Notebook. */
export function bookSourceFromClient(client: NotebookClient, opts: { withProgress?: boolean } = {}): BookSource {
  return {
    listNotebooks: () => client.listNotebooks(),
    fetchNotebook: async (entry, o): Promise<Notebook> => assembleNotebook(entry, await client.fetchBookData(entry, { force: o.force, withProgress: opts.withProgress })),
    requestCount: () => client.requestCount,
  };
}
