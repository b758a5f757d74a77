/**
 * Chapter 2, scene 8: delayed delivery on SQS, and the SQS family under it (src/actors/sqs).
 * The story on the trace: 7 days sent straight is refused; 2,800 s laps the delay queue three
 * times and reaches the handler 2,800 s after it was sent (plus the network); a relay that
 * crashes between its re-send and its delete makes the handler take the message twice. The
 * hops as a pure function (sqsHops) and the simulated relay agree for any delay (fast-check).
 * Rule tests for the queue: delay, visibility timeout, receive count, redrive, FIFO groups and
 * deduplication.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKernelWorld } from '../../src/actors/xstate.ts';
import { DEDUP_WINDOW_MS, DEFAULT_VISIBILITY_MS, sqsHops } from '../../src/actors/sqs/hops.ts';
import { remainingSeconds } from '../../src/actors/sqs/consumer.ts';
import { deliver, onDelete, onDue, onReceive, onSend, openQueue, type QueueContext } from '../../src/actors/sqs/queue.ts';
import type { SqsTraceEvent } from '../../src/actors/sqs/types.ts';
import { sqsTimeSpace } from '../../src/actors/sqs/timespace.ts';
import { sqsViews } from '../../src/actors/sqs/view.ts';
import { saySqs, sqsName } from '../../src/actors/sqs/words.ts';
import { runScene, type Injection } from '../../src/chapters/engine.ts';
import { breakables, decodeFaults, encodeFaults } from '../../src/chapters/faults.ts';
import { faultFor } from '../../src/actors/index.ts';
import { MAX_STEP_MS, stepFrames } from '../../src/deck/frames.ts';
import { scenes } from '../../src/chapters/future/scenes.ts';
import { readDelay, SEVEN_DAYS_S, SQS_KERNEL, SQS_LATENCY_MS, SQS_SCENE_MAX_DELAY_S, sqsDelay, sqsDelayScene } from '../../src/chapters/future/sqs-delay.ts';
import type { Emitted } from '../../src/actors/sqs/ports.ts';
import type { NodeRef } from '../../src/actors/family.ts';

const sqs = (trace: readonly unknown[]) => trace as SqsTraceEvent[];
const L = SQS_LATENCY_MS;

/** A world of the scene's actors, booted, with one message sent by NServiceBus's routing at time 0 of the send. */
function sendOnce(delaySeconds: number, opts: { straight?: boolean; relayCrashes?: boolean; relayCrashesOnALap?: boolean; relayDownMs?: number } = {}) {
  const kernel = opts.relayDownMs === undefined ? SQS_KERNEL : { ...SQS_KERNEL, actors: SQS_KERNEL.actors.map((a) => (a.name === 'relay' ? { ...a, config: { ...(a.config as object), restartMs: opts.relayDownMs } } : a)) };
  const w = createKernelWorld(kernel);
  w.run({ kind: 'quiet' });
  if (opts.relayCrashes) w.apply({ do: 'sqs.crash-after-send', actor: 'relay', handover: true });
  if (opts.relayCrashesOnALap) w.apply({ do: 'sqs.crash-after-send', actor: 'relay' });
  const sentAt = w.now;
  w.apply({ do: 'sqs.send', sender: 'api', body: '−100', delaySeconds, ...(opts.straight ? { straight: true } : {}) });
  w.run({ kind: 'quiet' });
  const trace = sqs(w.trace);
  /** When each copy reached the handler. */
  const arrivals = trace.filter((e) => e.kind === 'sqs-receive' && e.to === 'handler').map((e) => e.arrives! - sentAt);
  return { trace, sentAt, arrivals };
}

