/**
 * How the sync engine reads a thrown error (its kind, whether it is an abort, its message without advice). A private
 * copy: `src/core/weread/errors.ts` gains `errorKindOf` / `isAbortError`, and these should then point at them.
 */
import { messageWithoutAdvice } from '../weread/errors';
import { redact } from '../weread/redact';

/** The message a report shows: redacted, without the advice (the UI says that in the reader's language, by kind). */
export function errorMessage(e: unknown): string {
  return redact(messageWithoutAdvice(e));
}

/** The kind of a classified error (WeReadError, TemplateError), so that the UI can say it in the reader's language. */
export function errorKind(e: unknown): string | undefined {
  const kind = (e as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? kind : undefined;
}

export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}
