/** The settings tab: Account, Notes (with a live template preview), Sync, Advanced — sentence case, headings via setHeading. */
import {
  App,
  Plugin,
  PluginSettingTab,
  Setting,
  TextAreaComponent,
  TextComponent,
  type SettingDefinitionItem,
} from 'obsidian';
import { settingsProblemText, templateWarningText, type MessageKey, type Translate } from '../core/i18n';
import { type LoginCheck, listBuiltinTemplates, renderPreview } from '../core/service';
import { findSettingsProblems, parseList } from '../core/settings/migrate';
import type { ArticleMode, Settings, SubfolderMode } from '../core/settings/settings';
import type { AccountActions } from './account';
import { FolderSuggest, MarkdownFileSuggest } from './folder-suggest';
import { restoreDeletedSection, type RestoreHost } from './restore-deleted';
import { readingSettingsSection, type ReadingSettingsHost } from './reading-settings';
import { readerText } from './report-summary';
import { dailySettingsRows } from './daily-settings';

/** What the tab needs from the plugin. */
export interface SettingsHost {
  readonly settings: Settings;
  readonly t: Translate;
  /** The reader's language, for the presenter. */
  readonly lang: string;
  readonly account: AccountActions;
  saveSettings(): Promise<void>;
  /** The template's source: a built-in's text or the vault file's; null when the file is missing. */
  templateSource(template: string): Promise<string | null>;
  /** Starts a sync (the runner says if one is running already). */
  syncNow(): void;
  /** Whether this device shows the developer options (server addresses). */
  developerOptions(): boolean;
  /** Writes the library Base afresh (issue 15). */
  recreateLibraryBase?: ReadingSettingsHost['recreateLibraryBase'];
  /** Notes the reader deleted, and their restore (issue 11); without them the section is not shown. */
  deletedNotes?: RestoreHost['deletedNotes'];
  restoreNote?: RestoreHost['restoreNote'];
}

const CUSTOM_TEMPLATE = '__custom__';
const EXAMPLE_TIME_ZONE = 'Asia/Shanghai';
const EXAMPLE_TEMPLATE_PATH = 'Templates/weread.md';

/** One settings row: name and description (searchable on Obsidian 1.13+), and the controls it adds to its Setting. */
interface Row {
  name: string;
  desc: string;
  render(setting: Setting): void;
}

interface Section {
  heading: string;
  rows: Row[];
  /** Collapsed until opened (the advanced rows most readers never need). */
  collapsed?: boolean;
}

/**
 * The rows are defined once and rendered two ways: by `getSettingDefinitions()` on Obsidian 1.13+
 * (which then owns the rendering and the search index), and by `display()` on older versions.
 */
export class WeReadSettingTab extends PluginSettingTab {
  /** The preview element and the latest render (tests await it). */
  previewEl: HTMLElement | null = null;
  /** Warnings about the chosen template (e.g. no block ids), above the preview. */
  previewWarningsEl: HTMLElement | null = null;
  previewDone: Promise<void> = Promise.resolve();
  private previewSeq = 0;
  private templatePathRow: Setting | null = null;
  private statusEl: HTMLElement | null = null;
  private apiKeyStateEl: HTMLElement | null = null;
  private cookieStateEl: HTMLElement | null = null;

  constructor(
    app: App,
    plugin: Plugin,
    private readonly host: SettingsHost,
    private readonly platform: { isDesktopApp: boolean },
  ) {
    super(app, plugin);
  }

  private get t(): Translate {
    return this.host.t;
  }

  private get s(): Settings {
    return this.host.settings;
  }

  override getSettingDefinitions(): SettingDefinitionItem[] {
    return this.sections().map((section) => {
      const group = {
        type: 'group' as const,
        heading: section.heading,
        cls: 'weread-sync-settings',
        items: section.rows.map((row) => ({
          name: row.name,
          desc: row.desc,
          render: (setting: Setting) => row.render(setting),
        })),
      };
      // Obsidian 1.13+ shows a page as one entry that opens on a click: the collapsed form of a section.
      return section.collapsed ? { type: 'page' as const, name: section.heading, items: [group] } : group;
    });
  }

