// Owns the fake UI: Notice, Modal, Setting and its components, SecretComponent, AbstractInputSuggest, Scope — with ways for tests to act as the user.
import type { App as RealApp, KeymapEventHandler, KeymapEventListener, Modifier, Scope as RealScope } from 'obsidian';
import { domWindow } from './dom';
import { setIcon, setTooltip } from './misc';
import { strict } from './strict';

function doc(): Document {
  return domWindow().document;
}

function textOf(message: string | DocumentFragment): string {
  return typeof message === 'string' ? message : (message.textContent ?? '');
}

function fire(el: HTMLElement, type: string): void {
  el.dispatchEvent(new (domWindow().Event)(type, { bubbles: true }));
}

/** Obsidian's Notice. Every message shown (constructor and `setMessage`) is recorded in `Notice.messages`. */
export class Notice {
  /** Test helper: every message shown since `Notice.reset()`, in order. */
  static messages: string[] = [];
  /** Test helper: every Notice made since `Notice.reset()`. */
  static notices: Notice[] = [];
  /** Obsidian's default duration (ms) when none is given. */
  static readonly DEFAULT_DURATION = 4500;

  noticeEl: HTMLElement;
  containerEl: HTMLElement;
  messageEl: HTMLElement;
  /** Test helper: the duration asked for (0 = until hidden). */
  readonly duration: number;
  /** Test helper: the current text. */
  message = '';
  /** Test helper: whether `hide()` ran (or the duration elapsed). */
  hidden = false;

  constructor(message: string | DocumentFragment, duration?: number) {
    this.duration = duration ?? Notice.DEFAULT_DURATION;
    this.containerEl =
      doc().body.querySelector<HTMLElement>(':scope > .notice-container') ?? doc().body.createDiv('notice-container');
    this.noticeEl = this.containerEl.createDiv('notice');
    this.messageEl = this.noticeEl.createDiv('notice-message');
    Notice.notices.push(this);
    this.setMessage(message);
    if (this.duration > 0) {
      const timer = setTimeout(() => this.hide(), this.duration) as unknown as { unref?: () => void };
      timer.unref?.();
    }
  }

  setMessage(message: string | DocumentFragment): this {
    this.message = textOf(message);
    // As in Obsidian, a fragment's own nodes are moved in (their click listeners keep working), not copies.
    this.messageEl.setText(message);
    Notice.messages.push(this.message);
    return this;
  }

  hide(): void {
    this.hidden = true;
    this.noticeEl.detach();
  }

  /** Test helper: forgets recorded notices. */
  static reset(): void {
    Notice.messages = [];
    Notice.notices = [];
  }
}

/** Obsidian's Scope, reduced to keeping the registrations. */
export class Scope {
  readonly handlers: KeymapEventHandler[] = [];
  constructor(readonly parent?: RealScope) {}
  register(modifiers: Modifier[] | null, key: string | null, func: KeymapEventListener): KeymapEventHandler {
    const handler: KeymapEventHandler = Object.assign(
      { scope: this as unknown as RealScope, modifiers: modifiers?.join(',') ?? null, key },
      { func },
    );
    this.handlers.push(handler);
    return handler;
  }
  unregister(handler: unknown): void {
    const at = this.handlers.indexOf(handler as never);
    if (at >= 0) this.handlers.splice(at, 1);
  }
}

/** Obsidian's Modal: `open()` attaches it to the document and calls `onOpen()`; `close()` detaches and calls `onClose()`. */
export class Modal {
  /** Test helper: modals open right now, oldest first. */
  static openModals: Modal[] = [];

  app: RealApp;
  scope: Scope = new Scope();
  containerEl: HTMLElement;
  modalEl: HTMLElement;
  titleEl: HTMLElement;
  contentEl: HTMLElement;
  shouldRestoreSelection = false;
  /** Test helper. */
  isOpen = false;
  private closeCallback: (() => any) | null = null;

  constructor(app: RealApp) {
    this.app = app;
    this.containerEl = doc().createElement('div');
    this.containerEl.addClass('modal-container');
    this.modalEl = this.containerEl.createDiv('modal');
    this.titleEl = this.modalEl.createDiv('modal-title');
    this.contentEl = this.modalEl.createDiv('modal-content');
    return strict(this, 'Modal');
  }

