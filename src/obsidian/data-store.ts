/** KeyValueStore files under the plugin's folder in the config dir (`state-*.json`, `cache-*.json`), beside but never inside data.json. */
import { normalizePath, type DataAdapter } from 'obsidian';
import type { KeyValueStore } from '../core/ports';

/** Keys become file names: anything outside [A-Za-z0-9._-] is replaced, so a key never escapes the folder. */
export function keyToFileName(prefix: string, key: string): string {
  return `${prefix}-${key.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')}.json`;
}

/** One KeyValueStore: `${dir}/${prefix}-${key}.json` through the vault adapter (works on desktop and mobile). */
export class AdapterKeyValueStore implements KeyValueStore {
  constructor(
    private readonly adapter: DataAdapter,
    /** e.g. `${vault.configDir}/plugins/${manifest.id}` */
    private readonly dir: string,
    private readonly prefix: string,
  ) {}

  private path(key: string): string {
    return normalizePath(`${this.dir}/${keyToFileName(this.prefix, key)}`);
  }

  async get(key: string): Promise<string | null> {
    const path = this.path(key);
    return (await this.adapter.exists(path)) ? this.adapter.read(path) : null;
  }

  async set(key: string, value: string): Promise<void> {
    const dir = normalizePath(this.dir);
    if (!(await this.adapter.exists(dir))) await this.adapter.mkdir(dir);
    await this.adapter.write(this.path(key), value);
  }

  async delete(key: string): Promise<void> {
    const path = this.path(key);
    if (await this.adapter.exists(path)) await this.adapter.remove(path);
  }
}

/** The plugin's own folder inside the config dir (never a hard-coded `.obsidian`). */
export function pluginDataDir(configDir: string, pluginId: string): string {
  return normalizePath(`${configDir}/plugins/${pluginId}`);
}
