/** THE one gray-matter helper: parses and writes note frontmatter as YAML only — never runs `---js` frontmatter. */
import matter from 'gray-matter';

/** Frontmatter that is not valid YAML, not a mapping, or in a language other than YAML. `line` is 1-based in the note. */
export class FrontmatterError extends Error {
  override name = 'FrontmatterError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export interface ParsedNote {
  /** The frontmatter mapping ({} when the note has none). */
  data: Record<string, unknown>;
  /** Everything after the closing `---` line. */
  body: string;
  hasFrontmatter: boolean;
  /** The raw YAML between the delimiters ('' when none). */
  frontmatterText: string;
}

const refuse = (): never => {
  throw new FrontmatterError('Frontmatter in JavaScript (---js) is not allowed; only YAML is read');
};
const refusedEngine = { parse: refuse, stringify: refuse };

/**
 * gray-matter options for every call. Passing options also turns off gray-matter's content cache, whose hits
 * would return results parsed under someone else's options (and engines).
 */
const MATTER_OPTIONS = {
  language: 'yaml',
  engines: {
    js: refusedEngine,
    javascript: refusedEngine,
    coffee: refusedEngine,
    coffeescript: refusedEngine,
    cson: refusedEngine,
  },
};

interface YamlLikeError {
  message?: string;
  reason?: string;
  mark?: { line?: number };
}

/** Parses a note. Throws FrontmatterError (naming the line) when the frontmatter is not a YAML mapping. */
export function parseNote(text: string): ParsedNote {
  if (!/^---[^\S\r\n]*\r?\n/.test(text)) {
    const lang = /^---([^\r\n]*)/.exec(text)?.[1]?.trim().toLowerCase();
    if (lang && lang !== 'yaml' && lang !== 'yml' && !lang.startsWith('-')) {
      throw new FrontmatterError(`Frontmatter in "${lang}" is not allowed; only YAML is read`, 1);
    }
    if (!lang) return { data: {}, body: text, hasFrontmatter: false, frontmatterText: '' };
  }
  let file: { data: unknown; content: string; matter?: string };
  try {
    file = matter(text, MATTER_OPTIONS);
  } catch (err) {
    if (err instanceof FrontmatterError) throw err;
    const e = err as YamlLikeError;
    // gray-matter hands js-yaml the text after the opening `---`, whose line 0 is the rest of the note's line 1.
    const markLine = typeof e.mark?.line === 'number' ? e.mark.line + 1 : undefined;
    const { message, line } = describeYamlError(text, e.reason ?? e.message ?? String(err), markLine);
    throw new FrontmatterError(message, line);
  }
  const data = file.data ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    const { message, line } = describeYamlError(text, 'the frontmatter is not a list of "key: value" lines', 2);
    throw new FrontmatterError(message, line);
  }
  return {
    data: data as Record<string, unknown>,
    body: file.content,
    hasFrontmatter: true,
    frontmatterText: (file.matter ?? '').replace(/^\r?\n/, ''),
  };
}

/** Like parseNote, but returns the error instead of throwing. */
export function tryParseNote(text: string): ParsedNote | FrontmatterError {
  try {
    return parseNote(text);
  } catch (err) {
    if (err instanceof FrontmatterError) return err;
    return new FrontmatterError(String(err));
  }
}

/** The frontmatter mapping of a note ({} when it has none). Throws FrontmatterError like parseNote. */
export function parseFrontmatter(text: string): Record<string, unknown> {
  return parseNote(text).data;
}

/** A note from a body and a frontmatter mapping (YAML, keys in insertion order). */
export function stringifyNote(body: string, data: Record<string, unknown>): string {
  if (Object.keys(data).length === 0) return body;
  return matter.stringify(body, data, MATTER_OPTIONS);
}

/** Just the YAML text of a mapping (no delimiters), ending with a newline. */
export function stringifyFrontmatter(data: Record<string, unknown>): string {
  const text = matter.stringify('', data, MATTER_OPTIONS);
  return text.replace(/^---\r?\n/, '').replace(/---\r?\n[\s\S]*$/, '');
}

/** Validates a rendered note's frontmatter; returns the error (with the note's line) or undefined when fine. */
export function frontmatterProblem(text: string): FrontmatterError | undefined {
  const parsed = tryParseNote(text);
  return parsed instanceof FrontmatterError ? parsed : undefined;
}

/** The message and line of a YAML problem; a full-width colon (the usual culprit) is named with its own line. */
function describeYamlError(text: string, reason: string, line: number | undefined): { message: string; line?: number } {
  const lines = text.split(/\r?\n/);
  const closing = lines.indexOf('---', 1);
  const block = lines.slice(1, closing < 0 ? lines.length : closing);
  const fullWidth = block.findIndex((l) => /^[^:#\s][^:]*：/.test(l));
  const where = fullWidth >= 0 ? fullWidth + 2 : line;
  let message = `Invalid YAML frontmatter${where !== undefined ? ` at line ${where}` : ''}: ${reason.trim().split('\n')[0]}`;
  if (fullWidth >= 0) message += ` (line ${fullWidth + 2} uses a full-width colon "："; YAML needs ": ")`;
  return where === undefined ? { message } : { message, line: where };
}
