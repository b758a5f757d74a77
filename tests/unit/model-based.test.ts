/**
 * Model-based tests (xstate/graph): the machines themselves are the models. The graph tools walk
 * every reachable (state, context) pair over a bounded set of events, and each path is replayed
 * on a real actor running on the virtual clock; what the actor emits is checked step by step
 * against the rules of NATS Streaming (FACTS.md §1) and the listener's contract.
 *
 * The listener has a delayed transition (processing → writing after processMs), which
 * `createTestModel` refuses, so its model is a `TestModel` over the machine with the delayed
 * event listed explicitly; the executor turns it into `clock.increment(processMs)`.
 */
import { describe, expect, it } from 'vitest';
import { createActor, type SnapshotFrom } from 'xstate';
import { TestModel, createTestModel } from 'xstate/graph';
import { VirtualClock } from '../../src/kernel/clock.ts';
import { listenerMachine, type ListenerEvent } from '../../src/actors/nats/listenerMachine.ts';
import type { Emitted, OutEvent, TraceDraft } from '../../src/actors/nats/ports.ts';
import type { WriteResult } from '../../src/actors/nats/storageMachine.ts';
import type { LogEntry, SubContext } from '../../src/actors/nats/subscription.ts';
import { subscriptionMachine, type SubscriptionEvent, type SubscriptionInput } from '../../src/actors/nats/subscriptionMachine.ts';
import type { Payload } from '../../src/actors/nats/types.ts';

const CHANNEL = 'account:deposit';
const QUEUE = 'myQueueGroup';
const SUB = `sub:${CHANNEL}/${QUEUE}`;
const payload = (n: number): Payload => ({ kind: 'deposit', user: 'Jim', amount: 10 * n });

/** What an event executor is handed (the executors map is typed loosely, see `as never` below). */
type Step = { event: unknown };

const outs = (es: Emitted[]): OutEvent[] => es.filter((e): e is OutEvent => e.type === 'out');
/** Every trace line in what was emitted: bare traces and the traces carried by out events. */
const traces = (es: Emitted[]): TraceDraft[] =>
  es.flatMap((e) => (e.type === 'trace' ? [e.entry] : e.type === 'out' && e.trace ? [e.trace] : []));

// ---------------------------------------------------------------------------------------------
// Listener
// ---------------------------------------------------------------------------------------------