  override display(): void {
    const { containerEl } = this;
    containerEl.empty();
    containerEl.addClass('weread-sync-settings');
    for (const section of this.sections()) {
      let parent = containerEl;
      if (section.collapsed) {
        // A closed <details>: the heading row is its summary, the rows appear when the reader opens it.
        parent = containerEl.createEl('details', { cls: 'weread-sync-collapsed' });
        const summary = parent.createEl('summary');
        new Setting(summary).setName(section.heading).setHeading();
      } else new Setting(parent).setName(section.heading).setHeading();
      for (const row of section.rows) row.render(new Setting(parent).setName(row.name).setDesc(row.desc));
    }
  }

  override hide(): void {
    this.previewSeq += 1;
    super.hide();
  }

  private sections(): Section[] {
    const { t } = this;
    return [
      { heading: t('settings.account'), rows: this.accountRows() },
      { heading: t('settings.notes'), rows: this.notesRows() },
      { heading: t('settings.sync'), rows: this.syncRows() },
      readingSettingsSection(this.host),
      { heading: t('settings.daily'), rows: dailySettingsRows(this.host) },
      { heading: t('settings.advanced'), rows: this.advancedRows(), collapsed: true },
      ...this.restoreSection(),
    ];
  }

  private restoreSection(): Section[] {
    const host = this.host;
    if (!host.deletedNotes || !host.restoreNote) return [];
    // Called through the host, so the plugin's methods keep their `this`.
    return [
      restoreDeletedSection({
        t: this.t,
        deletedNotes: () => host.deletedNotes?.() ?? Promise.resolve([]),
        restoreNote: (bookId) => host.restoreNote?.(bookId) ?? Promise.resolve(),
      }),
    ];
  }

  private row(
    prefix:
      | 'apiKey'
      | 'cookie'
      | 'qr'
      | 'check'
      | 'folder'
      | 'fileName'
      | 'subfolder'
      | 'template'
      | 'templatePath'
      | 'preview'
      | 'timeZone'
      | 'ancestors'
      | 'tagsAsLinks'
      | 'colorNames'
      | 'penNames'
      | 'onStartup'
      | 'interval'
      | 'include'
      | 'exclude'
      | 'minHighlights'
      | 'articles'
      | 'baseUrl'
      | 'gatewayUrl'
      | 'concurrency',
    render: (setting: Setting) => void,
  ): Row {
    return {
      name: this.t(`settings.${prefix}.name` as MessageKey),
      desc: this.t(`settings.${prefix}.desc` as MessageKey),
      render,
    };
  }

  private async save(): Promise<void> {
    await this.host.saveSettings();
  }

  /**
   * Applies a typed value and saves it if valid; an invalid one is not kept. What is wrong shows under the row
   * only once the reader leaves the field (`showOnBlur`), never while typing ("Asia/Sh").
   */
  private validatedChange(
    setting: Setting,
    key: keyof Settings,
    apply: (text: string) => void,
  ): { onChange: (text: string) => Promise<void>; showOnBlur: (input: HTMLElement) => void } {
    const error = setting.descEl.createDiv({ cls: 'weread-sync-setting-error' });
    let pending = '';
    const onChange = async (text: string): Promise<void> => {
      const before = JSON.stringify(this.s[key]);
      apply(text);
      const problem = findSettingsProblems(this.s).find((p) => p.key === key);
      if (problem) {
        (this.s as unknown as Record<string, unknown>)[key] = JSON.parse(before) as unknown;
        pending = this.t('settings.invalid', { problem: settingsProblemText(this.t, problem) });
        return;
      }
      pending = '';
      error.setText('');
      await this.save();
    };
    const showOnBlur = (input: HTMLElement): void => {
      input.addEventListener('blur', () => error.setText(pending));
    };
    return { onChange, showOnBlur };
  }

