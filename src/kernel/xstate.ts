/**
 * The XState host: each actor of a world run as an XState actor of its kind's machine, on the
 * world's virtual clock. The model-based tests walk these machines (xstate/graph), the
 * conformance tests and the families' own tests run worlds of them, and `npm run trace -- --json`
 * prints their snapshots. Scenes and the chaos explorer run on the fast host (fast.ts), which
 * runs the very same rules without XState; tests/unit/hosts.test.ts holds the two to the same
 * trace.
 *
 * This is the one module that imports XState at run time, so the browser, which never builds
 * an XState world, ships none of it: a kind declares its rules (rules.ts), and its machine is
 * made here from them when an XState world first starts one.
 *
 * @example
 *   const w = new XStateWorld({ seed: 1, actors, network: { latencyMs: 300, jitterMs: 0 } }, registry);
 *   w.apply(command); w.run({ kind: 'quiet' }); w.trace
 */
import { createActor, enqueueActions, setup, type AnyStateMachine } from 'xstate';
import type { Emitted } from './ports.ts';
import type { ActorKind, KindRules } from './registry.ts';
import type { RuleResult } from './rules.ts';
import type { AnyCommand, TraceBase } from './types.ts';
import { World } from './world.ts';

/**
 * The action that runs `react` on the machine's context and event: it assigns the new context
 * when it changed and emits what the rules sent, so a rule behaves the same on either host.
 * @example setup({ … actions: { 'apply the rules': applyRules(react) } })
 */
export function applyRules<C, E, O>(react: (ctx: C, event: E) => RuleResult<C, O>) {
  const run = ({ context, event, enqueue }: { context: C; event: E; enqueue: { assign: (f: () => C) => void; emit: (o: O) => void } }): void => {
    const { ctx, out } = react(context, event);
    if (ctx !== context) enqueue.assign(() => ctx);
    for (const o of out) enqueue.emit(o);
  };
  // XState types an action for the machine it is set up in; this one fits any whose types match C, E and O.
  return enqueueActions(run as never) as never;
}

/**
 * A machine that hands every event to `react`, its context made by `init` from its input: one
 * state, because a rules-first kind keeps its whole lifecycle (up, crashed, back) in its context.
 * @example createActor(rulesMachine('saga.store', initStore, reactStore), { input: { name: 'store' } })
 */
export function rulesMachine<C, E extends { type: string }, I>(id: string, init: (input: I) => C, react: (ctx: C, e: E) => RuleResult<C, unknown>): AnyStateMachine {
  return setup({
    types: { context: {} as C & Record<string, unknown>, events: {} as E, input: {} as I },
    actions: { 'apply the rules': applyRules(react) },
  }).createMachine({
    id,
    context: ({ input }) => init(input) as C & Record<string, unknown>,
    on: { '*': { actions: 'apply the rules' } },
  }) as AnyStateMachine;
}

/** Machines made from rules, one per rules object (a kind's machine is made once, however many worlds start it). */
const made = new WeakMap<KindRules, AnyStateMachine>();

/**
 * The XState machine of a kind: its own, if it brings one, else the one made from its rules.
 * @example createActor(machineOf(registry.kind('toy.echo')), { input })
 */
export function machineOf(kind: ActorKind): AnyStateMachine {
  if (kind.machine) return kind.machine;
  const rules = kind.rules;
  if (!rules) throw new Error(`the actor kind "${kind.kind}" has neither rules nor a machine`);
  let machine = made.get(rules);
  if (!machine) {
    machine = rulesMachine(kind.machineId ?? kind.kind, rules.init, rules.react);
    made.set(rules, machine);
  }
  return machine;
}

/** A world whose actors are XState actors of their kinds' machines, on the world's clock. */
export class XStateWorld<T extends TraceBase = TraceBase, C extends { do: string } = AnyCommand> extends World<T, C> {
  protected override start(name: string, kind: ActorKind, input: unknown): void {
    const actor = createActor(machineOf(kind), { clock: this.clock, input });
    this.actors.set(name, actor);
    actor.on('*', (e: Emitted) => this.route(e, name));
    actor.start();
  }
}
