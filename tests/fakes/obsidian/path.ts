// Owns normalizePath with the real app's semantics.

/**
 * Obsidian's `normalizePath`: `\` and runs of `/` become one `/`, leading and trailing slashes go,
 * the empty path becomes `/`, non-breaking spaces (U+00A0, U+202F) become spaces, then NFC.
 */
export function normalizePath(path: string): string {
  let result = path.replace(/([\\/])+/g, '/').replace(/(^\/+|\/+$)/g, '');
  if (result === '') result = '/';
  return result.replace(/\u00A0|\u202F/g, ' ').normalize('NFC');
}

/** The parent folder path of a normalized path ('/' for top-level entries). */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** The last segment of a normalized path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a folder path ('/' for the root) and a name. */
export function joinPath(folder: string, name: string): string {
  return folder === '/' || folder === '' ? name : `${folder}/${name}`;
}
