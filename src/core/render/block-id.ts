/** WeRead ids (bookmarkId, reviewId) → Obsidian block ids: only letters, digits and '-', as other WeRead tools write them. */

/**
 * Maps a WeRead id to the block id used after `^` (without the caret): `_` and `~` become `-`, any other character
 * outside `[A-Za-z0-9-]` becomes `-`, and trailing `-` (left by an open range like `6483-`) is dropped.
 * Idempotent: a block id maps to itself, so templates may apply it to ids that are already converted.
 */
export function toBlockId(wereadId: string): string {
  let out = '';
  for (let i = 0; i < wereadId.length; i++) {
    const c = wereadId.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
    out += ok ? wereadId[i] : '-';
  }
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 45) end--;
  return out.slice(0, end);
}

/** True when `id` is a usable Obsidian block id (without the caret). */
export function isValidBlockId(id: string): boolean {
  return /^[A-Za-z0-9-]+$/.test(id);
}
