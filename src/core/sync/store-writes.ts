/** How the sync writes its own files through a KeyValueStore: shards chosen by hash, large values compressed where the store can, each read-merge-write of a key alone, and writes one after another. */
import type { KeyValueStore } from '../ports';
import { hashText } from './state';

/** The shard (of `count`) a key's entry lives in: stable across runs and devices. */
export function shardIndex(key: string, count: number): number {
  return parseInt(hashText(key).slice(-4), 16) % count;
}

/** Stores a large value compressed where the store can (`setCompressed`), plain otherwise (`get` reads both). */
export function setLarge(kv: KeyValueStore, key: string, text: string): Promise<void> {
  return kv.setCompressed ? kv.setCompressed(key, text) : kv.set(key, text);
}

/** A read-merge-write of one key, with no other process doing one for that key meanwhile (where the store can). */
export function exclusively<T>(kv: KeyValueStore, key: string, work: () => Promise<T>): Promise<T> {
  return kv.exclusive ? kv.exclusive(key, work) : work();
}

/**
 * Tasks run one after another, each once the one before has settled (failed or not). Only the order is kept: a
 * settled task's value is not held by the queue.
 */
export class Serial {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const done = this.last.then(task);
    this.last = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }
}
