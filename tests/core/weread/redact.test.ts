// Tests secret redaction: registered cookie values and keys, their encoded forms, and the patterns that need no registration.
import { describe, expect, it } from 'vitest';
import { SecretRegistry, redactSecrets } from '../../../src/core/weread/redact';

describe('redaction', () => {
  it('masks registered secrets, also percent-encoded, longest first', () => {
    expect(
      redactSecrets('skey SeCrEtSkEy9 and %E4%B9%A6%E8%99%AB%E5%B0%8F%E7%8E%8B', ['SeCrEtSkEy9', '书虫小王']),
    ).toBe('skey *** and ***');
  });

  it('masks API keys, bearer tokens and wr_* cookie pairs without registration', () => {
    const text =
      'key wrk-AbC123_xyz; Authorization: Bearer tok3n; Cookie: wr_skey=zz9; wr_vid=42; {"apikey":"plain-value"}';
    const out = redactSecrets(text, []);
    expect(out).not.toMatch(/AbC123|tok3n|zz9|=42|plain-value/);
    expect(out).toContain('wr_skey=***');
  });

  it('registers every value of a cookie header but leaves too-short values alone', () => {
    const registry = new SecretRegistry();
    registry.addCookieHeader('wr_vid=15707910; wr_skey=Sk3yValue; wr_gender=1');
    expect(registry.redact('vid 15707910 skey Sk3yValue gender 1')).toBe('vid *** skey *** gender 1');
  });
});
