/** The template sandbox: what a Nunjucks template may reach (own data of its context, our filters, safe globals), nothing else. */
import type nunjucks from 'nunjucks';

/**
 * Nunjucks is not a sandbox: `range.constructor("return process")()` or `"".constructor.constructor(…)()` run any
 * code, because its runtime reads every property JavaScript has (inherited ones, accessors, `constructor`, …).
 * Templates are pasted from forums and travel with a synced vault, so every read a template makes goes through the
 * checks below: a name resolves only to an own data property of the template's variables (or of a frame the
 * template itself made), a member lookup only to an own data property of a value (or an array/string index), and
 * `constructor`, `prototype` and `__proto__` are refused wherever they appear. Only functions we put there (our
 * filters, the three globals below, macros the template defines) can be called.
 */

const FORBIDDEN_NAMES = new Set(['constructor', 'prototype', '__proto__', '__defineGetter__', '__defineSetter__']);

/** Longest list `range()` builds: enough for any note, too small to exhaust memory. */
export const MAX_RANGE_LENGTH = 10_000;

/** A template tried to reach something outside what it may read. The message names it. */
export class SandboxError extends Error {
  override name = 'SandboxError';
}

function refuse(what: string): never {
  throw new SandboxError(`templates may not read "${what}" (only the variables of the note; see docs/templates.md)`);
}

function hasOwn(object: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The value of an own data property (never a getter, never inherited), or undefined. */
function ownData(object: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (!descriptor) return undefined;
  if (!('value' in descriptor)) refuse(key);
  return descriptor.value as unknown;
}

function checkKey(key: unknown): string {
  if (typeof key === 'number' && Number.isInteger(key)) return String(key);
  if (typeof key !== 'string') refuse(String(typeof key));
  if (FORBIDDEN_NAMES.has(key)) refuse(key);
  return key;
}

/** `a.b` / `a[b]` in a template. */
export function safeMemberLookup(target: unknown, key: unknown): unknown {
  if (target === undefined || target === null) return undefined;
  const name = checkKey(key);
  if (typeof target === 'string') {
    if (name === 'length') return target.length;
    return /^\d+$/.test(name) ? target[Number(name)] : refuse(name);
  }
  // Numbers and booleans have no data of their own (their methods are not for templates).
  if (typeof target !== 'object' && typeof target !== 'function') return undefined;
  const value = ownData(target, name);
  if (typeof value !== 'function') return value;
  // Methods of objects we made (a cycler's next()) keep their `this`, as in Nunjucks.
  return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args);
}

interface FrameLike {
  variables?: Record<string, unknown>;
  parent?: FrameLike | null;
}

interface ContextLike {
  ctx: Record<string, unknown>;
}

/** A bare name in a template: template-made variables, then the note's variables, then the safe globals. */
export function safeContextOrFrameLookup(context: ContextLike, frame: FrameLike, name: string): unknown {
  const key = checkKey(name);
  for (let f: FrameLike | null | undefined = frame; f; f = f.parent) {
    if (f.variables && hasOwn(f.variables, key)) {
      const value = ownData(f.variables, key);
      if (value !== undefined) return value;
    }
  }
  if (hasOwn(context.ctx, key)) return ownData(context.ctx, key);
  return hasOwn(SAFE_GLOBALS, key) ? SAFE_GLOBALS[key] : undefined;
}

/** Calls only functions: the error names what was called, as Nunjucks' own does. */
function safeCallWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
  if (typeof fn !== 'function') throw new SandboxError(`Unable to call \`${name}\`, which is not a function`);
  if (fn === Function || fn === Object || fn === Reflect.construct) refuse(name);
  return (fn as (...a: unknown[]) => unknown).apply(context, args);
}

function range(start: unknown, stop?: unknown, step?: unknown): number[] {
  let from = Number(start);
  let to = Number(stop);
  let by = step === undefined ? 1 : Number(step);
  if (stop === undefined) {
    to = from;
    from = 0;
  }
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isFinite(by) || by === 0) return [];
  if (Math.abs((to - from) / by) > MAX_RANGE_LENGTH)
    throw new SandboxError(`range() is limited to ${MAX_RANGE_LENGTH} items`);
  const out: number[] = [];
  for (let i = from; by > 0 ? i < to : i > to; i += by) out.push(i);
  return out;
}

