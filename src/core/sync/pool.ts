/** An ordered worker pool: items taken in order by a bounded number of workers, results kept in item order, stopping at an abort. */

export interface PoolResult<R> {
  /** One slot per item, in item order; undefined for an item never started (the signal stopped the pool first). */
  results: Array<R | undefined>;
  /** Whether the signal stopped the pool before every item was taken. */
  aborted: boolean;
}

/**
 * Runs `work` over the items with at most `concurrency` at once, taking items in order. A worker checks the signal
 * before taking the next item; an item already started runs to its end (its own work watches the signal).
 */
export async function runPool<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
  opts: { concurrency: number; signal?: AbortSignal; onDone?: (item: T, done: number) => void },
): Promise<PoolResult<R>> {
  const results = new Array<R | undefined>(items.length);
  let next = 0;
  let done = 0;
  let aborted = false;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      if (opts.signal?.aborted) {
        aborted = true;
        return;
      }
      const i = next++;
      results[i] = await work(items[i]!, i);
      opts.onDone?.(items[i]!, ++done);
    }
  };
  const size = Math.max(1, Math.min(opts.concurrency, items.length));
  await Promise.all(Array.from({ length: size }, worker));
  return { results, aborted };
}

/**
 * Turns taken in item order: item i may start its turn once item i-1 has ended its own (or never had to wait), so
 * something done out of completion order (choosing a new note's path) still happens in list order.
 */
export class Turns {
  private readonly ends: Array<() => void> = [];
  private readonly ended: Array<Promise<void>> = [];

  constructor(count: number) {
    for (let i = 0; i < count; i++) this.ended.push(new Promise<void>((resolve) => this.ends.push(resolve)));
  }

  /** Resolves when the turn before item i has ended. */
  before(i: number): Promise<void> | undefined {
    return i > 0 ? this.ended[i - 1] : undefined;
  }

  /** Ends item i's turn (again is harmless). */
  end(i: number): void {
    this.ends[i]?.();
  }
}
