/** Line edits collected against one segmentation and applied once: insertions before a line index and dropped lines. */

export class LineEdits {
  private readonly inserts = new Map<number, string[]>();
  private readonly dropped = new Set<number>();

  /** Queues lines to go before line `at` (after lines queued there earlier). */
  insert(at: number, lines: readonly string[]): void {
    const list = this.inserts.get(at);
    if (list) list.push(...lines);
    else this.inserts.set(at, [...lines]);
  }

  /** Whether something was queued before line `at`. */
  insertsAt(at: number): boolean {
    return this.inserts.has(at);
  }

  drop(from: number, to: number): void {
    for (let k = from; k < to; k++) this.dropped.add(k);
  }

  isDropped(index: number): boolean {
    return this.dropped.has(index);
  }

  get empty(): boolean {
    return this.inserts.size === 0 && this.dropped.size === 0;
  }

  apply(lines: readonly string[]): string[] {
    if (this.empty) return lines.slice();
    const out: string[] = [];
    for (let i = 0; i <= lines.length; i++) {
      const queued = this.inserts.get(i);
      if (queued) out.push(...queued);
      const line = lines[i];
      if (line !== undefined && !this.dropped.has(i)) out.push(line);
    }
    return out;
  }
}
