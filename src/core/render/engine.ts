/** The template engine: compiles templates (never data) with Nunjucks, renders notes, validates their frontmatter. */
import nunjucks from 'nunjucks';
import type { Notebook } from '../model/notebook';
import { buildContext, type ContextSettings, type TemplateContext } from './context';
import { FILTERS } from './filters';
import { frontmatterProblem } from './frontmatter';
import { lockEnvironment, sandboxedRuntime, sandboxTemplate } from './sandbox';
import { withPopularVariables } from './popular';
import { BUILT_IN_TEMPLATES, type BuiltInTemplateName } from './templates';

export type TemplateErrorKind = 'syntax' | 'render' | 'frontmatter' | 'unknown-template';

/** A template that cannot be used: names the template and, when known, the line. */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    message: string,
    readonly templateName: string,
    readonly kind: TemplateErrorKind,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

export interface CompiledTemplate {
  name: string;
  source: string;
  /** Renders a prepared context (no frontmatter check; `renderNote` does that). */
  render(context: TemplateContext): string;
}

let environment: nunjucks.Environment | undefined;

/** Nunjucks' runtime with lookups and calls checked (see sandbox.ts); every template we compile renders with it. */
const SANDBOXED_RUNTIME = sandboxedRuntime((nunjucks as unknown as { runtime: Record<string, unknown> }).runtime);

/** The one Nunjucks environment: no loaders (templates come from strings), no autoescape, undefined prints ''. */
export function templateEnvironment(): nunjucks.Environment {
  if (environment) return environment;
  const env = new nunjucks.Environment([], {
    autoescape: false,
    throwOnUndefined: false,
    trimBlocks: false,
    lstripBlocks: false,
  });
  for (const [name, fn] of Object.entries(FILTERS)) env.addFilter(name, fn as (...args: unknown[]) => unknown);
  lockEnvironment(env);
  environment = env;
  return env;
}

interface NunjucksErrorLike {
  message?: string;
  lineno?: number;
  colno?: number;
}

/** Pulls line/column out of a Nunjucks error ("… [Line 3, Column 7] …" or lineno/colno properties). */
function locate(err: unknown): { line?: number; column?: number; reason: string } {
  const e = (err ?? {}) as NunjucksErrorLike;
  const message = typeof e.message === 'string' ? e.message : String(err);
  const m = /\[Line (\d+), Column (\d+)\]/.exec(message);
  const line = m ? Number(m[1]) : typeof e.lineno === 'number' ? e.lineno : undefined;
  const column = m ? Number(m[2]) : typeof e.colno === 'number' ? e.colno : undefined;
  const reason =
    message
      .replace(/^Template render error:\s*/, '')
      .replace(/^\([^)]*\)\s*/, '')
      .replace(/\[Line \d+, Column \d+\]\s*/, '')
      .replace(/^\s*(Error|TypeError|ReferenceError|SandboxError):\s*/, '')
      .trim()
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join(' ') || 'unknown error';
  // Nunjucks line numbers are 0-based in lineno/colno properties but 1-based in the message.
  return {
    line: m ? line : line !== undefined ? line + 1 : undefined,
    column: m ? column : column !== undefined ? column + 1 : undefined,
    reason,
  };
}

const BLOCK_TAGS = new Set([
  'for',
  'if',
  'block',
  'macro',
  'call',
  'filter',
  'raw',
  'verbatim',
  'asyncEach',
  'asyncAll',
]);

/** Line (1-based) of the innermost block tag that is never closed, e.g. a `{% for %}` without `{% endfor %}`. */
function unclosedBlockLine(source: string): number | undefined {
  const open: Array<{ tag: string; line: number }> = [];
  const tagPattern = /\{%-?\s*(\w+)([^%]*)%\}/g;
  for (const m of source.matchAll(tagPattern)) {
    const tag = m[1] ?? '';
    const line = source.slice(0, m.index).split('\n').length;
    if (BLOCK_TAGS.has(tag) || (tag === 'set' && !(m[2] ?? '').includes('='))) open.push({ tag, line });
    else if (tag.startsWith('end')) {
      const closes = tag.slice(3);
      const at = open.map((o) => o.tag).lastIndexOf(closes);
      if (at >= 0) open.length = at;
    }
  }
  return open.at(-1)?.line;
}

