/**
 * The kernel's world: actors of any registered kind on one virtual clock (clock.ts), a simulated
 * network with seeded jitter per edge and in-order delivery per connection, the trace, and
 * commands dispatched to the family that owns them. No wall clock, no Math.random, no domain
 * word: the same config and commands always give the same trace.
 *
 * How an actor runs is its host's: `FastWorld` (fast.ts) runs each kind's rules on a plain
 * context, `XStateWorld` (xstate.ts) runs it as an XState actor. Both are this world otherwise.
 *
 * @example
 *   const w = new FastWorld({ seed: 1, actors: [...], network: { latencyMs: 300, jitterMs: 0 } }, registry);
 *   w.apply({ do: 'go', n: 3 }); // a verb some family registered
 *   w.run({ kind: 'quiet' });
 *   w.trace;
 */
import type { AnyActorRef } from 'xstate';
import { RunawayError, VirtualClock, type Timer } from './clock.ts';
import type { Emitted, OutEvent, WorldEvent } from './ports.ts';
import type { ActorKind, Registry, WorldApi } from './registry.ts';
import { createRng, type Rng } from './rng.ts';
import type { ActorSpec, AnyCommand, KernelConfig, Ms, RunUntil, TraceBase } from './types.ts';

/**
 * Waiting for an event that never comes, with nothing left but background timers (periodic checks),
 * the world gives up once they have said nothing for this long. Not a cap on a run: a world
 * with work scheduled days or years ahead skips straight to it.
 */
export const IDLE_GIVE_UP_MS: Ms = 30 * 60_000;

/** A run that fires more timers than this is a runaway (an endless loop of timers): it stops with a message. */
export const MAX_TICKS_PER_RUN = 500_000;

/** Whether a trace event has every field of a run-until-event's match. */
function matches(e: TraceBase, m: Readonly<Record<string, unknown>>): boolean {
  for (const k in m) if ((e as unknown as Record<string, unknown>)[k] !== m[k]) return false;
  return true;
}

/**
 * What boot hooks and command handlers see of a world. A class, so `now` is a getter on its
 * prototype: an object literal with a getter gets a hidden class of its own in V8, held in old
 * space, which keeps every world alive through each young-generation collection (measured: 90%
 * of a run's objects survived them, and collections took 30 times as long).
 */
class Facade implements WorldApi {
  private readonly fns: Omit<WorldApi, 'now'> & { now(): Ms };
  constructor(fns: Omit<WorldApi, 'now'> & { now(): Ms }) {
    this.fns = fns;
  }
  get now(): Ms {
    return this.fns.now();
  }
  send(to: string, event: { type: string; [k: string]: unknown }): void {
    this.fns.send(to, event);
  }
  at(delay: Ms, fire: () => void, opts?: { background?: boolean; key?: string }): void {
    this.fns.at(delay, fire, opts);
  }
  holdNext(to: string, ms: Ms): void {
    this.fns.holdNext(to, ms);
  }
  note(text: string, from?: string): void {
    this.fns.note(text, from);
  }
  run(until: RunUntil): void {
    this.fns.run(until);
  }
  actor(name: string): AnyActorRef | undefined {
    return this.fns.actor(name);
  }
}

/** A link between two hosts: one hop's latency and jitter, and when the last message on it arrives. */
interface Link {
  latencyMs: Ms;
  jitterMs: Ms;
  lastArrival: Ms;
}

/** How a world runs, beyond its config. */
export interface WorldOptions {
  /** Keep only trace events of the kinds this accepts (default: all). */
  keep?: (kind: string) => boolean;
}