describe('sqsHops: NServiceBus’s way round the 900 s cap', () => {
  it.each([
    { delay: 2_800, seconds: [900, 900, 900, 100], queues: ['delay-queue', 'delay-queue', 'delay-queue', 'destination'], remaining: [2_800, 1_900, 1_000, 100] },
    { delay: 1_925, seconds: [900, 900, 125], queues: ['delay-queue', 'delay-queue', 'destination'], remaining: [1_925, 1_025, 125] },
    { delay: 600, seconds: [600], queues: ['destination'], remaining: [600] },
    { delay: 901, seconds: [900, 1], queues: ['delay-queue', 'destination'], remaining: [901, 1] },
    { delay: 900, seconds: [900], queues: ['destination'], remaining: [900] },
    { delay: 1_800, seconds: [900, 900], queues: ['delay-queue', 'destination'], remaining: [1_800, 900] },
    { delay: 0, seconds: [0], queues: ['destination'], remaining: [0] },
  ])('$delay s → $seconds', ({ delay, seconds, queues, remaining }) => {
    const hops = sqsHops(delay);
    expect(hops.map((h) => h.seconds)).toEqual(seconds);
    expect(hops.map((h) => h.queue)).toEqual(queues);
    expect(hops.map((h) => h.remaining)).toEqual(remaining);
  });

  it('refuses a negative or fractional delay', () => {
    expect(() => sqsHops(-1)).toThrow(RangeError);
    expect(() => sqsHops(1.5)).toThrow(RangeError);
  });

  it('7 days is 671 laps of 900 s, then 900 s on the destination', () => {
    const hops = sqsHops(SEVEN_DAYS_S);
    expect(hops.length).toBe(672);
    expect(hops.at(-1)).toEqual({ queue: 'destination', seconds: 900, remaining: 900 });
  });
});