interface AstNode {
  typename?: string;
  fields?: string[];
  lineno?: number;
  colno?: number;
  name?: { value?: unknown };
  children?: unknown[];
  [field: string]: unknown;
}

interface NunjucksParser {
  parse(source: string, extensions: unknown[], options: unknown): AstNode;
}

/** Nunjucks only notices an unknown filter while rendering, without a line: find it in the syntax tree instead. */
function unknownFilter(
  source: string,
  env: nunjucks.Environment,
): { name: string; line: number; column: number } | undefined {
  const parser = (nunjucks as unknown as { parser?: NunjucksParser }).parser;
  if (!parser) return undefined;
  const known = (env as unknown as { filters: Record<string, unknown> }).filters;
  const isKnown = (filterName: string): boolean => Object.prototype.hasOwnProperty.call(known, filterName);
  const stack: unknown[] = [parser.parse(source, [], (env as unknown as { opts: unknown }).opts)];
  while (stack.length > 0) {
    const node = stack.pop() as AstNode | undefined;
    if (!node || typeof node !== 'object') continue;
    if (node.typename === 'Filter' || node.typename === 'FilterAsync') {
      const value = node.name?.value;
      const filterName = typeof value === 'string' ? value : '';
      if (!isKnown(filterName))
        return { name: filterName, line: (node.lineno ?? 0) + 1, column: (node.colno ?? 0) + 1 };
    }
    for (const field of node.fields ?? []) stack.push(node[field]);
    if (Array.isArray(node.children)) stack.push(...node.children);
    if (Array.isArray(node)) stack.push(...(node as unknown[]));
  }
  return undefined;
}

const cache = new Map<string, CompiledTemplate>();