  /** A text input bound to a validated setting (see `validatedChange`). */
  private textRow(
    setting: Setting,
    key: keyof Settings,
    current: string,
    apply: (text: string) => void,
  ): TextComponent {
    let component!: TextComponent;
    setting.addText((c) => (component = c));
    return this.bindInput(component, setting, key, current, apply);
  }

  /** A text area bound to a validated setting, as `textRow`. */
  private areaRow(
    setting: Setting,
    key: keyof Settings,
    current: string,
    apply: (text: string) => void,
  ): TextAreaComponent {
    let component!: TextAreaComponent;
    setting.addTextArea((c) => (component = c));
    return this.bindInput(component, setting, key, current, apply);
  }

  private bindInput<C extends TextComponent | TextAreaComponent>(
    component: C,
    setting: Setting,
    key: keyof Settings,
    current: string,
    apply: (text: string) => void,
  ): C {
    const { onChange, showOnBlur } = this.validatedChange(setting, key, apply);
    component.setValue(current).onChange(onChange);
    showOnBlur(component.inputEl);
    return component;
  }

  /** A toggle bound to a boolean setting: saved on change, then `after` (e.g. refresh the preview). */
  private toggleRow(
    setting: Setting,
    key: 'includeAncestorChapters' | 'tagsAsLinks' | 'syncOnStartup',
    after?: () => void,
  ): void {
    setting.addToggle((c) =>
      c.setValue(this.s[key]).onChange(async (v) => {
        this.s[key] = v;
        await this.save();
        after?.();
      }),
    );
  }

  /** What is stored on this device, without asking WeRead (a check result replaces the status line until then). */
  private async refreshAccountState(): Promise<void> {
    const { account } = this.host;
    const [apiKey, cookie] = await Promise.all([account.hasApiKey(), account.hasCookie()]);
    const { t } = this;
    this.apiKeyStateEl?.setText(t(apiKey ? 'account.apiKey.stored' : 'account.apiKey.none'));
    this.cookieStateEl?.setText(t(cookie ? 'settings.cookie.stored' : 'settings.cookie.none'));
    const stored =
      apiKey && cookie
        ? 'account.status.storedBoth'
        : apiKey
          ? 'account.status.storedApiKey'
          : cookie
            ? 'account.status.storedCookie'
            : 'account.status.none';
    this.statusEl?.setText(t(stored));
  }

  /** A password field with Save (and more buttons): the secret is never shown back nor kept in the settings. */
  private secretInput(
    setting: Setting,
    placeholder: string,
    save: (value: string) => Promise<string | null>,
    saveText: string,
  ): void {
    const error = setting.descEl.createDiv({ cls: 'weread-sync-setting-error' });
    let input!: TextComponent;
    setting.addText((text) => {
      input = text.setPlaceholder(placeholder);
      text.inputEl.type = 'password';
      text.inputEl.addClass('weread-sync-secret-input');
    });
    setting.addButton((button) =>
      button.setButtonText(saveText).onClick(async () => {
        const value = input.getValue().trim();
        if (value === '') return;
        const problem = await save(value);
        error.setText(problem ?? '');
        if (problem !== null) return;
        input.setValue('');
        await this.refreshAccountState();
      }),
    );
  }