  open(): void {
    if (this.isOpen) return;
    this.isOpen = true;
    doc().body.appendChild(this.containerEl);
    Modal.openModals.push(this);
    void this.onOpen();
  }

  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.containerEl.detach();
    Modal.openModals = Modal.openModals.filter((m) => m !== this);
    this.onClose();
    this.closeCallback?.();
  }

  onOpen(): Promise<void> | void {}

  onClose(): void {}

  setTitle(title: string): this {
    this.titleEl.setText(title);
    return this;
  }

  setContent(content: string | DocumentFragment): this {
    this.contentEl.setText(content);
    return this;
  }

  setCloseCallback(callback: () => any): this {
    this.closeCallback = callback;
    return this;
  }
}

/** Obsidian's BaseComponent. */
export abstract class BaseComponent {
  disabled = false;

  then(cb: (component: this) => any): this {
    cb(this);
    return this;
  }

  setDisabled(disabled: boolean): this {
    this.disabled = disabled;
    return this;
  }
}

/** Obsidian's ValueComponent. Fake addition: `simulateChange(value)` acts as the user and resolves when onChange settles. */
export abstract class ValueComponent<T> extends BaseComponent {
  protected changeCallback: ((value: T) => any) | null = null;
  protected lastChange: Promise<unknown> = Promise.resolve();

  abstract getValue(): T;
  abstract setValue(value: T): this;
  /** Test helper: the user sets `value`; fires the DOM event and awaits the onChange callback. */
  abstract simulateChange(value: T): Promise<void>;

  registerOptionListener(listeners: Record<string, (value?: T) => T>, key: string): this {
    listeners[key] = (value?: T) => {
      if (value !== undefined) this.setValue(value);
      return this.getValue();
    };
    return this;
  }

  onChange(callback: (value: T) => any): this {
    this.changeCallback = callback;
    return this;
  }

  /** Runs the change callback with the current value (what the DOM listeners call). */
  protected notifyChange(): void {
    const callback = this.changeCallback;
    this.lastChange = callback ? Promise.resolve().then(() => callback(this.getValue())) : Promise.resolve();
  }
}

/** Obsidian's AbstractTextComponent: the value lives in `inputEl`; an `input` event calls onChange. */
export abstract class AbstractTextComponent<
  T extends HTMLInputElement | HTMLTextAreaElement,
> extends ValueComponent<string> {
  inputEl: T;

  constructor(inputEl: T) {
    super();
    this.inputEl = inputEl;
    inputEl.addEventListener('input', () => this.onChanged());
  }

  override setDisabled(disabled: boolean): this {
    super.setDisabled(disabled);
    this.inputEl.disabled = disabled;
    return this;
  }

  getValue(): string {
    return this.inputEl.value;
  }

  setValue(value: string): this {
    this.inputEl.value = value;
    return this;
  }

  setPlaceholder(placeholder: string): this {
    this.inputEl.placeholder = placeholder;
    return this;
  }

  onChanged(): void {
    this.notifyChange();
  }

  /** Test helper: the reader leaves the field (a `blur` event, which does not bubble, as in a browser). */
  simulateBlur(): void {
    this.inputEl.dispatchEvent(new (domWindow().Event)('blur', { bubbles: false }));
  }

  async simulateChange(value: string): Promise<void> {
    if (this.inputEl.disabled) throw new Error('fake obsidian: cannot type into a disabled input');
    this.inputEl.value = value;
    fire(this.inputEl, 'input');
    await this.lastChange;
  }
}

export class TextComponent extends AbstractTextComponent<HTMLInputElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl('input', { type: 'text' }));
  }
}

export class TextAreaComponent extends AbstractTextComponent<HTMLTextAreaElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl('textarea'));
  }
}

/** Obsidian's ToggleComponent: `toggleEl` is a `.checkbox-container` that has `is-enabled` when on; a click flips it. */
export class ToggleComponent extends ValueComponent<boolean> {
  toggleEl: HTMLElement;
  private on = false;

