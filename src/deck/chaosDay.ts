/**
 * What one random schedule of the chaos explorer holds, in words for the audience, read from the
 * bounds the schedules are drawn within (BOUNDS in machines/chaos.ts), so the words cannot drift
 * from what runs. Pure, no DOM.
 */
import { BOUNDS } from '../chapters/nats/chaos.ts';

const s = (ms: number) => (ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 });
const range = ([lo, hi]: readonly [number, number]) => `${s(lo)}–${s(hi)} s`;

/**
 * One line per thing a schedule varies.
 * @example faultDayLines()[0] // 'A and B each take 0.2–4 s per event'
 */
export function faultDayLines(): string[] {
  return [
    `A and B each take ${range(BOUNDS.processMs)} per event`,
    `Jim’s three events go out ${range(BOUNDS.gapsMs)} apart, with up to ${s(BOUNDS.jitterMs[1])} s of network delay`,
    `the ack wait before a redelivery is ${range(BOUNDS.ackWaitMs)}`,
    `up to ${BOUNDS.faults[1]} faults at random moments: a crash (back ${range(BOUNDS.downMs)} later), a slow-down, a failed write, a lost ack`,
  ];
}