  private accountRows(): Row[] {
    const { t } = this;
    const { account } = this.host;
    const rows: Row[] = [
      {
        name: t('account.status.name'),
        desc: '',
        render: (setting) => {
          this.statusEl = setting.descEl.createDiv({ cls: 'weread-sync-account-status' });
          void this.refreshAccountState();
          setting.addButton((button) =>
            button.setButtonText(t('settings.check.button')).onClick(async () => {
              this.statusEl?.setText(t('settings.check.checking'));
              this.statusEl?.setText(describeCheck(await account.checkLogin(), t, this.host.lang));
            }),
          );
        },
      },
      {
        name: t('settings.apiKey.name'),
        desc: t('account.apiKey.desc'),
        render: (setting) => {
          setting.descEl.createDiv({ cls: 'weread-sync-secret-note', text: t('account.secretNote') });
          this.apiKeyStateEl = setting.descEl.createDiv({ cls: 'weread-sync-credential-state' });
          this.secretInput(
            setting,
            'wrk-…',
            async (key) => {
              if (!key.startsWith('wrk-')) return t('account.apiKey.malformed');
              await account.saveApiKey(key);
              return null;
            },
            t('account.apiKey.save'),
          );
          setting.addButton((b) => b.setButtonText(t('account.apiKey.getKey')).onClick(() => account.openApiKeyPage()));
          setting.addButton((b) =>
            b.setButtonText(t('account.apiKey.remove')).onClick(async () => {
              await account.removeApiKey();
              await this.refreshAccountState();
            }),
          );
        },
      },
      {
        name: t('settings.cookie.name'),
        desc: t('account.cookie.desc'),
        render: (setting) => {
          setting.descEl.createDiv({ cls: 'weread-sync-secret-note', text: t('account.secretNote') });
          this.cookieStateEl = setting.descEl.createDiv({ cls: 'weread-sync-credential-state' });
          this.secretInput(
            setting,
            t('settings.cookie.placeholder'),
            async (cookie) => {
              // A session needs both; anything else is not a cookie WeRead could accept.
              if (!/\bwr_vid=/.test(cookie) || !/\bwr_skey=/.test(cookie))
                return readerText('malformed-cookie', undefined, this.host.lang);
              await account.saveCookie(cookie);
              return null;
            },
            t('settings.cookie.save'),
          );
          setting.addButton((b) =>
            b.setButtonText(t('account.cookie.remove')).onClick(async () => {
              await account.removeCookie();
              await this.refreshAccountState();
            }),
          );
        },
      },
    ];
    const qrLogin = account.qrLogin;
    if (this.platform.isDesktopApp && qrLogin) {
      rows.push(
        this.row('qr', (setting) => {
          setting.addButton((button) =>
            button.setButtonText(t('settings.qr.button')).onClick(async () => {
              if (await qrLogin()) await this.refreshAccountState();
            }),
          );
        }),
      );
    }
    return rows;
  }

