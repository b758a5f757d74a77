/**
 * The one bridge from a family's pure rules to its XState machine: rules are functions
 * `(ctx, event) → { ctx, out }` (nothing mutated), and a machine runs them with this action, which
 * assigns the new context when it changed and emits what the rules sent. Every family's machines
 * use it, so a rule behaves the same on any host that runs the rules.
 *
 * @example setup({ … actions: { 'apply the rules': applyRules(react) } })
 */
import { enqueueActions, setup, type AnyStateMachine } from 'xstate';
import type { ActorKind, KindRules, WorldApi } from './registry.ts';

/** What pure rules return: the next context and what to emit. */
export interface RuleResult<C, O> {
  ctx: C;
  out: readonly O[];
}

/** The action that runs `react` on the machine's context and event. */
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

/** What a rules-first kind declares: its name, its input from its config, its rules, and optionally its host and boot hook. */
export interface RulesKindDecl<Cfg, Ctx, E, I> extends KindRules<Ctx, E, I> {
  kind: string;
  input(config: Cfg, name: string): I;
  host?(config: Cfg, name: string): string;
  boot?(world: WorldApi, config: Cfg, name: string): void;
}

/**
 * An actor kind made from its pure rules: the XState machine that runs them, and the rules
 * themselves for the fast host. Every family's kinds are made this way, so a world of them runs
 * on either host with the same outcome and the same trace.
 * @example const store = rulesKind({ kind: 'saga.store', input: (c, name) => ({ name }), init: initStore, react: reactStore })
 */
export function rulesKind<Cfg, Ctx, E extends { type: string }, I>(decl: RulesKindDecl<Cfg, Ctx, E, I>): ActorKind<Cfg> {
  const rules: KindRules<Ctx, E, I> = { init: decl.init, react: decl.react };
  return {
    kind: decl.kind,
    machine: rulesMachine(decl.kind, decl.init, decl.react),
    input: decl.input,
    ...(decl.host ? { host: decl.host } : {}),
    ...(decl.boot ? { boot: decl.boot } : {}),
    rules,
  };
}
