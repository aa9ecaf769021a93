// Tests the fake's UI (Setting components acting as the user, Notice, Modal, suggest) and the DOM helpers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AbstractInputSuggest,
  ButtonComponent,
  componentOf,
  debounce,
  DropdownComponent,
  FakeApp,
  findSetting,
  getLanguage,
  Modal,
  Notice,
  Platform,
  resetFakeObsidian,
  SecretComponent,
  setIcon,
  setLanguage,
  setPlatform,
  Setting,
  settingsIn,
  SliderComponent,
  TextAreaComponent,
  TextComponent,
  ToggleComponent,
} from '../fakes/obsidian';

afterEach(() => {
  resetFakeObsidian();
  vi.useRealTimers();
});

describe('Setting', () => {
  it('builds rows and lets tests act as the user on every component', async () => {
    const app = new FakeApp();
    const container = document.body.createDiv();
    const saved: Record<string, unknown> = {};
    const save = async (key: string, value: unknown) => {
      await Promise.resolve();
      saved[key] = value;
    };
    new Setting(container).setName('Sync').setHeading();
    new Setting(container)
      .setName('Folder')
      .setDesc('Where notes go')
      .addText((t) =>
        t
          .setPlaceholder('WeRead')
          .setValue('Books')
          .onChange((v) => save('folder', v)),
      );
    new Setting(container)
      .setName('Template')
      .addTextArea((t) => t.setValue('{{title}}').onChange((v) => save('template', v)));
    new Setting(container).setName('Auto sync').addToggle((t) => t.setValue(false).onChange((v) => save('auto', v)));
    new Setting(container).setName('API').addDropdown((d) =>
      d
        .addOptions({ v1: 'Cookie', v2: 'API key' })
        .setValue('v1')
        .onChange((v) => save('api', v)),
    );
    new Setting(container).setName('Concurrency').addSlider((s) =>
      s
        .setLimits(1, 8, 1)
        .setValue(3)
        .onChange((v) => save('concurrency', v)),
    );
    new Setting(container)
      .setName('Cookie')
      .addComponent((el) =>
        new SecretComponent(app.asApp(), el).setValue('weread-cookie').onChange((v) => save('secret', v)),
      );
    let clicked = 0;
    new Setting(container).setName('Sync now').addButton((b) =>
      b
        .setButtonText('Sync')
        .setCta()
        .onClick(async () => {
          await Promise.resolve();
          clicked++;
        }),
    );

    expect(settingsIn(container).map((s) => s.nameEl.textContent)).toEqual([
      'Sync',
      'Folder',
      'Template',
      'Auto sync',
      'API',
      'Concurrency',
      'Cookie',
      'Sync now',
    ]);
    expect(findSetting(container, 'Sync').settingEl.hasClass('setting-item-heading')).toBe(true);
    expect(findSetting(container, 'Folder').descEl.textContent).toBe('Where notes go');

    const folder = componentOf(findSetting(container, 'Folder'), TextComponent);
    expect(folder.inputEl.placeholder).toBe('WeRead');
    expect(folder.getValue()).toBe('Books');
    await folder.simulateChange('Reading/WeRead');
    await componentOf(findSetting(container, 'Template'), TextAreaComponent).simulateChange('{{author}}');
    const toggle = componentOf(findSetting(container, 'Auto sync'), ToggleComponent);
    await toggle.simulateChange(true);
    expect(toggle.toggleEl.hasClass('is-enabled')).toBe(true);
    const dropdown = componentOf(findSetting(container, 'API'), DropdownComponent);
    await dropdown.simulateChange('v2');
    await expect(dropdown.simulateChange('v3')).rejects.toThrow(/no option/);
    await componentOf(findSetting(container, 'Concurrency'), SliderComponent).simulateChange(5);
    await componentOf(findSetting(container, 'Cookie'), SecretComponent).simulateChange('weread-cookie-2');
    await componentOf(findSetting(container, 'Sync now'), ButtonComponent).simulateClick();

    expect(saved).toEqual({
      folder: 'Reading/WeRead',
      template: '{{author}}',
      auto: true,
      api: 'v2',
      concurrency: 5,
      secret: 'weread-cookie-2',
    });
    expect(clicked).toBe(1);
    expect(() => findSetting(container, 'Nope')).toThrow(/0 settings named "Nope"/);
  });

  it('setValue does not fire onChange; disabled controls cannot be used', async () => {
    const container = document.body.createDiv();
    const changes: string[] = [];
    const setting = new Setting(container).setName('X').addText((t) => t.onChange((v) => changes.push(v)));
    const text = componentOf(setting, TextComponent);
    text.setValue('programmatic');
    setting.setDisabled(true);
    expect(text.inputEl.disabled).toBe(true);
    await expect(text.simulateChange('typed')).rejects.toThrow(/disabled/);
    expect(changes).toEqual([]);
  });
});

