/**
 * viewAt indexed by time: the view it gives at many instants of every step of every scene of
 * chapters 1 and 2 (and of the stress page's synthetic trace, and a run with faults injected by
 * hand) is the one the whole-trace fold gave before it was indexed: tests/golden/views.json holds
 * a hash of each of those views, captured before the change (`CAPTURE_VIEWS=1 npx vitest run
 * tests/unit/stage-view-index.test.ts` writes it again). And a frame's work does not grow with
 * the trace before it: a frame reads about as many trace events after 10,000 messages as after
 * 1,000.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/actors/nats/types.ts';
import { runScene, type Injection } from '../../src/chapters/engine.ts';
import { floodScene } from '../../src/chapters/nats/flood.ts';
import { scenes as chapter1 } from '../../src/chapters/nats/scenes.ts';
import { scenes as chapter2 } from '../../src/chapters/future/scenes.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { stressTrace } from '../../src/chapters/nats/stressTrace.ts';
import { settledAt, viewAt, type ViewOptions } from '../../src/stage/view.ts';

const GOLDEN = new URL('../golden/views.json', import.meta.url);
const capture = process.env.CAPTURE_VIEWS === '1';

const hash = (x: unknown): string => createHash('sha1').update(JSON.stringify(x)).digest('hex').slice(0, 16);

/** Up to `most` instants of [t0, tEnd]: its ends, the step's event times and arrivals, and the midpoints between them. */
function instants(trace: readonly TraceEvent[], t0: number, tEnd: number, most = 14): number[] {
  const at = new Set<number>([t0, tEnd]);
  for (const e of trace) {
    if (e.t >= t0 && e.t <= tEnd) at.add(e.t);
    if (e.arrives !== undefined && e.arrives >= t0 && e.arrives <= tEnd) at.add(e.arrives);
  }
  const sorted = [...at].sort((a, b) => a - b);
  const all = sorted.flatMap((x, i) => (i === 0 ? [x] : [(sorted[i - 1]! + x) / 2, x]));
  if (all.length <= most) return all;
  return Array.from({ length: most }, (_, k) => all[Math.round((k * (all.length - 1)) / (most - 1))]!);
}

interface Case {
  id: string;
  scene: Scene;
  trace: TraceEvent[];
  times: number[];
  opts: ViewOptions;
}

/** Every step of a scene, sampled as the deck plays it (landed at the step's start, the verdict at the very end). */
function sceneCases(scene: Scene, faults: readonly Injection[] = [], tag = ''): Case[] {
  return scene.steps.map((_, k) => {
    const r = runScene(scene, k, { faults });
    const tEnd = settledAt(r.trace, r.t1);
    const last = k === scene.steps.length - 1;
    return { id: `${scene.chapter}/${scene.id}${tag}/${k}`, scene, trace: r.trace, times: instants(r.trace, r.t0, tEnd), opts: { step: k, landed: r.stepStart, verdict: last, faults } };
  });
}

function cases(): Case[] {
  const happy = chapter1.find((s) => s.id === 'happy-path')!;
  const injected: Injection[] = [
    { step: 1, atMs: 0, command: { do: 'fail-writes', listener: 'A', count: 1 } },
    { step: 2, atMs: 0, command: { do: 'lose-acks', listener: 'B', count: 1 } },
  ];
  const stress = stressTrace({ messages: 300, inFlight: 60, windowMs: 600, processMs: 2 });
  const flood = floodScene(300, { steps: 1, processMs: 2 });
  return [
    ...[...chapter1, ...chapter2].flatMap((s) => sceneCases(s)),
    ...sceneCases(happy, injected, '+faults'),
    { id: 'stress/300', scene: flood, trace: stress.trace, times: instants(stress.trace, stress.from - 900, stress.from + 600, 40), opts: { step: 0 } },
  ];
}

describe('viewAt indexed by time', () => {
  it('gives the views the whole-trace fold gave, at many instants of every step of both chapters', () => {
    const got = Object.fromEntries(cases().map((c) => [c.id, c.times.map((t) => `${t}:${hash(viewAt(c.scene, c.trace, t, c.opts))}`)]));
    if (capture) writeFileSync(GOLDEN, `${JSON.stringify(got, null, 1)}\n`);
    const want = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string[]>;
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const [id, views] of Object.entries(want)) expect(got[id], id).toEqual(views);
  });

  it('gives the same view whichever order the frames are asked in (forward, backward, jumping)', () => {
    const c = cases().find((x) => x.id === 'stress/300')!;
    const forward = c.times.map((t) => hash(viewAt(c.scene, c.trace, t, c.opts)));
    const copy = [...c.trace];
    const backward = [...c.times].reverse().map((t) => hash(viewAt(c.scene, copy, t, c.opts))).reverse();
    expect(backward).toEqual(forward);
  });

  it('sees events appended to a trace it has already indexed (live mode grows its trace in place)', () => {
    const { trace, from } = stressTrace({ messages: 200, inFlight: 40, windowMs: 300, processMs: 2 });
    const scene = floodScene(200, { steps: 1, processMs: 2 });
    const growing = trace.slice(0, trace.length / 2);
    viewAt(scene, growing, from, { step: 0 });
    growing.push(...trace.slice(trace.length / 2));
    expect(viewAt(scene, growing, from + 200, { step: 0 })).toEqual(viewAt(scene, [...trace], from + 200, { step: 0 }));
  });

  it('reads about as many trace events per frame after 10,000 messages as after 1,000', () => {
    /** The most trace events one frame read, over frames 16 ms apart through 1.5 s after `from`. */
    const worstFrame = (messages: number): { reads: number; length: number } => {
      const { trace, from } = stressTrace({ messages, inFlight: 200, windowMs: 1_500, processMs: 2 });
      const scene = floodScene(messages, { steps: 1, processMs: 2 });
      let reads = 0;
      const counted = new Proxy(trace, {
        get(target, key, receiver) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      // The step's start: what is precomputed once per step.
      viewAt(scene, counted, from, { step: 0 });
      let worst = 0;
      for (let t = from + 16; t <= from + 1_500; t += 16) {
        reads = 0;
        viewAt(scene, counted, t, { step: 0 });
        worst = Math.max(worst, reads);
      }
      return { reads: worst, length: trace.length };
    };
    const small = worstFrame(1_000);
    const large = worstFrame(10_000);
    expect(large.length).toBeGreaterThan(5 * small.length);
    expect(large.reads).toBeLessThanOrEqual(small.reads * 1.25 + 50);
    expect(large.reads).toBeLessThan(large.length / 20);
  });

  it('the stress page synthesises a trace with the shape of a real flood run', () => {
    const real = runScene(floodScene(6, { steps: 1, processMs: 2 }), 0).trace;
    const synthetic = stressTrace({ messages: 6, inFlight: 10, windowMs: 0, processMs: 2 }).trace.filter((e) => e.msg === undefined || e.msg <= 6);
    /** Per message: its events' kinds and fields (but the narration's notes), in order; the subscriptions of each listener. */
    const shape = (trace: readonly TraceEvent[]) => {
      const per = new Map<string, string[]>();
      for (const e of trace) {
        const key = e.msg === undefined ? `${e.kind}:${e.from}:${e.channel}` : String(e.msg);
        per.set(key, [...(per.get(key) ?? []), `${e.kind}(${Object.keys(e).filter((k) => k !== 'note').sort().join(',')})`]);
      }
      return Object.fromEntries(per);
    };
    expect(shape(synthetic)).toEqual(shape(real));
  });
});
