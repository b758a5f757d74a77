/**
 * The virtual clock's timer queue against a plain list: timers of both kinds (foreground,
 * background), some cleared, some set from inside a firing timer, fire in due-time order, ties in
 * the order they were set, and `nextDue(true)` is the earliest live foreground timer.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/kernel/clock.ts';
import { createRng } from '../../src/kernel/rng.ts';

interface Listed {
  id: number;
  due: number;
  background: boolean;
}

/** The earliest of `timers` by due time, then id: what the clock should fire or report next. */
const earliest = (timers: Iterable<Listed>): Listed | undefined => {
  let best: Listed | undefined;
  for (const t of timers) if (!best || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
  return best;
};

describe('VirtualClock', () => {
  it('fires foreground and background timers in one order (due time, then creation) and skips cleared ones', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('fg 100'), 100);
    clock.setTimeout(() => fired.push('bg 50'), 50, true);
    clock.setTimeout(() => fired.push('bg 100'), 100, true);
    const gone = clock.setTimeout(() => fired.push('cleared'), 20);
    clock.setTimeout(() => fired.push('fg 100 again'), 100);
    clock.clearTimeout(gone);
    expect(clock.nextDue()).toBe(50);
    expect(clock.nextDue(true)).toBe(100);
    clock.set(100);
    expect(fired).toEqual(['bg 50', 'fg 100', 'bg 100', 'fg 100 again']);
    expect(clock.nextDue()).toBeNull();
  });

  it('agrees with a plain list over thousands of random timers of both kinds', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rng = createRng(seed);
      const clock = new VirtualClock();
      const live = new Map<number, Listed>();
      const wrong: string[] = [];
      let fired = 0;
      const add = (): void => {
        const background = rng.int(3) === 0;
        const delay = rng.int(4) * 25;
        // Some timers set another when they fire, as a periodic check does (at once, too: delay 0).
        const chain = rng.int(4) === 0;
        const id: number = clock.setTimeout(
          () => {
            // The list's earliest live timer is the one that fires, at its due time.
            const next = earliest(live.values());
            if (next?.id !== id || clock.now() !== next.due) wrong.push(`${id} fired at ${clock.now()}, expected ${next?.id} at ${next?.due}`);
            live.delete(id);
            fired++;
            if (chain) add();
          },
          delay,
          background,
        );
        live.set(id, { id, due: clock.now() + delay, background });
      };
      for (let round = 0; round < 500; round++) {
        for (let i = rng.int(6); i > 0; i--) add();
        if (live.size > 0 && rng.int(3) === 0) {
          const ids = [...live.keys()];
          const id = ids[rng.int(ids.length)]!;
          clock.clearTimeout(id);
          live.delete(id);
        }
        expect(clock.nextDue()).toBe(earliest(live.values())?.due ?? null);
        expect(clock.nextDue(true)).toBe(earliest([...live.values()].filter((t) => !t.background))?.due ?? null);
        clock.increment(rng.int(60));
        expect([...live.values()].filter((t) => t.due <= clock.now())).toEqual([]);
      }
      expect(wrong).toEqual([]);
      expect(fired).toBeGreaterThan(1_000);
    }
  });
});