export abstract class World<T extends TraceBase = TraceBase, C extends { do: string } = AnyCommand> {
  readonly config: KernelConfig;
  readonly clock = new VirtualClock();
  readonly trace: T[] = [];
  readonly actors = new Map<string, AnyActorRef>();
  /** Why the world stopped on its own (a runaway), once it has; nothing runs after that. */
  halted: string | undefined;
  protected readonly registry: Registry;
  private readonly rng: Rng;
  /** The host of each actor: actors on one host share its connections. */
  /** The host of each actor whose host is not itself (the units of a server, say). */
  protected readonly hosts = new Map<string, string>();
  protected readonly kinds = new Map<string, string>();
  /** Timer ids by key, so a timer can be replaced or cancelled. */
  private readonly keyed = new Map<string, Timer>();
  /** The link between each pair of hosts, by the hosts (see `link`). */
  private readonly links = new Map<string, Map<string, Link>>();
  /** Latest arrival on each connection a message named (OutEvent.conn): one connection delivers in order. */
  private readonly namedArrival = new Map<string, Ms>();
  /** Extra network time for the next holdable messages to an actor, from holdNext. */
  private holds: Map<string, Ms[]> | undefined;
  /** What boot hooks and command handlers see of the world. */
  readonly api: WorldApi;

  /** Which trace kinds to keep (all by default): a chaos judge reads only a few, and building the others is much of a run's cost. */
  protected readonly keep: ((kind: string) => boolean) | undefined;

  constructor(config: KernelConfig, registry: Registry, opts: WorldOptions = {}) {
    this.config = config;
    this.registry = registry;
    this.keep = opts.keep;
    this.rng = createRng(config.seed);
    // Bound methods, not arrows: a world is made per chaos schedule, and tsx (the command line's
    // runner) names every arrow made at run time, which costs more than the arrow.
    this.api = new Facade({
      now: this.nowMs.bind(this),
      send: this.send.bind(this),
      at: this.atFor.bind(this),
      holdNext: this.holdNext.bind(this),
      note: this.note.bind(this),
      run: this.run.bind(this),
      actor: this.actorNamed.bind(this),
    });
    this.fire = this.fireTimer.bind(this);
    for (const spec of config.actors) this.spawn(spec);
  }

  /** Virtual time now. */
  get now(): Ms {
    return this.clock.now();
  }

  private nowMs(): Ms {
    return this.clock.now();
  }

  private actorNamed(name: string): AnyActorRef | undefined {
    return this.actors.get(name);
  }

  private atFor(delay: Ms, fire: () => void, opts: { background?: boolean; key?: string } = {}): void {
    this.at(delay, fire, opts.background ?? false, opts.key);
  }

  /** Start an actor of a registered kind. */
  spawn(spec: ActorSpec): void {
    if (this.actors.has(spec.name)) throw new Error(`two actors are named "${spec.name}"`);
    const kind: ActorKind = this.registry.kind(spec.kind);
    const host = kind.host?.(spec.config, spec.name);
    if (host !== undefined && host !== spec.name) this.hosts.set(spec.name, host);
    this.kinds.set(spec.name, spec.kind);
    this.start(spec.name, kind, kind.input(spec.config, spec.name));
    kind.boot?.(this.api, spec.config, spec.name);
  }

  /** Makes the running actor of a kind, puts it in `actors` and starts it: the host's part. */
  protected abstract start(name: string, kind: ActorKind, input: unknown): void;

  /** The registered kind of an actor, if it exists. */
  kindOf(name: string): string | undefined {
    return this.kinds.get(name);
  }

  /** Names of the actors of one kind, in the order they were spawned. */
  actorsOf(kind: string): string[] {
    return [...this.kinds].filter(([, k]) => k === kind).map(([name]) => name);
  }

  /** Hand an event to an actor, stamped with the time. */
  send(to: string, event: { type: string; [k: string]: unknown }): void {
    if (to === 'world') return this.own(event as WorldEvent);
    // An actor that stopped (a unit whose last member left, say) drops what still arrives for it.
    const actor = this.actors.get(to);
    if (actor?.getSnapshot().status === 'active') actor.send({ ...event, t: this.now });
  }

