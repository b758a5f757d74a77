/**
 * A flood of messages through chapter 1's world, for measuring how a replay grows with the
 * number of messages (the bench's replay rows, the engine's scale tests, the stage's frame
 * bench): `n` deposits of $1 to Jim, published in `steps` equal bursts, each burst run until
 * quiet, to two listeners in 'myQueueGroup' that take `processMs` per event. Not a scene of the
 * deck: chapter 3's load spike is where the audience meets such numbers.
 *
 * @example runScene(floodScene(1_000), 9).storage.Jim.balance // 1000
 */
import type { Command } from '../../actors/nats/types.ts';
import type { Scene, Step } from '../types.ts';
import { CHANNELS, deposit, listener, publish, twoListeners } from './cast.ts';

/** How long a listener takes per event in the flood: quick, so a burst drains in seconds of virtual time. */
export const FLOOD_PROCESS_MS = 10;

export function floodScene(n: number, opts: { steps?: number; processMs?: number } = {}): Scene {
  const steps = Math.max(1, Math.min(opts.steps ?? 10, n || 1));
  const processMs = opts.processMs ?? FLOOD_PROCESS_MS;
  const burst = (i: number): Command[] => {
    const from = Math.floor((i * n) / steps);
    const to = Math.floor(((i + 1) * n) / steps);
    return Array.from({ length: to - from }, () => publish(deposit('Jim', 1)));
  };
  return {
    id: `flood-${n}`,
    chapter: 'nats',
    title: `${n.toLocaleString('en-US')} messages`,
    summary: `${n.toLocaleString('en-US')} deposits of $1 in ${steps} bursts, through two listeners of one queue group.`,
    channels: [CHANNELS[0]!],
    world: twoListeners({ listeners: [listener('A', { processMs }), listener('B', { processMs })] }),
    expected: { Jim: n },
    steps: Array.from({ length: steps }, (_, i): Step => ({
      name: `burst-${i + 1}`,
      title: `Burst ${i + 1} of ${steps}`,
      narration: `The publisher sends burst ${i + 1} of ${steps}; the listeners work through it.`,
      notes: 'A measuring scene: the replay cost per message, not a story.',
      commands: burst(i),
    })),
  };
}
