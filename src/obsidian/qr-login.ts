/** Desktop only: "Log in with WeChat QR code" in an Electron window on the WeRead login page; the cookies are read from its session. */
import { Platform } from 'obsidian';

/** The parts of Electron this uses (typed here: `electron` is never imported statically, so mobile never loads it). */
interface ElectronCookie {
  name: string;
  value: string;
}
interface ElectronBrowserWindow {
  loadURL(url: string): Promise<void>;
  on(event: 'closed', listener: () => void): void;
  close(): void;
  isDestroyed(): boolean;
  webContents: { session: { cookies: { get(filter: { url?: string; domain?: string }): Promise<ElectronCookie[]> } } };
}
type BrowserWindowConstructor = new (options: Record<string, unknown>) => ElectronBrowserWindow;

export const WEREAD_LOGIN_URL = 'https://weread.qq.com/#login';
/** The login has succeeded once both of these are set. */
const SESSION_COOKIES = ['wr_skey', 'wr_vid'];

/** Electron's BrowserWindow from Obsidian's desktop runtime, or null (mobile, or not available). */
function loadBrowserWindow(): BrowserWindowConstructor | null {
  if (!Platform.isDesktopApp) return null;
  // Loaded at call time through the app's own require, so the bundle has no static electron dependency.
  const desktopRequire = (window as unknown as { require?: (id: string) => unknown }).require;
  if (typeof desktopRequire !== 'function') return null;
  try {
    const electron = desktopRequire('electron') as { remote?: { BrowserWindow?: BrowserWindowConstructor } };
    return electron.remote?.BrowserWindow ?? null;
  } catch {
    return null;
  }
}

export function qrLoginAvailable(): boolean {
  return loadBrowserWindow() !== null;
}

/** A Cookie header from the session's cookies: `name=value; …`, the values as the browser holds them (already percent-encoded). */
export function cookieHeaderFrom(cookies: ElectronCookie[]): string {
  const byName = new Map<string, string>();
  for (const cookie of cookies) byName.set(cookie.name, cookie.value);
  return [...byName].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** One login attempt; `cancel()` closes the window (the plugin calls it on unload). */
export class QrLogin {
  private window: ElectronBrowserWindow | null = null;
  private poll: number | undefined;
  private settle: ((cookie: string | null) => void) | null = null;

  /** Resolves with the Cookie header once WeRead has set a session, or null if the reader closed the window. */
  start(): Promise<string | null> {
    const BrowserWindow = loadBrowserWindow();
    if (!BrowserWindow) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.settle = resolve;
      const win = new BrowserWindow({
        width: 480,
        height: 640,
        title: 'WeRead',
        // A fresh in-memory session: no cookie of an earlier login leaks in, nothing is left on disk.
        webPreferences: { partition: `weread-login-${Date.now()}`, nodeIntegration: false, contextIsolation: true },
      });
      this.window = win;
      win.on('closed', () => this.finish(null));
      void win.loadURL(WEREAD_LOGIN_URL).catch(() => this.finish(null));
      this.poll = window.setInterval(() => void this.check(), 1000);
    });
  }

  private async check(): Promise<void> {
    const win = this.window;
    if (!win || win.isDestroyed()) return;
    try {
      const cookies = await win.webContents.session.cookies.get({ url: 'https://weread.qq.com' });
      const names = new Set(cookies.filter((c) => c.value !== '').map((c) => c.name));
      if (SESSION_COOKIES.every((name) => names.has(name))) this.finish(cookieHeaderFrom(cookies));
    } catch {
      // The window is closing; 'closed' settles the attempt.
    }
  }

  private finish(cookie: string | null): void {
    if (this.poll !== undefined) window.clearInterval(this.poll);
    this.poll = undefined;
    const win = this.window;
    this.window = null;
    if (win && !win.isDestroyed()) win.close();
    const settle = this.settle;
    this.settle = null;
    settle?.(cookie);
  }

  cancel(): void {
    this.finish(null);
  }
}
