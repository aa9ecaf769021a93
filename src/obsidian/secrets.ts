/** The CredentialStore on Obsidian's SecretStorage: data.json holds only the secret names, never the API key or the cookie. */
import type { App } from 'obsidian';
import type { CredentialStore } from '../core/ports';
import { LEGACY_CREDENTIAL_KEYS } from '../core/settings/migrate';
import { secretRegistry } from '../core/weread/redact';

/** Which secrets to use; read on every call so that a name changed in the settings applies at once. */
export interface SecretNames {
  apiKeySecretName: string;
  cookieSecretName: string;
}

export class SecretStorageCredentials implements CredentialStore {
  constructor(
    private readonly app: App,
    private readonly names: () => SecretNames,
  ) {}

  private get(id: string): string | null {
    if (!id) return null;
    const value = this.app.secretStorage.getSecret(id)?.trim();
    return value ? value : null;
  }

  async getCookie(): Promise<string | null> {
    const cookie = this.get(this.names().cookieSecretName);
    secretRegistry.addCookieHeader(cookie);
    return cookie;
  }

  async setCookie(cookie: string): Promise<void> {
    secretRegistry.addCookieHeader(cookie);
    this.app.secretStorage.setSecret(this.names().cookieSecretName, cookie.trim());
  }

  async getApiKey(): Promise<string | null> {
    const key = this.get(this.names().apiKeySecretName);
    secretRegistry.add(key);
    return key;
  }

  async setApiKey(key: string): Promise<void> {
    secretRegistry.add(key.trim());
    this.app.secretStorage.setSecret(this.names().apiKeySecretName, key.trim());
  }

  /** SecretStorage has no delete: an empty value is "no API key". */
  clearApiKey(): void {
    this.app.secretStorage.setSecret(this.names().apiKeySecretName, '');
  }

  /** SecretStorage has no delete: an empty value is "no cookie". */
  clearCookie(): void {
    this.app.secretStorage.setSecret(this.names().cookieSecretName, '');
  }

  /** Whether either credential is set (no network). */
  async hasAny(): Promise<boolean> {
    return (await this.getApiKey()) !== null || (await this.getCookie()) !== null;
  }

  /**
   * Credentials an older version left in data.json (`raw`) move here, unless one is already stored.
   * True when data.json held any, so the caller rewrites it without them.
   */
  async adoptLegacyCredentials(raw: unknown): Promise<boolean> {
    if (typeof raw !== 'object' || raw === null) return false;
    const record = raw as Record<string, unknown>;
    const present = LEGACY_CREDENTIAL_KEYS.filter((key) => key in record);
    if (present.length === 0) return false;
    for (const key of present) {
      const value = record[key];
      if (typeof value !== 'string' || value.trim() === '') continue;
      if (value.trim().startsWith('wrk-')) {
        const apiKeyName = this.names().apiKeySecretName;
        if (!this.app.secretStorage.getSecret(apiKeyName)) this.app.secretStorage.setSecret(apiKeyName, value.trim());
      } else if ((await this.getCookie()) === null) await this.setCookie(value);
    }
    return true;
  }
}
