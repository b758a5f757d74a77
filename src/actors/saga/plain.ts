/**
 * The plain host: the saga family's pure rules run without XState, for the chaos explorer's hot
 * path. It routes what the rules emit exactly as the kernel's world does (kernel/world.ts): the
 * same virtual clock with its tie order, the same seeded jitter drawn in the same order, in-order
 * delivery per connection, keyed timers that replace and cancel. It runs the family's own command
 * handlers, so a schedule's commands mean the same on both hosts, and a property test keeps
 * their outcomes identical (tests/unit/future-chaos.test.ts).
 *
 * @example
 *   const w = new PlainWorld({ seed: 1, actors: sagaActors('saga'), network: { latencyMs: 50, jitterMs: 0 } });
 *   w.apply(sagaOrder('Ann', 'Alice', 100)); w.run({ kind: 'quiet' }); w.context('store')
 */
import { VirtualClock } from '../../kernel/clock.ts';
import type { Emitted, OutEvent } from '../../kernel/ports.ts';
import type { WorldApi } from '../../kernel/registry.ts';
import { createRng, type Rng } from '../../kernel/rng.ts';
import type { AnyCommand, KernelConfig, Ms, RunUntil, TraceBase } from '../../kernel/types.ts';
import { SAGA_RULES, sagaCommands, type KindRules } from './world.ts';

interface PlainActor {
  rules: KindRules;
  ctx: unknown;
}

/** A world of the saga family's actors on a plain event loop. */
export class PlainWorld<T extends TraceBase = TraceBase> implements WorldApi {
  readonly trace: T[] = [];
  private readonly clock = new VirtualClock();
  private readonly rng: Rng;
  private readonly config: KernelConfig;
  private readonly actors = new Map<string, PlainActor>();
  private readonly keyed = new Map<string, number>();
  private readonly lastArrival = new Map<string, Ms>();

  constructor(config: KernelConfig) {
    this.config = config;
    this.rng = createRng(config.seed);
    for (const spec of config.actors) {
      const rules = SAGA_RULES.find((r) => r.kind === spec.kind);
      if (!rules) throw new Error(`the plain host runs only the saga family, not "${spec.kind}"`);
      this.actors.set(spec.name, { rules, ctx: rules.init(rules.input(spec.config, spec.name)) });
      this.send(spec.name, { type: 'boot' });
    }
  }

  get now(): Ms {
    return this.clock.now();
  }

  /** An actor's context now (what its machine's snapshot would hold). */
  context(name: string): unknown {
    return this.actors.get(name)?.ctx;
  }

  actor(name: string): never {
    const a = this.actors.get(name);
    // Command handlers read an actor's context through its snapshot, as they do in the XState world.
    return (a ? { getSnapshot: () => ({ context: a.ctx, status: 'active' }) } : undefined) as never;
  }

  send(to: string, event: { type: string; [k: string]: unknown }): void {
    const a = this.actors.get(to);
    if (!a) return;
    const { ctx, out } = a.rules.react(a.ctx, { ...event, t: this.now });
    a.ctx = ctx;
    for (const o of out) this.route(o as Emitted, to);
  }

  at(delay: Ms, fire: () => void, opts: { background?: boolean; key?: string } = {}): void {
    const key = opts.key;
    if (key !== undefined) this.cancel(key);
    const id = this.clock.setTimeout(() => {
      if (key !== undefined) this.keyed.delete(key);
      fire();
    }, delay);
    if (key !== undefined) this.keyed.set(key, id);
  }

  holdNext(): void {
    throw new Error('the saga family holds up no messages');
  }

  note(text: string, from?: string): void {
    this.trace.push({ t: this.now, kind: 'note', note: text, ...(from ? { from } : {}) } as unknown as T);
  }

  private cancel(key: string): void {
    const id = this.keyed.get(key);
    if (id === undefined) return;
    this.clock.clearTimeout(id);
    this.keyed.delete(key);
  }

  /** One hop: the default latency plus seeded jitter (the family's worlds declare no per-edge latency). */
  private hop(): Ms {
    const { latencyMs, jitterMs } = this.config.network;
    return latencyMs + (jitterMs > 0 ? this.rng.int(jitterMs + 1) : 0);
  }

  private route(e: Emitted, from: string): void {
    if (e.type === 'trace') {
      this.trace.push({ t: this.now, ...e.entry } as T);
      return;
    }
    if (e.type === 'cancel') {
      this.cancel(e.key);
      return;
    }
    const out = e as OutEvent;
    if (out.via === 'local') {
      if (out.trace) this.trace.push({ t: this.now, ...out.trace } as T);
      this.send(out.to, out.event);
      return;
    }
    let delay = (out.via === 'net' ? this.hop() : out.via) + (out.after ?? 0);
    if (out.via === 'net' && !out.after) {
      const key = out.conn ?? `${from}\u2192${out.to}`;
      delay = Math.max(delay, (this.lastArrival.get(key) ?? 0) - this.now);
      this.lastArrival.set(key, this.now + delay);
    }
    if (out.trace) this.trace.push({ t: this.now, ...out.trace, arrives: this.now + delay } as T);
    if (out.lost) return;
    this.at(delay, () => this.send(out.to, out.event), { key: out.key });
  }

  apply(c: AnyCommand): void {
    if (c.do === 'wait') return this.run({ kind: 'for', ms: Number(c.ms) });
    const handler = (sagaCommands as Record<string, (c: AnyCommand, w: WorldApi) => void>)[c.do];
    if (!handler) throw new Error(`the plain host knows no command "${c.do}"`);
    handler(c, this);
  }

  /** Runs the clock until quiet or for a while (a run until an event is the XState world's alone). */
  run(until: RunUntil): void {
    if (until.kind === 'event') throw new Error('the plain host runs until quiet or for a while');
    if (until.kind === 'for') {
      const end = this.now + until.ms;
      for (let due = this.clock.nextDue(); due !== null && due <= end; due = this.clock.nextDue()) this.clock.set(Math.max(due, this.now));
      this.clock.set(end);
      return;
    }
    for (let due = this.clock.nextDue(); due !== null; due = this.clock.nextDue()) this.clock.set(Math.max(due, this.now));
  }
}
