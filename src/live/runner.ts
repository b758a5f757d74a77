/**
 * A scene played against a real NATS server (JetStream), producing the same trace format as the
 * simulation. The publisher and each listener are real clients; failures are injected on the
 * client side (a write that fails, an ack never sent, a slow handler, a connection closed).
 * Transport-agnostic: the caller passes `connect` (Node's transport in tests, WebSocket in the
 * browser).
 *
 * Mapping from the slides' NATS Streaming to JetStream (FACTS.md §1):
 * - a channel is a stream of its own, so sequence numbers start at 1 per channel as in STAN;
 * - a queue group is one durable pull consumer shared by its members; a plain subscription is a
 *   durable consumer per listener; deliver-all-available is DeliverPolicy.All, else New;
 * - AckWait is the consumer's ack_wait, MaxInflight its max_ack_pending;
 * - a listener pulls one message at a time and handles them in order, like the simulated one.
 * Times are scaled: `scale` real ms per virtual ms, and the trace is written in virtual ms.
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import { stamp } from '../actors/nats/publisherMachine.ts';
import { DEFAULT_ACK_WAIT_MS, MIN_ACK_WAIT_MS } from '../actors/nats/serverMachine.ts';
import { applySequence, applyWrite, judgeWrite, type StorageContext } from '../actors/nats/storageMachine.ts';
import type { Command, ListenerConfig, Payload, RunUntil, Storage, SubscriptionConfig, TraceEvent } from '../actors/nats/types.ts';
import { isNatsCommand, type Scene } from '../chapters/types.ts';

export interface LiveOptions {
  /** Open a connection; `name` is the client's name ('publisher', 'listener:A'…). */
  connect: (name: string) => Promise<NatsConnection>;
  /** Real milliseconds per virtual millisecond: 0.05 plays a 30 s ack wait in 1.5 s. */
  scale: number;
  /** Prefix of the streams this run creates (and deletes at the end). */
  prefix?: string;
  /** Give up on a step after this many real ms. */
  stepTimeoutMs?: number;
  /** Called with every trace event as it happens (live mode draws from it). */
  onEvent?: (e: TraceEvent) => void;
}

export interface LiveResult {
  trace: TraceEvent[];
  storage: Storage;
}

/** JetStream names allow letters, digits, - and _. */
const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** Events a client cannot observe, and the observable one that follows them. */
const UNSEEN: Partial<Record<TraceEvent['kind'], TraceEvent['kind']>> = {
  'ack-timeout': 'redeliver',
  'hb-miss': 'redeliver',
};

/** Real ms between listeners starting, so join order is the scene's (connections take a few ms). */
const JOIN_STAGGER_MS = 25;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

interface Wire {
  msg: number;
  payload: Payload;
}

/** One unit of delivery on the real server: a durable consumer. */
interface Unit {
  stream: string;
  consumer: string;
  sub: SubscriptionConfig;
  /** Listeners connected to it now; a durable with nobody connected simply waits. */
  members: Set<string>;
}

export class LiveRun {
  readonly trace: TraceEvent[] = [];
  private storage: StorageContext;
  private readonly t0 = Date.now();
  private readonly prefix: string;
  private readonly conns: NatsConnection[] = [];
  private listeners = new Map<string, LiveListener>();
  private jsm!: JetStreamManager;
  private admin!: NatsConnection;
  private nextMsg = 1;
  private lastNumber: Record<string, number> = {};
  private readonly units = new Map<string, Unit>();

  constructor(
    readonly scene: Scene,
    readonly opts: LiveOptions,
  ) {
    this.prefix = opts.prefix ?? `OOO_${safe(scene.id)}_${this.t0}`;
    this.storage = {
      design: scene.world.design,
      accounts: Object.fromEntries(Object.entries(scene.world.users).map(([u, b]) => [u, { balance: b, lastNumber: 0 }])),
      sequences: {},
      failFor: {},
    };
  }

  /** Virtual ms since the run started. */
  now(): number {
    return Math.round((Date.now() - this.t0) / this.opts.scale);
  }

  record(e: Omit<TraceEvent, 't'>): void {
    const full = { t: this.now(), ...e } as TraceEvent;
    this.trace.push(full);
    this.opts.onEvent?.(full);
  }

  streamOf(channel: string): string {
    return `${this.prefix}_${safe(channel)}`;
  }

