// Owns the browser stand-in for dom-window-node.ts: a browser already has a DOM.

/** Never called in a browser (there is a global document); fails loudly if it is. */
export function createNodeWindow(): Window & typeof globalThis {
  throw new Error('fake obsidian: no global document in this browser build');
}
