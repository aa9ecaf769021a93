// Owns the fake of Obsidian's Events emitter and EventRef (the base of Vault, Workspace and SecretStorage events).
import type { EventRef as RealEventRef } from 'obsidian';

type Listener = (...data: any[]) => unknown;

/** An EventRef that knows its emitter, so `Component.registerEvent` can detach it (as Obsidian's does). */
export interface FakeEventRef extends RealEventRef {
  readonly emitter: Events;
  readonly name: string;
  readonly fn: Listener;
  readonly ctx: unknown;
}

/** Obsidian's `Events`: named listeners with a context; `offref` removes one registration. */
export class Events {
  private listeners: Map<string, FakeEventRef[]> = new Map();

  on(name: string, callback: Listener, ctx?: any): FakeEventRef {
    const ref: FakeEventRef = { emitter: this, name, fn: callback, ctx };
    const list = this.listeners.get(name) ?? [];
    list.push(ref);
    this.listeners.set(name, list);
    return ref;
  }

  off(name: string, callback: Listener): void {
    const list = this.listeners.get(name);
    if (!list) return;
    this.listeners.set(
      name,
      list.filter((ref) => ref.fn !== callback),
    );
  }

  offref(ref: RealEventRef): void {
    const { name } = ref as FakeEventRef;
    const list = this.listeners.get(name);
    if (!list) return;
    this.listeners.set(
      name,
      list.filter((r) => r !== ref),
    );
  }

  trigger(name: string, ...data: unknown[]): void {
    // A copy, so listeners that unsubscribe while running do not skip their neighbours.
    for (const ref of [...(this.listeners.get(name) ?? [])]) this.tryTrigger(ref, data);
  }

  tryTrigger(evt: RealEventRef, args: unknown[]): void {
    const ref = evt as FakeEventRef;
    // Obsidian catches and logs listener errors so one bad listener cannot break the emitter.
    try {
      ref.fn.apply(ref.ctx, args);
    } catch (error) {
      console.error(error);
    }
  }

  /** Test helper: how many listeners are registered for `name`. */
  listenerCount(name: string): number {
    return this.listeners.get(name)?.length ?? 0;
  }
}
