/** The WeRead cookie jar: parse a Cookie header, serialize it (ASCII-safe), merge Set-Cookie renewals, read the session's identity. */

/** Cookie name → value, in insertion order. Values are kept as received (percent-encoded where WeRead encodes them). */
export type CookieJar = Map<string, string>;

/** Parses `name=value; name2=value2` (a pasted Cookie header, optionally prefixed with `Cookie:`). */
export function parseCookieHeader(header: string | null | undefined): CookieJar {
  const jar: CookieJar = new Map();
  if (!header) return jar;
  const text = header.trim().replace(/^cookie:\s*/i, '');
  for (const part of text.split(/;|\r?\n/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (name) jar.set(name, value);
  }
  return jar;
}

/** Percent-encodes every character outside printable ASCII (iOS rejects non-ASCII header bytes); leaves existing escapes alone. */
function asciiSafe(value: string): string {
  return value.replace(/[^\x21-\x7e]+/gu, (run) => encodeURIComponent(run));
}

/** `name=value; …` with non-ASCII and control characters percent-encoded. */
export function serializeCookieJar(jar: CookieJar): string {
  return [...jar].map(([name, value]) => `${asciiSafe(name)}=${asciiSafe(value)}`).join('; ');
}

/** Splits a Set-Cookie header that an adapter joined with ", " — commas inside `Expires=Wed, 21 Oct …` are not separators. */
export function splitSetCookieHeader(joined: string): string[] {
  return joined
    .split(/,(?=\s*[^;,=\s]+=)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface ParsedSetCookie {
  name: string;
  value: string;
  /** Max-Age ≤ 0 or an Expires in the past: the server deletes the cookie. */
  deleted: boolean;
  /** The Domain attribute (lower case, without a leading dot), when there is one. */
  domain?: string;
}

/** An RFC 6265 cookie name (a token). */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}$/;
/** Longest cookie value kept (WeRead's are well under 1 KB); a longer one is not a session cookie. */
const MAX_COOKIE_VALUE = 4096;
/** Most cookies a jar keeps: a misbehaving server cannot grow the stored credential without bound. */
const MAX_JAR_SIZE = 64;

/** No control characters and no `;` (a value that would change the Cookie header it is sent in). */
function isCookieValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x3b) return false;
  }
  return true;
}

/** True when a cookie with `domain` (its Domain attribute, or none) may be taken from an answer of `host`. */
export function cookieDomainMatches(domain: string | undefined, host: string): boolean {
  if (domain === undefined || domain === '') return true;
  const h = host.toLowerCase();
  return h === domain || (domain.includes('.') && h.endsWith(`.${domain}`));
}

/** Reads `name=value` of one Set-Cookie value and drops its attributes (Path, Domain, Expires, …). */
export function parseSetCookie(setCookie: string, nowMs: number = Date.now()): ParsedSetCookie | null {
  const [pair = '', ...attributes] = setCookie.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return null;
  const name = pair.slice(0, eq).trim();
  let value = pair.slice(eq + 1).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (!name) return null;
  if (!COOKIE_NAME.test(name) || value.length > MAX_COOKIE_VALUE || !isCookieValue(value)) return null;
  let deleted = false;
  let domain: string | undefined;
  for (const attribute of attributes) {
    const aeq = attribute.indexOf('=');
    const key = (aeq < 0 ? attribute : attribute.slice(0, aeq)).trim().toLowerCase();
    const attrValue = aeq < 0 ? '' : attribute.slice(aeq + 1).trim();
    if (key === 'max-age' && Number(attrValue) <= 0) deleted = true;
    if (key === 'domain') domain = attrValue.toLowerCase().replace(/^\./, '');
    if (key === 'expires') {
      const when = Date.parse(attrValue);
      if (!Number.isNaN(when) && when <= nowMs) deleted = true;
    }
  }
  return domain === undefined ? { name, value, deleted } : { name, value, deleted, domain };
}

/**
 * Merges Set-Cookie values into the jar (replace by name; a deleted or emptied cookie is removed).
 * Each entry may itself be several cookies joined with ", ". With `host` (the answering server), a cookie whose
 * Domain does not cover that host is ignored, as a browser would. Returns whether the jar changed.
 */
export function mergeSetCookies(
  jar: CookieJar,
  setCookies: readonly string[],
  nowMs: number = Date.now(),
  host?: string,
): boolean {
  let changed = false;
  for (const header of setCookies) {
    for (const one of splitSetCookieHeader(header)) {
      const parsed = parseSetCookie(one, nowMs);
      if (!parsed) continue;
      if (host !== undefined && !cookieDomainMatches(parsed.domain, host)) continue;
      if (!jar.has(parsed.name) && jar.size >= MAX_JAR_SIZE) continue;
      if (parsed.deleted || parsed.value === '') {
        if (jar.delete(parsed.name)) changed = true;
      } else if (jar.get(parsed.name) !== parsed.value) {
        jar.set(parsed.name, parsed.value);
        changed = true;
      }
    }
  }
  return changed;
}

/** A usable WeRead web session has the user id and the session key. */
export function isUsableSession(jar: CookieJar): boolean {
  return Boolean(jar.get('wr_vid') && jar.get('wr_skey'));
}

/** The user id (`wr_vid`), if any. */
export function userVid(jar: CookieJar): string | undefined {
  return jar.get('wr_vid') || undefined;
}

/** The nickname (`wr_name`, percent-decoded), if any. */
export function nickname(jar: CookieJar): string | undefined {
  const raw = jar.get('wr_name');
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