  constructor(containerEl: HTMLElement) {
    super();
    this.toggleEl = containerEl.createDiv('checkbox-container');
    this.toggleEl.createEl('input', { type: 'checkbox', attr: { tabindex: 0 } });
    this.toggleEl.addEventListener('click', () => this.onClick());
  }

  override setDisabled(disabled: boolean): this {
    super.setDisabled(disabled);
    this.toggleEl.toggleClass('is-disabled', disabled);
    return this;
  }

  getValue(): boolean {
    return this.on;
  }

  setValue(on: boolean): this {
    this.on = on;
    this.toggleEl.toggleClass('is-enabled', on);
    const checkbox = this.toggleEl.querySelector('input');
    if (checkbox) checkbox.checked = on;
    return this;
  }

  setTooltip(tooltip: string): this {
    setTooltip(this.toggleEl, tooltip);
    return this;
  }

  onClick(): void {
    if (this.disabled) return;
    this.setValue(!this.on);
    this.notifyChange();
  }

  async simulateChange(value: boolean): Promise<void> {
    if (this.disabled) throw new Error('fake obsidian: cannot click a disabled toggle');
    if (value !== this.on) this.toggleEl.click();
    await this.lastChange;
  }
}

/** Obsidian's DropdownComponent over a `<select>`; a `change` event calls onChange. */
export class DropdownComponent extends ValueComponent<string> {
  selectEl: HTMLSelectElement;

  constructor(containerEl: HTMLElement) {
    super();
    this.selectEl = containerEl.createEl('select', 'dropdown');
    this.selectEl.addEventListener('change', () => this.notifyChange());
  }

  override setDisabled(disabled: boolean): this {
    super.setDisabled(disabled);
    this.selectEl.disabled = disabled;
    return this;
  }

  addOption(value: string, display: string): this {
    this.selectEl.createEl('option', { value, text: display });
    return this;
  }

  addOptions(options: Record<string, string>): this {
    for (const [value, display] of Object.entries(options)) this.addOption(value, display);
    return this;
  }

  getValue(): string {
    return this.selectEl.value;
  }

  setValue(value: string): this {
    this.selectEl.value = value;
    return this;
  }

  /** Test helper: the option values, in order. */
  optionValues(): string[] {
    return Array.from(this.selectEl.options).map((o) => o.value);
  }

  async simulateChange(value: string): Promise<void> {
    if (this.selectEl.disabled) throw new Error('fake obsidian: cannot change a disabled dropdown');
    if (!this.optionValues().includes(value))
      throw new Error(`fake obsidian: the dropdown has no option ${JSON.stringify(value)}`);
    this.selectEl.value = value;
    fire(this.selectEl, 'change');
    await this.lastChange;
  }
}

/** Obsidian's SliderComponent over `<input type=range>`. */
export class SliderComponent extends ValueComponent<number> {
  sliderEl: HTMLInputElement;
  private instant = false;
  private format: (value: number) => string = (value) => String(value);

  constructor(containerEl: HTMLElement) {
    super();
    this.sliderEl = containerEl.createEl('input', { type: 'range', cls: 'slider' });
    this.sliderEl.addEventListener('input', () => {
      if (this.instant) this.notifyChange();
    });
    this.sliderEl.addEventListener('change', () => {
      if (!this.instant) this.notifyChange();
    });
  }

  override setDisabled(disabled: boolean): this {
    super.setDisabled(disabled);
    this.sliderEl.disabled = disabled;
    return this;
  }

  setInstant(instant: boolean): this {
    this.instant = instant;
    return this;
  }

  setLimits(min: number | null, max: number | null, step: number | 'any'): this {
    this.sliderEl.setAttr('min', min);
    this.sliderEl.setAttr('max', max);
    this.sliderEl.setAttr('step', step);
    return this;
  }

  getValue(): number {
    return Number(this.sliderEl.value);
  }

  setValue(value: number): this {
    this.sliderEl.value = String(value);
    return this;
  }

  getValuePretty(): string {
    return this.format(this.getValue());
  }

  setDisplayFormat(format: (value: number) => string): this {
    this.format = format;
    return this;
  }

  setDynamicTooltip(): this {
    return this;
  }

