/** fast-check arbitraries shared by the unit and the end-to-end suites. */
import fc from 'fast-check';
import { scenes } from '../src/chapters/nats/scenes.ts';
import { SANDBOX_DESIGNS, canFork, type SandboxParams } from '../src/chapters/nats/sandbox.ts';

/**
 * Any valid sandbox settings, fresh or forked from any step of any scene that can be forked.
 * 'short' keeps each run to a few virtual minutes (ack wait up to 60 s, up to 8 s per event, six
 * events), for the browser; 'full' covers every bound.
 */
export function sandboxParams(range: 'full' | 'short' = 'full'): fc.Arbitrary<SandboxParams> {
  const short = range === 'short';
  const forkable = scenes.filter(canFork);
  return fc
    .record({
      design: fc.constantFrom(...SANDBOX_DESIGNS.map((d) => d.value)),
      listeners: fc.integer({ min: 1, max: 3 }),
      queueGroup: fc.boolean(),
      durable: fc.boolean(),
      ackWaitMs: fc.integer({ min: 10, max: short ? 600 : 1_200 }).map((n) => n * 100),
      processMs: fc.integer({ min: 1, max: short ? 80 : 600 }).map((n) => n * 100),
      maxInflight: short ? fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(16_384)) : fc.integer({ min: 1, max: 16_384 }),
      users: fc.integer({ min: 1, max: 2 }),
      events: fc.integer({ min: 0, max: short ? 6 : 9 }),
      seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fork: fc.option(fc.constantFrom(...forkable).chain((s) => fc.record({ sceneId: fc.constant(s.id), step: fc.integer({ min: 0, max: s.steps.length - 1 }) })), { freq: short ? 3 : 5, nil: undefined }),
    })
    .map(({ fork, ...p }) => {
      const out: SandboxParams = { ...p, ...(p.design === 'single-copy' ? { listeners: 1 } : {}) };
      if (fork) {
        out.from = fork;
        // A fork keeps its scene's users.
        out.users = Object.keys(scenes.find((s) => s.id === fork.sceneId)!.world.users).length;
      }
      return out;
    });
}
