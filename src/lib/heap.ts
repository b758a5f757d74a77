/**
 * A binary min-heap under an order of your choosing: push, and look at or take the least.
 * (The kernel's clock keeps its own heap of timers, tuned for its hot path and inside the kernel.)
 * @example const h = new MinHeap<number>((a, b) => a < b); h.push(3); h.push(1); h.pop() // 1
 */
export class MinHeap<T> {
  private readonly items: T[] = [];
  private readonly before: (a: T, b: T) => boolean;

  constructor(before: (a: T, b: T) => boolean) {
    this.before = before;
  }

  get size(): number {
    return this.items.length;
  }

  /** The least item, left in place. */
  get top(): T | undefined {
    return this.items[0];
  }

  push(x: T): void {
    const h = this.items;
    let i = h.length;
    h.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(x, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = x;
  }

  /** Takes the least item out and returns it (undefined when empty). */
  pop(): T | undefined {
    const h = this.items;
    const least = h[0];
    const last = h.pop();
    if (h.length === 0 || last === undefined) return least;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = l < h.length && this.before(h[l]!, last) ? l : -1;
      if (r < h.length && this.before(h[r]!, m === -1 ? last : h[l]!)) m = r;
      if (m === -1) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = last;
    return least;
  }
}
