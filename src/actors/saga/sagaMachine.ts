/**
 * The XState machines of the saga family. Every actor of the family keeps its whole lifecycle
 * (up, crashed, back) in its context, so each machine is one state that hands every event to its
 * pure rules with `applyRules`: the plain host (plain.ts) runs the very same functions, and the
 * two hosts cannot drift apart.
 */
import { setup, type AnyStateMachine } from 'xstate';
import { applyRules } from '../../kernel/rules.ts';
import type { Emitted, Result } from './ports.ts';

/**
 * A machine that runs `react` on every event, its context made by `init` from its input.
 * @example createActor(rulesMachine('saga.store', initStore, reactStore), { input: { name: 'store' } })
 */
export function rulesMachine<C extends Record<string, unknown>, E extends { type: string }, I>(id: string, init: (input: I) => C, react: (ctx: C, e: E) => Result<C>): AnyStateMachine {
  return setup({
    types: { context: {} as C, events: {} as E, emitted: {} as Emitted, input: {} as I },
    actions: { 'apply the rules': applyRules(react) },
  }).createMachine({
    id,
    context: ({ input }) => init(input),
    on: { '*': { actions: 'apply the rules' } },
  });
}
