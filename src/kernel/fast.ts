/**
 * The fast host: the same world as kernel/world.ts — the virtual clock and its tie order, the
 * seeded jitter drawn in the same order, in-order delivery per connection, keyed and background
 * timers, the trace, the families' command handlers — with each actor run as its kind's pure
 * rules (ActorKind.rules, made by `rulesKind`) on a plain context instead of as an XState actor.
 * An actor busy with an event queues what is sent to it meanwhile and takes it next, as an XState
 * actor's mailbox does, so both hosts see events in the same order and write the same trace
 * (tests/unit/hosts.test.ts runs thousands of schedules of every chapter's chaos scenario on both).
 * It is what the chaos explorer and the scenes run on; the XState world stays for the inspector's
 * machines, the model-based tests and the conformance tests.
 *
 * @example
 *   const w = new FastWorld({ seed: 1, actors, network: { latencyMs: 300, jitterMs: 0 } }, registry);
 *   w.apply(command); w.run({ kind: 'quiet' }); w.trace // the XState world's trace, line for line
 */
import type { AnyActorRef } from 'xstate';
import type { Emitted, WorldEvent } from './ports.ts';
import type { ActorKind, KindRules, Registry } from './registry.ts';
import type { AnyCommand, KernelConfig, TraceBase } from './types.ts';
import { World, type WorldOptions } from './world.ts';

type Event = { type: string; t?: number; [k: string]: unknown };

/** An actor on the fast host: its rules, its context now, and what waits in its mailbox. */
class PlainActor {
  readonly rules: KindRules;
  ctx: unknown;
  status: 'active' | 'stopped' = 'active';
  busy = false;
  readonly mailbox: Event[] = [];

  constructor(rules: KindRules, ctx: unknown) {
    this.rules = rules;
    this.ctx = ctx;
  }

  /** What command handlers and readers ask of an actor, as of an XState one: its context and whether it runs. */
  getSnapshot(): { context: unknown; status: 'active' | 'stopped' } {
    return { context: this.ctx, status: this.status };
  }

  stop(): void {
    this.status = 'stopped';
    this.mailbox.length = 0;
  }
}

/**
 * Whether every actor a config starts has rules the fast host can run.
 * @example runsFast(config, registry) // false when a kind still has only a machine
 */
export const runsFast = (config: KernelConfig, registry: Registry): boolean => config.actors.every((a) => registry.kind(a.kind).rules !== undefined);

export class FastWorld<T extends TraceBase = TraceBase, C extends { do: string } = AnyCommand> extends World<T, C> {
  constructor(config: KernelConfig, registry: Registry, opts: WorldOptions = {}) {
    super(config, registry, opts);
  }

  protected override start(name: string, kind: ActorKind, input: unknown): void {
    if (!kind.rules) throw new Error(`the fast host runs only kinds made from their rules (rulesKind), and "${kind.kind}" has none`);
    this.actors.set(name, new PlainActor(kind.rules, kind.rules.init(input)) as unknown as AnyActorRef);
  }

  override send(to: string, event: { type: string; [k: string]: unknown }): void {
    if (to === 'world') return this.own(event as WorldEvent);
    const actor = this.actors.get(to) as unknown as PlainActor | undefined;
    if (actor === undefined || actor.status !== 'active') return;
    // Every event is made for this one delivery (by a rule or a command), so it is stamped in place.
    const e = event as Event;
    e.t = this.now;
    if (actor.busy) {
      actor.mailbox.push(e);
      return;
    }
    actor.busy = true;
    try {
      this.step(actor, to, e);
      while (actor.mailbox.length > 0) this.step(actor, to, actor.mailbox.shift()!);
    } finally {
      actor.busy = false;
    }
  }

  /** One event through an actor's rules: its next context, then what it emitted, in order. */
  private step(actor: PlainActor, name: string, e: Event): void {
    const { ctx, out } = actor.rules.react(actor.ctx, e);
    actor.ctx = ctx;
    for (const o of out) this.route(o as Emitted, name);
  }
}