  protected own(e: WorldEvent): void {
    if (e.type === 'spawn') this.spawn(e.spec);
    else if (e.type === 'stop') this.actors.get(e.name)?.stop();
  }

  private at(delay: Ms, fire: () => void, background: boolean, key?: string): void {
    if (key !== undefined) this.cancel(key);
    const t = this.clock.deliverLater(
      () => {
        if (key !== undefined) this.keyed.delete(key);
        fire();
      },
      delay,
      background,
      undefined,
      undefined,
      key,
    );
    if (key !== undefined) this.keyed.set(key, t);
  }

  /** A message delivered `delay` ms from now (keyed: it replaces the one set under that key). */
  private later(delay: Ms, to: string, event: Timer['event'], background: boolean, key: string | undefined): void {
    if (key !== undefined) this.cancel(key);
    const t = this.clock.deliverLater(this.fire, delay, background, to, event, key);
    if (key !== undefined) this.keyed.set(key, t);
  }

  /** What a message timer does when it fires (`fireTimer`, bound once). */
  private readonly fire: (t: Timer) => void;

  /** A message timer fired: forget its key, deliver its message. */
  private fireTimer(t: Timer): void {
    if (t.key !== undefined) this.keyed.delete(t.key);
    this.send(t.to!, t.event!);
  }

  private cancel(key: string): void {
    const t = this.keyed.get(key);
    if (t === undefined) return;
    this.clock.clear(t);
    this.keyed.delete(key);
  }

  private hostOf(name: string): string {
    return this.hosts.get(name) ?? name;
  }

  /** Whether a trace entry of this kind is kept. */
  private kept(kind: string): boolean {
    return this.keep === undefined || this.keep(kind);
  }

  /**
   * The link from host `from` to host `to`: its latency and jitter (the first edge that matches,
   * else the default hop) and the latest arrival on it. Made once per pair: this runs for every
   * message.
   */
  private link(from: string, to: string): Link {
    let row = this.links.get(from);
    if (row === undefined) this.links.set(from, (row = new Map()));
    let link = row.get(to);
    if (link === undefined) {
      const net = this.config.network;
      const edge = net.edges?.find((e) => (e.from === from || e.from === '*') && (e.to === to || e.to === '*'));
      link = { latencyMs: edge?.latencyMs ?? net.latencyMs, jitterMs: edge?.jitterMs ?? net.jitterMs, lastArrival: 0 };
      row.set(to, link);
    }
    return link;
  }

  protected route(e: Emitted, from: string): void {
    const type = e.type;
    if (type === 'trace') {
      if (this.kept(e.entry.kind)) this.trace.push({ t: this.now, ...e.entry } as T);
      return;
    }
    if (type === 'cancel') {
      this.cancel(e.key);
      return;
    }
    const out = e as OutEvent;
    const { via, to, trace } = out;
    if (via === 'local') {
      if (trace && this.kept(trace.kind)) this.trace.push({ t: this.now, ...trace } as T);
      this.send(to, out.event);
      return;
    }
    const now = this.now;
    const after = out.after;
    let delay: Ms;
    if (via === 'net') {
      // One hop: the link's latency plus seeded jitter.
      const link = this.link(this.hostOf(from), this.hostOf(to));
      delay = link.latencyMs + (link.jitterMs > 0 ? this.rng.int(link.jitterMs + 1) : 0) + (after ?? 0) + (out.holdable ? this.heldUp(to) : 0);
      if (!after) {
        // One connection delivers in order: jitter varies how long a hop takes, never the order on
        // it. A connection is the pair of hosts unless the message names one of its own.
        const conn = out.conn;
        const last = conn === undefined ? link.lastArrival : (this.namedArrival.get(conn) ?? 0);
        delay = Math.max(delay, last - now);
        if (conn === undefined) link.lastArrival = now + delay;
        else this.namedArrival.set(conn, now + delay);
      }
    } else {
      delay = via + (after ?? 0);
    }
    if (trace && this.kept(trace.kind)) this.trace.push({ t: now, ...trace, arrives: now + delay } as T);
    if (out.lost) return;
    this.later(delay, to, out.event, out.background ?? false, out.key);
  }