function cycler(...items: unknown[]): { current: unknown; next(): unknown; reset(): void } {
  let index = -1;
  const state = {
    current: null as unknown,
    next(): unknown {
      index = (index + 1) % Math.max(1, items.length);
      state.current = items[index];
      return state.current;
    },
    reset(): void {
      index = -1;
      state.current = null;
    },
  };
  return state;
}

function joiner(separator: unknown = ','): () => string {
  let first = true;
  return () => {
    const out = first ? '' : String(separator);
    first = false;
    return out;
  };
}

/** Nunjucks' globals, rebuilt as plain functions with no inherited way out (and a bounded range). */
const SAFE_GLOBALS: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, {
  range,
  cycler,
  joiner,
});

type Runtime = Record<string, unknown>;

/** The Nunjucks runtime with its three doors (member lookup, name lookup, calls) replaced by the checks above. */
export function sandboxedRuntime(runtime: Runtime): Runtime {
  return Object.freeze({
    ...runtime,
    memberLookup: safeMemberLookup,
    contextOrFrameLookup: safeContextOrFrameLookup,
    callWrap: safeCallWrap,
  });
}

type FilterLike = (this: unknown, ...args: unknown[]) => unknown;

/** Attribute names that Nunjucks filters (sort, groupby, join, sum, selectattr, …) would read with a plain `obj[attr]`. */
function checkFilterArgument(arg: unknown): void {
  if (typeof arg !== 'string') return;
  for (const part of arg.split('.')) if (FORBIDDEN_NAMES.has(part)) refuse(part);
}

/** Nunjucks filters whose string arguments name attributes to read from each item. */
const ATTRIBUTE_FILTERS = new Set(['sort', 'groupby', 'selectattr', 'rejectattr', 'sum', 'join', 'dictsort']);

/** A filter that refuses forbidden attribute names and never hands a function back to the template. */
function guardedFilter(name: string, filter: FilterLike): FilterLike {
  const readsAttributes = ATTRIBUTE_FILTERS.has(name);
  return function (this: unknown, ...args: unknown[]): unknown {
    if (readsAttributes) for (const arg of args.slice(1)) checkFilterArgument(arg);
    const result = filter.apply(this, args);
    if (typeof result === 'function') refuse(`${name}()`);
    return result;
  };
}

/**
 * Locks an Environment: filters and tests are looked up as own properties only (`x | constructor` is refused), every
 * filter is guarded, and the globals are the safe ones.
 */
export function lockEnvironment(env: nunjucks.Environment): void {
  const raw = env as unknown as {
    filters: Record<string, FilterLike>;
    tests: Record<string, FilterLike>;
    globals: Record<string, unknown>;
    getFilter(name: string): FilterLike;
    getTest(name: string): FilterLike;
  };
  const filters = Object.create(null) as Record<string, FilterLike>;
  for (const [name, filter] of Object.entries(raw.filters)) filters[name] = guardedFilter(name, filter);
  raw.filters = filters;
  const tests = Object.create(null) as Record<string, FilterLike>;
  for (const [name, test] of Object.entries(raw.tests)) tests[name] = guardedFilter(name, test);
  raw.tests = tests;
  raw.globals = SAFE_GLOBALS;
  raw.getFilter = (name: string) => {
    const filter = hasOwn(filters, checkKey(name)) ? filters[name] : undefined;
    if (!filter) throw new Error(`filter not found: ${name}`);
    return filter;
  };
  raw.getTest = (name: string) => {
    const test = hasOwn(tests, checkKey(name)) ? tests[name] : undefined;
    if (!test) throw new Error(`test not found: ${name}`);
    return test;
  };
}

interface TemplateInternals {
  rootRenderFunc: (env: unknown, context: unknown, frame: unknown, runtime: Runtime, cb: unknown) => unknown;
}

/** Makes a compiled Template render with the sandboxed runtime (blocks and macros receive it from the root). */
export function sandboxTemplate(template: nunjucks.Template, runtime: Runtime): void {
  const internals = template as unknown as TemplateInternals;
  const root = internals.rootRenderFunc;
  if (typeof root !== 'function') throw new Error('template was not compiled');
  internals.rootRenderFunc = (env, context, frame, _runtime, cb) => root(env, context, frame, runtime, cb);
}