  /** The durable consumer a subscription uses (shared by a queue group's members). */
  unitFor(listener: string, s: SubscriptionConfig): Unit {
    const owner = s.queue ?? listener;
    const key = `${s.channel}/${owner}`;
    let u = this.units.get(key);
    if (!u) {
      u = { stream: this.streamOf(s.channel), consumer: safe(`${s.durable ?? 'c'}_${owner}`), sub: s, members: new Set() };
      this.units.set(key, u);
    }
    return u;
  }

  async ensureConsumer(u: Unit): Promise<void> {
    const ackWait = Math.max(MIN_ACK_WAIT_MS, u.sub.ackWaitMs ?? DEFAULT_ACK_WAIT_MS) * this.opts.scale;
    try {
      await this.jsm.consumers.info(u.stream, u.consumer);
    } catch {
      await this.jsm.consumers.add(u.stream, {
        durable_name: u.consumer,
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(Math.max(1, Math.round(ackWait))),
        deliver_policy: u.sub.deliverAll ? DeliverPolicy.All : DeliverPolicy.New,
        ...(u.sub.maxInflight ? { max_ack_pending: u.sub.maxInflight } : {}),
      });
    }
  }

  /** Apply a write to the shared storage with the simulation's own rules. */
  write(from: string, w: Wire, at: { channel: string; seq: number }): { result: ReturnType<typeof judgeWrite>; balance: number } {
    const e = { type: 'storage.write' as const, from, msg: w.msg, payload: w.payload, ...at, t: 0 };
    const result = judgeWrite(this.storage, e);
    if (result === 'failed') this.storage = { ...this.storage, failFor: { ...this.storage.failFor, [from]: (this.storage.failFor[from] ?? 1) - 1 } };
    this.storage = { ...this.storage, accounts: applyWrite(this.storage.accounts, w.payload, result), sequences: applySequence(this.storage, e, result) };
    return { result, balance: this.storage.accounts[w.payload.user]?.balance ?? 0 };
  }

  async start(): Promise<void> {
    this.admin = await this.opts.connect('publisher');
    this.conns.push(this.admin);
    this.jsm = await jetstreamManager(this.admin);
    const channels = new Set(this.scene.channels);
    for (const l of this.scene.world.listeners) for (const s of l.subscriptions) channels.add(s.channel);
    for (const st of this.scene.steps) for (const c of st.commands) if (c.do === 'publish') channels.add(c.channel);
    for (const ch of channels) {
      await this.jsm.streams.delete(this.streamOf(ch)).catch(() => undefined);
      await this.jsm.streams.add({ name: this.streamOf(ch), subjects: [`${this.prefix}.${safe(ch)}`] });
    }
    // Listeners are separate processes: they start side by side, each a beat after the one before,
    // so that they join their groups in the order the scene lists them, as in the simulation.
    await Promise.all(
      this.scene.world.listeners.map(async (l, i) => {
        const listener = new LiveListener(this, l);
        this.listeners.set(l.id, listener);
        if (l.manualStart) return;
        await sleep((l.startAtMs ?? 0) * this.opts.scale + i * JOIN_STAGGER_MS);
        await listener.connect();
      }),
    );
    await this.settle({ kind: 'quiet' });
  }

  async publish(channel: string, raw: Payload): Promise<void> {
    // The same stamping as the simulated publisher: the redesign numbers each user's events.
    const payload = stamp({ design: this.scene.world.design, nextMsg: this.nextMsg, lastNumber: this.lastNumber }, raw);
    if (payload.number !== undefined) this.lastNumber = { ...this.lastNumber, [payload.user]: payload.number };
    const msg = this.nextMsg++;
    this.record({ kind: 'publish', msg, channel, from: 'publisher', to: 'server', payload });
    const ack = await jetstream(this.admin).publish(`${this.prefix}.${safe(channel)}`, JSON.stringify({ msg, payload } satisfies Wire));
    this.record({ kind: 'store', msg, channel, seq: ack.seq, to: `channel:${channel}`, payload });
  }

  async apply(c: Command): Promise<void> {
    const l = 'listener' in c ? this.listeners.get(c.listener) : undefined;
    switch (c.do) {
      case 'publish':
        return this.publish(c.channel, c.payload);
      case 'wait':
        return sleep(c.ms * this.opts.scale);
      case 'slow':
        if (l) l.processMs = c.processMs;
        return;
      case 'fail-writes':
        this.storage = { ...this.storage, failFor: { ...this.storage.failFor, [c.listener]: (this.storage.failFor[c.listener] ?? 0) + c.count } };
        return;
      case 'lose-acks':
        if (l) l.loseAcks += c.count;
        return;
      case 'delay':
        l?.delays.push(c.ms);
        return;
      case 'crash':
        return l?.crash();
      case 'restart':
        return l?.restart();
      case 'start':
        return l?.connect();
      case 'leave':
        return l?.leave();
    }
  }

