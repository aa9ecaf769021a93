/** What an id from WeRead may look like before it becomes part of a file name, a block id, a URL or a state key. */

/**
 * Every id WeRead has been seen to send (bookId `695233`, `MP_WXS_…`, `CB_…`; bookmarkId `695233_108_3450-3584`;
 * reviewId `15707910_7r61CO8jM`) fits this; anything else (`../../x`, a slash, a space, a control character) is
 * refused, so that id can never walk a path, break a link or a block id.
 */
export const SERVER_ID = /^[A-Za-z0-9_~-]{1,128}$/;

/** True for an id that is safe to use anywhere (see SERVER_ID). */
export function isServerId(id: string): boolean {
  return SERVER_ID.test(id);
}

/** The problem text for an id that is not (used in bad-data errors: "books[1].bookId is not a valid WeRead id"). */
export const INVALID_ID_PROBLEM = 'is not a valid WeRead id';