describe('the simulated world does the hops for real', () => {
  it('2,800 s: three laps (1,900 then 1,000 then 100 left), 100 s on the destination, handled at 2,800 s plus the network', () => {
    const { trace, arrivals } = sendOnce(2_800);
    const decisions = trace.filter((e) => e.kind === 'sqs-relay');
    expect(decisions.map((e) => [e.remaining, e.to])).toEqual([
      [1_900, 'discount-delay.fifo'],
      [1_000, 'discount-delay.fifo'],
      [100, 'discount'],
    ]);
    const stored = trace.filter((e) => e.kind === 'sqs-stored');
    expect(stored.map((e) => [e.queue, e.delaySeconds])).toEqual([
      ['discount-delay.fifo', 900],
      ['discount-delay.fifo', 900],
      ['discount-delay.fifo', 900],
      ['discount', 100],
    ]);
    // Two 50 ms hops (into a queue, out of it) for each of the four waits.
    expect(arrivals).toEqual([2_800_000 + 2 * 4 * L]);
    expect(trace.filter((e) => e.kind === 'sqs-handled')).toHaveLength(1);
  });

  it('600 s goes straight to the destination with DelaySeconds 600: no delay queue, no relay', () => {
    const { trace, arrivals } = sendOnce(600);
    expect(trace.filter((e) => e.kind === 'sqs-send').map((e) => [e.from, e.to, e.delaySeconds])).toEqual([['api', 'discount', 600]]);
    expect(trace.some((e) => e.kind !== 'sqs-ready' && (e.kind === 'sqs-relay' || e.queue === 'discount-delay.fifo'))).toBe(false);
    expect(arrivals).toEqual([600_000 + 2 * L]);
  });

  it('901 s: one lap, then 1 s on the destination', () => {
    const { trace, arrivals } = sendOnce(901);
    expect(trace.filter((e) => e.kind === 'sqs-relay').map((e) => [e.remaining, e.to])).toEqual([[1, 'discount']]);
    expect(trace.filter((e) => e.kind === 'sqs-send' && e.to === 'discount').map((e) => e.delaySeconds)).toEqual([1]);
    expect(arrivals).toEqual([901_000 + 2 * 2 * L]);
  });

  it('DelaySeconds 901 sent straight is refused by the API, and said so', () => {
    const { trace, arrivals } = sendOnce(901, { straight: true });
    const refused = trace.filter((e) => e.kind === 'sqs-refused');
    expect(refused.map((e) => [e.from, e.to, e.delaySeconds])).toEqual([['discount', 'api', 901]]);
    expect(trace.some((e) => e.kind === 'sqs-stored')).toBe(false);
    expect(arrivals).toEqual([]);
    expect(saySqs(refused[0]!, sqsName)).toBe('discount refuses message 1 (−100): DelaySeconds must be between 0 and 900; 901 is not');
  });

  it('property: for any delay up to 14 days, the hops sum to it, every lap is 900 s and the last wait at most 900 s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SQS_SCENE_MAX_DELAY_S }), (delay) => {
        const hops = sqsHops(delay);
        expect(hops.reduce((s, h) => s + h.seconds, 0)).toBe(delay);
        expect(hops.every((h) => h.seconds >= 0 && h.seconds <= 900)).toBe(true);
        expect(hops.slice(0, -1).every((h) => h.seconds === 900 && h.queue === 'delay-queue')).toBe(true);
        expect(hops.at(-1)!.queue).toBe('destination');
      }),
      { numRuns: 500, seed: 8 },
    );
  });

  it('property: for any delay (up to 2 days here; 7 days below), the simulated world delivers at exactly the delay plus 2 × 50 ms per hop, lapping as sqsHops says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * 86_400 }), (delay) => {
        const hops = sqsHops(delay);
        const { trace, arrivals } = sendOnce(delay);
        expect(arrivals).toEqual([delay * 1000 + 2 * hops.length * L]);
        // The relay's decisions are the pure function's remainders, one per lap.
        expect(trace.filter((e) => e.kind === 'sqs-relay').map((e) => e.remaining)).toEqual(hops.slice(1).map((h) => h.remaining));
      }),
      { numRuns: 25, seed: 8 },
    );
  });

  it('a relay that crashes after handing over, before deleting, makes the destination receive the message twice, both at the delay', () => {
    const { trace, arrivals } = sendOnce(2_800, { relayCrashes: true });
    expect(trace.filter((e) => e.kind === 'sqs-crash').map((e) => e.from)).toEqual(['relay']);
    // The copy nobody deleted is received again once its visibility timeout has run out.
    const again = trace.find((e) => e.kind === 'sqs-receive' && e.to === 'relay' && e.receiveCount === 2)!;
    const crash = trace.find((e) => e.kind === 'sqs-crash')!;
    expect(again.t).toBeGreaterThanOrEqual(crash.t + DEFAULT_VISIBILITY_MS - 2 * L);
    expect(trace.filter((e) => e.kind === 'sqs-send' && e.to === 'discount').map((e) => e.delaySeconds)).toEqual([100, 70]);
    expect(arrivals).toHaveLength(2);
    for (const a of arrivals) expect(Math.abs(a - 2_800_000)).toBeLessThan(1_000);
    expect(trace.filter((e) => e.kind === 'sqs-handled').map((e) => e.times)).toEqual([1, 2]);
  });

  it('a relay that crashes on a lap (delay queue to delay queue) makes no duplicate: the FIFO queue drops the second send, its deduplication id seen within 5 minutes', () => {
    const { trace, arrivals } = sendOnce(2_800, { relayCrashesOnALap: true });
    expect(trace.filter((e) => e.kind === 'sqs-crash')).toHaveLength(1);
    expect(trace.filter((e) => e.kind === 'sqs-deduped').map((e) => e.queue)).toEqual(['discount-delay.fifo']);
    expect(arrivals).toEqual([2_800_000 + 2 * 4 * L]);
  });

  it('but a relay down longer than those 5 minutes sends a lap twice, and the handler gets two copies', () => {
    const { trace, arrivals } = sendOnce(2_800, { relayCrashesOnALap: true, relayDownMs: 6 * 60_000 });
    expect(trace.some((e) => e.kind === 'sqs-deduped')).toBe(false);
    expect(arrivals).toHaveLength(2);
    expect(trace.filter((e) => e.kind === 'sqs-handled').map((e) => e.times)).toEqual([1, 2]);
  });

  it('the remaining delay comes from SQS’s timestamps on a first receive, from the clock on a later one, rounded up', () => {
    expect(remainingSeconds({ attrs: { remaining: 2_800 }, sentAt: 50, firstReceiveAt: 900_050, receiveCount: 1 }, 900_100)).toBe(1_900);
    expect(remainingSeconds({ attrs: { remaining: 1_000 }, sentAt: 0, firstReceiveAt: 900_000, receiveCount: 2 }, 930_050)).toBe(70);
    expect(remainingSeconds({ attrs: { remaining: 10 }, sentAt: 0, firstReceiveAt: 900_000, receiveCount: 3 }, 990_000)).toBe(0);
  });
});

