/** Links to WeRead: the web reader URL ("PC地址", docs/weread-api.md §4) and the app's deep links. */
import { md5Hex } from './md5';

const WEB_READER = 'https://weread.qq.com/web/reader/';

/** The id the web reader uses in its URL for a book (docs/weread-api.md §4). */
export function webReaderId(bookId: string): string {
  const h = md5Hex(bookId);
  let type: string;
  let pieces: string[];
  if (/^\d+$/.test(bookId)) {
    type = '3';
    pieces = [];
    for (let i = 0; i < bookId.length; i += 9) pieces.push(Number.parseInt(bookId.slice(i, i + 9), 10).toString(16));
  } else {
    type = '4';
    let hex = '';
    for (let i = 0; i < bookId.length; i++) hex += bookId.charCodeAt(i).toString(16);
    pieces = [hex];
  }
  let s = h.slice(0, 3) + type + '2' + h.slice(-2);
  pieces.forEach((piece, i) => {
    s += piece.length.toString(16).padStart(2, '0') + piece;
    if (i < pieces.length - 1) s += 'g';
  });
  if (s.length < 20) s += h.slice(0, 20 - s.length);
  return s + md5Hex(s).slice(0, 3);
}

/** `https://weread.qq.com/web/reader/…` for a book. */
export function webReaderUrl(bookId: string): string {
  return WEB_READER + webReaderId(bookId);
}

/** `weread://reading?bId=…`: opens the book in the WeRead app. */
export function appBookUrl(bookId: string): string {
  return `weread://reading?bId=${encodeURIComponent(bookId)}`;
}

/** `weread://bestbookmark?…`: opens a passage in the WeRead app; an open range repeats its start as its end. */
export function appPassageUrl(bookId: string, chapterUid: number, rangeStart: number, rangeEnd?: number): string {
  return `weread://bestbookmark?bookId=${encodeURIComponent(bookId)}&chapterUid=${chapterUid}&rangeStart=${rangeStart}&rangeEnd=${rangeEnd ?? rangeStart}`;
}
