/**
 * A world of any registered families' actors in XState (kernel/xstate.ts): the families' tests and
 * the RabbitMQ conformance tests run these. Scenes and the chaos explorer run the same worlds on
 * the fast host (index.ts's createFastWorld). Imported by tests and the command line only, so the
 * browser ships no XState.
 *
 * @example createKernelWorld({ seed: 1, actors: [{ name: 'lb', kind: 'http.balancer', config: { upstreams: [] } }], network: { latencyMs: 50, jitterMs: 0 } })
 */
import type { KernelConfig } from '../kernel/types.ts';
import type { World, WorldOptions } from '../kernel/world.ts';
import { XStateWorld } from '../kernel/xstate.ts';
import { registry } from './index.ts';
import type { TraceEvent } from './trace.ts';

/** A world of any families' actors, from a list of actors plus the network, its actors XState actors. */
export const createKernelWorld = (config: KernelConfig, opts: WorldOptions = {}): World<TraceEvent> => new XStateWorld<TraceEvent>(config, registry, opts);
