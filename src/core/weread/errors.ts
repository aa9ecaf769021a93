/** WeReadError: every failure of the WeRead client, classified by kind, with a technical summary and a next step as fields (redacted); errorKindOf, isAbortError. */
import { redact } from './redact';

export type WeReadErrorKind =
  | 'session-expired'
  | 'bad-credential'
  | 'throttled'
  | 'server'
  | 'network'
  | 'timeout'
  | 'bad-data'
  | 'bug'
  | 'cancelled'
  | 'not-configured';

export interface WeReadErrorDetails {
  /** Endpoint path (V1, e.g. `/web/book/bookmarklist`) or gateway api_name (V2, e.g. `/book/bookmarklist`). */
  endpoint: string;
  bookId?: string;
  /** HTTP status, when there was a response. */
  status?: number;
  /** WeRead's errcode/errCode, when the body carried one. */
  errcode?: number;
  /** WeRead's own message (Chinese, e.g. 登录超时), kept for the log. */
  serverMessage?: string;
  /** For bad-data: the path of the offending field, e.g. `updated[3].markText`. */
  fieldPath?: string;
  /** For bad-data: what is wrong with it, e.g. `is missing`. */
  problem?: string;
  /** A short, redacted excerpt of a body that was not the expected JSON. */
  excerpt?: string;
  /** Free detail for the log (e.g. the network error text). */
  detail?: string;
  /** Overrides whether retrying can help (defaults by kind). */
  retryable?: boolean;
  cause?: unknown;
}

const RETRYABLE_BY_DEFAULT: Record<WeReadErrorKind, boolean> = {
  'session-expired': false,
  'bad-credential': false,
  throttled: true,
  server: true,
  network: true,
  timeout: true,
  'bad-data': false,
  bug: false,
  cancelled: false,
  'not-configured': false,
};

/**
 * What to do next, by kind, in English and in no runner's terms (logs, `--json`); the reader sees the presenter's
 * text (core/i18n/present.ts), which names settings in the plugin and environment variables in the CLI.
 */
export const NEXT_STEP: Record<WeReadErrorKind, string> = {
  'session-expired': 'Log in to WeRead again.',
  'bad-credential': 'Check the WeRead API key or cookie, or log in again.',
  throttled: 'WeRead asked us to slow down; try again in a few minutes.',
  server: 'WeRead had a problem; try again later.',
  network: 'Check the internet connection and try again.',
  timeout: 'WeRead did not answer in time; check the connection and try again.',
  'bad-data': 'WeRead may have changed its API; try again later, and report this if it persists.',
  bug: 'This is a bug in WeRead Sync; please report it with this message.',
  cancelled: 'Start the sync again when ready.',
  'not-configured': 'Add a WeRead API key or a WeRead cookie.',
};

function where(d: WeReadErrorDetails): string {
  return d.bookId ? `${d.endpoint}, book ${d.bookId}` : d.endpoint;
}

