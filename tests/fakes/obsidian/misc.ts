// Owns the fake's small exports: Platform, language, icons, debounce, tooltips, API version, base64 helpers.
import type { Debouncer } from 'obsidian';

const DESKTOP_LINUX = {
  isDesktop: true,
  isMobile: false,
  isDesktopApp: true,
  isMobileApp: false,
  isIosApp: false,
  isAndroidApp: false,
  isPhone: false,
  isTablet: false,
  isMacOS: false,
  isWin: false,
  isLinux: true,
  isSafari: false,
  resourcePathPrefix: 'app://fake-obsidian/',
};
export type PlatformFlags = typeof DESKTOP_LINUX;

/** Ready-made platforms for `setPlatform`. */
export const PLATFORMS = {
  desktop: DESKTOP_LINUX,
  ios: {
    ...DESKTOP_LINUX,
    isDesktop: false,
    isMobile: true,
    isDesktopApp: false,
    isMobileApp: true,
    isIosApp: true,
    isPhone: true,
    isLinux: false,
    isSafari: true,
    resourcePathPrefix: 'capacitor://localhost/_capacitor_file_',
  },
  android: {
    ...DESKTOP_LINUX,
    isDesktop: false,
    isMobile: true,
    isDesktopApp: false,
    isMobileApp: true,
    isAndroidApp: true,
    isPhone: true,
    isLinux: false,
    resourcePathPrefix: 'http://localhost/_capacitor_file_',
  },
} satisfies Record<string, PlatformFlags>;

/** Obsidian's Platform; a mutable object, changed with `setPlatform` (default: desktop app on Linux). */
export const Platform: PlatformFlags = { ...DESKTOP_LINUX };

/** Test helper: `setPlatform('ios')`, or individual flags on top of the current ones. */
export function setPlatform(flags: keyof typeof PLATFORMS | Partial<PlatformFlags>): void {
  Object.assign(Platform, typeof flags === 'string' ? PLATFORMS[flags] : flags);
}

/** Test helper: back to the desktop default. */
export function resetPlatform(): void {
  Object.assign(Platform, DESKTOP_LINUX);
}

let language = 'en';

/** Obsidian's UI language code (`en`, `zh`, `zh-TW`, …). */
export function getLanguage(): string {
  return language;
}

/** Test helper: the value `getLanguage()` returns. */
export function setLanguage(code: string): void {
  language = code;
}

const customIcons = new Map<string, string>();

/** Obsidian's addIcon: registers an SVG body under an id. */
export function addIcon(iconId: string, svgContent: string): void {
  customIcons.set(iconId, svgContent);
}

export function removeIcon(iconId: string): void {
  customIcons.delete(iconId);
}

/** Test helper: the ids registered with `addIcon`. */
export function customIconIds(): string[] {
  return [...customIcons.keys()];
}

/**
 * Obsidian's setIcon: replaces the children of `parent` with an `<svg class="svg-icon lucide-…">`. The fake has no
 * icon artwork; the id is on the svg as `data-icon` so tests can check which icon was set.
 */
export function setIcon(parent: HTMLElement, iconId: string): void {
  parent.empty();
  parent.createSvg('svg', {
    cls: ['svg-icon', `lucide-${iconId}`],
    attr: { 'data-icon': iconId, viewBox: '0 0 24 24', width: 24, height: 24 },
  });
}

/** Obsidian's setTooltip: the tooltip text is the element's aria-label. */
export function setTooltip(el: HTMLElement, tooltip: string): void {
  el.setAttr('aria-label', tooltip);
}

/**
 * Obsidian's debounce: `cb` runs `timeout` ms after the first call (with the latest arguments), or after the last
 * call when `resetTimer` is true. `cancel()` drops a pending call, `run()` runs it now.
 */
export function debounce<T extends unknown[], V>(
  cb: (...args: [...T]) => V,
  timeout = 0,
  resetTimer = false,
): Debouncer<T, V> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pendingArgs: T | null = null;
  const fire = (): V | void => {
    timer = null;
    if (pendingArgs === null) return;
    const args = pendingArgs;
    pendingArgs = null;
    return cb(...args);
  };
  const debounced = function (this: unknown, ...args: [...T]) {
    pendingArgs = args as T;
    if (timer !== null && resetTimer) {
      clearTimeout(timer);
      timer = null;
    }
    if (timer === null) timer = setTimeout(fire, timeout);
    return debounced;
  } as Debouncer<T, V>;
  debounced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pendingArgs = null;
    return debounced;
  };
  debounced.run = () => {
    if (timer !== null) clearTimeout(timer);
    return fire();
  };
  return debounced;
}

/** The Obsidian version the fake stands for (the obsidian types package it is checked against). */
export const apiVersion = '1.13.1';

/** True when `version` is at most `apiVersion`. */
export function requireApiVersion(version: string): boolean {
  const want = version.split('.').map(Number);
  const have = apiVersion.split('.').map(Number);
  for (let i = 0; i < Math.max(want.length, have.length); i++) {
    const diff = (have[i] ?? 0) - (want[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  return true;
}

export function arrayBufferToBase64(buffer: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function base64ToArrayBuffer(base64: string): ArrayBuffer {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
