// WeReadError: summary and next step are separate fields (no advice in the message); the one errorKindOf / isAbortError.
import { describe, expect, it } from 'vitest';
import {
  errorKindOf,
  isAbortError,
  messageWithoutAdvice,
  NEXT_STEP,
  WeReadError,
} from '../../../src/core/weread/errors';
import { TemplateError } from '../../../src/core/render/engine';

describe('WeReadError', () => {
  it('carries kind, summary and nextStep as fields; the message is the summary without advice', () => {
    const e = new WeReadError('session-expired', {
      endpoint: '/api/user/notebook',
      errcode: -2012,
      serverMessage: '登录超时',
    });
    expect(e.kind).toBe('session-expired');
    expect(e.summary).toBe(e.message);
    expect(e.summary).toContain('/api/user/notebook');
    expect(e.summary).toContain('errcode -2012');
    expect(e.nextStep).toBe(NEXT_STEP['session-expired']);
    expect(e.message).not.toContain(e.nextStep);
    expect(messageWithoutAdvice(e)).toBe(e.message);
    expect(e.toJSON()).toMatchObject({ kind: 'session-expired', summary: e.summary, nextStep: e.nextStep });
  });

  it('the runner-neutral next steps never point at a settings screen', () => {
    for (const step of Object.values(NEXT_STEP)) expect(step).not.toMatch(/settings/);
  });

  it('redacts secrets in the summary', () => {
    const e = new WeReadError('network', { endpoint: '/web/x', detail: 'socket closed; Cookie: wr_skey=abcdefgh1234' });
    expect(e.summary).not.toContain('abcdefgh1234');
  });
});

describe('errorKindOf / isAbortError', () => {
  it('reads the kind of any classified error and nothing else', () => {
    expect(errorKindOf(new WeReadError('throttled', { endpoint: '/x' }))).toBe('throttled');
    expect(errorKindOf(new TemplateError('bad', 't', 'syntax'))).toBe('syntax');
    expect(errorKindOf({ kind: 'note-changed' })).toBe('note-changed');
    expect(errorKindOf(new Error('plain'))).toBeUndefined();
    expect(errorKindOf(null)).toBeUndefined();
    expect(errorKindOf({ kind: 3 })).toBeUndefined();
  });

  it('recognizes an AbortError only', () => {
    expect(isAbortError(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(true);
    expect(isAbortError(new WeReadError('cancelled', { endpoint: '/x' }))).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
  });
});