function codeText(d: WeReadErrorDetails): string {
  const parts: string[] = [];
  if (d.errcode !== undefined) parts.push(`errcode ${d.errcode}`);
  if (d.status !== undefined) parts.push(`HTTP ${d.status}`);
  if (d.serverMessage) parts.push(d.serverMessage);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function technicalSummary(kind: WeReadErrorKind, d: WeReadErrorDetails): string {
  switch (kind) {
    case 'session-expired':
      return `The WeRead login has expired${codeText(d)} [${where(d)}].`;
    case 'bad-credential':
      return `WeRead rejected the credential${codeText(d)} [${where(d)}].`;
    case 'throttled':
      return `WeRead is throttling requests${codeText(d)} [${where(d)}].`;
    case 'server':
      return `WeRead answered with an error${codeText(d)} [${where(d)}]${d.excerpt ? `: "${d.excerpt}"` : ''}.`;
    case 'network':
      return `Could not reach WeRead [${where(d)}]${d.detail ? `: ${d.detail}` : ''}.`;
    case 'timeout':
      return `WeRead did not answer in time [${where(d)}]${d.detail ? `: ${d.detail}` : ''}.`;
    case 'bad-data':
      if (d.fieldPath !== undefined) {
        return `Unexpected data from WeRead: ${d.endpoint}: ${d.fieldPath} ${d.problem ?? 'is invalid'}${d.bookId ? ` (book ${d.bookId})` : ''}.`;
      }
      return `Unexpected data from WeRead [${where(d)}]: ${d.problem ?? 'the answer is not valid JSON'}${d.excerpt ? `: "${d.excerpt}"` : ''}.`;
    case 'bug':
      return `WeRead says a request of WeRead Sync is malformed${codeText(d)} [${where(d)}].`;
    case 'cancelled':
      return `The request was cancelled [${where(d)}].`;
    case 'not-configured':
      return `No WeRead credential for this request [${where(d)}]${d.detail ? `: ${d.detail}` : ''}.`;
  }
}

/**
 * A classified, redacted WeRead failure. `message` is `summary` alone (what failed and where, English, technical);
 * the advice is the separate `nextStep`, so nothing has to cut it out of the message again.
 */
export class WeReadError extends Error {
  override readonly name = 'WeReadError';
  readonly kind: WeReadErrorKind;
  readonly endpoint: string;
  readonly bookId?: string;
  readonly status?: number;
  readonly errcode?: number;
  readonly serverMessage?: string;
  readonly fieldPath?: string;
  readonly problem?: string;
  readonly excerpt?: string;
  readonly detail?: string;
  readonly retryable: boolean;
  /** What failed and where (English, technical, redacted): endpoint, book, codes. Equal to `message`. */
  readonly summary: string;
  /** What the reader should do next (English, runner-neutral); the presenter says it in the reader's language. */
  readonly nextStep: string;

  constructor(kind: WeReadErrorKind, details: WeReadErrorDetails) {
    const safe: WeReadErrorDetails = {
      ...details,
      serverMessage: details.serverMessage === undefined ? undefined : redact(details.serverMessage),
      excerpt: details.excerpt === undefined ? undefined : redact(details.excerpt),
      detail: details.detail === undefined ? undefined : redact(details.detail),
    };
    const summary = redact(technicalSummary(kind, safe));
    super(summary);
    this.kind = kind;
    this.summary = summary;
    this.endpoint = safe.endpoint;
    this.bookId = safe.bookId;
    this.status = safe.status;
    this.errcode = safe.errcode;
    this.serverMessage = safe.serverMessage;
    this.fieldPath = safe.fieldPath;
    this.problem = safe.problem;
    this.excerpt = safe.excerpt;
    this.detail = safe.detail;
    this.retryable = details.retryable ?? RETRYABLE_BY_DEFAULT[kind];
    this.nextStep = NEXT_STEP[kind];
  }

  /** The same error, attributed to a book (errors from shared batch requests are raised per book). */
  forBook(bookId: string): WeReadError {
    if (this.bookId === bookId) return this;
    return new WeReadError(this.kind, { ...this.toDetails(), bookId });
  }

  toDetails(): WeReadErrorDetails {
    return {
      endpoint: this.endpoint,
      bookId: this.bookId,
      status: this.status,
      errcode: this.errcode,
      serverMessage: this.serverMessage,
      fieldPath: this.fieldPath,
      problem: this.problem,
      excerpt: this.excerpt,
      detail: this.detail,
      retryable: this.retryable,
    };
  }

  /** A plain, redacted object for reports and `--json` output. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      summary: this.summary,
      nextStep: this.nextStep,
      ...this.toDetails(),
    };
  }
}

export function isWeReadError(error: unknown): error is WeReadError {
  return error instanceof WeReadError;
}

/** Maps a WeRead errcode to a kind; undefined for codes we do not know (treated as a non-retryable server error). */
export function kindForErrcode(errcode: number): WeReadErrorKind | undefined {
  switch (errcode) {
    case -2012:
      return 'session-expired';
    case -2010:
    case -2013:
      return 'bad-credential';
    case -2003:
      return 'bug';
    default:
      return undefined;
  }
}

/** A short single-line excerpt of a body for error messages (redacted by the WeReadError constructor). */
export function excerptOf(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * The classified kind of any failure that carries one (WeReadError, TemplateError, `{ kind }` records), e.g.
 * 'session-expired' or 'syntax'; undefined for plain errors. The one copy: UIs and the engine say it by kind.
 */
export function errorKindOf(e: unknown): string | undefined {
  const kind = (e as { kind?: unknown } | null | undefined)?.kind;
  return typeof kind === 'string' && kind !== '' ? kind : undefined;
}

/** True for a cancellation by AbortSignal (an AbortError from fetch, requestUrl or our own limiter). */
export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/**
 * @deprecated Messages no longer carry advice (`nextStep` is its own field), so this is the message itself; kept
 * for the callers not yet moved to `presentError` (core/i18n/present.ts).
 */
export function messageWithoutAdvice(e: unknown): string {
  return e instanceof Error ? e.message || e.name : String(e);
}