  showTooltip(): void {}

  async simulateChange(value: number): Promise<void> {
    if (this.sliderEl.disabled) throw new Error('fake obsidian: cannot move a disabled slider');
    this.sliderEl.value = String(value);
    fire(this.sliderEl, 'input');
    fire(this.sliderEl, 'change');
    await this.lastChange;
  }
}

/** Obsidian's ButtonComponent. Fake addition: `simulateClick()` resolves when the onClick callback settles. */
export class ButtonComponent extends BaseComponent {
  buttonEl: HTMLButtonElement;
  private clickCallback: ((evt: MouseEvent) => unknown) | null = null;
  private lastClick: Promise<unknown> = Promise.resolve();

  constructor(containerEl: HTMLElement) {
    super();
    this.buttonEl = containerEl.createEl('button');
    this.buttonEl.addEventListener('click', (evt) => {
      const callback = this.clickCallback;
      this.lastClick = callback ? Promise.resolve().then(() => callback(evt as MouseEvent)) : Promise.resolve();
    });
  }

  override setDisabled(disabled: boolean): this {
    super.setDisabled(disabled);
    this.buttonEl.disabled = disabled;
    return this;
  }
  setCta(): this {
    this.buttonEl.addClass('mod-cta');
    return this;
  }
  removeCta(): this {
    this.buttonEl.removeClass('mod-cta');
    return this;
  }
  setWarning(): this {
    this.buttonEl.addClass('mod-warning');
    return this;
  }
  setDestructive(): this {
    this.buttonEl.addClass('mod-destructive');
    return this;
  }
  removeDestructive(): this {
    this.buttonEl.removeClass('mod-destructive');
    return this;
  }
  setTooltip(tooltip: string): this {
    setTooltip(this.buttonEl, tooltip);
    return this;
  }
  setButtonText(name: string): this {
    this.buttonEl.setText(name);
    return this;
  }
  setIcon(icon: string): this {
    setIcon(this.buttonEl, icon);
    return this;
  }
  setClass(cls: string): this {
    this.buttonEl.addClass(cls);
    return this;
  }
  onClick(callback: (evt: MouseEvent) => unknown | Promise<unknown>): this {
    this.clickCallback = callback;
    return this;
  }

  /** Test helper: clicks as the user would (nothing happens when disabled) and awaits the callback. */
  async simulateClick(): Promise<void> {
    if (this.buttonEl.disabled) throw new Error('fake obsidian: cannot click a disabled button');
    this.buttonEl.click();
    await this.lastClick;
  }
}

/** Obsidian's ExtraButtonComponent (an icon button). */
export class ExtraButtonComponent extends BaseComponent {
  extraSettingsEl: HTMLElement;
  private clickCallback: (() => unknown) | null = null;
  private lastClick: Promise<unknown> = Promise.resolve();

  constructor(containerEl: HTMLElement) {
    super();
    this.extraSettingsEl = containerEl.createDiv({ cls: ['clickable-icon', 'extra-setting-button'] });
    this.extraSettingsEl.addEventListener('click', () => {
      const callback = this.clickCallback;
      if (this.disabled || !callback) return;
      this.lastClick = Promise.resolve().then(() => callback());
    });
  }

  override setDisabled(disabled: boolean): this {
    super.setDisabled(disabled);
    this.extraSettingsEl.toggleClass('is-disabled', disabled);
    return this;
  }
  setTooltip(tooltip: string): this {
    setTooltip(this.extraSettingsEl, tooltip);
    return this;
  }
  setIcon(icon: string): this {
    setIcon(this.extraSettingsEl, icon);
    return this;
  }
  onClick(callback: () => any): this {
    this.clickCallback = callback;
    return this;
  }

  /** Test helper: clicks and awaits the callback. */
  async simulateClick(): Promise<void> {
    if (this.disabled) throw new Error('fake obsidian: cannot click a disabled button');
    this.extraSettingsEl.click();
    await this.lastClick;
  }
}

/**
 * Obsidian's SecretComponent: lets the user pick a secret from SecretStorage; its value is the secret's *id*.
 * The fake renders a text input holding the id.
 */
