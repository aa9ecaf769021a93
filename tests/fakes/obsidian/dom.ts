// Owns Obsidian's DOM helpers (createEl, setText, addClass, …) patched onto a DOM: happy-dom in Node, the page's DOM in a browser.
import { createNodeWindow } from './dom-window-node';

type Info = DomElementInfo | string | undefined;
type AnyAttrs = Record<string, string | number | boolean | null>;
type Listener = (this: unknown, ev: Event, delegateTarget: Element) => unknown;

const PATCHED = Symbol.for('fake-obsidian.dom-patched');
const SVG_NS = 'http://www.w3.org/2000/svg';

/** The window whose DOM the fake uses (happy-dom's in Node after `installDom()`, the page's in a browser). */
export function domWindow(): Window & typeof globalThis {
  return (globalThis as any).window as Window & typeof globalThis;
}

function classesOf(cls: string | string[]): string[] {
  return (Array.isArray(cls) ? cls : cls.split(' ')).filter((c) => c.length > 0);
}

function applyInfo(el: Element, info: Info, parent: Node | undefined): void {
  const o: DomElementInfo = typeof info === 'string' ? { cls: info } : (info ?? {});
  if (o.cls !== undefined) el.addClass(...classesOf(o.cls));
  if (o.text !== undefined) el.setText(o.text);
  if (o.attr) el.setAttrs(o.attr);
  const props = el as unknown as Record<string, unknown>;
  if (o.title !== undefined) props.title = o.title;
  // Type before value: switching an input's type afterwards would change how its value reads.
  if (o.type !== undefined && 'type' in el) props.type = o.type;
  if (o.value !== undefined && 'value' in el) props.value = o.value;
  if (o.placeholder !== undefined && 'placeholder' in el) props.placeholder = o.placeholder;
  if (o.href !== undefined && 'href' in el) props.href = o.href;
  const target = parent ?? o.parent;
  if (target) {
    if (o.prepend) target.insertBefore(el, target.firstChild);
    else target.appendChild(el);
  }
}

function makeEl<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  info: Info,
  parent: Node | undefined,
  cb?: (el: HTMLElementTagNameMap[K]) => void,
): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  applyInfo(el, info, parent);
  cb?.(el);
  return el;
}

function makeSvg<K extends keyof SVGElementTagNameMap>(
  doc: Document,
  tag: K,
  info: SvgElementInfo | string | undefined,
  parent: Node | undefined,
  cb?: (el: SVGElementTagNameMap[K]) => void,
): SVGElementTagNameMap[K] {
  const el = doc.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  const o: SvgElementInfo = typeof info === 'string' ? { cls: info } : (info ?? {});
  if (o.cls !== undefined) el.addClass(...classesOf(o.cls));
  if (o.attr) el.setAttrs(o.attr);
  const target = parent ?? o.parent;
  if (target) {
    if (o.prepend) target.insertBefore(el, target.firstChild);
    else target.appendChild(el);
  }
  cb?.(el);
  return el;
}

function docOf(node: Node): Document {
  return node.nodeType === 9 ? (node as Document) : (node.ownerDocument ?? domWindow().document);
}

function define(proto: object, members: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(members)) {
    Object.defineProperty(proto, name, { value, configurable: true, writable: true, enumerable: false });
  }
}

function defineGetter(proto: object, name: string, get: (this: any) => unknown): void {
  Object.defineProperty(proto, name, { get, configurable: true, enumerable: false });
}

