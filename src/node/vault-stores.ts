/** Where the CLI keeps a vault's notes, sync state and cache: the vault itself and `<vault>/.weread-sync/` (state/, cache/, vault-scan.json), nothing written outside the vault. */
import path from 'node:path';
import type { ServicePorts } from '../core/service';
import { CompactCache } from '../core/weread/compact-cache';
import { FsKeyValueStore, FsNoteStore } from './fs-store';

/** The dot folder at a vault's root that holds what the CLI remembers between runs. */
export const SYNC_DATA_FOLDER = '.weread-sync';

/** The note store, state and cache of a vault, laid out as every CLI run (and the scale benchmark) uses them. */
export function vaultStores(vault: string): Pick<ServicePorts, 'store' | 'state' | 'cache'> {
  const dir = path.join(vault, SYNC_DATA_FOLDER);
  return {
    store: new FsNoteStore(vault, path.join(dir, 'vault-scan.json')),
    state: new FsKeyValueStore(path.join(dir, 'state'), vault),
    cache: new CompactCache(new FsKeyValueStore(path.join(dir, 'cache'), vault)),
  };
}
