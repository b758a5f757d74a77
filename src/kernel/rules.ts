/**
 * A kind made from its pure rules: `(ctx, event) → { ctx, out }`, nothing mutated. Both hosts run
 * these very functions: the fast host (fast.ts) directly, the XState world (xstate.ts) through a
 * one-state machine made from them when it first starts the kind. Nothing here imports XState.
 *
 * @example rulesKind({ kind: 'saga.store', input: (c, name) => ({ name }), init: initStore, react: reactStore })
 */
import type { ActorKind, KindRules, WorldApi } from './registry.ts';

/** What pure rules return: the next context and what to emit. */
export interface RuleResult<C, O> {
  ctx: C;
  out: readonly O[];
}

/** What a rules-first kind declares: its name, its input from its config, its rules, and optionally its host and boot hook. */
export interface RulesKindDecl<Cfg, Ctx, E, I> extends KindRules<Ctx, E, I> {
  kind: string;
  input(config: Cfg, name: string): I;
  host?(config: Cfg, name: string): string;
  boot?(world: WorldApi, config: Cfg, name: string): void;
}

/**
 * An actor kind made from its pure rules. Every family's kinds are made this way, so a world of
 * them runs on either host with the same outcome and the same trace.
 * @example const store = rulesKind({ kind: 'saga.store', input: (c, name) => ({ name }), init: initStore, react: reactStore })
 */
export function rulesKind<Cfg, Ctx, E extends { type: string }, I>(decl: RulesKindDecl<Cfg, Ctx, E, I>): ActorKind<Cfg> {
  const rules: KindRules<Ctx, E, I> = { init: decl.init, react: decl.react };
  return {
    kind: decl.kind,
    input: decl.input,
    ...(decl.host ? { host: decl.host } : {}),
    ...(decl.boot ? { boot: decl.boot } : {}),
    rules,
  };
}