/** Compiles (and caches) a template; a syntax error is a TemplateError naming the template and line. */
export function compileTemplate(name: string, source: string): CompiledTemplate {
  const key = `${name}\u0000${source}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const env = templateEnvironment();
  let template: nunjucks.Template;
  try {
    template = new nunjucks.Template(source, env, name, true);
    sandboxTemplate(template, SANDBOXED_RUNTIME);
  } catch (err) {
    const located = locate(err);
    const { column, reason } = located;
    // Nunjucks gives no position for an unclosed block; the useful line is where that block opened.
    const line = located.line ?? (/end of file/i.test(reason) ? unclosedBlockLine(source) : undefined);
    throw new TemplateError(
      `Template "${name}" has a syntax error${line !== undefined ? ` at line ${line}` : ''}: ${reason}`,
      name,
      'syntax',
      line,
      column,
    );
  }
  const unknown = unknownFilter(source, env);
  if (unknown) {
    throw new TemplateError(
      `Template "${name}" uses an unknown filter "${unknown.name}" at line ${unknown.line}`,
      name,
      'syntax',
      unknown.line,
      unknown.column,
    );
  }
  const compiled: CompiledTemplate = {
    name,
    source,
    render(context) {
      try {
        return template.render(context);
      } catch (err) {
        const located = locate(err);
        // Runtime errors carry 0-based positions in their message (parse errors are 1-based).
        const line = located.line !== undefined ? located.line + 1 : undefined;
        const column = located.column !== undefined ? located.column + 1 : undefined;
        const reason = located.reason;
        throw new TemplateError(
          `Template "${name}" failed to render${line !== undefined ? ` at line ${line}` : ''}: ${reason}`,
          name,
          'render',
          line,
          column,
        );
      }
    },
  };
  if (cache.size > 64) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** True for the names of the built-in templates. */
export function isBuiltInTemplate(name: string): name is BuiltInTemplateName {
  return Object.prototype.hasOwnProperty.call(BUILT_IN_TEMPLATES, name);
}

/** A built-in template, compiled. */
export function builtInTemplate(name: string): CompiledTemplate {
  if (!isBuiltInTemplate(name)) {
    throw new TemplateError(
      `Unknown built-in template "${name}" (choose one of ${Object.keys(BUILT_IN_TEMPLATES).join(', ')})`,
      name,
      'unknown-template',
    );
  }
  // A built-in always compiles (its tests say so): it compiles on its first render, so a sync with nothing to render
  // (the usual no-op) never pays for it.
  const source = BUILT_IN_TEMPLATES[name];
  let compiled: CompiledTemplate | undefined;
  return { name, source, render: (context) => (compiled ??= compileTemplate(name, source)).render(context) };
}

const LEADING_SPACE_BEFORE_FRONTMATTER = /^\s+(?=---\r?\n)/;

/** Renders a note: the template over the notebook's context, then checks that the frontmatter is valid YAML. */
export function renderNote(notebook: Notebook, template: CompiledTemplate, settings: ContextSettings): string {
  // A `{% set %}` or a blank line before the template's `---` leaves whitespace in front of it; frontmatter must
  // start on the first line, or the note's bookId is never found and every sync writes a new copy.
  const output = template
    .render(withPopularVariables(buildContext(notebook, settings), notebook))
    .replace(LEADING_SPACE_BEFORE_FRONTMATTER, '');
  checkRenderedFrontmatter(template.name, output);
  return output;
}

/** Throws a TemplateError when rendered output has frontmatter that is not a YAML mapping, or a bookId that is not a string. */
export function checkRenderedFrontmatter(templateName: string, output: string): void {
  if (!output.startsWith('---')) return;
  const problem = frontmatterProblem(output);
  if (problem) {
    throw new TemplateError(
      `Template "${templateName}" produced invalid frontmatter: ${problem.message}`,
      templateName,
      'frontmatter',
      problem.line,
    );
  }
}

/** What a template warning is about; the UI says it in the reader's language by this code. */
export type TemplateWarningCode =
  'no-block-ids' | 'no-frontmatter' | 'no-book-id' | 'unquoted-book-id' | 'full-width-colon' | 'no-highlights';

/** A problem that does not stop a template from rendering but will surprise its reader. */
export interface TemplateWarning {
  code: TemplateWarningCode;
  /** English explanation (the i18n tables have the translations by code). */
  message: string;
}

const LEADING_TAGS_AND_BLANKS = /^(?:\s|\{%[\s\S]*?%\}|\{#[\s\S]*?#\})*/;

/** Advice about a template that works but will behave badly (no block ids, no bookId in frontmatter, …). */
export function templateWarnings(source: string): TemplateWarning[] {
  const warnings: TemplateWarning[] = [];
  const warn = (code: TemplateWarningCode, message: string) => void warnings.push({ code, message });
  const usesBlockIds = /\^\{\{-?\s*[\w.]*(bookmarkId|reviewId|blockId)/.test(source) || /\|\s*blockId\b/.test(source);
  if (!usesBlockIds) {
    warn(
      'no-block-ids',
      'The template writes no block ids (e.g. ^{{ highlight.bookmarkId }}): links into the note and safe merging of your edits need them.',
    );
  }
  // Tags and blank lines before the `---` render to whitespace that renderNote strips, so skip them here too.
  const body = source.replace(LEADING_TAGS_AND_BLANKS, '');
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(body)?.[1];
  if (frontmatter === undefined) {
    warn(
      'no-frontmatter',
      'The template has no frontmatter: the note cannot be recognized as the note of its book (bookId).',
    );
  } else {
    if (!/^bookId\s*:/m.test(frontmatter))
      warn('no-book-id', 'The frontmatter has no bookId: the note cannot be recognized as the note of its book.');
    else if (!/^bookId\s*:\s*(["']|\{\{-?\s*[\w.]+\s*\|\s*yamlString)/m.test(frontmatter)) {
      warn(
        'unquoted-book-id',
        'Quote bookId in the frontmatter (bookId: {{ metaData.bookId | yamlString }}): YAML would read a numeric id as a number.',
      );
    }
    if (
      /：/.test(
        frontmatter
          .replace(/\{\{[\s\S]*?\}\}/g, '')
          .split('\n')
          .map((l) => l.split(':')[0])
          .join('\n'),
      )
    ) {
      warn('full-width-colon', 'A frontmatter key is followed by a full-width colon "："; YAML needs ": ".');
    }
  }
  if (!/chapterHighlights|noteChapters/.test(source))
    warn('no-highlights', 'The template never loops over chapterHighlights: highlights will not appear.');
  return warnings;
}
