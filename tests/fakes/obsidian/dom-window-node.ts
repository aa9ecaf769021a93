// Owns creating a DOM for Node runs of the fake (happy-dom); the browser build swaps in dom-window-browser.ts.
import { Window } from 'happy-dom';

/** A fresh happy-dom window whose timers are the global ones (so vitest fake timers and clearInterval apply). */
export function createNodeWindow(): Window & typeof globalThis {
  const win = new Window({ url: 'app://obsidian.md/index.html' });
  const timers = win as unknown as Record<string, unknown>;
  // happy-dom's own timers swallow errors and ignore Node's Timeout ids; Obsidian's window timers are the real ones.
  timers.setTimeout = (...args: Parameters<typeof setTimeout>) => globalThis.setTimeout(...args);
  timers.clearTimeout = (id: Parameters<typeof clearTimeout>[0]) => globalThis.clearTimeout(id);
  timers.setInterval = (...args: Parameters<typeof setInterval>) => globalThis.setInterval(...args);
  timers.clearInterval = (id: Parameters<typeof clearInterval>[0]) => globalThis.clearInterval(id);
  return win as unknown as Window & typeof globalThis;
}