  /** Is anything left to do: a message unacked or not yet delivered, or a listener still busy? */
  async busy(): Promise<boolean> {
    for (const l of this.listeners.values()) if (l.working()) return true;
    for (const u of this.units.values()) {
      if (u.members.size === 0) continue;
      const info = await this.jsm.consumers.info(u.stream, u.consumer).catch(() => null);
      if (info && (info.num_ack_pending > 0 || info.num_pending > 0)) return true;
    }
    return false;
  }

  /** Wait until the step is over: quiet, a time, or an event seen since trace index `from`. */
  async settle(until: RunUntil, from = this.trace.length): Promise<void> {
    const deadline = Date.now() + (this.opts.stepTimeoutMs ?? 20_000);
    if (until.kind === 'for') return sleep(until.ms * this.opts.scale);
    // Some simulated events have no client-side trace on a real server: the ack wait running out
    // and a client declared dead are only seen through the redelivery that follows.
    const m = until.kind === 'event' ? { ...until.match, ...(until.match.kind && UNSEEN[until.match.kind] ? { kind: UNSEEN[until.match.kind] } : {}) } : null;
    const hit = (e: TraceEvent) => m !== null && Object.entries(m).every(([k, v]) => e[k as keyof TraceEvent] === v);
    let calm = 0;
    while (Date.now() < deadline) {
      if (m !== null && this.trace.slice(from).some(hit)) return;
      if (m === null) {
        calm = (await this.busy()) ? 0 : calm + 1;
        // Twice in a row, a network hop apart: nothing in flight was missed.
        if (calm >= 2) return;
      }
      await sleep(20);
    }
    throw new Error(`step did not settle within ${this.opts.stepTimeoutMs ?? 20_000} ms (waiting for ${JSON.stringify(until)})`);
  }

  /** Balances now. */
  accounts(): Storage {
    return this.storage.accounts;
  }

  /** Close every client and delete the streams this run made. */
  async stop(): Promise<void> {
    for (const l of this.listeners.values()) await l.close();
    if (this.jsm) for (const u of new Set([...this.units.values()].map((x) => x.stream))) await this.jsm.streams.delete(u).catch(() => undefined);
    await Promise.all(this.conns.map((c) => c.close().catch(() => undefined)));
  }
}

/** A real Account Srv instance: pulls from its consumers and handles one message at a time. */
class LiveListener {
  processMs: number;
  loseAcks = 0;
  /** Hold-ups for the next deliveries (a `delay` command): the feed waits, as a slow connection would. */
  delays: number[] = [];
  private conn: NatsConnection | null = null;
  private feeds: ConsumerMessages[] = [];
  private units: Unit[] = [];
  private inbox: { m: JsMsg; w: Wire; channel: string }[] = [];
  private handling = false;
  private incarnation = 0;
  private readonly party: string;

  constructor(
    private readonly run: LiveRun,
    private readonly cfg: ListenerConfig,
  ) {
    this.processMs = cfg.processMs;
    this.party = `listener:${cfg.id}`;
  }

  working(): boolean {
    return this.handling || this.inbox.length > 0;
  }

  async connect(): Promise<void> {
    const inc = ++this.incarnation;
    this.conn = await this.run.opts.connect(this.party);
    const js = jetstream(this.conn);
    for (const s of this.cfg.subscriptions) {
      if (s.afterMs) await sleep(s.afterMs * this.run.opts.scale);
      const unit = this.run.unitFor(this.cfg.id, s);
      await this.run.ensureConsumer(unit);
      unit.members.add(this.cfg.id);
      this.units.push(unit);
      const consumer = await js.consumers.get(unit.stream, unit.consumer);
      const feed = await consumer.consume({ max_messages: 1 });
      this.feeds.push(feed);
      this.run.record({ kind: 'subscribe', channel: s.channel, from: this.party, queue: s.queue, note: s.durable ? `durable ${s.durable}` : undefined });
      void this.pump(feed, s.channel, s.queue, inc);
    }
  }