  private notesRows(): Row[] {
    const { t } = this;
    const builtins = listBuiltinTemplates();
    const isBuiltin = (name: string): boolean => builtins.includes(name);
    return [
      this.row('folder', (setting) => {
        const folder = this.textRow(
          setting,
          'folder',
          this.s.folder,
          (v) => (this.s.folder = v.trim().replace(/^\/+|\/+$/g, '')),
        );
        new FolderSuggest(this.app, folder.inputEl, (path) => {
          this.s.folder = path;
          void this.save();
        });
      }),
      this.row('fileName', (setting) => {
        this.textRow(setting, 'fileNamePattern', this.s.fileNamePattern, (v) => (this.s.fileNamePattern = v));
      }),
      this.row('subfolder', (setting) => {
        setting.addDropdown((d) =>
          d
            .addOptions({
              none: t('settings.subfolder.none'),
              category: t('settings.subfolder.category'),
              'category-top': t('settings.subfolder.categoryTop'),
              title: t('settings.subfolder.title'),
            })
            .setValue(this.s.subfolder)
            .onChange(async (v) => {
              this.s.subfolder = v as SubfolderMode;
              await this.save();
            }),
        );
      }),
      this.row('template', (setting) => {
        setting.addDropdown((d) => {
          for (const name of builtins) d.addOption(name, name);
          d.addOption(CUSTOM_TEMPLATE, t('settings.template.custom'));
          d.setValue(isBuiltin(this.s.template) ? this.s.template : CUSTOM_TEMPLATE).onChange(async (v) => {
            const custom = v === CUSTOM_TEMPLATE;
            this.templatePathRow?.settingEl.toggle(custom);
            const path = this.templatePathRow?.controlEl.querySelector('input')?.value.trim() ?? '';
            if (!custom) this.s.template = v;
            else if (path !== '') this.s.template = path;
            await this.save();
            this.updatePreview();
          });
        });
      }),
      this.row('templatePath', (setting) => {
        this.templatePathRow = setting;
        setting.settingEl.toggle(!isBuiltin(this.s.template));
        let pathInput!: TextComponent;
        setting.addText((text) => {
          pathInput = text
            .setPlaceholder(EXAMPLE_TEMPLATE_PATH)
            .setValue(isBuiltin(this.s.template) ? '' : this.s.template)
            .onChange(async (v) => {
              if (v.trim() === '') return;
              this.s.template = v.trim();
              await this.save();
              this.updatePreview();
            });
        });
        new MarkdownFileSuggest(this.app, pathInput.inputEl, (path) => {
          this.s.template = path;
          void this.save();
          this.updatePreview();
        });
      }),
      this.row('timeZone', (setting) => {
        const zone = this.textRow(setting, 'timeZone', this.s.timeZone, (v) => (this.s.timeZone = v.trim()));
        zone.setPlaceholder(EXAMPLE_TIME_ZONE);
        zone.inputEl.addEventListener('input', () => this.updatePreview());
      }),
      this.row('ancestors', (setting) => {
        this.toggleRow(setting, 'includeAncestorChapters', () => this.updatePreview());
      }),
      this.row('tagsAsLinks', (setting) => {
        this.toggleRow(setting, 'tagsAsLinks', () => this.updatePreview());
      }),
      this.row('preview', (setting) => {
        setting.settingEl.addClass('weread-sync-preview-setting');
        this.previewWarningsEl = setting.settingEl.createDiv({ cls: 'weread-sync-template-warnings' });
        this.previewEl = setting.settingEl.createEl('pre', { cls: 'weread-sync-template-preview' });
        this.updatePreview();
      }),
    ];
  }

  /** Renders the sample book with the chosen template; a newer request wins over a slower older one. */
  updatePreview(): void {
    const target = this.previewEl;
    if (!target) return;
    const seq = ++this.previewSeq;
    const { t } = this;
    const settings = { ...this.s };
    this.previewDone = (async () => {
      const source = await this.host.templateSource(settings.template);
      if (seq !== this.previewSeq) return;
      target.removeClass('is-error');
      if (source === null) {
        target.addClass('is-error');
        target.setText(t('settings.preview.missing'));
        return;
      }
      const result = renderPreview(settings, source);
      this.previewWarningsEl?.empty();
      if (result.ok) {
        target.setText(result.text);
        for (const warning of result.warnings) {
          this.previewWarningsEl?.createDiv({
            cls: 'weread-sync-template-warning',
            text: templateWarningText(t, warning),
          });
        }
      } else {
        target.addClass('is-error');
        target.setText(t('settings.preview.error', { message: result.message }));
      }
    })();
  }

