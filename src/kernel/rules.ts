/**
 * The one bridge from a family's pure rules to its XState machine: rules are functions
 * `(ctx, event) → { ctx, out }` (nothing mutated), and a machine runs them with this action, which
 * assigns the new context when it changed and emits what the rules sent. Every family's machines
 * use it, so a rule behaves the same on any host that runs the rules.
 *
 * @example setup({ … actions: { 'apply the rules': applyRules(react) } })
 */
import { enqueueActions } from 'xstate';

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