describe('listener machine, model-based', () => {
  const input = { id: 'A', processMs: 1000, subscriptions: [{ channel: CHANNEL, queue: QUEUE }] };
  const AFTER = listenerMachine.getStateNodeById('listener.running.processing').after[0]!.eventType;
  const RESULTS: WriteResult[] = ['applied', 'refused', 'failed', 'skipped', 'duplicate'];
  const delivery = { sub: SUB, channel: CHANNEL, seq: 1, msg: 1, payload: payload(7), attempt: 1 };

  type LSnap = SnapshotFrom<typeof listenerMachine>;
  type ModelEvent = ListenerEvent | { type: typeof AFTER };
  const events: ModelEvent[] = [
    { type: 'listener.start', t: 0 },
    { type: 'client.connected', incarnation: 1, t: 0 },
    { type: 'client.connected', incarnation: 2, t: 0 },
    { type: 'msg', incarnation: 1, ...delivery, t: 0 },
    { type: 'msg', incarnation: 2, ...delivery, t: 0 },
    ...RESULTS.map((result): ModelEvent => ({ type: 'storage.result', msg: 1, result, balance: 70, t: 0 })),
    { type: 'listener.crash', t: 0 },
    { type: 'listener.restart', t: 0 },
    { type: AFTER },
  ];

  const model = new TestModel(listenerMachine as never, {
    input,
    events: events as never,
    // A vertex per transition (source, event, target), so the shortest paths cover every edge,
    // not only every state: e.g. each storage result from 'writing' back to an idle state seen before.
    serializeState: (s: LSnap, e: ModelEvent | undefined, prev: LSnap | undefined) =>
      JSON.stringify([s.value, s.context, e ?? null, prev ? [prev.value, prev.context] : null]),
    stateMatcher: (s: LSnap, key: string) => s.matches(key as never),
    // Only events the state acts on (no ignored-event self-loops); bounds: at most one message
    // waiting behind the current one, and one restart.
    filterEvents: (s: LSnap, e: ModelEvent) =>
      s.can(e as ListenerEvent) && !(e.type === 'msg' && s.context.inbox.length >= 1) && !(e.type === 'listener.restart' && s.context.incarnation >= 2),
  } as never) as unknown as TestModel<LSnap, ModelEvent, unknown>;

  const paths = model.getShortestPaths();
  /** A short name for a path: its events. */
  const named = (p: (typeof paths)[number]) =>
    p.steps
      .slice(1)
      .map(({ event: e }) =>
        e.type === AFTER ? `+${input.processMs}ms` : e.type === 'storage.result' ? `result:${(e as { result: string }).result}` : 'incarnation' in e ? `${e.type}#${e.incarnation}` : e.type,
      )
      .join(' → ');

  it('reaches every state of the listener, including writing after a crash-and-restart', () => {
    const reached = new Set(paths.flatMap((p) => p.steps.map((s) => JSON.stringify(s.state.value))));
    for (const v of ['"offline"', '"connecting"', '{"running":"idle"}', '{"running":"processing"}', '{"running":"writing"}', '"crashed"']) {
      expect(reached).toContain(v);
    }
    expect(paths.some((p) => p.state.context.incarnation === 2 && p.state.matches({ running: 'writing' }))).toBe(true);
  });

  it.each(paths.map((p) => [named(p), p] as const))('%s', async (_, path) => {
    const clock = new VirtualClock();
    const actor = createActor(listenerMachine, { clock, input });
    const emitted: Emitted[] = [];
    actor.on('*', (e) => emitted.push(e as Emitted));
    actor.start();
    let mark = 0;
    /** What the actor emitted since the last step. */
    const fresh = () => {
      const s = emitted.slice(mark);
      mark = emitted.length;
      return s;
    };
    let lastStep: Emitted[] = [];
    const send = (e: ListenerEvent) => {
      actor.send({ ...e, t: clock.now() });
      lastStep = fresh();
    };

    const sameAsModel = (s: LSnap) => {
      const real = actor.getSnapshot();
      expect(real.value).toEqual(s.value);
      expect(real.context).toEqual(s.context);
    };
    const check = sameAsModel;

    await path.test({
      states: {
        offline: check,
        connecting: check,
        crashed: check,
        'running.idle': check,
        'running.processing': (s) => {
          sameAsModel(s);
          // Entering processing starts the message at the head of the inbox.
          const starts = traces(lastStep).filter((t) => t.kind === 'process-start');
          if (starts.length > 0) expect(starts.at(-1)).toMatchObject({ msg: s.context.current!.msg, from: 'listener:A' });
        },
        'running.writing': (s) => {
          sameAsModel(s);
          // The write awaiting its result is the one for the current message.
          const writes = outs(emitted).filter((o) => o.to === 'storage');
          expect(writes.at(-1)).toMatchObject({ via: 'local', event: { type: 'storage.write', from: 'A', msg: s.context.current!.msg, payload: delivery.payload } });
        },
      },
      events: {
        'listener.start': ({ event }: Step) => send(event as ListenerEvent),
        'client.connected': ({ event }: Step) => {
          const before = actor.getSnapshot();
          send(event as ListenerEvent);
          const e = event as Extract<ListenerEvent, { type: 'client.connected' }>;
          const subs = outs(lastStep).filter((o) => o.event.type === 'sub.open');
          // Subscribes once, only when the answer is for the connection it opened.
          if (before.matches('connecting') && e.incarnation === before.context.incarnation) {
            expect(subs).toHaveLength(1);
            expect(subs[0]).toMatchObject({ to: 'server', event: { client: 'A', incarnation: e.incarnation, subscription: input.subscriptions[0] } });
          } else expect(subs).toHaveLength(0);
        },
        msg: ({ event }: Step) => {
          const before = actor.getSnapshot();
          const e = event as Extract<ListenerEvent, { type: 'msg' }>;
          send(e);
          const kinds = traces(lastStep).map((t) => t.kind);
          const forMe = before.matches('running') && before.context.incarnation === e.incarnation;
          if (forMe) {
            expect(kinds).toContain('receive');
            expect(kinds).not.toContain('lost');
          } else {
            // Crashed, still connecting, or a delivery to an older connection: it vanishes.
            expect(kinds).toEqual(['lost']);
            expect(traces(lastStep)[0]).toMatchObject({ msg: 1, to: 'listener:A' });
            expect(actor.getSnapshot().context.inbox).toEqual(before.context.inbox);
          }
        },
        'storage.result': ({ event }: Step) => {
          const before = actor.getSnapshot();
          const e = event as Extract<ListenerEvent, { type: 'storage.result' }>;
          send(e);
          const acks = outs(lastStep).filter((o) => o.event.type === 'ack');
          if (!before.matches({ running: 'writing' })) {
            expect(lastStep).toEqual([]);
            return;
          }
          const d = before.context.current!;
          const outcome = { applied: 'process-ok', refused: 'reject', failed: 'process-fail', skipped: 'skip', duplicate: 'duplicate' }[e.result];
          expect(traces(lastStep)[0]).toMatchObject({ kind: outcome, msg: d.msg });
          if (['applied', 'refused', 'duplicate'].includes(e.result)) {
            expect(acks).toHaveLength(1);
            expect(acks[0]).toMatchObject({ to: d.sub, via: 'net', lost: false, event: { type: 'ack', client: 'A', seq: d.seq } });
            expect(acks[0]!.trace).toMatchObject({ kind: 'ack', msg: d.msg, from: 'listener:A', to: 'server' });
          } else {
            expect(acks).toHaveLength(0);
          }
          expect(actor.getSnapshot().context.current === null || actor.getSnapshot().matches({ running: 'processing' })).toBe(true);
        },
        'listener.crash': ({ event }: Step) => {
          send(event as ListenerEvent);
          expect(traces(lastStep)[0]).toMatchObject({ kind: 'crash', from: 'listener:A' });
          // Nothing pending survives a crash: the delayed write is gone too.
          expect(clock.nextDue()).toBeNull();
        },
        'listener.restart': ({ event }: Step) => {
          send(event as ListenerEvent);
          expect(outs(lastStep).map((o) => o.event)).toEqual([{ type: 'client.connect', client: 'A', incarnation: 2 }]);
        },
        [AFTER]: () => {
          // The delayed transition, driven through time: nothing happens a moment too early.
          const start = clock.now();
          clock.increment(input.processMs - 1);
          expect(fresh()).toEqual([]);
          clock.increment(1);
          lastStep = fresh();
          expect(clock.now() - start).toBe(input.processMs);
          // Entering 'writing' sends exactly one storage write, for the current message, locally.
          const writes = outs(lastStep).filter((o) => o.to === 'storage');
          expect(writes).toHaveLength(1);
          expect(writes[0]).toMatchObject({ via: 'local', event: { type: 'storage.write', from: 'A', msg: actor.getSnapshot().context.current!.msg } });
        },
      } as never,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Subscription unit (queue group)
// ---------------------------------------------------------------------------------------------

type SSnap = SnapshotFrom<typeof subscriptionMachine>;
const MAX_INFLIGHT = 2;
const ACK_WAIT = 30_000;
const entry = (seq: number): LogEntry => ({ seq, msg: seq, payload: payload(seq) });

/**
 * "Now" as the model sees it: time only moves when an ack timer fires, so the latest timer set,
 * minus the ack wait, is when the unit last acted. Deterministic in the context, so the model
 * stays exact (no abstraction of times).
 */
const nowOf = (c: SubContext): number => Math.max(0, ...c.members.map((m) => (m.timerAt ?? 0) - ACK_WAIT));
const maxAttempts = (c: SubContext): number => Math.max(0, ...Object.values(c.attempts));

function subEvents(s: SSnap): SubscriptionEvent[] {
  const c = s.context;
  const t = nowOf(c);
  const es: SubscriptionEvent[] = [];
  // Bound: once a message has been sent three times, only acks and new messages remain.
  const churn = maxAttempts(c) < 3;
  for (const client of ['A', 'B']) {
    const m = c.members.find((x) => x.client === client);
    if (!m && churn) es.push({ type: 'member.join', client, incarnation: 1, t });
    if (m && churn) es.push({ type: 'member.leave', client, t });
    if (m && m.timerAt !== null && churn) es.push({ type: 'ackwait.expired', client, at: m.timerAt, t: m.timerAt });
    // Acks for every logged message, including ones this member does not hold (ignored).
    if (m) for (const e of c.log) if (e.seq <= c.lastSent) es.push({ type: 'ack', client, seq: e.seq, t });
  }
  if (c.log.length < 3) es.push({ type: 'channel.append', entry: entry(c.log.length + 1), t });
  return es;
}

function subscriptionModel(durable: string | undefined) {
  const input: SubscriptionInput = { name: SUB, channel: CHANNEL, queue: QUEUE, durable, ackWaitMs: ACK_WAIT, maxInflight: MAX_INFLIGHT, log: [], lastSent: 0 };
  const model = createTestModel(subscriptionMachine, {
    input,
    events: subEvents as never,
    // Exact states: value and context (no "via" suffix, so each state is one vertex).
    serializeState: (s: SSnap) => JSON.stringify({ value: s.value, context: s.context }),
    // Only the events above: the bare `{ type }` events the helper adds for other types are dropped.
    filterEvents: (_: SSnap, e: SubscriptionEvent) => 't' in e,
    limit: 200_000,
  } as never);
  return { input, model };
}

/** Replays every path of the model on a real actor and checks the invariants on every snapshot. */
async function runSubscriptionModel(durable: string | undefined) {
  const { input, model } = subscriptionModel(durable);
  const paths = model.getShortestPaths();
  const seen = { states: new Set<string>(), redeliverOnRejoin: 0, closed: 0, offline: 0, stalled: 0, movedAcksIgnored: 0 };

  for (const path of paths) {
    const actor = createActor(subscriptionMachine, { clock: new VirtualClock(), input });
    const emitted: Emitted[] = [];
    actor.on('*', (e) => emitted.push(e as Emitted));
    actor.start();
    /** Messages acked so far (an ack the member really held). */
    const acked = new Set<number>();
    let step: Emitted[] = [];
    /** Members that got a first delivery (not forced) in the last step. */
    let deliveredTo = new Set<string>();

    const invariants = (s: SSnap) => {
      const real = actor.getSnapshot();
      seen.states.add(JSON.stringify(real.value));
      expect(real.value).toEqual(s.value);
      expect(real.context).toEqual(s.context);
      const c = real.context;
      // Members are unique.
      const ids = c.members.map((m) => m.client);
      expect(new Set(ids).size).toBe(ids.length);
      // Each member's unacked list is in sequence order without repeats.
      for (const m of c.members) expect(m.pending.map((p) => p.seq)).toEqual([...new Set(m.pending.map((p) => p.seq))].sort((a, b) => a - b));
      if (real.value === 'closed') {
        // A non-durable group whose last member left is gone for good.
        expect(durable).toBeUndefined();
        expect(real.status).toBe('done');
        return;
      }
      // Every message sent so far is unacked at exactly one member (or kept for the durable's
      // return), or acked: never at two members, never forgotten.
      for (let seq = 1; seq <= c.lastSent; seq++) {
        const holders = c.members.filter((m) => m.pending.some((p) => p.seq === seq)).length + c.orphans.filter((o) => o === seq).length;
        expect(holders + (acked.has(seq) ? 1 : 0), `seq ${seq} in ${JSON.stringify(c)}`).toBe(1);
      }
      // Nothing past lastSent was ever sent.
      for (const m of c.members) for (const p of m.pending) expect(p.seq).toBeLessThanOrEqual(c.lastSent);
      // MaxInflight: a member handed a new (not forced) message never goes past it.
      for (const client of deliveredTo) expect(c.members.find((m) => m.client === client)!.pending.length).toBeLessThanOrEqual(MAX_INFLIGHT);
      // Kept messages only while nobody is subscribed, and only for a durable unit.
      if (c.orphans.length > 0) {
        expect(durable).toBeDefined();
        expect(real.value).toBe('offline');
      }
      if (real.value === 'offline') {
        expect(durable).toBeDefined();
        expect(c.members).toEqual([]);
      }
      // A unit that stopped sending with messages waiting has every member stalled (or failing).
      if (real.value === 'active' && c.lastSent < c.log.length) {
        for (const m of c.members) expect(m.pending.length).toBeGreaterThanOrEqual(MAX_INFLIGHT);
      }
    };

    const send = (e: SubscriptionEvent) => {
      const from = emitted.length;
      actor.send(e);
      step = emitted.slice(from);
      deliveredTo = new Set(
        outs(step)
          .filter((o) => o.trace?.kind === 'deliver')
          .map((o) => o.to.replace('listener:', '')),
      );
      if (traces(step).some((t) => t.kind === 'stalled')) seen.stalled++;
    };

    await path.test({
      states: { '*': invariants },
      events: {
        'channel.append': ({ event }: Step) => send(event as SubscriptionEvent),
        'ackwait.expired': ({ event }: Step) => {
          const e = event as Extract<SubscriptionEvent, { type: 'ackwait.expired' }>;
          const before = actor.getSnapshot().context;
          send(e);
          // Expired messages are resent in sequence order, each after its ack-timeout line.
          const resent = outs(step).filter((o) => o.trace?.kind === 'redeliver');
          const seqs = resent.map((o) => o.trace!.seq!);
          expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
          for (const o of resent) expect(o.trace!.attempt).toBe((before.attempts[o.trace!.seq!] ?? 0) + 1);
          expect(traces(step).filter((t) => t.kind === 'ack-timeout').map((t) => t.seq)).toEqual(seqs);
          // A message moved to another member counts as acked by the original one (implicit ack):
          // the original member's late ack for it changes nothing (a probe outside the model).
          const after = actor.getSnapshot().context;
          const moved = resent.filter((o) => o.to !== `listener:${e.client}`).map((o) => o.trace!.seq!);
          for (const seq of moved) {
            expect(after.members.find((m) => m.client === e.client)?.pending.some((p) => p.seq === seq) ?? false).toBe(false);
            const n = emitted.length;
            actor.send({ type: 'ack', client: e.client, seq, t: e.t });
            expect(actor.getSnapshot().context).toEqual(after);
            expect(emitted.length).toBe(n);
            seen.movedAcksIgnored++;
          }
        },
        ack: ({ event }: Step) => {
          const e = event as Extract<SubscriptionEvent, { type: 'ack' }>;
          const before = actor.getSnapshot().context;
          const held = before.members.find((m) => m.client === e.client)?.pending.some((p) => p.seq === e.seq) ?? false;
          send(e);
          if (held) acked.add(e.seq);
          else {
            // An ack for a message the member no longer holds (moved on, or acked) changes nothing.
            expect(actor.getSnapshot().context).toEqual(before);
            expect(step).toEqual([]);
          }
        },
        'member.join': ({ event }: Step) => {
          const e = event as Extract<SubscriptionEvent, { type: 'member.join' }>;
          const before = actor.getSnapshot();
          send(e);
          if (before.value === 'offline' && before.context.orphans.length > 0) {
            // The returning member gets the unacked messages first, as redeliveries, in order.
            const sent = outs(step).filter((o) => o.trace?.kind === 'redeliver' || o.trace?.kind === 'deliver');
            const n = before.context.orphans.length;
            expect(sent.slice(0, n).map((o) => [o.trace!.kind, o.trace!.seq, o.to])).toEqual(
              before.context.orphans.map((seq) => ['redeliver', seq, `listener:${e.client}`]),
            );
            expect(sent.slice(n).every((o) => o.trace!.kind === 'deliver')).toBe(true);
            seen.redeliverOnRejoin++;
          }
        },
        'member.leave': ({ event }: Step) => {
          const e = event as Extract<SubscriptionEvent, { type: 'member.leave' }>;
          const before = actor.getSnapshot();
          send(e);
          const after = actor.getSnapshot();
          if (before.context.members.length === 1) {
            expect(after.value).toBe(durable === undefined ? 'closed' : 'offline');
            if (after.value === 'closed') seen.closed++;
            else {
              seen.offline++;
              // The durable keeps the leaver's unacked messages and its position.
              expect(after.context.orphans).toEqual(before.context.members[0]!.pending.map((p) => p.seq));
              expect(after.context.lastSent).toBe(before.context.lastSent);
            }
          } else {
            // The others take over the leaver's unacked messages, as redeliveries.
            const gone = before.context.members.find((m) => m.client === e.client)!.pending.map((p) => p.seq);
            const redelivered = outs(step).filter((o) => o.trace?.kind === 'redeliver');
            expect(redelivered.map((o) => o.trace!.seq)).toEqual(gone);
            for (const o of redelivered) expect(o.to).not.toBe(`listener:${e.client}`);
          }
        },
      } as never,
    });
    actor.stop();
  }
  return { paths, seen };
}

describe('subscription machine (queue group, MaxInflight 2), model-based', () => {
  it('non-durable: invariants hold on every reachable state; the last leave closes it', async () => {
    const { paths, seen } = await runSubscriptionModel(undefined);
    expect(paths.length).toBeGreaterThan(50);
    expect([...seen.states].sort()).toEqual(['"active"', '"closed"', '"waiting"']);
    expect(seen.closed).toBeGreaterThan(0);
    expect(seen.stalled).toBeGreaterThan(0);
    // Some paths ack a message at a member it was moved away from (implicit ack): ignored.
    expect(seen.movedAcksIgnored).toBeGreaterThan(0);
  });

  it('durable: invariants hold; the last leave goes offline and a rejoining member gets the unacked first', async () => {
    const { paths, seen } = await runSubscriptionModel('dur');
    expect(paths.length).toBeGreaterThan(50);
    expect([...seen.states].sort()).toEqual(['"active"', '"offline"', '"waiting"']);
    expect(seen.offline).toBeGreaterThan(0);
    expect(seen.redeliverOnRejoin).toBeGreaterThan(0);
  });
});
