/**
 * What builds a scene's or a schedule's world: a host. Scenes, the chaos explorer and both
 * chapters' judges run on the fast host (kernel/fast.ts) unless told otherwise; the XState world
 * (chapters/xstate.ts) is another host with the same two builders, which tests and the command
 * line pass where they want XState actors. A host is an object handed in, not a name looked up,
 * so what runs in the browser never reaches the module that brings XState.
 *
 * @example runScene(happyPath, 4, { host: fastHost }) // the default
 */
import type { KernelConfig } from '../kernel/types.ts';
import { createFastWorld } from '../actors/index.ts';
import { createFastWorld as createNatsFastWorld, type World as NatsWorld } from '../actors/nats/world.ts';
import type { WorldConfig } from '../actors/nats/types.ts';
import type { TraceEvent } from '../actors/trace.ts';
import type { World, WorldOptions } from '../kernel/world.ts';

export interface SceneHost {
  /** Its name, for messages and the bench. */
  readonly id: string;
  /** A world of any families' actors (a scene with a `kernel` config, chapter 2's schedules). */
  kernel(config: KernelConfig, opts?: WorldOptions): World<TraceEvent>;
  /** Chapter 1's world (a scene with only a `world` config, chapter 1's schedules). */
  nats(config: WorldConfig, opts?: WorldOptions): NatsWorld;
}

/** Every family's pure rules on plain contexts (kernel/fast.ts). */
export const fastHost: SceneHost = { id: 'fast', kernel: createFastWorld, nats: createNatsFastWorld };