  private async pump(feed: ConsumerMessages, channel: string, queue: string | undefined, inc: number): Promise<void> {
    try {
      for await (const m of feed) {
        if (inc !== this.incarnation) return;
        const hold = this.delays.shift();
        if (hold) await sleep(hold * this.run.opts.scale);
        if (inc !== this.incarnation) return;
        const w = JSON.parse(m.string()) as Wire;
        const attempt = m.info.deliveryCount;
        const base = { msg: w.msg, channel, seq: m.seq, payload: w.payload, attempt };
        this.run.record({ ...base, kind: attempt > 1 ? 'redeliver' : 'deliver', from: 'server', to: this.party, ...(queue ? { queue } : {}) });
        this.run.record({ ...base, kind: 'receive', to: this.party });
        this.inbox.push({ m, w, channel });
        void this.handle(inc);
      }
    } catch {
      // The connection closed under the iterator (a crash): nothing more comes from this feed.
    }
  }

  private async handle(inc: number): Promise<void> {
    if (this.handling) return;
    this.handling = true;
    while (this.inbox.length > 0 && inc === this.incarnation) {
      const { m, w, channel } = this.inbox.shift()!;
      const base = { msg: w.msg, channel, seq: m.seq, payload: w.payload, attempt: m.info.deliveryCount, from: this.party };
      this.run.record({ ...base, kind: 'process-start' });
      await sleep(this.processMs * this.run.opts.scale);
      if (inc !== this.incarnation) break;
      const { result, balance } = this.run.write(this.cfg.id, w, { channel, seq: m.seq });
      if (result === 'applied') this.run.record({ ...base, kind: 'write', to: 'storage', balance });
      const kind = ({ applied: 'process-ok', refused: 'reject', failed: 'process-fail', skipped: 'skip', duplicate: 'duplicate' } as const)[result];
      this.run.record({ ...base, kind, balance });
      if (result === 'failed' || result === 'skipped') continue;
      if (this.loseAcks > 0) {
        this.loseAcks--;
        this.run.record({ ...base, kind: 'ack-lost', to: 'server' });
        continue;
      }
      m.ack();
      this.run.record({ ...base, kind: 'ack', to: 'server' });
    }
    this.handling = false;
  }

  async crash(): Promise<void> {
    this.incarnation++;
    this.inbox = [];
    this.handling = false;
    this.run.record({ kind: 'crash', from: this.party });
    await this.close();
    // The process is gone and so is its TCP connection: a real server sees that at once.
    this.run.record({ kind: 'client-closed', from: this.party, note: 'its connection dropped' });
  }

  async leave(): Promise<void> {
    this.incarnation++;
    this.inbox = [];
    this.handling = false;
    this.run.record({ kind: 'leave', from: this.party });
    await this.close();
    this.run.record({ kind: 'client-closed', from: this.party, note: 'it closed its connection' });
  }

  async restart(): Promise<void> {
    this.run.record({ kind: 'restart', from: this.party });
    await this.connect();
  }

  async close(): Promise<void> {
    for (const f of this.feeds) f.stop();
    for (const u of this.units) u.members.delete(this.cfg.id);
    this.feeds = [];
    this.units = [];
    await this.conn?.close().catch(() => undefined);
    this.conn = null;
  }
}

/** Why a scene whose world is another family's (HTTP calls, threads in one process) cannot play live. */
import { NO_BROKER_LIVE } from './words.ts';

export { NO_BROKER_LIVE };

/**
 * Play a whole scene against a real server and return its trace and storage. A scene with a
 * kernel world of another family (scene.kernel) is refused with NO_BROKER_LIVE.
 * @example await runLive(storageFails, { connect: (name) => connect({ servers, name }), scale: 0.05 })
 */
export async function runLive(scene: Scene, opts: LiveOptions): Promise<LiveResult> {
  if (scene.kernel) throw new Error(NO_BROKER_LIVE);
  const run = new LiveRun(scene, opts);
  try {
    await run.start();
    for (const step of scene.steps) {
      for (const c of step.commands) if (isNatsCommand(c)) await run.apply(c);
      // On a real server independent events may come in either order (B's deposit or A's refusal
      // first), so a step that waits for an event is over once that event has happened at all.
      // (A scene of chapter 1's own world waits only for its own kinds: the others were refused above.)
      await run.settle((step.until ?? { kind: 'quiet' }) as RunUntil, 0);
    }
    await run.settle({ kind: 'quiet' });
  } finally {
    await run.stop();
  }
  return { trace: run.trace, storage: run.accounts() };
}
