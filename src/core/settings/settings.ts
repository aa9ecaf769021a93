/** The Settings type shared by the plugin and the CLI, with defaults; migrate()/validate() live beside it. */

export type SubfolderMode = 'none' | 'category' | 'category-top' | 'title';
export type ArticleMode = 'per-account' | 'per-article' | 'skip';
/** How a daily note refers to a highlight: a link to its block, or an embed of it. */
export type DailyLinkStyle = 'link' | 'embed';

export interface Settings {
  /** Vault folder the notes go to. */
  folder: string;
  /** File-name pattern: {{title}}, {{author}}, {{bookId}}, {{category}}. */
  fileNamePattern: string;
  subfolder: SubfolderMode;
  /** Built-in template name ('default' | 'callouts' | 'separated' | 'weread-export') or a vault path to a .md template. */
  template: string;
  /** IANA time zone; '' means the system's. */
  timeZone: string;
  /** Include ancestor chapters of highlighted chapters as headings. */
  includeAncestorChapters: boolean;
  /** Render `#tag` in thoughts as `[[tag]]`. */
  tagsAsLinks: boolean;
  /** colorStyle → name; style → pen name. */
  colorNames: Record<string, string>;
  penNames: Record<string, string>;

  syncOnStartup: boolean;
  /** Minutes; 0 = off. */
  syncIntervalMinutes: number;
  /** Book ids (or titles) to include; empty = all. */
  includeBooks: string[];
  excludeBooks: string[];
  minHighlights: number;
  articles: ArticleMode;

  /** V1 origin, e.g. https://weread.qq.com */
  baseUrl: string;
  /** V2 gateway URL. */
  gatewayUrl: string;
  /** Requests in flight at most. */
  concurrency: number;
  /** Minimum milliseconds between request starts. */
  minRequestSpacingMs: number;
  requestTimeoutMs: number;

  /** Plugin only: names of the SecretStorage entries holding the credentials (never the values). */
  apiKeySecretName: string;
  cookieSecretName: string;

  /** Plugin only: whether the older WeRead plugin's settings were imported or the offer declined ('' = not yet offered). */
  legacyImport: LegacyImportState;
  /** Write the reading properties (readingStatus, progress, readingTime, dates, myRating) into notes and keep them current. */
  readingProperties: boolean;
  /** Write a short note for each book the shelf marks finished that has no highlight or thought. */
  finishedWithoutNotes: boolean;
  /** Write an Obsidian Bases file (library views) next to the notes, once; the reader owns it afterwards. */
  libraryBase: boolean;
  /** Reference highlights and thoughts that arrive in a sync from the daily note of the day they were made. */
  dailyNotes: boolean;
  /** The Markdown heading (with its `#`s) the daily-note section sits under. */
  dailyNotesHeading: string;
  dailyNotesLinkStyle: DailyLinkStyle;
  /** A section of WeRead's popular passages (热门划线) in each book note; the reader's popular highlights get their count. */
  popularHighlights: boolean;
}

export type LegacyImportState = '' | 'imported' | 'declined';

export const DEFAULT_SETTINGS: Settings = {
  folder: 'WeRead',
  fileNamePattern: '{{title}}',
  subfolder: 'none',
  template: 'default',
  timeZone: '',
  includeAncestorChapters: false,
  tagsAsLinks: false,
  colorNames: { '0': 'red', '1': 'purple', '2': 'blue', '3': 'green', '4': 'yellow' },
  penNames: { '0': 'marker', '1': 'wavy', '2': 'underline' },
  syncOnStartup: true,
  syncIntervalMinutes: 0,
  includeBooks: [],
  excludeBooks: [],
  minHighlights: 0,
  articles: 'per-account',
  baseUrl: 'https://weread.qq.com',
  gatewayUrl: 'https://i.weread.qq.com/api/agent/gateway',
  concurrency: 4,
  minRequestSpacingMs: 10,
  requestTimeoutMs: 15000,
  apiKeySecretName: 'weread-api-key',
  cookieSecretName: 'weread-cookie',
  legacyImport: '',
  readingProperties: false,
  finishedWithoutNotes: false,
  libraryBase: false,
  dailyNotes: false,
  dailyNotesHeading: '## 微信读书',
  dailyNotesLinkStyle: 'link',
  popularHighlights: false,
};
