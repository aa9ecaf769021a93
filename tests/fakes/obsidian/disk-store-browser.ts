// Owns the browser stand-in for the disk-backed store: there is no disk in the browser build.
import type { StoreStat, VaultStore } from './store';

/** In the browser build `new FakeVault({ root })` fails loudly instead of silently using memory. */
export class DiskStore implements VaultStore {
  constructor(readonly root: string) {
    throw new Error('fake obsidian: a disk-backed vault ({ root }) needs Node; use the in-memory vault in the browser');
  }
  stat(): StoreStat | null {
    return null;
  }
  readText(): string {
    return '';
  }
  readBytes(): Uint8Array {
    return new Uint8Array();
  }
  write(): void {}
  mkdir(): void {}
  removeFile(): void {}
  removeFolder(): void {}
  rename(): void {}
  list(): { files: string[]; folders: string[] } {
    return { files: [], folders: [] };
  }
}
