// Owns the bench's credential store: the fake server's test cookie held in memory (renewals kept), no API key.
import type { CredentialStore } from '../src/core/ports';

export function memoryCredentials(cookieHeader: string): CredentialStore {
  let cookie = cookieHeader;
  return {
    getCookie: () => Promise.resolve(cookie),
    setCookie: (c: string) => {
      cookie = c;
      return Promise.resolve();
    },
    getApiKey: () => Promise.resolve(null),
  };
}
