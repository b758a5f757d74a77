/**
 * The world: composes the publisher, the server, its subscription units, the listeners and the
 * storage as XState actors on one virtual clock (xstate's SimulatedClock, see clock.ts), routes what they emit (over a simulated
 * network with seeded jitter, or locally), and writes the trace. No wall clock, no Math.random:
 * the same config and commands always give the same trace.
 *
 * @example
 *   const w = createWorld(config);
 *   w.apply({ do: 'publish', channel: 'account:deposit', payload: { kind: 'deposit', user: 'Jim', amount: 70 } });
 *   w.run({ kind: 'quiet' });
 *   w.trace; w.storage();
 */
import { createActor, type AnyActorRef } from 'xstate';
import { VirtualClock } from './clock.ts';
import { listenerMachine } from './listenerMachine.ts';
import type { Emitted, OutEvent } from './ports.ts';
import { publisherMachine } from './publisherMachine.ts';
import { createRng, type Rng } from './rng.ts';
import { serverMachine } from './serverMachine.ts';
import { storageMachine } from './storageMachine.ts';
import { subscriptionMachine, type SubscriptionInput } from './subscriptionMachine.ts';
import type { Command, Ms, RunUntil, Storage, TraceEvent, WorldConfig } from './types.ts';

/** The world gives up running after this much virtual time in one go (a safety net, not a rule). */
export const MAX_RUN_MS: Ms = 30 * 60_000;

/** Heartbeats of the course's server: nats-streaming -hbi 5s -hbt 5s -hbf 2. */
export const COURSE_HEARTBEAT = { intervalMs: 5_000, timeoutMs: 5_000, failCount: 2 } as const;

/** A sensible world to start a scene from; scenes override what they need. */
export function baseConfig(over: Partial<WorldConfig> = {}): WorldConfig {
  return {
    seed: 1,
    design: 'naive',
    users: { Jim: 0 },
    listeners: [],
    latencyMs: 300,
    jitterMs: 0,
    heartbeat: COURSE_HEARTBEAT,
    ...over,
  };
}

export class World {
  readonly config: WorldConfig;
  readonly clock = new VirtualClock();
  readonly trace: TraceEvent[] = [];
  readonly actors = new Map<string, AnyActorRef>();
  private readonly rng: Rng;
  /** Timer ids of the clock that only keep heartbeats going. */
  private readonly background = new Set<number>();
  /** Timer ids by key, so a timer can be replaced or cancelled. */
  private readonly keyed = new Map<string, number>();
  /** Latest arrival on each connection ('publisher→server'): one TCP connection delivers in order. */
  private readonly lastArrival = new Map<string, Ms>();
  /** Extra network time for the next deliveries to a listener ('listener:A' → [ms, …]), from `delay` commands. */
  private readonly delays = new Map<string, Ms[]>();

  constructor(config: WorldConfig) {
    this.config = config;
    this.rng = createRng(config.seed);
    this.add('publisher', createActor(publisherMachine, { clock: this.clock, input: { design: config.design } }));
    this.add('server', createActor(serverMachine, { clock: this.clock, input: { heartbeat: config.heartbeat, transport: config.transport } }));
    this.add('storage', createActor(storageMachine, { clock: this.clock, input: { design: config.design, users: config.users } }));
    for (const l of config.listeners) {
      const name = `listener:${l.id}`;
      this.add(name, createActor(listenerMachine, { clock: this.clock, input: { id: l.id, processMs: l.processMs, subscriptions: l.subscriptions } }));
      if (!l.manualStart) this.at(l.startAtMs ?? 0, () => this.send(name, { type: 'listener.start' }), false);
    }
  }

  /** Virtual time now. */
  get now(): Ms {
    return this.clock.now();
  }

  private add(name: string, actor: AnyActorRef): void {
    this.actors.set(name, actor);
    actor.on('*', (e: Emitted) => this.route(e, name));
    actor.start();
  }

  /** Hand an event to an actor, stamped with the time. */
  send(to: string, event: { type: string; [k: string]: unknown }): void {
    if (to === 'world') {
      if (event.type === 'spawn.subscription') {
        const input = event.input as SubscriptionInput;
        this.add(input.name, createActor(subscriptionMachine, { clock: this.clock, input }));
      }
      return;
    }
    // A unit that closed (its last member left and it was not durable) drops what still arrives for it, a late ack say.
    const actor = this.actors.get(to);
    if (actor?.getSnapshot().status === 'active') actor.send({ ...event, t: this.now });
  }

  private at(delay: Ms, fire: () => void, background: boolean, key?: string): void {
    if (key !== undefined) this.cancel(key);
    const id = this.clock.setTimeout(() => {
      if (key !== undefined) this.keyed.delete(key);
      this.background.delete(id);
      fire();
    }, delay);
    if (background) this.background.add(id);
    if (key !== undefined) this.keyed.set(key, id);
  }

  private cancel(key: string): void {
    const id = this.keyed.get(key);
    if (id === undefined) return;
    this.clock.clearTimeout(id);
    this.keyed.delete(key);
    this.background.delete(id);
  }

  private hop(): Ms {
    const j = this.config.jitterMs;
    return this.config.latencyMs + (j > 0 ? this.rng.int(j + 1) : 0);
  }

