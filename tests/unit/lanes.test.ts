/**
 * Token lanes (view.ts's tokenLanes) and the heap under them (lib/heap.ts). A hop takes the
 * lowest lane of its stretch that no earlier hop still in flight holds: checked against the plain
 * scan it replaced, on random traces with bursts of hops sent at one instant, and the heap
 * against a sort.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/actors/nats/types.ts';
import { MinHeap } from '../../src/lib/heap.ts';
import { tokenLanes } from '../../src/stage/view.ts';

/** The lanes as the first version worked them out: for each hop, scan its stretch's lanes from the lowest. */
function scanned(trace: readonly TraceEvent[]): Map<number, number> {
  const stretchOf: Record<string, string> = { publish: 'publish', deliver: 'link', redeliver: 'link', ack: 'link', 'ack-lost': 'link' };
  const lanes = new Map<number, number>();
  const until = new Map<string, number[]>();
  trace.forEach((e, i) => {
    const stretch = stretchOf[e.kind];
    if (!stretch || e.arrives === undefined) return;
    const mine = until.get(stretch) ?? [];
    until.set(stretch, mine);
    let lane = 0;
    while (lane < mine.length && mine[lane]! > e.t) lane++;
    lanes.set(i, lane);
    mine[lane] = Math.max(mine[lane] ?? -Infinity, e.arrives);
  });
  return lanes;
}

const hop = fc.record({
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 })),
  kind: fc.constantFrom('publish', 'deliver', 'redeliver', 'ack', 'ack-lost', 'store', 'process-start'),
  flight: fc.integer({ min: 0, max: 1_000 }),
});

describe('token lanes', () => {
  it('the lowest lane free of hops still in flight, as the plain scan gives, on 500 random traces', () => {
    fc.assert(
      fc.property(fc.array(hop, { maxLength: 300 }), (hops) => {
        let t = 0;
        const trace = hops.map(({ gap, kind, flight }): TraceEvent => {
          t += gap;
          return { t, kind, arrives: t + flight } as TraceEvent;
        });
        expect(tokenLanes(trace)).toEqual(scanned(trace));
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  it('a burst of 5,000 hops at one instant takes 5,000 lanes, and the next after they land starts again at lane 0', () => {
    const trace = [...Array.from({ length: 5_000 }, (): TraceEvent => ({ t: 0, kind: 'publish', arrives: 300 }) as TraceEvent), { t: 300, kind: 'publish', arrives: 600 } as TraceEvent];
    const lanes = tokenLanes(trace);
    expect(lanes.get(4_999)).toBe(4_999);
    expect(lanes.get(5_000)).toBe(0);
  });
});

describe('MinHeap', () => {
  it('gives back what it was given, least first', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (xs) => {
        const h = new MinHeap<number>((a, b) => a < b);
        for (const x of xs) h.push(x);
        expect(h.size).toBe(xs.length);
        const out: number[] = [];
        while (h.size > 0) out.push(h.pop()!);
        expect(out).toEqual([...xs].sort((a, b) => a - b));
        expect(h.pop()).toBeUndefined();
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
