// The ordered worker pool: bounded concurrency, results in item order, stops taking items once the signal aborts.
import { describe, expect, it } from 'vitest';
import { runPool, Turns } from '../../../src/core/sync/pool';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runPool', () => {
  it('keeps results in item order whatever order the work finishes in, and never runs more than asked', async () => {
    let running = 0;
    let peak = 0;
    const delays = [30, 5, 20, 1, 10, 2];
    const done: number[] = [];
    const { results, aborted } = await runPool(
      delays,
      async (ms, i) => {
        peak = Math.max(peak, ++running);
        await sleep(ms);
        running--;
        return `item ${i}`;
      },
      { concurrency: 2, onDone: (_, n) => done.push(n) },
    );
    expect(results).toEqual(delays.map((_, i) => `item ${i}`));
    expect(peak).toBe(2);
    expect(done).toEqual([1, 2, 3, 4, 5, 6]);
    expect(aborted).toBe(false);
  });

  it('takes no new item once the signal aborts; items started run to their end', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const { results, aborted } = await runPool(
      [0, 1, 2, 3, 4],
      async (x) => {
        started.push(x);
        if (x === 1) controller.abort();
        await sleep(5);
        return x * 10;
      },
      { concurrency: 2, signal: controller.signal },
    );
    expect(started).toEqual([0, 1]);
    expect(results).toEqual([0, 10, undefined, undefined, undefined]);
    expect(aborted).toBe(true);
  });

  it('runs nothing for no items', async () => {
    expect(await runPool([], () => Promise.resolve(1), { concurrency: 4 })).toEqual({ results: [], aborted: false });
  });
});

describe('Turns', () => {
  it('lets item i go only after item i-1 ended its turn, whatever order they reach it in', async () => {
    const turns = new Turns(3);
    const order: number[] = [];
    const take = async (i: number, delay: number) => {
      await sleep(delay);
      await turns.before(i);
      order.push(i);
      turns.end(i);
    };
    await Promise.all([take(2, 0), take(0, 15), take(1, 5)]);
    expect(order).toEqual([0, 1, 2]);
    expect(turns.before(0)).toBeUndefined();
  });
});
