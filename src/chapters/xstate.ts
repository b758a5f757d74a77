/**
 * The XState world as a host (hosts.ts): every actor an XState actor of its kind's machine, the
 * same trace as the fast host (tests/unit/hosts.test.ts). For tests and the command line
 * (`npm run trace -- --json` prints the machines' snapshots); nothing the browser loads imports it.
 *
 * @example runScene(happyPath, 4, { host: xstateHost }).world.actors.get('listener:A')?.getSnapshot()
 */
import { createKernelWorld } from '../actors/xstate.ts';
import { createWorld } from '../actors/nats/xstate.ts';
import type { SceneHost } from './hosts.ts';

export const xstateHost: SceneHost = { id: 'xstate', kernel: createKernelWorld, nats: createWorld };
