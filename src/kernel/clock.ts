/**
 * The world's virtual clock: what xstate's SimulatedClock does (xstate sets its delayed events on
 * it), with what a simulation needs and the original hides. Timers due at the same moment fire in the order they were set (the original
 * sorts with a comparator that leaves ties to the sort algorithm), and `nextDue()` tells when the
 * next timer fires, so the world can jump straight to it. A timer is foreground (work someone
 * waits for: every timer xstate sets) or background (a periodic check that only keeps the world
 * ticking); each kind lives in its own binary heap ordered by due time, then creation, so both
 * "when is the next timer" and "when is the next foreground timer" are a look at a heap's top.
 * A cleared timer stays in its heap until it reaches the top, where it is dropped.
 *
 * @example
 *   const clock = new VirtualClock();
 *   clock.setTimeout(() => console.log('check'), 500, true); // background
 *   clock.setTimeout(() => console.log('done'), 1_000);
 *   clock.nextDue();     // 500
 *   clock.nextDue(true); // 1000
 *   clock.set(1_000);    // logs "check", then "done"
 */
import type { Ms } from './types.ts';

/** Thrown when one move of the clock fires more timers than MAX_FIRINGS: timers that keep rescheduling themselves at the same instant. */
export class RunawayError extends Error {}

/** Timers the clock may fire at one and the same instant before it is taken for a runaway (the busiest scenes fire a few thousand). */
export const MAX_FIRINGS = 100_000;

/** A timer: when it fires, and what it does — `fn`, handed the timer itself, which may carry the message it delivers. */
export interface Timer {
  id: number;
  due: Ms;
  fn: (t: Timer) => void;
  /** A message to deliver when it fires (the world's timers carry it here rather than in a closure). */
  to?: string;
  event?: { type: string; [k: string]: unknown };
  /** The key it was set under, if any. */
  key?: string;
  /** Cleared: it stays in its heap until it reaches the top, and is dropped there. */
  dead?: boolean;
}

const before = (a: Timer, b: Timer): boolean => a.due < b.due || (a.due === b.due && a.id < b.id);

/** A binary min-heap of timers by due time, then id (the order they were set in). */
class TimerHeap {
  private readonly h: Timer[] = [];

  get top(): Timer | undefined {
    return this.h[0];
  }

  push(t: Timer): void {
    const h = this.h;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(t, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = t;
  }

  pop(): void {
    const h = this.h;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = l < h.length && before(h[l]!, last) ? l : -1;
      if (r < h.length && before(h[r]!, m === -1 ? last : h[l]!)) m = r;
      if (m === -1) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = last;
  }
}

export class VirtualClock {
  private readonly foreground = new TimerHeap();
  private readonly background = new TimerHeap();
  /** Timers set through `setTimeout` (xstate's), by id, for `clearTimeout`; the world's own timers are cleared through `clear`. */
  private byId: Map<number, Timer> | undefined;
  private nowMs: Ms = 0;
  private nextId = 1;

  now(): Ms {
    return this.nowMs;
  }

  /** Set a timer `timeout` ms from now; a `background` one does not count for `nextDue(true)`. Returns its id. */
  setTimeout(fn: (...args: unknown[]) => void, timeout: Ms, background = false): number {
    const t = this.deliverLater(fn as (t: Timer) => void, timeout, background, undefined, undefined, undefined);
    (this.byId ??= new Map()).set(t.id, t);
    return t.id;
  }

  /**
   * Set a timer that hands itself to `fire`, carrying a message (to, event) and a key: one shared
   * `fire` for every message, so no closure is made per timer. Returns the timer, for `clear`.
   */
  deliverLater(fire: (t: Timer) => void, timeout: Ms, background: boolean, to: string | undefined, event: Timer['event'], key: string | undefined): Timer {
    const t: Timer = { id: this.nextId++, due: this.nowMs + Math.max(0, timeout), fn: fire, to, event, key, dead: false };
    (background ? this.background : this.foreground).push(t);
    return t;
  }

  clearTimeout(id: number): void {
    const t = this.byId?.get(id);
    if (t === undefined) return;
    this.byId!.delete(id);
    t.dead = true;
  }

  /** Clear a timer `deliverLater` set. */
  clear(t: Timer): void {
    t.dead = true;
  }

  /** When the next live timer fires, or null; with `foregroundOnly`, background timers are not counted. */
  nextDue(foregroundOnly = false): Ms | null {
    return (foregroundOnly ? this.liveTop(this.foreground) : this.first())?.due ?? null;
  }

  /** Move to `time`, firing every timer due until then, in order. */
  set(time: Ms): void {
    if (time < this.nowMs) throw new Error('Unable to travel back in time');
    let fired = 0;
    let instant = Number.NaN;
    for (;;) {
      const top = this.first();
      if (!top || top.due > time) break;
      // Only timers at one instant count: a long jump may pass any number of timers on its way.
      if (top.due !== instant) {
        instant = top.due;
        fired = 0;
      }
      if (++fired > MAX_FIRINGS) throw new RunawayError(`more than ${MAX_FIRINGS.toLocaleString('en-US')} timers fired at ${top.due} ms`);
      (this.foreground.top === top ? this.foreground : this.background).pop();
      top.dead = true;
      if (this.byId !== undefined && top.to === undefined) this.byId.delete(top.id);
      this.nowMs = top.due;
      top.fn(top);
    }
    this.nowMs = time;
  }

  increment(ms: Ms): void {
    this.set(this.nowMs + ms);
  }

  /** The live timer that fires next, of either kind. */
  private first(): Timer | undefined {
    const f = this.liveTop(this.foreground);
    const b = this.liveTop(this.background);
    return !b || (f && before(f, b)) ? f : b;
  }

  /** A heap's earliest live timer, after dropping the cleared ones above it. */
  private liveTop(heap: TimerHeap): Timer | undefined {
    while (heap.top?.dead) heap.pop();
    return heap.top;
  }
}