/** Runs a queue's rules and keeps what they emitted. */
function run(ctx: QueueContext, steps: ((c: QueueContext) => { ctx: QueueContext; out: readonly Emitted[] })[]) {
  const out: Emitted[] = [];
  let c = ctx;
  for (const s of steps) {
    const r = s(c);
    c = r.ctx;
    out.push(...r.out);
  }
  return { ctx: c, out };
}
const traced = (out: readonly Emitted[]) => out.flatMap((o) => (o.type === 'trace' ? [o.entry] : o.type === 'out' && o.trace ? [o.trace] : []));
const receives = (out: readonly Emitted[]) => traced(out).filter((e) => e.kind === 'sqs-receive');

describe('queue rules', () => {
  const q = () => openQueue('q');

  it('a delayed message cannot be received before its delay has passed', () => {
    const r = run(q(), [(c) => onSend(c, { from: 'a', msg: 1, body: 'x', delaySeconds: 10 }, 0), (c) => onReceive(c, 'h', 5)]);
    expect(receives(r.out)).toEqual([]);
    const due = run(r.ctx, [(c) => onDue(c, 'q#1', 10_000, 10_000)]);
    expect(receives(due.out).map((e) => [e.to, e.receiveCount])).toEqual([['h', 1]]);
  });

  it('visibility timeout: a received message is invisible for 30 s, then it can be received again, its receive count one higher', () => {
    const first = run(q(), [(c) => onSend(c, { from: 'a', msg: 1, body: 'x' }, 0), (c) => onReceive(c, 'h', 0)]);
    expect(receives(first.out).map((e) => [e.receiveCount, e.visibleAt])).toEqual([[1, DEFAULT_VISIBILITY_MS]]);
    // Another consumer asks within the timeout: nothing.
    const inside = run(first.ctx, [(c) => onReceive(c, 'h2', 29_999)]);
    expect(receives(inside.out)).toEqual([]);
    // An earlier timer (the delay's) does nothing; the visibility's makes it visible, and h2 gets it.
    const stale = run(inside.ctx, [(c) => onDue(c, 'q#1', 0, 29_999)]);
    expect(traced(stale.out)).toEqual([]);
    const back = run(inside.ctx, [(c) => onDue(c, 'q#1', DEFAULT_VISIBILITY_MS, DEFAULT_VISIBILITY_MS)]);
    expect(traced(back.out).map((e) => e.kind)).toEqual(['sqs-visible', 'sqs-receive']);
    expect(receives(back.out).map((e) => [e.to, e.receiveCount])).toEqual([['h2', 2]]);
  });

  it('a message deleted within its visibility timeout never comes back', () => {
    const r = run(q(), [(c) => onSend(c, { from: 'a', msg: 1, body: 'x' }, 0), (c) => onReceive(c, 'h', 0), (c) => onDelete(c, 'q#1', 1_000), (c) => onReceive(c, 'h', 1_000), (c) => onDue(c, 'q#1', DEFAULT_VISIBILITY_MS, DEFAULT_VISIBILITY_MS)]);
    expect(receives(r.out)).toHaveLength(1);
    expect(r.ctx.messages).toEqual([]);
    expect(r.out.some((o) => o.type === 'cancel' && o.key === 'sqs-due:q#1')).toBe(true);
  });

  it('property: the receive count is the number of times the message was received, whatever the timeouts between', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), (times) => {
        let c = run(q(), [(x) => onSend(x, { from: 'a', msg: 1, body: 'x' }, 0)]).ctx;
        const counts: number[] = [];
        let now = 0;
        for (let i = 0; i < times; i++) {
          const r = run(c, [(x) => onReceive(x, 'h', now)]);
          counts.push(...receives(r.out).map((e) => e.receiveCount!));
          c = r.ctx;
          now += DEFAULT_VISIBILITY_MS;
          c = run(c, [(x) => onDue(x, 'q#1', now, now)]).ctx;
        }
        expect(counts).toEqual(Array.from({ length: times }, (_, i) => i + 1));
      }),
      { numRuns: 20, seed: 3 },
    );
  });

  it('redrive: the receive that would pass maxReceiveCount moves the message to the dead-letter queue', () => {
    let c = openQueue('q', { redrive: { maxReceiveCount: 2, deadLetterQueue: 'dlq' } });
    c = onSend(c, { from: 'a', msg: 1, body: 'x' }, 0).ctx;
    const out: Emitted[] = [];
    for (const now of [0, 30_000, 60_000]) {
      const r = run(c, [(x) => onDue(x, 'q#1', now, now), (x) => onReceive(x, 'h', now)]);
      c = r.ctx;
      out.push(...r.out);
    }
    expect(receives(out).map((e) => e.receiveCount)).toEqual([1, 2]);
    const dead = traced(out).filter((e) => e.kind === 'sqs-dead-letter');
    expect(dead.map((e) => [e.receiveCount, e.deadLetterQueue])).toEqual([[2, 'dlq']]);
    expect(out.some((o) => o.type === 'out' && o.to === 'dlq')).toBe(true);
    expect(c.messages).toEqual([]);
  });

  it('FIFO: no per-message DelaySeconds, a group id required, the queue-level delay applied', () => {
    const f = openQueue('f.fifo', { fifo: true, delaySeconds: 900 });
    expect(traced(onSend(f, { from: 'a', msg: 1, body: 'x', delaySeconds: 10, group: 'g' }, 0).out).map((e) => [e.kind, e.reason])).toEqual([['sqs-refused', 'a FIFO queue takes no DelaySeconds per message, only its queue-level delay']]);
    expect(traced(onSend(f, { from: 'a', msg: 1, body: 'x' }, 0).out).map((e) => e.kind)).toEqual(['sqs-refused']);
    expect(traced(onSend(f, { from: 'a', msg: 1, body: 'x', group: 'g' }, 0).out).map((e) => [e.kind, e.visibleAt])).toEqual([['sqs-stored', 900_000]]);
  });

  it('FIFO: within a group nothing is received while an earlier message is in flight; other groups go on', () => {
    const f = openQueue('f.fifo', { fifo: true });
    const r = run(f, [
      (c) => onSend(c, { from: 'a', msg: 1, body: 'g1', group: 'g' }, 0),
      (c) => onSend(c, { from: 'a', msg: 2, body: 'g2', group: 'g' }, 0),
      (c) => onSend(c, { from: 'a', msg: 3, body: 'k1', group: 'k' }, 0),
      (c) => onReceive(c, 'h1', 0),
      (c) => onReceive(c, 'h2', 0),
      (c) => onReceive(c, 'h3', 0),
    ]);
    expect(receives(r.out).map((e) => [e.to, e.body])).toEqual([
      ['h1', 'g1'],
      ['h2', 'k1'],
    ]);
    const after = run(r.ctx, [(c) => onDelete(c, 'f.fifo#1', 100)]);
    expect(receives(after.out).map((e) => [e.to, e.body])).toEqual([['h3', 'g2']]);
  });

  it('FIFO: a send whose deduplication id was taken in the last 5 minutes is dropped; after that it is stored', () => {
    const f = openQueue('f.fifo', { fifo: true });
    const send = (at: number) => (c: QueueContext) => onSend(c, { from: 'a', msg: 1, body: 'x', group: 'g', dedupId: 'd' }, at);
    const r = run(f, [send(0), send(DEDUP_WINDOW_MS - 1), send(DEDUP_WINDOW_MS)]);
    expect(traced(r.out).filter((e) => e.kind !== 'sqs-receive').map((e) => e.kind)).toEqual(['sqs-stored', 'sqs-deduped', 'sqs-stored']);
  });

  it('a queue with waiting pollers and nothing visible hands nothing out', () => {
    expect(deliver({ ...q(), pollers: ['h'] }, 0).out).toEqual([]);
  });
});

