// Tests the cookie jar: parsing, ASCII-safe serialization, Set-Cookie merging (incl. joined values with Expires commas), identity.
import { describe, expect, it } from 'vitest';
import {
  isUsableSession,
  mergeSetCookies,
  nickname,
  parseCookieHeader,
  serializeCookieJar,
  splitSetCookieHeader,
  userVid,
} from '../../../src/core/weread/cookies';

describe('cookie jar', () => {
  it('parses a pasted header, keeps unknown cookies and order, and reads the identity', () => {
    const jar = parseCookieHeader(
      'Cookie: wr_vid=15707910; wr_skey=abcDEF12; wr_name=%E4%B9%A6%E8%99%AB; wr_fp=123; wr_gender=1',
    );
    expect([...jar.keys()]).toEqual(['wr_vid', 'wr_skey', 'wr_name', 'wr_fp', 'wr_gender']);
    expect(isUsableSession(jar)).toBe(true);
    expect(userVid(jar)).toBe('15707910');
    expect(nickname(jar)).toBe('书虫');
  });

  it('is not a usable session without wr_skey or wr_vid', () => {
    expect(isUsableSession(parseCookieHeader('wr_vid=1'))).toBe(false);
    expect(isUsableSession(parseCookieHeader('wr_skey=abc'))).toBe(false);
    expect(isUsableSession(parseCookieHeader(''))).toBe(false);
  });

  it('serializes name=value pairs joined by "; " and percent-encodes non-ASCII so the header is pure ASCII', () => {
    const jar = parseCookieHeader('wr_vid=1; wr_name=书虫小王; wr_skey=k1');
    const header = serializeCookieJar(jar);
    expect(header).toBe('wr_vid=1; wr_name=%E4%B9%A6%E8%99%AB%E5%B0%8F%E7%8E%8B; wr_skey=k1');
    expect(/^[\x20-\x7e]*$/.test(header)).toBe(true);
    expect(nickname(parseCookieHeader(header))).toBe('书虫小王');
  });

  it('splits Set-Cookie values joined with ", " without splitting Expires dates', () => {
    const joined =
      'wr_skey=new1; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Secure, wr_rt=rt2; Domain=.weread.qq.com, wr_fp=9';
    expect(splitSetCookieHeader(joined)).toEqual([
      'wr_skey=new1; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Secure',
      'wr_rt=rt2; Domain=.weread.qq.com',
      'wr_fp=9',
    ]);
  });

  it('merges Set-Cookie by name, drops attributes, removes deleted cookies, and reports whether anything changed', () => {
    const jar = parseCookieHeader('wr_vid=1; wr_skey=old; wr_rt=r; wr_gid=g');
    const changed = mergeSetCookies(jar, [
      'wr_skey=new; Path=/; Expires=Wed, 21 Oct 2099 07:28:00 GMT; HttpOnly, wr_gid=x; Max-Age=0',
      'wr_new=v; Path=/',
    ]);
    expect(changed).toBe(true);
    expect(serializeCookieJar(jar)).toBe('wr_vid=1; wr_skey=new; wr_rt=r; wr_new=v');
    expect(mergeSetCookies(jar, ['wr_skey=new; Path=/'])).toBe(false);
  });
});