/** Patches Obsidian's helpers onto the prototypes of `win`'s DOM classes. Idempotent. */
export function patchDom(win: Window & typeof globalThis): void {
  const nodeProto = win.Node.prototype as unknown as Record<symbol, unknown>;
  if (nodeProto[PATCHED]) return;

  define(win.Node.prototype, {
    detach(this: ChildNode) {
      this.parentNode?.removeChild(this);
    },
    empty(this: Node) {
      while (this.firstChild) this.removeChild(this.firstChild);
    },
    insertAfter<T extends Node>(this: Node, node: T, child: Node | null): T {
      this.insertBefore(node, child ? child.nextSibling : this.firstChild);
      return node;
    },
    indexOf(this: Node, other: Node): number {
      return Array.prototype.indexOf.call(this.childNodes, other);
    },
    setChildrenInPlace(this: Node, children: Node[]) {
      this.empty();
      for (const child of children) this.appendChild(child);
    },
    appendText(this: Node, val: string) {
      this.appendChild(docOf(this).createTextNode(val));
    },
    instanceOf(this: Node, type: new () => unknown): boolean {
      return this instanceof type;
    },
    createEl<K extends keyof HTMLElementTagNameMap>(
      this: Node,
      tag: K,
      o?: Info,
      cb?: (el: HTMLElementTagNameMap[K]) => void,
    ) {
      return makeEl(docOf(this), tag, o, this, cb);
    },
    createDiv(this: Node, o?: Info, cb?: (el: HTMLDivElement) => void) {
      return makeEl(docOf(this), 'div', o, this, cb);
    },
    createSpan(this: Node, o?: Info, cb?: (el: HTMLSpanElement) => void) {
      return makeEl(docOf(this), 'span', o, this, cb);
    },
    createSvg<K extends keyof SVGElementTagNameMap>(
      this: Node,
      tag: K,
      o?: SvgElementInfo | string,
      cb?: (el: SVGElementTagNameMap[K]) => void,
    ) {
      return makeSvg(docOf(this), tag, o, this, cb);
    },
  });
  defineGetter(win.Node.prototype, 'doc', function (this: Node) {
    return docOf(this);
  });
  defineGetter(win.Node.prototype, 'win', function (this: Node) {
    return docOf(this).defaultView ?? win;
  });
  defineGetter(win.Node.prototype, 'constructorWin', function (this: Node) {
    return docOf(this).defaultView ?? win;
  });

  define(win.Element.prototype, {
    getText(this: Element): string {
      return this.textContent ?? '';
    },
    setText(this: Element, val: string | DocumentFragment) {
      if (typeof val === 'string') {
        this.textContent = val;
      } else {
        this.empty();
        this.appendChild(val);
      }
    },
    addClass(this: Element, ...classes: string[]) {
      this.classList.add(...classes.filter((c) => c.length > 0));
    },
    addClasses(this: Element, classes: string[]) {
      this.addClass(...classes);
    },
    removeClass(this: Element, ...classes: string[]) {
      this.classList.remove(...classes);
    },
    removeClasses(this: Element, classes: string[]) {
      this.removeClass(...classes);
    },
    toggleClass(this: Element, classes: string | string[], value: boolean) {
      for (const cls of classesOf(classes)) this.classList.toggle(cls, value);
    },
    hasClass(this: Element, cls: string): boolean {
      return this.classList.contains(cls);
    },
    setAttr(this: Element, name: string, value: string | number | boolean | null) {
      if (value === null) this.removeAttribute(name);
      else this.setAttribute(name, String(value));
    },
    setAttrs(this: Element, obj: AnyAttrs) {
      for (const [name, value] of Object.entries(obj)) this.setAttr(name, value);
    },
    getAttr(this: Element, name: string): string | null {
      return this.getAttribute(name);
    },
    matchParent(this: Element, selector: string, lastParent?: Element): Element | null {
      const found = this.closest(selector);
      // Like Obsidian: the search stops at (and excludes) `lastParent`.
      if (!found || (lastParent && (found === lastParent || found.contains(lastParent)))) return null;
      return found;
    },
    isActiveElement(this: Element): boolean {
      return docOf(this).activeElement === this;
    },
    find(this: Element, selector: string) {
      return this.querySelector(selector);
    },
    findAll(this: Element, selector: string) {
      return Array.from(this.querySelectorAll(selector));
    },
    findAllSelf(this: Element, selector: string) {
      const found = Array.from(this.querySelectorAll(selector));
      return this.matches(selector) ? [this, ...found] : found;
    },
  });

  const styleMembers = {
    setCssStyles(this: HTMLElement, styles: Partial<CSSStyleDeclaration>) {
      Object.assign(this.style, styles);
    },
    setCssProps(this: HTMLElement, props: Record<string, string>) {
      for (const [name, value] of Object.entries(props)) this.style.setProperty(name, value);
    },
  };
  define(win.HTMLElement.prototype, {
    ...styleMembers,
    show(this: HTMLElement) {
      this.style.display = '';
    },
    hide(this: HTMLElement) {
      this.style.display = 'none';
    },
    toggle(this: HTMLElement, show: boolean) {
      if (show) this.show();
      else this.hide();
    },
    toggleVisibility(this: HTMLElement, visible: boolean) {
      this.style.visibility = visible ? '' : 'hidden';
    },
    isShown(this: HTMLElement): boolean {
      return this.style.display !== 'none' && this.isConnected;
    },
    onClickEvent(
      this: HTMLElement,
      listener: (ev: MouseEvent) => unknown,
      options?: boolean | AddEventListenerOptions,
    ) {
      this.addEventListener('click', listener as EventListener, options);
    },
    trigger(this: HTMLElement, eventType: string) {
      const view = docOf(this).defaultView ?? win;
      this.dispatchEvent(new view.Event(eventType, { bubbles: true, cancelable: true }));
    },
    on: delegateOn,
    off: delegateOff,
  });
  if (win.SVGElement) define(win.SVGElement.prototype, styleMembers);
  define(win.Document.prototype, { on: delegateOn, off: delegateOff });
  define(win.DocumentFragment.prototype, {
    find(this: DocumentFragment, selector: string) {
      return this.querySelector(selector);
    },
    findAll(this: DocumentFragment, selector: string) {
      return Array.from(this.querySelectorAll(selector));
    },
  });
  nodeProto[PATCHED] = true;
}

