/**
 * Chapter 1's world in XState (kernel/xstate.ts): the model-based tests, the machines' clock
 * tests and `npm run trace -- --json` use it; the scenes and the chaos explorer run the same
 * world on the fast host (world.ts's createFastWorld). Imported by tests and the command line
 * only, so the browser ships no XState.
 *
 * @example
 *   const w = createWorld(baseConfig({ listeners: [listener('A')] }));
 *   w.apply({ do: 'publish', channel: 'account:deposit', payload: deposit('Jim', 70) });
 *   w.run({ kind: 'quiet' });
 *   ledger(w).Jim.balance // 70
 */
import type { WorldOptions } from '../../kernel/world.ts';
import { XStateWorld } from '../../kernel/xstate.ts';
import type { Command, TraceEvent, WorldConfig } from './types.ts';
import { kernelConfig, natsRegistry, type World } from './world.ts';

/** Build chapter 1's world from its config, its actors XState actors. */
export const createWorld = (config: WorldConfig, opts: WorldOptions = {}): World => new XStateWorld<TraceEvent, Command>(kernelConfig(config), natsRegistry, opts);
