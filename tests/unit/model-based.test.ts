/**
 * Model-based tests (xstate/graph): the machines themselves are the models. The graph tools walk
 * every reachable (state, context) pair over a bounded set of events, and each path is replayed
 * on a real actor running on the virtual clock; what the actor emits is checked step by step
 * against the rules of NATS Streaming (FACTS.md §1) and the listener's contract.
 *
 * Every machine is one state made from pure rules (`rulesMachine`): the lifecycle is `phase` in the
 * context, so the models serialise the context (phase included) to tell states apart, and match a
 * state key against the phase. The machines take any event ('*'), so which events a phase acts on
 * is written down here, as the contract, rather than read from the machine; every other event is
 * probed on each state and must change nothing. The listener's processing time is a keyed timer
 * its rules emit; the model lists `listener.processed` (the timer firing) explicitly, and the test
 * keeps the one live timer the listener may have and checks it against the phase.
 */
import { describe, expect, it } from 'vitest';
import { createActor, type Snapshot } from 'xstate';
import { TestModel } from 'xstate/graph';
import { VirtualClock } from '../../src/kernel/clock.ts';
import { Seq } from '../../src/kernel/seq.ts';
import { rulesMachine } from '../../src/kernel/xstate.ts';
import { initListener, reactListener, type ListenerContext, type ListenerEvent, type ListenerPhase } from '../../src/actors/nats/listenerMachine.ts';
import type { Emitted, OutEvent, TraceDraft } from '../../src/actors/nats/ports.ts';
import type { WriteResult } from '../../src/actors/nats/storageMachine.ts';
import type { LogEntry, SubContext } from '../../src/actors/nats/subscription.ts';
import { initUnit, reactUnit, type SubscriptionEvent, type SubscriptionInput, type UnitContext } from '../../src/actors/nats/subscriptionMachine.ts';
import type { Payload } from '../../src/actors/nats/types.ts';

const CHANNEL = 'account:deposit';
const QUEUE = 'myQueueGroup';
const SUB = `sub:${CHANNEL}/${QUEUE}`;
/** The machines the XState world runs for a listener and a subscription unit, made from their rules. */
const listenerMachine = rulesMachine('listener', initListener, reactListener);
const subscriptionMachine = rulesMachine('subscription', initUnit, reactUnit);

const payload = (n: number): Payload => ({ kind: 'deposit', user: 'Jim', amount: 10 * n });

/** What an event executor is handed (the executors map is typed loosely, see `as never` below). */
type Step = { event: unknown };
/** What the models walk: a snapshot's context (its phase in it). */
type Snap<C> = Snapshot<unknown> & { context: C };

const outs = (es: Emitted[]): OutEvent[] => es.filter((e): e is OutEvent => e.type === 'out');
/** Every trace line in what was emitted: bare traces and the traces carried by out events. */
const traces = (es: Emitted[]): TraceDraft[] =>
  es.flatMap((e) => (e.type === 'trace' ? [e.entry] : e.type === 'out' && e.trace ? [e.trace] : []));
/**
 * A context as plain data: Seqs as the arrays they hold. Two Seqs holding the same items may sit on
 * different shared arrays (the model branches from one snapshot, the actor does not), so contexts
 * are compared by what they hold.
 */
const plain = <T>(c: T): unknown => JSON.parse(JSON.stringify(c));

// ---------------------------------------------------------------------------------------------
// Listener
// ---------------------------------------------------------------------------------------------