  private holdNext(to: string, ms: Ms): void {
    const holds = (this.holds ??= new Map());
    holds.set(to, [...(holds.get(to) ?? []), ms]);
  }

  /** The extra time a hold put on the next holdable message over the network to `to`. */
  private heldUp(to: string): Ms {
    const queue = this.holds?.get(to);
    if (queue === undefined) return 0;
    const ms = queue.shift() ?? 0;
    if (queue.length === 0) this.holds!.delete(to);
    return ms;
  }

  /** A line for the narration log at the current time (a fault someone injected, say). */
  note(text: string, from?: string): void {
    this.trace.push({ t: this.now, kind: 'note', note: text, ...(from ? { from } : {}) } as T);
  }

  /** Issue one command: `wait` runs the clock, every other verb goes to the family that owns it. */
  apply(c: C): void {
    if (c.do === 'wait') return this.run({ kind: 'for', ms: (c as unknown as { ms: Ms }).ms });
    this.registry.command(c.do)(c as unknown as AnyCommand, this.api);
  }

  /** When the next timer is due, or null; with `foregroundOnly`, background timers are not counted. */
  nextDue(foregroundOnly = false): Ms | null {
    return this.clock.nextDue(foregroundOnly);
  }

  /** Nothing is left to happen but background timers. */
  isQuiet(): boolean {
    return this.clock.nextDue(true) === null;
  }

  /** Run the clock forward. Idle stretches are skipped, however long: a timer 8.5 years out is one jump. */
  run(until: RunUntil): void {
    if (this.halted !== undefined) return;
    let ticks = 0;
    if (until.kind === 'for') {
      const end = this.now + until.ms;
      for (let due = this.nextDue(); due !== null && due <= end; due = this.nextDue()) if (!this.advance(due, ++ticks)) return;
      this.advance(end, ++ticks);
      return;
    }
    const m = until.kind === 'event' ? until.match : null;
    let seen = this.trace.length;
    let lastActivity = this.now;
    const horizon = this.config.horizonMs === undefined ? Number.POSITIVE_INFINITY : this.now + this.config.horizonMs;
    for (;;) {
      if (m === null && this.isQuiet()) return;
      for (; m !== null && seen < this.trace.length; seen++) {
        if (matches(this.trace[seen]!, m)) return;
        lastActivity = this.trace[seen]!.t;
      }
      const due = this.nextDue(m === null);
      if (due === null || due > horizon) return;
      if (m !== null && due - lastActivity > IDLE_GIVE_UP_MS && this.isQuiet()) return;
      if (!this.advance(due, ++ticks)) return;
    }
  }

  /** The clock moved to `due`, the `ticks`-th move of this run; false once the world has halted (a runaway). */
  private advance(due: Ms, ticks: number): boolean {
    if (ticks > MAX_TICKS_PER_RUN) return this.halt(`more than ${MAX_TICKS_PER_RUN.toLocaleString('en-US')} timers fired in one run`);
    try {
      this.clock.set(Math.max(due, this.now));
    } catch (error) {
      if (error instanceof RunawayError) return this.halt(error.message);
      throw error;
    }
    return true;
  }

  /** Stop for good with a message in the trace; returns false so a loop can end on it. */
  private halt(why: string): false {
    this.halted = `The simulation stopped at ${Math.round(this.now)} ms of virtual time: ${why}. Something is scheduling work without end.`;
    this.trace.push({ t: this.now, kind: 'runaway', note: this.halted } as T);
    return false;
  }

  stop(): void {
    for (const a of this.actors.values()) a.stop();
  }
}
