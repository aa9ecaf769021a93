/** English UI strings (sentence case) for the plugin and the CLI; the key set is the contract zh.ts must match. */

export const en = {
  // Plugin names and commands
  'plugin.name': 'WeRead Sync',
  'ribbon.sync': 'Sync WeRead',
  'command.sync': 'Sync WeRead',
  'command.preview': 'Preview sync',
  'command.force': 'Force full sync',
  'command.syncCurrent': 'Sync current book',
  'command.openLog': 'Open sync log',

  // Status bar
  'status.starting': 'WeRead: starting…',
  'status.progress': 'WeRead: {done}/{total} books',
  'status.progressTitle': 'WeRead: {done}/{total} books ({title})',

  // Notices
  'notice.alreadyRunning': 'A sync is already running',
  'notice.noCredentials': 'WeRead Sync: set an API key or a cookie in the settings first',
  'notice.started': 'WeRead Sync: syncing…',
  'notice.summary': 'WeRead Sync: {created} created, {updated} updated, {unchanged} unchanged, {failed} failed',
  'notice.summaryDry':
    'WeRead Sync (preview): {created} would be created, {updated} would be updated, {unchanged} unchanged, {failed} failed',
  'notice.failedBook': '{title}: {reason}',
  'notice.listProblem': 'An entry of the WeRead notebook list could not be read and was left out: {problem}',
  'notice.moreFailed': '…and {count} more (see the sync log)',
  'notice.conflicts': '{count} conflicts kept your version; see the callouts in the notes',
  'notice.error': 'WeRead Sync failed: {message}',
  'notice.cancelled': 'WeRead Sync was cancelled',
  'notice.notWeReadNote': 'The active note is not a WeRead note',
  'notice.settingsProblems': 'WeRead Sync: some settings were invalid and were reset: {problems}',
  'notice.loggedIn': 'Logged in to WeRead',
  'notice.loginFailed': 'WeRead login failed: {message}',
  'notice.loggedOut': 'Logged out of WeRead',
  'notice.desktopOnly': 'QR code login is only available on desktop',

  // Preview modal
  'preview.title': 'Preview sync',
  'preview.nothing': 'Nothing would change.',
  'preview.book': '{title} — {status}',
  'preview.added': '{count} added',
  'preview.updatedCount': '{count} updated',
  'preview.removed': '{count} removed',
  'preview.kept': '{count} kept',
  'preview.conflicts': '{count} conflicts',
  'preview.close': 'Close',
  'preview.apply': 'Sync now',

  // Report statuses
  'status.created': 'created',
  'status.updated': 'updated',
  'status.unchanged': 'unchanged',
  'status.failed': 'failed',
  'status.skipped': 'skipped',
  'status.vanished': 'vanished',

  // Sync log
  'log.title': 'Sync log',
  'log.empty': 'No syncs yet.',
  'log.entry':
    '{when} — {trigger}: {created} created, {updated} updated, {unchanged} unchanged, {failed} failed ({seconds} s)',
  'log.entryError': '{when} — {trigger}: failed: {message}',
  'log.dryRun': 'preview',
  'log.trigger.startup': 'on startup',
  'log.trigger.interval': 'interval',
  'log.trigger.command': 'command',
  'log.trigger.ribbon': 'ribbon',
  'log.trigger.force': 'force full sync',
  'log.trigger.current': 'current book',
  'log.trigger.preview': 'preview',
  'log.clear': 'Clear log',

  // Settings: account
  'settings.account': 'Account',
  'settings.apiKey.name': 'API key',
  'settings.apiKey.desc':
    "Pick or create an Obsidian secret and store your WeRead API key (wrk-…) in it; the field shows the secret's name, not the key. Works on desktop and mobile; never stored in the plugin data.",
  'settings.cookie.name': 'Cookie',
  'settings.cookie.desc': "Paste the cookie of a logged-in weread.qq.com session. Stored in Obsidian's secret storage.",
  'settings.cookie.placeholder': 'wr_vid=…; wr_skey=…',
  'settings.cookie.stored': 'A cookie is stored.',
  'settings.cookie.none': 'No cookie is stored.',
  'settings.cookie.save': 'Save cookie',
  'settings.qr.name': 'Log in with WeChat QR code',
  'settings.qr.desc': 'Opens the WeRead login page; scan the QR code with WeChat.',
  'settings.qr.button': 'Log in',
  'settings.check.name': 'Check login',
  'settings.check.desc': 'Asks WeRead who is logged in.',
  'settings.check.button': 'Check',
  'settings.check.checking': 'Checking…',
  'settings.check.ok': 'Logged in as {name} ({mode})',
  'settings.check.okNoUser': 'Logged in ({mode})',
  'settings.check.failed': 'Not logged in: {message}',
  'settings.check.noCredentials': 'No API key or cookie is set.',
  'settings.logout.name': 'Log out',
  'settings.logout.desc':
    "Forgets the stored cookie. An API key stays in Obsidian's secret storage: clear it there to stop using it.",
  'settings.logout.button': 'Log out',

  // Settings: notes
  'settings.notes': 'Notes',
  'settings.folder.name': 'Folder',
  'settings.folder.desc': 'Where the book notes go.',
  'settings.fileName.name': 'File name',
  'settings.fileName.desc': 'Pattern for note names: {{title}}, {{author}}, {{bookId}}, {{category}}.',
  'settings.subfolder.name': 'Subfolders',
  'settings.subfolder.desc': 'Group notes in subfolders by category.',
  'settings.subfolder.none': 'None',
  'settings.subfolder.category': 'By category',
  'settings.subfolder.categoryTop': 'By top-level category',
  'settings.subfolder.title': 'One folder per book',
  'settings.template.name': 'Template',
  'settings.template.desc': 'A built-in template, or a Markdown file in the vault.',
  'settings.template.custom': 'A file in the vault',
  'settings.templatePath.name': 'Template file',
  'settings.templatePath.desc': 'Path of a Markdown template in the vault.',
  'settings.ancestors.name': 'Include parent chapters',
  'settings.ancestors.desc': 'Also show the headings of the chapters that contain a highlighted section.',
  'settings.tagsAsLinks.name': 'Tags in thoughts as links',
  'settings.tagsAsLinks.desc': 'Write #tag in a thought as [[tag]].',
  'settings.colorNames.name': 'Highlight colour names',
  'settings.colorNames.desc':
    'Names that the colorName template filter gives each highlight colour, as 0=red, 1=purple, ….',
  'settings.penNames.name': 'Pen style names',
  'settings.penNames.desc': 'Names that the penName template filter gives each pen style, as 0=marker, 1=wavy, ….',
  'settings.preview.name': 'Preview',
  'settings.preview.desc': 'A sample book rendered with the chosen template.',
  'settings.preview.error': 'Template error: {message}',
  'settings.preview.loading': 'Loading the template file…',
  'settings.preview.missing': 'The template file was not found.',
  'settings.timeZone.name': 'Time zone',
  'settings.timeZone.desc':
    'IANA time zone for dates in notes, e.g. Asia/Shanghai. Leave empty for the system time zone.',

  // Settings: sync
  'settings.sync': 'Sync',
  'settings.onStartup.name': 'Sync on startup',
  'settings.onStartup.desc': 'Sync when the vault opens, once an API key or cookie is set.',
  'settings.interval.name': 'Sync interval',
  'settings.interval.desc': 'Minutes between automatic syncs; 0 turns it off.',
  'settings.include.name': 'Only these books',
  'settings.include.desc': 'Book ids or titles, one per line. Empty means all books.',
  'settings.exclude.name': 'Skip these books',
  'settings.exclude.desc': 'Book ids or titles, one per line.',
  'settings.minHighlights.name': 'Minimum highlights',
  'settings.minHighlights.desc': 'Books with fewer highlights are skipped.',
  'settings.articles.name': 'WeChat official account (公众号) articles',
  'settings.articles.desc': 'Official-account articles need a cookie.',
  'settings.articles.perAccount': 'One note per account',
  'settings.articles.perArticle': 'One note per article',
  'settings.articles.skip': 'Skip',

  // Settings: advanced
  'settings.advanced': 'Advanced',
  'settings.baseUrl.name': 'Web API URL',
  'settings.baseUrl.desc':
    'Address of the WeRead web API (used with a cookie). Change it only to use a local test server.',
  'settings.gatewayUrl.name': 'Gateway URL',
  'settings.gatewayUrl.desc':
    'Address of the WeRead gateway (used with an API key). Change it only to use a local test server.',
  'settings.concurrency.name': 'Requests in flight',
  'settings.concurrency.desc': 'At most this many requests at once (1–8). Keep it low to be polite.',
  'settings.invalid': 'Invalid value: {problem}',

  // Why a book failed or was skipped, by error kind (the technical detail goes to the sync log)
  'reason.session-expired': 'The WeRead login has expired: log in again in the settings',
  'reason.bad-credential': 'The WeRead API key or cookie is not valid: check it in the settings',
  'reason.throttled': 'WeRead asked us to slow down: try again in a few minutes',
  'reason.server': 'WeRead had a server problem: it will be retried next sync',
  'reason.network': 'No connection to WeRead: check the network',
  'reason.timeout': 'WeRead did not answer in time: it will be retried next sync',
  'reason.bad-data': 'WeRead sent data we could not read: the note was left as it was',
  'reason.bug': 'A bug in WeRead Sync: please report it with the sync log',
  'reason.cancelled': 'Cancelled: it will sync next time',
  'reason.not-configured': 'Not logged in to WeRead: add an API key or a cookie in the settings',
  'reason.syntax': 'The template has a syntax error',
  'reason.render': 'The template failed for this book',
  'reason.frontmatter': 'The template produced frontmatter that is not valid YAML',
  'reason.unknown-template': 'The chosen template was not found',
  'reason.note-changed': 'The note was edited while it was being synced: it will be merged on the next sync',
  'reason.needs-cookie': 'Skipped: 公众号 articles need the WeRead cookie (the API key cannot read them)',

  // Template warnings, by code
  'templateWarning.no-block-ids':
    'This template writes no block ids (^{{ highlight.bookmarkId }}): links into notes and merging your edits need them.',
  'templateWarning.no-frontmatter':
    'This template has no frontmatter, so a note cannot be recognized as the note of its book.',
  'templateWarning.no-book-id':
    'The frontmatter has no bookId, so a note cannot be recognized as the note of its book.',
  'templateWarning.unquoted-book-id':
    'Quote bookId in the frontmatter ({{ metaData.bookId | yamlString }}): YAML reads a numeric id as a number.',
  'templateWarning.full-width-colon': 'A frontmatter key is followed by a full-width colon "："; YAML needs ": ".',
  'templateWarning.no-highlights': 'This template never loops over chapterHighlights, so no highlight will appear.',

  // Settings problems, by code
  'settingsProblem.relative-segments': 'must not contain "." or ".." segments',
  'settingsProblem.outside-vault': 'must be a path inside the vault',
  'settingsProblem.backslash': 'must separate folders with "/", not "\\"',
  'settingsProblem.file-name-needs-id': 'must contain {{title}} or {{bookId}}',
  'settingsProblem.template-empty': 'must name a built-in template or a .md file',
  'settingsProblem.unknown-time-zone': 'unknown time zone "{zone}"',
  'settingsProblem.interval-range': 'must be a whole number of minutes, 0 or more',
  'settingsProblem.min-highlights-range': 'must be a whole number, 0 or more',
  'settingsProblem.not-http-url': 'must be an http(s) URL',
  'settingsProblem.concurrency-range': 'must be a whole number from 1 to 8',
  'settingsProblem.spacing-range': 'must be a whole number of milliseconds, 0 to 60000',
  'settingsProblem.timeout-range': 'must be a whole number of milliseconds, 1000 to 600000',
  'settingsProblem.secret-name': 'must be lowercase letters, digits and dashes',

  // Sync log modal / misc
  'log.open': 'Open sync log',
  'legacy.title': 'Switch from the older WeRead plugin',
  'legacy.found':
    'Found {notes} notes of the older WeRead plugin and {settings} of its settings. Your notes stay where they are: they are synced in place, keeping every block id and everything you wrote.',
  'legacy.warning': 'Not imported: {key} = {value} (the default is kept)',
  'legacy.stillEnabled':
    'The older WeRead plugin is still on. Two plugins syncing the same notes will overwrite each other: turn the older one off in the community plugins settings.',
  'legacy.previewing': 'Working out what the first sync would do…',
  'legacy.preview': 'The first sync would create {created} notes, update {updated} and leave {unchanged} unchanged.',
  'legacy.previewNeedsLogin': 'Log in to see what the first sync would do.',
  'legacy.previewFailed': 'Could not work out the first sync now; run the preview sync command later to see it.',
  'legacy.credentials': 'Also take its login',
  'legacy.credentialsDesc': "Moves its API key or cookie into Obsidian's secret storage (never into data.json).",
  'legacy.import': 'Import',
  'legacy.notNow': 'Not now',

  // Reading life (issue 15): reading properties, finished books, the library Base
  'command.recreateLibraryBase': 'Re-create library base',
  'notice.libraryBaseRecreated': 'WeRead Sync: library base written to {path}',
  'settings.reading': 'Reading',
  'settings.readingProperties.name': 'Reading properties',
  'settings.readingProperties.desc':
    'Write readingStatus, progress (0–100), readingTime (minutes), readingDate, finishedDate, lastReadingDate and myRating into each note, and keep them current. Only these properties change; your own stay.',
  'settings.finishedWithoutNotes.name': 'Notes for finished books without highlights',
  'settings.finishedWithoutNotes.desc':
    'A short note for each book WeRead marks finished that has no highlight. It becomes a normal note when highlights arrive.',
  'settings.libraryBase.name': 'Library base',
  'settings.libraryBase.desc':
    'Write a base (Obsidian 1.9 or later) next to the notes, with views: reading now, finished by year, by category, most annotated. Written once; after you edit it, it is yours.',
  'settings.libraryBase.button': 'Re-create',
  'notice.itemProblem':
    'Item left out of "{title}" ({bookId}): {endpoint}: {field} {problem}{item}; the rest of the book was written.',
  'notice.itemProblemId': ' (item {itemId})',
  // Device-local settings (servers, secret names) and the test-server warning
  'notice.deviceLocalIgnored':
    'WeRead Sync: the synced settings file names a server or secret ({keys}); it was ignored. Servers and secret names are set on each device.',
  'notice.testServer':
    'WeRead Sync: this device sends your WeRead credentials to a test server, {origin}, not to WeRead.',
  // Plugin: account screen, conflicts, progress, sync log (issues 12 and 18)
  'account.status.name': 'Status',
  'account.status.none': 'Not logged in. Paste an API key or a cookie below.',
  'account.status.storedApiKey': 'An API key is stored. Check asks WeRead who is logged in.',
  'account.status.storedCookie': 'A cookie is stored. Check asks WeRead who is logged in.',
  'account.status.storedBoth': 'An API key and a cookie are stored. Check asks WeRead who is logged in.',
  'account.status.okApiKey': 'Logged in as {name} with the API key.',
  'account.status.okCookie': 'Logged in as {name} with the cookie.',
  'account.status.okApiKeyNoUser': 'Logged in with the API key.',
  'account.status.okCookieNoUser': 'Logged in with the cookie.',
  'account.apiKey.desc': 'Paste your WeRead API key (wrk-…).',
  'account.apiKey.getKey': 'Get a key',
  'account.apiKey.save': 'Save key',
  'account.apiKey.remove': 'Remove key',
  'account.apiKey.stored': 'An API key is stored.',
  'account.apiKey.none': 'No API key is stored.',
  'account.apiKey.removed': 'WeRead Sync: the API key was removed.',
  'account.apiKey.saved': 'WeRead Sync: the API key was saved.',
  'account.apiKey.malformed': 'An API key starts with wrk-.',
  'account.secretNote': "Kept in Obsidian's secret storage, never in the plugin data.",
  'account.cookie.desc':
    "Or paste the cookie of a logged-in weread.qq.com page: in the browser's developer tools, open the network tab, pick any request and copy its cookie header.",
  'account.cookie.remove': 'Remove cookie',
  'account.cookie.removed': 'WeRead Sync: the cookie was removed.',
  'account.cookie.removedKeyStays': 'WeRead Sync: the cookie was removed; syncs go on with the API key.',
  'account.cookie.saved': 'WeRead Sync: the cookie was saved.',
  'account.syncNow.name': 'Sync now',
  'account.syncNow.desc': 'Syncs every book now.',
  'account.syncNow.button': 'Sync now',
  'settings.developer.note': 'Server addresses are shown because developer options are on for this device.',
  'notice.failed': 'WeRead Sync failed. {message}',
  'notice.conflictNotesOne':
    'A conflict in 1 note: your text was kept, and the text from WeRead is in a callout below it.',
  'notice.conflictNotesMany':
    'Conflicts in {count} notes: your text was kept, and the text from WeRead is in a callout below it.',
  'notice.conflictMore': 'and {count} more (see the sync log)',
  'notice.progress': 'WeRead Sync: {done} of {total} books',
  'preview.conflictsOne': '1 conflict',
  'preview.conflictsMany': '{count} conflicts',
  'log.book.created': 'created',
  'log.book.updated': 'updated',
  'log.book.conflicted': 'conflict',
  'log.book.failed': 'failed',
  'log.book.more': 'and {count} more',
  'log.book.reason': ': {reason}',
  // Daily notes and popular highlights
  'command.dailyBackfill': 'Add highlights to daily notes for a date range',
  'settings.daily': 'Daily notes and popular highlights',
  'settings.dailyNotes.name': 'Add highlights to daily notes',
  'settings.dailyNotes.desc':
    'Highlights and thoughts that arrive in a sync are linked from the daily note of the day they were made. Folder, date format and template come from Obsidian\'s daily notes settings, or those of the periodic notes plugin when it is on. Earlier days: use the command "Add highlights to daily notes for a date range".',
  'settings.dailyHeading.name': 'Daily note heading',
  'settings.dailyHeading.desc':
    'The heading the references go under, e.g. "## 微信读书". Your own text in the daily note is never changed.',
  'settings.dailyLinkStyle.name': 'Reference style',
  'settings.dailyLinkStyle.desc': 'A link to each highlight with its passage, or an embed of the highlight itself.',
  'settings.dailyLinkStyle.link': 'Link with the passage',
  'settings.dailyLinkStyle.embed': 'Embed',
  'settings.popular.name': 'Popular highlights',
  'settings.popular.desc':
    'Adds the popular passages of WeRead (热门划线) with their reader counts at the end of each book note, and the count after your own popular highlights. One extra request per changed book, cached for days.',
  'daily.modal.title': 'Add highlights to daily notes',
  'daily.modal.from': 'From',
  'daily.modal.to': 'To',
  'daily.modal.run': 'Add',
  'daily.modal.badRange': 'Choose two dates, the first not after the second.',
  'daily.notice.running': 'Adding highlights to daily notes…',
  'daily.notice.busy': 'A sync is running; try again when it is done.',
  'daily.notice.done': 'Daily notes: {added} references added in {notes} notes ({books} books checked).',
  'daily.notice.failed': 'Could not add highlights to daily notes: {reason}',
  'daily.notice.someFailed': '{count} daily notes could not be written; they are tried again on the next sync.',
  'notice.dailyNotes': 'Daily notes: {added} references added, {removed} removed, in {notes} notes.',
  'notice.duplicateNotes': 'synced {path}; these notes name the same book and were left as they are: {others}',
  'restore.heading': 'Restore deleted notes',
  'restore.desc': 'Notes you deleted are not written again. Restore one to sync its book into a new note.',
  'restore.empty': 'No deleted notes.',
  'restore.button': 'Restore',
  'restore.done': 'WeRead Sync: {title} was restored.',
} as const;

/** Every UI string key. */
export type MessageKey = keyof typeof en;
/** A complete dictionary: every key, any text. */
export type Dictionary = { readonly [K in MessageKey]: string };