describe('scene 8: delayed delivery on SQS', () => {
  const end = (s = sqsDelay) => runScene(s, s.steps.length - 1);
  const node = (id: string): NodeRef => sqsDelay.stage!.columns.flat().find((x) => x.id === id)!;

  it('is the eighth scene of chapter 2, with 3 to 5 steps and one prediction', () => {
    expect(scenes.indexOf(sqsDelay)).toBe(7);
    expect(sqsDelay.steps.length).toBeGreaterThanOrEqual(3);
    expect(sqsDelay.steps.length).toBeLessThanOrEqual(5);
    expect(sqsDelay.steps.filter((s) => s.predict)).toHaveLength(1);
  });

  it('opens with 7 days sent straight, refused by the API: DelaySeconds stops at 900', () => {
    const r = runScene(sqsDelay, 0);
    const refused = sqs(r.trace).filter((e) => e.kind === 'sqs-refused');
    expect(refused.map((e) => e.delaySeconds)).toEqual([SEVEN_DAYS_S]);
    expect(sqsViews.view!(node('api'), r.trace, r.t1).badges.map((b) => b.word)).toEqual(['REFUSED']);
    expect(sqs(r.trace).some((e) => e.kind === 'sqs-stored')).toBe(false);
  });

  it('draws the laps one by one, the remaining delay on each token, and hands 100 s to the discount queue', () => {
    const first = runScene(sqsDelay, 1);
    const fifo = sqsViews.view!(node('discount-delay.fifo'), first.trace, first.t0 + 500_050);
    // The copy carries the whole delay; its clock shows the 900 s lap running down.
    expect(fifo.items.map((i) => [i.label, i.tag, i.progress])).toEqual([['2,800 s to go', '400 s', 500 / 900]]);
    const laps = runScene(sqsDelay, 2);
    const tokens = sqs(laps.trace).filter((e) => e.kind === 'sqs-send' && e.msg === 2).map((e) => sqsViews.tokenLabel!(e));
    expect(tokens).toEqual(['−100 · 2,800 s', '−100 · 1,900 s', '−100 · 1,000 s', '−100 · 100 s']);
    // The step ends with the last hop stored on the discount queue, its 100 s clock full.
    const dest = sqsViews.view!(node('discount'), laps.trace, laps.t1);
    expect(dest.items.map((i) => [i.label, i.tag])).toEqual([['−100', '100 s']]);
  });

  it('arrives on the dot: handled 2,800 s after it was sent, plus 0.4 s of network', () => {
    const r = runScene(sqsDelay, 3);
    const trace = sqs(r.trace);
    const sent = trace.find((e) => e.kind === 'sqs-send' && e.msg === 2)!;
    const received = trace.find((e) => e.kind === 'sqs-receive' && e.msg === 2 && e.to === 'handler')!;
    expect(received.arrives! - sent.t).toBe(2_800_400);
    expect(sqsViews.view!(node('handler'), r.trace, r.t1).note).toBe('handled #2 ×1');
  });

  it('ends with the relay’s crash making the handler take the message twice: a DUPLICATE, where the same step without the crash takes it once', () => {
    const r = end();
    const handled = sqs(r.trace).filter((e) => e.kind === 'sqs-handled' && e.msg === 3);
    expect(handled.map((e) => e.times)).toEqual([1, 2]);
    const v = sqsViews.view!(node('handler'), r.trace, r.t1);
    expect(v.badges.map((b) => [b.word, b.violation])).toEqual([['DUPLICATE', true]]);
    expect(v.note).toBe('handled #2 ×1, #3 ×2');
    expect(sqsViews.view!(node('relay'), r.trace, r.t1).badges.map((b) => b.word)).toEqual(['CRASHED']);
    const calm = { ...sqsDelay, steps: sqsDelay.steps.map((s) => (s.name === 'duplicate' ? { ...s, commands: s.commands.filter((c) => c.do !== 'sqs.crash-after-send') } : s)) };
    expect(sqs(end(calm).trace).filter((e) => e.kind === 'sqs-handled' && e.msg === 3)).toHaveLength(1);
  });

  it('42 s fits: sent straight with DelaySeconds 42, no relay; the handler’s crash before its delete makes the duplicate', () => {
    const s = sqsDelayScene(42);
    expect(s.steps.map((x) => x.name)).toEqual(sqsDelay.steps.map((x) => x.name).filter((x) => x !== 'laps'));
    const trace = sqs(end(s).trace);
    expect(trace.filter((e) => e.kind === 'sqs-send' && e.msg === 2).map((e) => [e.to, e.delaySeconds])).toEqual([['discount', 42]]);
    expect(trace.some((e) => e.kind === 'sqs-relay')).toBe(false);
    expect(trace.filter((e) => e.kind === 'sqs-handled' && e.msg === 3).map((e) => e.times)).toEqual([1, 2]);
    expect(trace.find((e) => e.kind === 'sqs-receive' && e.to === 'handler' && e.msg === 3 && e.receiveCount === 2)).toBeDefined();
  });

  it('7 days: 671 laps, then DelaySeconds 900 on the destination, handled at 7 days plus the network', () => {
    const s = sqsDelayScene(SEVEN_DAYS_S);
    const r = runScene(s, 3);
    const trace = sqs(r.trace);
    expect(trace.filter((e) => e.kind === 'sqs-stored' && e.msg === 2 && e.queue === 'discount-delay.fifo')).toHaveLength(671);
    // The sender's send starts the first lap; the relay sends it round the other 670.
    expect(trace.filter((e) => e.kind === 'sqs-relay' && e.msg === 2 && e.to === 'discount-delay.fifo')).toHaveLength(670);
    expect(trace.filter((e) => e.kind === 'sqs-send' && e.msg === 2 && e.to === 'discount').map((e) => e.delaySeconds)).toEqual([900]);
    const sent = trace.find((e) => e.kind === 'sqs-send' && e.msg === 2)!;
    const received = trace.find((e) => e.kind === 'sqs-receive' && e.msg === 2 && e.to === 'handler')!;
    expect(received.arrives! - sent.t).toBe(SEVEN_DAYS_S * 1000 + 2 * 672 * L);
  });

  it('takes the learner’s delay: presets, a rounded fraction, and a sentence for a value it refuses', () => {
    const field = sqsDelay.inputs!.fields[0]!;
    expect(field.presets.map((p) => p.value)).toEqual([42, 2_800, SEVEN_DAYS_S]);
    expect(sqsDelay.inputs!.apply({ delay: '42' }).scene!.steps[1]!.title).toBe('It fits: straight in');
    expect(sqsDelay.inputs!.apply({ delay: '2,800 s' }).scene!.steps[2]!.narration).toContain('2,800 → 1,900 → 1,000');
    expect(sqsDelay.inputs!.apply({}).scene!.inputs!.fields[0]!.value).toBe(2_800);
    const rounded = sqsDelay.inputs!.apply({ delay: '2.5' });
    expect(rounded.scene!.inputs!.fields[0]!.value).toBe(3);
    expect(rounded.notices[0]).toContain('whole seconds');
    for (const [raw, why] of [
      ['-5', 'negative'],
      ['abc', 'not a number'],
      ['', 'not a number'],
      [String(SQS_SCENE_MAX_DELAY_S + 1), '14 days'],
    ] as const) {
      const r = sqsDelay.inputs!.apply({ delay: raw });
      expect(r.scene).toBeUndefined();
      expect(r.notices.join(' ')).toContain(why);
    }
    expect(readDelay(String(SQS_SCENE_MAX_DELAY_S)).value).toBe(SQS_SCENE_MAX_DELAY_S);
  });

  it.each([2_800, 42, SEVEN_DAYS_S])('at %i s, the prediction gives nothing away: not in its question, the scene’s name, nor on the stage as the step starts', (delay) => {
    const s = sqsDelayScene(delay);
    const k = s.steps.findIndex((x) => x.predict);
    const step = s.steps[k]!;
    const p = step.predict!;
    expect(p.choices[p.answer]).toBeDefined();
    const reveal = `${p.choices[p.answer]} ${step.title} ${step.narration}`.toLowerCase();
    expect(p.giveaway!.some((g) => reveal.includes(g.toLowerCase()))).toBe(true);
    const r = runScene(s, k);
    const nodes = s.stage!.columns.flat();
    const words = nodes.flatMap((x) => {
      const v = sqsViews.view!(x, r.trace, r.t0);
      return [x.title, v.state, v.note ?? '', ...v.items.flatMap((i) => [i.label, i.tag ?? '']), ...v.badges.map((b) => b.word)];
    });
    const shown = [s.title, p.question, ...words].join('\n').toLowerCase();
    for (const g of p.giveaway!) expect(shown, g).not.toContain(g.toLowerCase());
  });

  it('plays 7 days’ 671 laps within the deck’s longest step, where 2,800 s plays at its own pace', () => {
    const week = sqsDelayScene(SEVEN_DAYS_S);
    const laps = stepFrames(week, 2).timeline;
    expect(laps.durationMs).toBe(MAX_STEP_MS);
    expect(laps.virtualAt(1) - laps.virtualAt(0)).toBeGreaterThan(670 * 900_000);
    expect(stepFrames(sqsDelay, 2).timeline.durationMs).toBeLessThan(5_000);
  });

  it('has 3 to 5 steps and one prediction for any delay', () => {
    for (const d of [0, 42, 900, 901, 2_800, SEVEN_DAYS_S]) {
      const steps = sqsDelayScene(d).steps;
      expect(steps.length).toBeGreaterThanOrEqual(3);
      expect(steps.length).toBeLessThanOrEqual(5);
      expect(steps.filter((x) => x.predict)).toHaveLength(1);
    }
  });

  it('says every event of the story in words, and draws its hops on the time-space diagram: the redelivered copy as a redelivery', () => {
    const trace = sqs(end().trace);
    for (const e of trace) expect(sqsViews.say(e, sqsName), e.kind).toMatch(/\w/);
    const arrows = trace.map((e) => sqsTimeSpace(e)).filter((x) => x !== undefined && 'from' in x);
    const starts = arrows.filter((a) => 'journey' in a! && a.journey === 'start');
    expect(starts.map((a) => (a as { msg?: string }).msg)).toEqual(['1', '2', '3']);
    expect(arrows.filter((a) => (a as { kind: string }).kind === 'redeliver').map((a) => [(a as { from: string }).from, (a as { to: string }).to])).toEqual([['discount-delay.fifo', 'relay']]);
    expect(trace.map((e) => sqsTimeSpace(e)).filter((x) => x !== undefined && 'mark' in x).map((x) => (x as { mark: string }).mark)).toEqual(['crash', 'restart', 'timeout']);
  });

  it('inspects a queue: its kind, delay, visibility timeout and each copy with its clock', () => {
    const r = runScene(sqsDelay, 1);
    const rows = Object.fromEntries(sqsViews.inspect!(node('discount-delay.fifo'), r.trace, r.t1).map((x) => [x.label, x.value]));
    expect(rows.Queue).toBe('discount-delay.fifo (FIFO)');
    expect(rows['Queue-level delay']).toBe('900 s');
    expect(rows['Visibility timeout']).toBe('30 s');
    expect(rows.Messages).toMatch(/1,900 s to go in its attribute, delayed 900 s more, received 0 times/);
  });

  it('offers its two faults on the handler and the relay, carries them in a link, and the handler’s makes a duplicate when injected', () => {
    expect(breakables(sqsDelay).map((b) => [b.id, b.title])).toEqual([
      ['handler', 'Discount handler'],
      ['relay', 'Delay relay'],
    ]);
    const k = sqsDelay.steps.findIndex((s) => s.name === 'on-time');
    const at = runScene(sqsDelay, k - 1).t1;
    const injected: Injection[] = [
      { step: k, atMs: at, command: faultFor('sqs.crash-before-delete')!.command('handler') as Injection['command'] },
      { step: k, atMs: at, command: faultFor('sqs.crash-after-send')!.command('relay') as Injection['command'] },
    ];
    expect(decodeFaults(encodeFaults(injected), sqsDelay)).toEqual(injected);
    const r = runScene(sqsDelay, k, { faults: injected.slice(0, 1) });
    expect(sqs(r.trace).filter((e) => e.kind === 'sqs-handled' && e.msg === 2).map((e) => e.times)).toEqual([1, 2]);
    expect(faultFor('sqs.crash-after-send')!.describe(injected[1]!.command as never)).toBe('the delay relay will crash after it hands a message to its destination, before it deletes it from the delay queue');
  });

  it('says every step’s notes follow the AWS documentation, since SQS cannot run here', () => {
    for (const d of [42, 2_800, SEVEN_DAYS_S]) for (const step of sqsDelayScene(d).steps) expect(step.notes).toContain('SQS cannot run in a browser');
  });
});