export class SecretComponent extends BaseComponent {
  readonly inputEl: HTMLInputElement;
  private changeCallback: ((value: string) => unknown) | null = null;
  private lastChange: Promise<unknown> = Promise.resolve();

  constructor(
    readonly app: RealApp,
    containerEl: HTMLElement,
  ) {
    super();
    this.inputEl = containerEl.createEl('input', { type: 'text', cls: 'secret-component' });
    this.inputEl.addEventListener('change', () => {
      const callback = this.changeCallback;
      this.lastChange = callback ? Promise.resolve().then(() => callback(this.inputEl.value)) : Promise.resolve();
    });
  }

  override setDisabled(disabled: boolean): this {
    super.setDisabled(disabled);
    this.inputEl.disabled = disabled;
    return this;
  }
  setValue(value: string): this {
    this.inputEl.value = value;
    return this;
  }
  /** Test helper (not in Obsidian's API): the selected secret id. */
  getValue(): string {
    return this.inputEl.value;
  }
  onChange(cb: (value: string) => unknown): this {
    this.changeCallback = cb;
    return this;
  }

  /** Test helper: the user picks the secret `id`. */
  async simulateChange(id: string): Promise<void> {
    this.inputEl.value = id;
    fire(this.inputEl, 'change');
    await this.lastChange;
  }
}

const settingsByEl = new WeakMap<Element, Setting>();

/** Obsidian's Setting: one row with a name, a description and controls. */
export class Setting {
  settingEl: HTMLElement;
  infoEl: HTMLElement;
  nameEl: HTMLElement;
  descEl: HTMLElement;
  controlEl: HTMLElement;
  components: BaseComponent[] = [];
  errorEl: HTMLElement | null = null;

  constructor(containerEl: HTMLElement) {
    this.settingEl = containerEl.createDiv('setting-item');
    this.infoEl = this.settingEl.createDiv('setting-item-info');
    this.nameEl = this.infoEl.createDiv('setting-item-name');
    this.descEl = this.infoEl.createDiv('setting-item-description');
    this.controlEl = this.settingEl.createDiv('setting-item-control');
    const self = strict(this, 'Setting');
    settingsByEl.set(this.settingEl, self);
    return self;
  }

  setName(name: string | DocumentFragment): this {
    this.nameEl.setText(name);
    return this;
  }
  setDesc(desc: string | DocumentFragment): this {
    this.descEl.setText(desc);
    return this;
  }
  setClass(cls: string): this {
    this.settingEl.addClass(cls);
    return this;
  }
  setTooltip(tooltip: string): this {
    setTooltip(this.nameEl, tooltip);
    return this;
  }
  setHeading(): this {
    this.settingEl.addClass('setting-item-heading');
    return this;
  }
  setDisabled(disabled: boolean): this {
    this.settingEl.toggleClass('is-disabled', disabled);
    for (const component of this.components) component.setDisabled(disabled);
    return this;
  }
  addButton(cb: (component: ButtonComponent) => any): this {
    return this.add(new ButtonComponent(this.controlEl), cb);
  }
  addExtraButton(cb: (component: ExtraButtonComponent) => any): this {
    return this.add(new ExtraButtonComponent(this.controlEl), cb);
  }
  addToggle(cb: (component: ToggleComponent) => any): this {
    return this.add(new ToggleComponent(this.controlEl), cb);
  }
  addText(cb: (component: TextComponent) => any): this {
    return this.add(new TextComponent(this.controlEl), cb);
  }
  addTextArea(cb: (component: TextAreaComponent) => any): this {
    return this.add(new TextAreaComponent(this.controlEl), cb);
  }
  addDropdown(cb: (component: DropdownComponent) => any): this {
    return this.add(new DropdownComponent(this.controlEl), cb);
  }
  addSlider(cb: (component: SliderComponent) => any): this {
    return this.add(new SliderComponent(this.controlEl), cb);
  }
  addComponent<T extends BaseComponent>(cb: (el: HTMLElement) => T): this {
    this.components.push(cb(this.controlEl));
    return this;
  }
  then(cb: (setting: this) => any): this {
    cb(this);
    return this;
  }
  clear(): this {
    this.controlEl.empty();
    this.components = [];
    return this;
  }

