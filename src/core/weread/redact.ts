/** Secret redaction: every message, log line and report about WeRead traffic passes through `redactSecrets`/`redact`. */

const MASK = '***';
/** Values this short are too common to mask blindly (e.g. `wr_gender=1`); they are masked only where a cookie name names them. */
const MIN_SECRET_LENGTH = 4;

/** API keys, bearer tokens and `wr_*=value` cookie pairs are masked by pattern even when nobody registered them. */
const PATTERNS: Array<[RegExp, string]> = [
  [/wrk-[A-Za-z0-9._~+/=-]+/g, MASK],
  [/(Bearer\s+)[^\s"',;]+/gi, `$1${MASK}`],
  [/\b(wr_[A-Za-z0-9_]+)=([^;\s"',&]*)/g, `$1=${MASK}`],
  [/("?(?:apikey|apiKey|api_key|skey|wr_skey|wr_vid)"?\s*[:=]\s*"?)([^"\s,;}&]+)/g, `$1${MASK}`],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Masks each secret (and its percent-encoded form) in `text`, then every known secret pattern. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  const sorted = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  for (const secret of sorted) {
    const forms = new Set([secret]);
    try {
      forms.add(encodeURIComponent(secret));
      forms.add(decodeURIComponent(secret));
    } catch {
      // a value that is not valid percent-encoding is masked as given
    }
    for (const form of forms) {
      if (form.length >= MIN_SECRET_LENGTH) out = out.replace(new RegExp(escapeRegExp(form), 'g'), MASK);
    }
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** The secrets known to this process (cookie values, API keys). Registration only grows: forgetting a secret never helps. */
export class SecretRegistry {
  private readonly secrets = new Set<string>();

  add(...values: Array<string | null | undefined>): void {
    for (const value of values) {
      const trimmed = value?.trim();
      if (trimmed && trimmed.length >= MIN_SECRET_LENGTH) this.secrets.add(trimmed);
    }
  }

  /** Registers every value of a Cookie header (`a=1; b=2`), and the whole header. */
  addCookieHeader(header: string | null | undefined): void {
    if (!header) return;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) this.add(part.slice(eq + 1));
    }
  }

  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  get size(): number {
    return this.secrets.size;
  }
}

/** The process-wide registry: WeReadError messages and client logs go through it. */
export const secretRegistry = new SecretRegistry();

/** Redacts with the process-wide registry; use for any text that may carry credentials (logs, reports, notices). */
export function redact(text: string): string {
  return secretRegistry.redact(text);
}