describe('listener machine, model-based', () => {
  const input = { id: 'A', processMs: 1000, subscriptions: [{ channel: CHANNEL, queue: QUEUE }] };
  const RESULTS: WriteResult[] = ['applied', 'refused', 'failed', 'skipped', 'duplicate'];
  const delivery = { sub: SUB, channel: CHANNEL, seq: 1, msg: 1, payload: payload(7), attempt: 1 };
  const PROCESSING_KEY = 'listener:A|processing';

  type LSnap = Snap<ListenerContext>;
  const events: ListenerEvent[] = [
    { type: 'listener.start', t: 0 },
    { type: 'client.connected', incarnation: 1, t: 0 },
    { type: 'client.connected', incarnation: 2, t: 0 },
    { type: 'msg', incarnation: 1, ...delivery, t: 0 },
    { type: 'msg', incarnation: 2, ...delivery, t: 0 },
    ...RESULTS.map((result): ListenerEvent => ({ type: 'storage.result', msg: 1, result, balance: 70, t: 0 })),
    { type: 'listener.crash', t: 0 },
    { type: 'listener.restart', t: 0 },
    { type: 'listener.processed', t: 0 },
  ];

  /** The contract: which events each phase acts on (everything else is ignored). */
  const acts = (c: ListenerContext, e: ListenerEvent): boolean => {
    const running = c.phase === 'idle' || c.phase === 'processing' || c.phase === 'writing';
    switch (e.type) {
      case 'listener.start':
        return c.phase === 'offline';
      case 'client.connected':
        return c.phase === 'connecting' && e.incarnation === c.incarnation;
      case 'msg':
        // Taken in while running, lost (and traced) while connecting, crashed or left.
        return c.phase !== 'offline';
      case 'listener.crash':
        return c.phase === 'connecting' || running;
      case 'listener.restart':
        return c.phase === 'crashed' || c.phase === 'left';
      case 'listener.processed':
        return c.phase === 'processing';
      case 'storage.result':
        return c.phase === 'writing';
      default:
        return false;
    }
  };

  const model = new TestModel(listenerMachine as never, {
    input,
    events: events as never,
    // A vertex per transition (source, event, target), so the shortest paths cover every edge,
    // not only every state: e.g. each storage result from 'writing' back to an idle state seen before.
    serializeState: (s: LSnap, e: ListenerEvent | undefined, prev: LSnap | undefined) => JSON.stringify([s.context, e ?? null, prev ? prev.context : null]),
    stateMatcher: (s: LSnap, key: string) => s.context.phase === key,
    // Only events the phase acts on (no ignored-event self-loops); bounds: at most one message
    // waiting behind the current one, and one restart.
    filterEvents: (s: LSnap, e: ListenerEvent) =>
      acts(s.context, e) && !(e.type === 'msg' && s.context.inbox.length >= 1) && !(e.type === 'listener.restart' && s.context.incarnation >= 2),
  } as never) as unknown as TestModel<LSnap, ListenerEvent, unknown>;

  const paths = model.getShortestPaths();
  /** A short name for a path: its events. */
  const named = (p: (typeof paths)[number]) =>
    p.steps
      .slice(1)
      .map(({ event: e }) =>
        e.type === 'listener.processed' ? `+${input.processMs}ms` : e.type === 'storage.result' ? `result:${e.result}` : 'incarnation' in e ? `${e.type}#${e.incarnation}` : e.type,
      )
      .join(' → ');

  it('reaches every phase of the listener but left (no leave in the model), including writing after a crash-and-restart', () => {
    const reached = new Set(paths.flatMap((p) => p.steps.map((s) => s.state.context.phase)));
    expect([...reached].sort()).toEqual(['connecting', 'crashed', 'idle', 'offline', 'processing', 'writing']);
    expect(paths.some((p) => p.state.context.incarnation === 2 && p.state.context.phase === 'writing')).toBe(true);
    // Every path starts from the listener as initListener makes it.
    expect(plain(paths[0]!.steps[0]!.state.context)).toEqual(plain(initListener(input)));
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
    /** The processing timer the listener has asked for and not cancelled, as a host would hold it. */
    let timer: OutEvent | null = null;
    const send = (e: ListenerEvent) => {
      actor.send({ ...e, t: clock.now() });
      lastStep = fresh();
      for (const o of lastStep) {
        if (o.type === 'cancel' && o.key === PROCESSING_KEY) {
          expect(timer).not.toBeNull();
          timer = null;
        }
        if (o.type === 'out' && o.key === PROCESSING_KEY) {
          // One message at a time: never a second processing timer while one runs.
          expect(timer).toBeNull();
          timer = o;
        }
      }
    };

    const check = (s: LSnap) => {
      const real = actor.getSnapshot().context as ListenerContext;
      expect(plain(real)).toEqual(plain(s.context));
      // A processing timer runs exactly while a message is being processed.
      expect(timer !== null).toBe(real.phase === 'processing');
      // Whatever this phase does not act on changes nothing and emits nothing.
      for (const e of events) {
        if (acts(real, e)) continue;
        const r = reactListener(real, e);
        expect(r.ctx, `${real.phase} ignores ${e.type}`).toBe(real);
        expect(r.out).toEqual([]);
      }
    };
    const states: Record<ListenerPhase, (s: LSnap) => void> = {
      offline: check,
      connecting: check,
      crashed: check,
      left: check,
      idle: (s) => {
        check(s);
        // Idle means nothing waiting: a message in the inbox is started at once.
        expect(s.context.inbox.length).toBe(0);
        expect(s.context.current).toBeNull();
      },
      processing: (s) => {
        check(s);
        // Entering processing starts the message at the head of the inbox, for processMs.
        const starts = traces(lastStep).filter((t) => t.kind === 'process-start');
        if (starts.length > 0) {
          expect(starts.at(-1)).toMatchObject({ msg: s.context.current!.msg, from: 'listener:A' });
          expect(timer).toMatchObject({ to: 'listener:A', via: input.processMs, event: { type: 'listener.processed' } });
        }
      },
      writing: (s) => {
        check(s);
        // The write awaiting its result is the one for the current message.
        const writes = outs(emitted).filter((o) => o.to === 'storage');
        expect(writes.at(-1)).toMatchObject({ via: 'local', event: { type: 'storage.write', from: 'A', msg: s.context.current!.msg, payload: delivery.payload } });
      },
    };

    await path.test({
      states,
      events: {
        'listener.start': ({ event }: Step) => {
          send(event as ListenerEvent);
          expect(outs(lastStep).map((o) => o.event)).toEqual([{ type: 'client.connect', client: 'A', incarnation: 1 }]);
        },
        'client.connected': ({ event }: Step) => {
          const before = actor.getSnapshot().context as ListenerContext;
          send(event as ListenerEvent);
          const e = event as Extract<ListenerEvent, { type: 'client.connected' }>;
          const subs = outs(lastStep).filter((o) => o.event.type === 'sub.open');
          // Subscribes once, only when the answer is for the connection it opened.
          if (before.phase === 'connecting' && e.incarnation === before.incarnation) {
            expect(subs).toHaveLength(1);
            expect(subs[0]).toMatchObject({ to: 'server', event: { client: 'A', incarnation: e.incarnation, subscription: input.subscriptions[0] } });
          } else expect(subs).toHaveLength(0);
        },
        msg: ({ event }: Step) => {
          const before = actor.getSnapshot().context as ListenerContext;
          const e = event as Extract<ListenerEvent, { type: 'msg' }>;
          send(e);
          const kinds = traces(lastStep).map((t) => t.kind);
          const running = before.phase === 'idle' || before.phase === 'processing' || before.phase === 'writing';
          const forMe = running && before.incarnation === e.incarnation;
          if (forMe) {
            expect(kinds).toContain('receive');
            expect(kinds).not.toContain('lost');
          } else {
            // Crashed, still connecting, or a delivery to an older connection: it vanishes.
            expect(kinds).toEqual(['lost']);
            expect(traces(lastStep)[0]).toMatchObject({ msg: 1, to: 'listener:A' });
            expect(plain((actor.getSnapshot().context as ListenerContext).inbox)).toEqual(plain(before.inbox));
          }
        },
        'storage.result': ({ event }: Step) => {
          const before = actor.getSnapshot().context as ListenerContext;
          const e = event as Extract<ListenerEvent, { type: 'storage.result' }>;
          send(e);
          const acks = outs(lastStep).filter((o) => o.event.type === 'ack');
          if (before.phase !== 'writing') {
            expect(lastStep).toEqual([]);
            return;
          }
          const d = before.current!;
          const outcome = { applied: 'process-ok', refused: 'reject', failed: 'process-fail', skipped: 'skip', duplicate: 'duplicate' }[e.result];
          expect(traces(lastStep)[0]).toMatchObject({ kind: outcome, msg: d.msg });
          if (['applied', 'refused', 'duplicate'].includes(e.result)) {
            expect(acks).toHaveLength(1);
            expect(acks[0]).toMatchObject({ to: d.sub, via: 'net', lost: false, event: { type: 'ack', client: 'A', seq: d.seq } });
            expect(acks[0]!.trace).toMatchObject({ kind: 'ack', msg: d.msg, from: 'listener:A', to: 'server' });
          } else {
            expect(acks).toHaveLength(0);
          }
          const after = actor.getSnapshot().context as ListenerContext;
          expect(after.current === null || after.phase === 'processing').toBe(true);
        },
        'listener.crash': ({ event }: Step) => {
          send(event as ListenerEvent);
          expect(traces(lastStep)[0]).toMatchObject({ kind: 'crash', from: 'listener:A' });
          // Nothing pending survives a crash: the processing timer is cancelled too.
          expect(timer).toBeNull();
          const after = actor.getSnapshot().context as ListenerContext;
          expect(after.current).toBeNull();
          expect(after.inbox.length).toBe(0);
        },
        'listener.restart': ({ event }: Step) => {
          send(event as ListenerEvent);
          expect(outs(lastStep).map((o) => o.event)).toEqual([{ type: 'client.connect', client: 'A', incarnation: 2 }]);
        },
        'listener.processed': ({ event }: Step) => {
          // The processing timer fires: only the one the listener asked for can.
          expect(timer).not.toBeNull();
          timer = null;
          send(event as ListenerEvent);
          // Processing done sends exactly one storage write, for the current message, locally.
          const writes = outs(lastStep).filter((o) => o.to === 'storage');
          expect(writes).toHaveLength(1);
          expect(writes[0]).toMatchObject({ via: 'local', event: { type: 'storage.write', from: 'A', msg: (actor.getSnapshot().context as ListenerContext).current!.msg } });
          expect(lastStep).toHaveLength(1);
        },
      } as never,
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Subscription unit (queue group)
// ---------------------------------------------------------------------------------------------

type SSnap = Snap<UnitContext>;
const MAX_INFLIGHT = 2;
const ACK_WAIT = 30_000;
const entry = (seq: number): LogEntry => ({ seq, msg: seq, payload: payload(seq) });

/**
 * "Now" as the model sees it: time only moves when an ack timer fires, so the latest timer set,
 * minus the ack wait, is when the unit last acted. Deterministic in the context, so the model
 * stays exact (no abstraction of times).
 */
const nowOf = (c: SubContext): number => Math.max(0, ...c.members.map((m) => (m.timerAt ?? 0) - ACK_WAIT));
/** The most deliveries of any message still unacked (at a member, or kept for a durable's return). */
const maxAttempts = (c: SubContext): number => Math.max(0, ...c.members.flatMap((m) => m.pending.map((p) => p.attempt)), ...c.orphans.map((o) => o.attempt));

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
    // B's heartbeats may fail (A's always answer, to keep the model small). No recovery: a member
    // whose heartbeats come back is not sent what waits until the next append or ack.
    if (m && client === 'B' && !m.failedHb && churn) es.push({ type: 'member.heartbeat', client, failed: true, t });
    // Acks for every logged message, including ones this member does not hold (ignored).
    if (m) for (const e of c.log) if (e.seq <= c.lastSent) es.push({ type: 'ack', client, seq: e.seq, t });
  }
  if (c.log.length < 3) es.push({ type: 'channel.append', entry: entry(c.log.length + 1), t });
  return es;
}

function subscriptionModel(durable: string | undefined) {
  const input: SubscriptionInput = { name: SUB, channel: CHANNEL, queue: QUEUE, durable, ackWaitMs: ACK_WAIT, maxInflight: MAX_INFLIGHT, log: Seq.empty(), lastSent: 0 };
  // A TestModel rather than createTestModel: the machine takes any event ('*'), and the helper would
  // replace the events below with a bare `{ type: '*' }`.
  const model = new TestModel(subscriptionMachine as never, {
    input,
    events: subEvents as never,
    // Exact states: the whole context, phase included (no "via" suffix, so each state is one vertex).
    serializeState: (s: SSnap) => JSON.stringify(s.context),
    limit: 200_000,
  } as never) as unknown as TestModel<SSnap, SubscriptionEvent, unknown>;
  return { input, model };
}

/** Replays every path of the model on a real actor and checks the invariants on every snapshot. */
async function runSubscriptionModel(durable: string | undefined) {
  const { input, model } = subscriptionModel(durable);
  const paths = model.getShortestPaths();
  const seen = { states: new Set<string>(), redeliverOnRejoin: 0, closed: 0, offline: 0, stalled: 0, movedAcksIgnored: 0, closedIgnored: 0, maxAttempt: 0, acked: 0, picked: 0, heartbeats: 0 };

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

    /** The context of the real actor. */
    const now = (): UnitContext => actor.getSnapshot().context as UnitContext;

    const invariants = (s: SSnap) => {
      const c = now();
      seen.states.add(c.phase);
      expect(plain(c)).toEqual(plain(s.context));
      // Members are unique.
      const ids = c.members.map((m) => m.client);
      expect(new Set(ids).size).toBe(ids.length);
      // Each member's unacked list is in sequence order without repeats.
      for (const m of c.members) expect(m.pending.map((p) => p.seq)).toEqual([...new Set(m.pending.map((p) => p.seq))].sort((a, b) => a - b));
      if (c.phase === 'closed') {
        // A non-durable group whose last member left is gone for good: it hears nothing any more
        // (probes outside the model, on the pure rules).
        expect(durable).toBeUndefined();
        const t = nowOf(c);
        const probes: SubscriptionEvent[] = [
          { type: 'channel.append', entry: entry(c.log.length + 1), t },
          { type: 'member.join', client: 'A', incarnation: 1, t },
          { type: 'ack', client: 'A', seq: 1, t },
        ];
        for (const e of probes) {
          const r = reactUnit(c, e);
          expect(r.ctx).toBe(c);
          expect(r.out).toEqual([]);
          seen.closedIgnored++;
        }
        return;
      }
      // Each unacked message carries how many times it was sent so far (first delivery included).
      const sends = (seq: number) => outs(emitted).filter((o) => o.event.type === 'msg' && o.event['seq'] === seq).length;
      for (const held of [...c.members.flatMap((m) => m.pending.toArray()), ...c.orphans]) {
        expect(held.attempt, `attempt of seq ${held.seq}`).toBe(sends(held.seq));
        seen.maxAttempt = Math.max(seen.maxAttempt, held.attempt);
      }
      // Every message sent so far is unacked at exactly one member (or kept for the durable's
      // return), or acked: never at two members, never forgotten.
      for (let seq = 1; seq <= c.lastSent; seq++) {
        const holders = c.members.filter((m) => m.pending.some((p) => p.seq === seq)).length + c.orphans.filter((o) => o.seq === seq).length;
        expect(holders + (acked.has(seq) ? 1 : 0), `seq ${seq} in ${JSON.stringify(c)}`).toBe(1);
      }
      // Nothing past lastSent was ever sent.
      for (const m of c.members) for (const p of m.pending) expect(p.seq).toBeLessThanOrEqual(c.lastSent);
      // MaxInflight: a member handed a new (not forced) message never goes past it.
      for (const client of deliveredTo) expect(c.members.find((m) => m.client === client)!.pending.length).toBeLessThanOrEqual(MAX_INFLIGHT);
      // Kept messages only while nobody is subscribed, and only for a durable unit.
      if (c.orphans.length > 0) {
        expect(durable).toBeDefined();
        expect(c.phase).toBe('offline');
      }
      if (c.phase === 'offline') {
        expect(durable).toBeDefined();
        expect(c.members).toEqual([]);
      }
      // A unit that stopped sending with messages waiting has every member stalled (or failing).
      if (c.phase === 'active' && c.lastSent < c.log.length) {
        for (const m of c.members) expect(m.pending.length >= MAX_INFLIGHT || m.failedHb, `${m.client} stalled or failing`).toBe(true);
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
        'channel.append': ({ event }: Step) => {
          const before = now();
          send(event as SubscriptionEvent);
          // A new message goes to the member with the fewest unacked, passing over stalled ones
          // and failed heartbeats; a tie goes to the first in line (findBestQueueSub).
          const first = outs(step).find((o) => o.trace?.kind === 'deliver');
          const able = before.members.filter((m) => !m.stalled && !m.failedHb);
          if (before.phase === 'active' && first && able.length > 0) {
            const least = Math.min(...able.map((m) => m.pending.length));
            expect(first.to).toBe(`listener:${able.find((m) => m.pending.length === least)!.client}`);
            seen.picked++;
          }
        },
        'ackwait.expired': ({ event }: Step) => {
          const e = event as Extract<SubscriptionEvent, { type: 'ackwait.expired' }>;
          const before = now();
          send(e);
          // Expired messages are resent in sequence order, each after its ack-timeout line.
          const resent = outs(step).filter((o) => o.trace?.kind === 'redeliver');
          const seqs = resent.map((o) => o.trace!.seq!);
          expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
          // Each one counts one more delivery than the expiring member's copy had.
          const held = before.members.find((m) => m.client === e.client)!.pending.toArray();
          for (const o of resent) expect(o.trace!.attempt).toBe(held.find((p) => p.seq === o.trace!.seq)!.attempt + 1);
          expect(traces(step).filter((t) => t.kind === 'ack-timeout').map((t) => t.seq)).toEqual(seqs);
          // A message moved to another member counts as acked by the original one (implicit ack):
          // the original member's late ack for it changes nothing (a probe outside the model).
          const after = now();
          const moved = resent.filter((o) => o.to !== `listener:${e.client}`).map((o) => o.trace!.seq!);
          for (const seq of moved) {
            expect(after.members.find((m) => m.client === e.client)?.pending.some((p) => p.seq === seq) ?? false).toBe(false);
            const n = emitted.length;
            actor.send({ type: 'ack', client: e.client, seq, t: e.t });
            expect(plain(now())).toEqual(plain(after));
            expect(emitted.length).toBe(n);
            seen.movedAcksIgnored++;
          }
        },
        ack: ({ event }: Step) => {
          const e = event as Extract<SubscriptionEvent, { type: 'ack' }>;
          const before = now();
          const held = before.members.find((m) => m.client === e.client)?.pending.some((p) => p.seq === e.seq) ?? false;
          send(e);
          if (held) {
            acked.add(e.seq);
            seen.acked++;
            // The member no longer holds it.
            expect(now().members.find((m) => m.client === e.client)!.pending.some((p) => p.seq === e.seq)).toBe(false);
          } else {
            // An ack for a message the member no longer holds (moved on, or acked) changes nothing.
            expect(plain(now())).toEqual(plain(before));
            expect(step).toEqual([]);
          }
        },
        'member.heartbeat': ({ event }: Step) => {
          send(event as SubscriptionEvent);
          // A heartbeat verdict changes who may be chosen, never sends anything by itself.
          expect(step).toEqual([]);
          seen.heartbeats++;
        },
        'member.join': ({ event }: Step) => {
          const e = event as Extract<SubscriptionEvent, { type: 'member.join' }>;
          const before = now();
          send(e);
          if (before.phase === 'offline' && before.orphans.length > 0) {
            // The returning member gets the unacked messages first, as redeliveries, in order.
            const sent = outs(step).filter((o) => o.trace?.kind === 'redeliver' || o.trace?.kind === 'deliver');
            // Each counts one more delivery than it had when its member left.
            const n = before.orphans.length;
            expect(sent.slice(0, n).map((o) => [o.trace!.kind, o.trace!.seq, o.to, o.trace!.attempt])).toEqual(
              before.orphans.map(({ seq, attempt }) => ['redeliver', seq, `listener:${e.client}`, attempt + 1]),
            );
            expect(sent.slice(n).every((o) => o.trace!.kind === 'deliver')).toBe(true);
            seen.redeliverOnRejoin++;
          }
        },
        'member.leave': ({ event }: Step) => {
          const e = event as Extract<SubscriptionEvent, { type: 'member.leave' }>;
          const before = now();
          send(e);
          const after = now();
          if (before.members.length === 1) {
            expect(after.phase).toBe(durable === undefined ? 'closed' : 'offline');
            if (after.phase === 'closed') seen.closed++;
            else {
              seen.offline++;
              // The durable keeps the leaver's unacked messages and its position.
              expect(after.orphans).toEqual(before.members[0]!.pending.map(({ seq, attempt }) => ({ seq, attempt })));
              expect(after.lastSent).toBe(before.lastSent);
            }
          } else {
            // The others take over the leaver's unacked messages, as redeliveries.
            const gone = before.members.find((m) => m.client === e.client)!.pending.map((p) => p.seq);
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
    expect(paths.length).toBeGreaterThan(1000);
    expect([...seen.states].sort()).toEqual(['active', 'closed', 'waiting']);
    expect(seen.closed).toBeGreaterThan(0);
    expect(seen.closedIgnored).toBeGreaterThan(0);
    // Paths ack messages members hold, and choose members for new messages (a rule that did
    // nothing would leave its event out of every path: the model is the machine).
    expect(seen.acked).toBeGreaterThan(0);
    expect(seen.picked).toBeGreaterThan(0);
    expect(seen.heartbeats).toBeGreaterThan(0);
    // The bound lets a message be sent three times, and the model gets there.
    expect(seen.maxAttempt).toBe(3);
    expect(seen.stalled).toBeGreaterThan(0);
    // Some paths ack a message at a member it was moved away from (implicit ack): ignored.
    expect(seen.movedAcksIgnored).toBeGreaterThan(0);
  });

  it('durable: invariants hold; the last leave goes offline and a rejoining member gets the unacked first', async () => {
    const { paths, seen } = await runSubscriptionModel('dur');
    expect(paths.length).toBeGreaterThan(1000);
    expect([...seen.states].sort()).toEqual(['active', 'offline', 'waiting']);
    expect(seen.maxAttempt).toBe(3);
    expect(seen.offline).toBeGreaterThan(0);
    expect(seen.redeliverOnRejoin).toBeGreaterThan(0);
    expect(seen.acked).toBeGreaterThan(0);
    expect(seen.picked).toBeGreaterThan(0);
    expect(seen.heartbeats).toBeGreaterThan(0);
  });
});
