// Shared set-up for the plugin tests: a fake app whose plugin points at a fake WeRead server, and timer bookkeeping.
import type { PluginManifest } from 'obsidian';
import manifestJson from '../../manifest.json';
import WeReadSyncPlugin from '../../src/main';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings/settings';
import { DEVICE_LOCAL_STORAGE_KEY } from '../../src/obsidian/device-local';
import { domWindow, FakeApp, loadPlugin, resetFakeObsidian, type FakeAppOptions } from '../fakes/obsidian';
import { startFakeWeRead, type FakeWeRead, type FakeWeReadOptions } from '../fakes/weread/server';

export const manifest = manifestJson as PluginManifest;
export const DATA_JSON = (app: FakeApp): string => `${app.vault.configDir}/plugins/${manifest.id}/data.json`;

/** Points this device at the fake server, as the device-local developer setting does (never through data.json). */
export function useServerOnThisDevice(app: FakeApp, fake: Pick<FakeWeRead, 'baseUrl' | 'gatewayUrl'>): void {
  app.saveLocalStorage(DEVICE_LOCAL_STORAGE_KEY, { baseUrl: fake.baseUrl, gatewayUrl: fake.gatewayUrl });
}

/** Writes data.json as if the reader had configured the plugin, and points this device at the fake server. */
export async function seedSettings(app: FakeApp, fake: FakeWeRead, overrides: Partial<Settings> = {}): Promise<void> {
  useServerOnThisDevice(app, fake);
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    minRequestSpacingMs: 0,
    requestTimeoutMs: 5000,
    ...overrides,
  };
  await app.vault.adapter.mkdir(`${app.vault.configDir}/plugins/${manifest.id}`);
  await app.vault.adapter.write(DATA_JSON(app), JSON.stringify(settings));
}

/** A fresh start for one plugin test: the obsidian fake reset, a fake WeRead server (the caller closes it), a new app. */
export async function freshAppAndServer(
  server: FakeWeReadOptions = {},
  app: FakeAppOptions = {},
): Promise<{ fake: FakeWeRead; app: FakeApp }> {
  resetFakeObsidian();
  return { fake: await startFakeWeRead(server), app: new FakeApp(app) };
}

/** The reader signed in on this device: the cookie in SecretStorage and, with `both`, the API key too. */
export function signIn(app: FakeApp, fake: FakeWeRead, credentials: 'cookie' | 'both' = 'cookie'): void {
  if (credentials === 'both') app.secretStorage.setSecret('weread-api-key', fake.apiKey);
  app.secretStorage.setSecret('weread-cookie', fake.cookieHeader);
}

/** A configured reader: data.json with `overrides`, this device on the fake server, signed in (see `signIn`). */
export async function configure(
  app: FakeApp,
  fake: FakeWeRead,
  overrides: Partial<Settings> = {},
  credentials: 'cookie' | 'both' = 'cookie',
): Promise<void> {
  await seedSettings(app, fake, overrides);
  signIn(app, fake, credentials);
}

export function newPlugin(app: FakeApp): WeReadSyncPlugin {
  return new WeReadSyncPlugin(app.asApp(), manifest);
}

export async function loadedPlugin(app: FakeApp): Promise<WeReadSyncPlugin> {
  const plugin = newPlugin(app);
  await loadPlugin(plugin);
  return plugin;
}

/** Loads the plugin and makes the layout ready, as Obsidian does at start-up (the start-up sync runs if it is on). */
export async function startedPlugin(app: FakeApp): Promise<WeReadSyncPlugin> {
  const plugin = await loadedPlugin(app);
  await app.triggerLayoutReady();
  return plugin;
}

/** `bookId` from each note's frontmatter, by path. */
export function notesByBookId(app: FakeApp, folder = 'WeRead'): Map<string, string> {
  const found = new Map<string, string>();
  for (const path of app.vault.filePaths()) {
    if (!path.startsWith(`${folder}/`)) continue;
    const text = app.vault.readPath(path) ?? '';
    const id = /^bookId:\s*["']?([^"'\s]+)/m.exec(/^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '')?.[1];
    if (id) found.set(id, path);
  }
  return found;
}

/** Tracks the window timers the plugin starts, so a test can assert none is left running. */
export function trackTimers(): { active: () => number; restore: () => void } {
  const win = domWindow() as unknown as Record<string, (...args: any[]) => any>;
  const original = {
    setTimeout: win.setTimeout!,
    clearTimeout: win.clearTimeout!,
    setInterval: win.setInterval!,
    clearInterval: win.clearInterval!,
  };
  const live = new Set<unknown>();
  win.setTimeout = (fn: () => void, ms?: number, ...rest: unknown[]) => {
    const id = original.setTimeout(
      (...args: unknown[]) => {
        live.delete(id);
        (fn as (...a: unknown[]) => void)(...args);
      },
      ms,
      ...rest,
    );
    live.add(id);
    return id;
  };
  win.clearTimeout = (id: unknown) => {
    live.delete(id);
    original.clearTimeout(id);
  };
  win.setInterval = (fn: () => void, ms?: number, ...rest: unknown[]) => {
    const id = original.setInterval(fn, ms, ...rest);
    live.add(id);
    return id;
  };
  win.clearInterval = (id: unknown) => {
    live.delete(id);
    original.clearInterval(id);
  };
  return {
    active: () => live.size,
    restore: () => Object.assign(win, original),
  };
}
