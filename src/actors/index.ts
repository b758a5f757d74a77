/**
 * Every family of actors, registered with the kernel: a world built from a list of actors can
 * use any kind any family brings. Adding a family is one line in each list here (and its folder).
 */
import { createRegistry, type Plugin } from '../kernel/registry.ts';
import type { KernelConfig } from '../kernel/types.ts';
import { World } from '../kernel/world.ts';
import type { FamilyViews, FaultSpec } from './family.ts';
import { httpFaults } from './http/faults.ts';
import { httpViews } from './http/view.ts';
import { httpPlugin } from './http/world.ts';
import { natsFaults } from './nats/faults.ts';
import { natsPlugin } from './nats/world.ts';
import { natsViews } from './nats/words.ts';
import type { TraceEvent } from './trace.ts';

export const plugins: readonly Plugin[] = [natsPlugin, httpPlugin];

export const registry = createRegistry(plugins);

/** Every family's faults: the fault panel, the link codec and the narration read these. */
export const faults: readonly FaultSpec[] = [...natsFaults, ...httpFaults];

/** The fault a command verb belongs to, if any. */
export const faultFor = (verb: string): FaultSpec | undefined => faults.find((f) => f.do === verb);

/**
 * A world of any families' actors, from a list of actors plus the network.
 * @example createKernelWorld({ seed: 1, actors: [{ name: 'lb', kind: 'http.balancer', config: { upstreams: [] } }], network: { latencyMs: 50, jitterMs: 0 } })
 */
export const createKernelWorld = (config: KernelConfig): World<TraceEvent> => new World<TraceEvent>(config, registry);

/** Every family's words and views: the narration log, the declared stage and the inspector read these. */
export const views: readonly FamilyViews[] = [natsViews as FamilyViews, httpViews as FamilyViews];
