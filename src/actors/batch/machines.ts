/**
 * The batch family's XState machines: each actor is one state that runs its pure rules
 * (react.ts) on every event through the kernel's `applyRules`, so what it does lives in one place
 * and any host that runs the rules behaves the same. The job's lifecycle (idle, reading, running)
 * is its context's `running` run, not a state: a tick while it runs is skipped by the rules.
 */
import { setup, type AnyStateMachine, type MachineContext } from 'xstate';
import { applyRules, type RuleResult } from '../../kernel/rules.ts';
import type { Ms } from '../../kernel/types.ts';
import { reactApi, reactJob, reactOrders, reactStatus, type ApiContext, type JobContext, type OrdersContext, type Out, type StatusContext } from './react.ts';

type Ev = { type: string; t: Ms; [k: string]: unknown };

/** A machine of one state that hands every event to `react`. */
function ruleMachine<C extends MachineContext>(id: string, react: (ctx: C, e: Ev) => RuleResult<C, Out>): AnyStateMachine {
  return setup({
    types: { context: {} as C, events: {} as Ev, emitted: {} as Out, input: {} as C },
    actions: { 'apply the rules': applyRules(react) },
  }).createMachine({
    id,
    context: ({ input }) => input,
    initial: 'up',
    states: { up: { on: { '*': { actions: 'apply the rules' } } } },
  });
}

export const ordersMachine = ruleMachine<OrdersContext>('batch.orders', reactOrders);
export const statusMachine = ruleMachine<StatusContext>('batch.status', reactStatus);
export const apiMachine = ruleMachine<ApiContext>('batch.api', reactApi);
export const jobMachine = ruleMachine<JobContext>('batch.job', reactJob);
