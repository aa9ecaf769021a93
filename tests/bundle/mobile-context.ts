// The sandbox a mobile WebView gives a plugin: the DOM window's globals, `require` that resolves only `obsidian`, and no Buffer, process or global.
import vm from 'node:vm';
import * as fakeObsidian from '../fakes/obsidian';

/** A fresh vm context to evaluate main.js in; every module id asked of `require` is pushed to `requireLog`. */
export function mobileContext(requireLog: string[] = []): { context: vm.Context; module: { exports: any } } {
  const win = fakeObsidian.domWindow() as unknown as Record<string, unknown>;
  const g = globalThis as any;
  const module = { exports: {} as any };
  const sandbox: Record<string, unknown> = {
    module,
    exports: module.exports,
    require: (id: string) => {
      requireLog.push(id);
      if (id === 'obsidian') return fakeObsidian;
      throw new Error(`Cannot find module '${id}'`);
    },
    console,
    window: win,
    document: win.document,
    navigator: win.navigator,
    activeWindow: win,
    activeDocument: win.document,
    setTimeout: win.setTimeout,
    clearTimeout: win.clearTimeout,
    setInterval: win.setInterval,
    clearInterval: win.clearInterval,
    queueMicrotask,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    AbortController,
    AbortSignal,
    DOMException,
    HTMLElement: win.HTMLElement,
    Event: win.Event,
    createEl: g.createEl,
    createDiv: g.createDiv,
    createSpan: g.createSpan,
    createFragment: g.createFragment,
  };
  return { context: vm.createContext(sandbox), module };
}
