/** The "Log in with WeChat QR code" flow: one attempt at a time, the session stored in SecretStorage, cancelled on unload. */
import { Notice } from 'obsidian';
import type { Translate } from '../core/i18n';
import { QrLogin, qrLoginAvailable } from './qr-login';

export class QrLoginFlow {
  private active: QrLogin | null = null;

  constructor(
    private readonly t: Translate,
    private readonly storeCookie: (cookie: string) => Promise<void>,
  ) {}

  /** Resolves true when a session was stored. */
  async run(): Promise<boolean> {
    if (!qrLoginAvailable()) {
      new Notice(this.t('notice.desktopOnly'));
      return false;
    }
    this.active?.cancel();
    const login = new QrLogin();
    this.active = login;
    const cookie = await login.start();
    if (this.active === login) this.active = null;
    if (!cookie) return false;
    await this.storeCookie(cookie);
    new Notice(this.t('notice.loggedIn'));
    return true;
  }

  cancel(): void {
    this.active?.cancel();
  }
}
