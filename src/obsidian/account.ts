/** The reader's WeRead account in the plugin: store and remove each credential (with a notice that says exactly what), check the login, QR login. */
import { Notice } from 'obsidian';
import type { Translate } from '../core/i18n';
import type { LoginCheck } from '../core/service';
import type { QrLoginFlow } from './qr-flow';
import type { SecretStorageCredentials } from './secrets';

/** The page where a logged-in WeRead web session obtains (or creates) its API key. */
export const WEREAD_API_KEY_URL = 'https://weread.qq.com/api/skills/apikeyGet';

/** What the settings tab may do with the account. */
export interface AccountActions {
  hasApiKey(): Promise<boolean>;
  hasCookie(): Promise<boolean>;
  saveApiKey(key: string): Promise<void>;
  saveCookie(cookie: string): Promise<void>;
  removeApiKey(): Promise<void>;
  removeCookie(): Promise<void>;
  /** null when no credential is set (no request is made then). */
  checkLogin(): Promise<LoginCheck | null>;
  /** Desktop only; null on mobile. Resolves true when a session was stored. */
  qrLogin: (() => Promise<boolean>) | null;
  /** Opens WeRead's API-key page in the browser. */
  openApiKeyPage(): void;
}

export class Account implements AccountActions {
  readonly qrLogin: (() => Promise<boolean>) | null;

  constructor(
    private readonly credentials: SecretStorageCredentials,
    private readonly t: Translate,
    private readonly check: () => Promise<LoginCheck>,
    qrFlow: QrLoginFlow | null,
    private readonly openUrl: (url: string) => void,
  ) {
    this.qrLogin = qrFlow ? () => qrFlow.run() : null;
  }

  async hasApiKey(): Promise<boolean> {
    return (await this.credentials.getApiKey()) !== null;
  }

  async hasCookie(): Promise<boolean> {
    return (await this.credentials.getCookie()) !== null;
  }

  async saveApiKey(key: string): Promise<void> {
    await this.credentials.setApiKey(key);
    new Notice(this.t('account.apiKey.saved'));
  }

  async saveCookie(cookie: string): Promise<void> {
    await this.credentials.setCookie(cookie);
    new Notice(this.t('account.cookie.saved'));
  }

  async removeApiKey(): Promise<void> {
    this.credentials.clearApiKey();
    new Notice(this.t('account.apiKey.removed'));
  }

  async removeCookie(): Promise<void> {
    this.credentials.clearCookie();
    // Syncs go on with the API key: say so, rather than "logged out".
    new Notice(this.t((await this.hasApiKey()) ? 'account.cookie.removedKeyStays' : 'account.cookie.removed'));
  }

  async checkLogin(): Promise<LoginCheck | null> {
    if (!(await this.credentials.hasAny())) return null;
    return this.check();
  }

  openApiKeyPage(): void {
    this.openUrl(WEREAD_API_KEY_URL);
  }
}