describe('Notice and Modal', () => {
  it('records notice messages, updates and hides', () => {
    vi.useFakeTimers();
    const notice = new Notice('Syncing…', 0);
    notice.setMessage('Synced 3 books');
    const fragment = createFragment((f) => f.createSpan({ text: 'From a fragment' }));
    new Notice(fragment);
    expect(Notice.messages).toEqual(['Syncing…', 'Synced 3 books', 'From a fragment']);
    expect(notice.messageEl.textContent).toBe('Synced 3 books');
    expect(document.querySelectorAll('.notice')).toHaveLength(2);
    vi.advanceTimersByTime(Notice.DEFAULT_DURATION);
    expect(Notice.notices[1]!.hidden).toBe(true);
    expect(notice.hidden).toBe(false);
    notice.hide();
    expect(document.querySelectorAll('.notice')).toHaveLength(0);
  });

  it('opens and closes a modal with onOpen/onClose', () => {
    const app = new FakeApp();
    const events: string[] = [];
    class Confirm extends Modal {
      override onOpen(): void {
        this.setTitle('Log in');
        this.contentEl.createEl('p', { text: 'Scan the code' });
        events.push('open');
      }
      override onClose(): void {
        this.contentEl.empty();
        events.push('close');
      }
    }
    const modal = new Confirm(app.asApp()).setCloseCallback(() => events.push('callback'));
    modal.open();
    expect(Modal.openModals).toEqual([modal]);
    expect(document.querySelector('.modal-title')?.textContent).toBe('Log in');
    expect(modal.contentEl.textContent).toBe('Scan the code');
    modal.close();
    expect(events).toEqual(['open', 'close', 'callback']);
    expect(document.querySelector('.modal-container')).toBeNull();
  });
});

describe('AbstractInputSuggest', () => {
  it('suggests for typed text and reports the pick', async () => {
    const app = new FakeApp();
    const input = document.body.createEl('input');
    const picked: string[] = [];
    class FolderSuggest extends AbstractInputSuggest<string> {
      protected getSuggestions(query: string): string[] {
        return ['Books', 'Books/WeRead', 'Daily'].filter((f) => f.toLowerCase().includes(query.toLowerCase()));
      }
      renderSuggestion(value: string, el: HTMLElement): void {
        el.setText(value);
      }
    }
    const suggest = new FolderSuggest(app.asApp(), input).onSelect((value) => {
      suggest.setValue(value);
      picked.push(value);
    });
    expect(await suggest.simulateInput('book')).toEqual(['Books', 'Books/WeRead']);
    suggest.simulateSelect('Books/WeRead');
    expect(input.value).toBe('Books/WeRead');
    expect(picked).toEqual(['Books/WeRead']);
  });
});

describe('DOM helpers', () => {
  it('patches createEl, createDiv, setText, classes and attributes', () => {
    const root = createDiv({ cls: 'root a', attr: { 'data-x': 1 } });
    const span = root.createSpan({ text: 'hi', title: 'tip' });
    const first = root.createEl('button', { text: 'first', prepend: true, cls: ['b', 'c'] });
    expect(root.className).toBe('root a');
    expect(root.getAttr('data-x')).toBe('1');
    expect(root.firstChild).toBe(first);
    expect(first.hasClass('c')).toBe(true);
    expect(span.getText()).toBe('hi');
    expect(span.title).toBe('tip');
    span.setText('bye');
    span.addClass('x', 'y');
    span.removeClass('x');
    span.toggleClass('z', true);
    span.setAttr('aria-label', 'label');
    span.setAttr('aria-label', null);
    expect(span.className).toBe('y z');
    expect(span.hasAttribute('aria-label')).toBe(false);
    expect(root.find('.y')).toBe(span);
    expect(root.findAll('span')).toEqual([span]);
    expect(span.matchParent('.root')).toBe(root);
    span.hide();
    expect(span.style.display).toBe('none');
    span.show();
    let clicks = 0;
    span.onClickEvent(() => clicks++);
    span.click();
    expect(clicks).toBe(1);
    span.detach();
    expect(root.contains(span)).toBe(false);
    root.empty();
    expect(root.childNodes).toHaveLength(0);
    expect(activeDocument).toBe(document);
    expect(activeWindow.document).toBe(document);
    const input = root.createEl('input', { type: 'checkbox', value: 'v', placeholder: 'p' });
    expect([input.type, input.value, input.placeholder]).toEqual(['checkbox', 'v', 'p']);
  });

  it('setIcon puts an svg with the icon id; delegated events work', () => {
    const el = createDiv();
    setIcon(el, 'refresh-cw');
    expect(el.querySelector('svg')?.getAttribute('data-icon')).toBe('refresh-cw');
    const list = document.body.createDiv();
    const item = list.createDiv('item').createSpan({ text: 'inner' });
    const seen: string[] = [];
    const handler = (_ev: Event, target: HTMLElement) => seen.push(target.className);
    list.on('click', '.item', handler);
    item.click();
    list.off('click', '.item', handler);
    item.click();
    expect(seen).toEqual(['item']);
  });
});

describe('Platform, language, debounce', () => {
  it('are configurable for tests', () => {
    expect(Platform.isDesktopApp).toBe(true);
    setPlatform('ios');
    expect([Platform.isMobile, Platform.isMobileApp, Platform.isIosApp, Platform.isDesktop]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    setPlatform({ isTablet: true });
    expect(Platform.isTablet).toBe(true);
    expect(getLanguage()).toBe('en');
    setLanguage('zh');
    expect(getLanguage()).toBe('zh');
    resetFakeObsidian();
    expect([Platform.isDesktop, getLanguage()]).toEqual([true, 'en']);
  });

  it('debounce runs once with the latest arguments; run() and cancel() work', () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const d = debounce((n: number) => calls.push(n), 100, true);
    d(1);
    vi.advanceTimersByTime(60);
    d(2);
    vi.advanceTimersByTime(60);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(calls).toEqual([2]);
    d(3);
    d.run();
    d(4);
    d.cancel();
    vi.advanceTimersByTime(500);
    expect(calls).toEqual([2, 3]);
  });
});
