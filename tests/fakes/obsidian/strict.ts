// Owns the "throw on anything not implemented" guard that wraps the fake's App, Vault, Workspace, Plugin and friends.

/**
 * Names that runtimes and test tools probe on any object (promise resolution, JSON, vitest/pretty-format,
 * React-ish checks, DOM detection). Reading them must not throw; they read as `undefined` when absent.
 */
const PROBED_NAMES = new Set<string>([
  'then',
  'catch',
  'finally',
  'toJSON',
  'asymmetricMatch',
  '$$typeof',
  'nodeType',
  'tagName',
  'constructor',
  'inspect',
  'length',
  '_isMockFunction',
  '__esModule',
  'prototype',
]);

/** Error thrown for any member of the real API that the fake does not provide. */
export class NotImplementedError extends Error {
  constructor(member: string) {
    super(`fake obsidian: ${member} is not implemented`);
    this.name = 'NotImplementedError';
  }
}

/**
 * Wraps `target` so that reading a property it does not have throws `NotImplementedError`.
 * Writing is allowed, so a test can add a stand-in: `(app as any).metadataCache = {...}`.
 */
export function strict<T extends object>(target: T, typeName: string): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (typeof prop === 'symbol' || prop in obj || PROBED_NAMES.has(prop) || prop.startsWith('@@')) {
        return Reflect.get(obj, prop, receiver);
      }
      throw new NotImplementedError(`${typeName}.${prop}`);
    },
  });
}

/** A function standing in for an export the fake does not implement; calling it throws. */
export function notImplemented(name: string): (...args: unknown[]) => never {
  return () => {
    throw new NotImplementedError(name);
  };
}