  private add<C extends BaseComponent>(component: C, cb: (component: C) => any): this {
    this.components.push(component);
    cb(component);
    return this;
  }

  /** Test helper: the Setting that made `settingEl`, if any. */
  static fromEl(settingEl: Element): Setting | undefined {
    return settingsByEl.get(settingEl);
  }
}

/** Test helper: every Setting rendered under `containerEl`, in document order. */
export function settingsIn(containerEl: HTMLElement): Setting[] {
  return Array.from(containerEl.querySelectorAll('.setting-item'))
    .map((el) => Setting.fromEl(el))
    .filter((s): s is Setting => s !== undefined);
}

/** Test helper: the one Setting named `name` under `containerEl`; throws if there is none or more than one. */
export function findSetting(containerEl: HTMLElement, name: string): Setting {
  const found = settingsIn(containerEl).filter((s) => s.nameEl.textContent === name);
  if (found.length !== 1) {
    const names = settingsIn(containerEl).map((s) => JSON.stringify(s.nameEl.textContent));
    throw new Error(
      `fake obsidian: ${found.length} settings named ${JSON.stringify(name)}; there are: ${names.join(', ')}`,
    );
  }
  return found[0]!;
}

/** Test helper: the first component of `type` in `setting` (e.g. `componentOf(s, TextComponent)`). */
export function componentOf<C extends BaseComponent>(setting: Setting, type: abstract new (...args: any[]) => C): C {
  const found = setting.components.find((c): c is C => c instanceof type);
  if (!found)
    throw new Error(`fake obsidian: setting ${JSON.stringify(setting.nameEl.textContent)} has no ${type.name}`);
  return found;
}

/** Obsidian's PopoverSuggest, reduced to open/close. */
export abstract class PopoverSuggest<T> {
  app: RealApp;
  scope: Scope = new Scope();
  /** Test helper. */
  isOpen = false;

  constructor(app: RealApp) {
    this.app = app;
  }
  open(): void {
    this.isOpen = true;
  }
  close(): void {
    this.isOpen = false;
  }
  abstract renderSuggestion(value: T, el: HTMLElement): void;
  abstract selectSuggestion(value: T, evt: MouseEvent | KeyboardEvent): void;
}

/** Obsidian's AbstractInputSuggest: suggestions for a text input. Fake additions: `simulateInput`, `simulateSelect`. */
export abstract class AbstractInputSuggest<T> extends PopoverSuggest<T> {
  limit = 100;
  private selectCallback: ((value: T, evt: MouseEvent | KeyboardEvent) => any) | null = null;

  constructor(
    app: RealApp,
    readonly textInputEl: HTMLInputElement | HTMLDivElement,
  ) {
    super(app);
  }

  setValue(value: string): void {
    if (this.textInputEl instanceof domWindow().HTMLInputElement) (this.textInputEl as HTMLInputElement).value = value;
    else this.textInputEl.textContent = value;
  }

  getValue(): string {
    return this.textInputEl instanceof domWindow().HTMLInputElement
      ? (this.textInputEl as HTMLInputElement).value
      : (this.textInputEl.textContent ?? '');
  }

  protected abstract getSuggestions(query: string): T[] | Promise<T[]>;

  selectSuggestion(value: T, evt: MouseEvent | KeyboardEvent): void {
    this.selectCallback?.(value, evt);
  }

  onSelect(callback: (value: T, evt: MouseEvent | KeyboardEvent) => any): this {
    this.selectCallback = callback;
    return this;
  }

  /** Test helper: the user types `query`; returns the suggestions shown (at most `limit`), each rendered once. */
  async simulateInput(query: string): Promise<T[]> {
    this.setValue(query);
    const suggestions = (await this.getSuggestions(query)).slice(0, this.limit);
    const list = doc().createElement('div');
    for (const suggestion of suggestions) this.renderSuggestion(suggestion, list.createDiv('suggestion-item'));
    this.open();
    return suggestions;
  }

  /** Test helper: the user picks `value`. */
  simulateSelect(value: T): void {
    this.selectSuggestion(value, new (domWindow().MouseEvent)('click') as MouseEvent);
  }
}
