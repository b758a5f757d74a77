/**
 * The world's virtual clock: xstate's SimulatedClock with two things a simulation needs and the
 * original hides. Timers due at the same moment fire in the order they were set (the original
 * sorts with a comparator that leaves ties to the sort algorithm), and `nextDue()` tells when the
 * next timer fires, so the world can jump straight to it. Timers live in a binary heap.
 */
import { SimulatedClock } from 'xstate';
import type { Ms } from './types.ts';

/** Thrown when one move of the clock fires more timers than MAX_FIRINGS: timers that keep rescheduling themselves at the same instant. */
export class RunawayError extends Error {}

/** Timers the clock may fire at one and the same instant before it is taken for a runaway (the busiest scenes fire a few thousand). */
export const MAX_FIRINGS = 100_000;

interface Timer {
  id: number;
  due: Ms;
  fn: () => void;
}

const before = (a: Timer, b: Timer): boolean => a.due < b.due || (a.due === b.due && a.id < b.id);

export class VirtualClock extends SimulatedClock {
  private heap: Timer[] = [];
  private live = new Map<number, Timer>();
  private nowMs: Ms = 0;
  private nextId = 1;

  override now(): Ms {
    return this.nowMs;
  }

  override setTimeout(fn: (...args: unknown[]) => void, timeout: Ms): number {
    const t: Timer = { id: this.nextId++, due: this.nowMs + Math.max(0, timeout), fn };
    this.live.set(t.id, t);
    this.push(t);
    return t.id;
  }

  override clearTimeout(id: number): void {
    this.live.delete(id);
  }

  /** When the next live timer fires, or null. */
  nextDue(): Ms | null {
    this.dropDead();
    return this.heap[0]?.due ?? null;
  }

  /** Ids and due times of the live timers (for the world's quiet check). */
  pending(): IterableIterator<Timer> {
    return this.live.values();
  }

  /** Move to `time`, firing every timer due until then, in order. */
  override set(time: Ms): void {
    if (time < this.nowMs) throw new Error('Unable to travel back in time');
    let fired = 0;
    let instant = Number.NaN;
    for (;;) {
      this.dropDead();
      const top = this.heap[0];
      if (!top || top.due > time) break;
      // Only timers at one instant count: a long jump may pass any number of timers on its way.
      if (top.due !== instant) {
        instant = top.due;
        fired = 0;
      }
      if (++fired > MAX_FIRINGS) throw new RunawayError(`more than ${MAX_FIRINGS.toLocaleString('en-US')} timers fired at ${top.due} ms`);
      this.pop();
      this.live.delete(top.id);
      this.nowMs = top.due;
      top.fn();
    }
    this.nowMs = time;
  }

  override increment(ms: Ms): void {
    this.set(this.nowMs + ms);
  }

  private dropDead(): void {
    while (this.heap.length > 0 && !this.live.has(this.heap[0]!.id)) this.pop();
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