interface Delegation {
  type: string;
  selector: string;
  listener: Listener;
  callback: EventListener;
  options?: boolean | AddEventListenerOptions;
}
const delegations = new WeakMap<EventTarget, Delegation[]>();

function delegateOn(
  this: HTMLElement | Document,
  type: string,
  selector: string,
  listener: Listener,
  options?: boolean | AddEventListenerOptions,
): void {
  const callback: EventListener = (ev) => {
    const target = ev.target as Element | null;
    const match = target && typeof target.closest === 'function' ? target.closest(selector) : null;
    if (match && (this.nodeType === 9 || (this as HTMLElement).contains(match))) listener.call(this, ev, match);
  };
  const list = delegations.get(this) ?? [];
  list.push({ type, selector, listener, callback, options });
  delegations.set(this, list);
  this.addEventListener(type, callback, options);
}

function delegateOff(
  this: HTMLElement | Document,
  type: string,
  selector: string,
  listener: Listener,
  options?: boolean | AddEventListenerOptions,
): void {
  const list = delegations.get(this) ?? [];
  const at = list.findIndex((d) => d.type === type && d.selector === selector && d.listener === listener);
  if (at < 0) return;
  const [found] = list.splice(at, 1);
  this.removeEventListener(type, found!.callback, options);
}

/** DOM classes copied to the global scope in Node so `instanceof HTMLElement` and friends work in plugin code. */
const DOM_GLOBALS = [
  'Node',
  'Element',
  'HTMLElement',
  'SVGElement',
  'Document',
  'DocumentFragment',
  'Text',
  'HTMLDivElement',
  'HTMLSpanElement',
  'HTMLInputElement',
  'HTMLTextAreaElement',
  'HTMLSelectElement',
  'HTMLOptionElement',
  'HTMLButtonElement',
  'HTMLAnchorElement',
  'UIEvent',
  'MouseEvent',
  'KeyboardEvent',
  'FocusEvent',
  'InputEvent',
  'getComputedStyle',
  'requestAnimationFrame',
  'cancelAnimationFrame',
];

/**
 * Makes the Obsidian DOM available: in Node (no global `document`) creates a happy-dom window and exposes
 * `window`, `document` and the DOM classes globally; then patches the helpers and defines the globals
 * `createEl`, `createDiv`, `createSpan`, `createSvg`, `createFragment`, `activeDocument`, `activeWindow`,
 * `sleep`, `nextFrame`. Safe to call more than once. Returns the window.
 */
export function installDom(): Window & typeof globalThis {
  const g = globalThis as any;
  if (typeof g.document === 'undefined') {
    const win = createNodeWindow();
    g.window = win;
    g.document = win.document;
    for (const name of DOM_GLOBALS) {
      if (typeof g[name] === 'undefined' && (win as any)[name] !== undefined) {
        const value = (win as any)[name];
        g[name] = typeof value === 'function' && !/^[A-Z]/.test(name) ? value.bind(win) : value;
      }
    }
  }
  const win = domWindow();
  patchDom(win);
  const doc = win.document;
  const globals: Record<string, unknown> = {
    createEl: <K extends keyof HTMLElementTagNameMap>(tag: K, o?: Info, cb?: (el: HTMLElementTagNameMap[K]) => void) =>
      makeEl(doc, tag, o, undefined, cb),
    createDiv: (o?: Info, cb?: (el: HTMLDivElement) => void) => makeEl(doc, 'div', o, undefined, cb),
    createSpan: (o?: Info, cb?: (el: HTMLSpanElement) => void) => makeEl(doc, 'span', o, undefined, cb),
    createSvg: <K extends keyof SVGElementTagNameMap>(
      tag: K,
      o?: SvgElementInfo | string,
      cb?: (el: SVGElementTagNameMap[K]) => void,
    ) => makeSvg(doc, tag, o, undefined, cb),
    createFragment: (cb?: (el: DocumentFragment) => void) => {
      const fragment = doc.createDocumentFragment();
      cb?.(fragment);
      return fragment;
    },
    activeDocument: doc,
    activeWindow: win,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    nextFrame: () => new Promise<void>((resolve) => setTimeout(resolve, 16)),
  };
  for (const [name, value] of Object.entries(globals)) {
    g[name] = value;
    if (g.window && g.window !== g) g.window[name] = value;
  }
  return win;
}