  private syncRows(): Row[] {
    const { t } = this;
    return [
      {
        name: t('account.syncNow.name'),
        desc: t('account.syncNow.desc'),
        render: (setting) => {
          setting.addButton((b) =>
            b
              .setButtonText(t('account.syncNow.button'))
              .setCta()
              .onClick(() => this.host.syncNow()),
          );
        },
      },
      this.row('onStartup', (setting) => {
        this.toggleRow(setting, 'syncOnStartup');
      }),
      this.row('interval', (setting) => {
        const text = this.textRow(setting, 'syncIntervalMinutes', String(this.s.syncIntervalMinutes), (v) => {
          // Validated, then saved; saving moves the timer (a rejected value never reaches it).
          this.s.syncIntervalMinutes = v.trim() === '' ? 0 : Number(v);
        });
        text.inputEl.setAttr('inputmode', 'numeric');
      }),
      this.row('include', (setting) => {
        this.areaRow(
          setting,
          'includeBooks',
          this.s.includeBooks.join('\n'),
          (v) => (this.s.includeBooks = parseList(v)),
        );
      }),
      this.row('exclude', (setting) => {
        this.areaRow(
          setting,
          'excludeBooks',
          this.s.excludeBooks.join('\n'),
          (v) => (this.s.excludeBooks = parseList(v)),
        );
      }),
      this.row('minHighlights', (setting) => {
        this.textRow(
          setting,
          'minHighlights',
          String(this.s.minHighlights),
          (v) => (this.s.minHighlights = v.trim() === '' ? 0 : Number(v)),
        ).inputEl.setAttr('inputmode', 'numeric');
      }),
      this.row('articles', (setting) => {
        setting.addDropdown((d) =>
          d
            .addOptions({
              'per-account': t('settings.articles.perAccount'),
              'per-article': t('settings.articles.perArticle'),
              skip: t('settings.articles.skip'),
            })
            .setValue(this.s.articles)
            .onChange(async (v) => {
              this.s.articles = v as ArticleMode;
              await this.save();
            }),
        );
      }),
    ];
  }

  /** Colour and pen names, requests in flight; the server addresses only where this device has developer options on. */
  private advancedRows(): Row[] {
    const rows: Row[] = [
      this.row('colorNames', (setting) => {
        this.textRow(setting, 'colorNames', formatNameMap(this.s.colorNames), (v) => {
          this.s.colorNames = parseNameMap(v);
          this.updatePreview();
        });
      }),
      this.row('penNames', (setting) => {
        this.textRow(setting, 'penNames', formatNameMap(this.s.penNames), (v) => {
          this.s.penNames = parseNameMap(v);
          this.updatePreview();
        });
      }),
      this.row('concurrency', (setting) => {
        this.textRow(
          setting,
          'concurrency',
          String(this.s.concurrency),
          (v) => (this.s.concurrency = Number(v)),
        ).inputEl.setAttr('inputmode', 'numeric');
      }),
    ];
    if (!this.host.developerOptions()) return rows;
    const developerNote = (setting: Setting): void => {
      setting.descEl.createDiv({ cls: 'weread-sync-developer-note', text: this.t('settings.developer.note') });
    };
    rows.push(
      this.row('baseUrl', (setting) => {
        developerNote(setting);
        this.textRow(setting, 'baseUrl', this.s.baseUrl, (v) => (this.s.baseUrl = v.trim().replace(/\/+$/, '')));
      }),
      this.row('gatewayUrl', (setting) => {
        developerNote(setting);
        this.textRow(setting, 'gatewayUrl', this.s.gatewayUrl, (v) => (this.s.gatewayUrl = v.trim()));
      }),
    );
    return rows;
  }
}

/** "Logged in as … with the API key" or exactly what is wrong, in the reader's language, with nothing secret in it. */
export function describeCheck(result: LoginCheck | null, t: Translate, lang: string): string {
  if (result === null) return t('account.status.none');
  if (result.ok) {
    const name = result.user?.name ?? result.user?.vid;
    const apiKey = result.mode === 'api-key';
    if (!name) return t(apiKey ? 'account.status.okApiKeyNoUser' : 'account.status.okCookieNoUser');
    return t(apiKey ? 'account.status.okApiKey' : 'account.status.okCookie', { name });
  }
  return t('settings.check.failed', { message: readerText(result.kind, result.message, lang) });
}

/** `0=red, 1=purple` — how the colour and pen names are typed in a single line. */
export function formatNameMap(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** Reads `0=red, 1=purple` (commas or new lines; entries without `=` are ignored). */
export function parseNameMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const part of text.split(/[,，\n]/)) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key && value) map[key] = value;
  }
  return map;
}