  /**
   * The connection an actor's message travels on: the server's subscription units share the
   * server's connection to each client, so a delivery never overtakes an earlier one to the same
   * listener; jitter varies how long a hop takes, never the order on one connection.
   */
  private link(from: string, to: string): string {
    const side = (name: string) => (name.startsWith('sub:') ? 'server' : name);
    return `${side(from)}\u2192${side(to)}`;
  }

  private route(e: Emitted, from: string): void {
    if (e.type === 'trace') {
      this.trace.push({ t: this.now, ...e.entry });
      return;
    }
    if (e.type === 'cancel') {
      this.cancel(e.key);
      return;
    }
    const out = e as OutEvent;
    if (out.via === 'local') {
      if (out.trace) this.trace.push({ t: this.now, ...out.trace });
      this.send(out.to, out.event);
      return;
    }
    let delay = (out.via === 'net' ? this.hop() : out.via) + (out.after ?? 0) + this.heldUp(out);
    if (out.via === 'net' && !out.after) {
      const key = this.link(from, out.to);
      delay = Math.max(delay, (this.lastArrival.get(key) ?? 0) - this.now);
      this.lastArrival.set(key, this.now + delay);
    }
    if (out.trace) this.trace.push({ t: this.now, ...out.trace, arrives: this.now + delay });
    if (out.lost) return;
    this.at(delay, () => this.send(out.to, out.event), out.background ?? false, out.key);
  }

  /** The extra time a `delay` command put on this message: only a delivery or redelivery to a listener. */
  private heldUp(out: OutEvent): Ms {
    if (out.via !== 'net' || (out.trace?.kind !== 'deliver' && out.trace?.kind !== 'redeliver')) return 0;
    const queue = this.delays.get(out.to);
    const ms = queue?.shift() ?? 0;
    if (queue?.length === 0) this.delays.delete(out.to);
    return ms;
  }

  /** A line for the narration log at the current time (a fault someone injected, say). */
  note(text: string, from?: string): void {
    this.trace.push({ t: this.now, kind: 'note', note: text, ...(from ? { from } : {}) });
  }

  /** Issue one command. */
  apply(c: Command): void {
    switch (c.do) {
      case 'publish':
        return this.send('publisher', { type: 'publish', channel: c.channel, payload: c.payload });
      case 'slow':
        return this.send(`listener:${c.listener}`, { type: 'listener.slow', processMs: c.processMs });
      case 'fail-writes':
        return this.send('storage', { type: 'storage.fail-writes', listener: c.listener, count: c.count });
      case 'lose-acks':
        return this.send(`listener:${c.listener}`, { type: 'listener.lose-acks', count: c.count });
      case 'delay': {
        const to = `listener:${c.listener}`;
        this.delays.set(to, [...(this.delays.get(to) ?? []), c.ms]);
        return;
      }
      case 'crash':
        return this.send(`listener:${c.listener}`, { type: 'listener.crash' });
      case 'restart':
        return this.send(`listener:${c.listener}`, { type: 'listener.restart' });
      case 'start':
        return this.send(`listener:${c.listener}`, { type: 'listener.start' });
      case 'leave':
        return this.send(`listener:${c.listener}`, { type: 'listener.leave' });
      case 'wait':
        return this.run({ kind: 'for', ms: c.ms });
    }
  }

  /** When the next timer is due, or null; with `foregroundOnly`, heartbeats are not counted. */
  nextDue(foregroundOnly = false): Ms | null {
    if (!foregroundOnly) return this.clock.nextDue();
    let next: Ms | null = null;
    for (const { id, due } of this.clock.pending()) {
      if (this.background.has(id)) continue;
      if (next === null || due < next) next = due;
    }
    return next;
  }

  /** Nothing is left to happen but heartbeats. */
  isQuiet(): boolean {
    return this.nextDue(true) === null;
  }

  /** Run the clock forward. */
  run(until: RunUntil): void {
    const limit = this.now + MAX_RUN_MS;
    if (until.kind === 'for') {
      const end = this.now + until.ms;
      for (let due = this.nextDue(); due !== null && due <= end; due = this.nextDue()) this.tick(due);
      this.clock.set(end);
      return;
    }
    const from = this.trace.length;
    const m = until.kind === 'event' ? until.match : null;
    const hit = (e: TraceEvent) => m !== null && Object.entries(m).every(([k, v]) => e[k as keyof TraceEvent] === v);
    let seen = from;
    for (;;) {
      if (m === null && this.isQuiet()) return;
      for (; m !== null && seen < this.trace.length; seen++) if (hit(this.trace[seen]!)) return;
      const due = this.nextDue(m === null);
      if (due === null || due > limit) return;
      this.tick(due);
    }
  }

  private tick(due: Ms): void {
    this.clock.set(Math.max(due, this.now));
  }

  /** Balances (and last numbers) per user, now. */
  storage(): Storage {
    return this.actors.get('storage')!.getSnapshot().context.accounts as Storage;
  }

  stop(): void {
    for (const a of this.actors.values()) a.stop();
  }
}

export const createWorld = (config: WorldConfig): World => new World(config);
