/**
 * Chapter 1's chaos scenario, 'nats/ordering': Jim's +$70, +$40 and −$100 under random fault
 * schedules (chaos.ts), judged by his final balance and whether anything was refused, replayed
 * as a scene and carried in links (chaos-replay.ts), in the words the explorer and the CLI say.
 *
 * @example runChaos(ordering, { seed: 7, count: 300, design: 'naive' }).buckets['10'] // 192
 */
import { bucketList, type Bucket, type ChaosScenario } from '../chaos.ts';
import type { Design } from '../../actors/nats/types.ts';
import { money } from '../../lib/format.ts';
import { BOUNDS, DESIGN_LABELS, EXPECTED_BALANCE, describeFaults, runnable, type Schedule } from './chaos.ts';
import { CHAOS_REPLAY_ID, chaosScene, decodeSchedule, encodeSchedule } from './chaos-replay.ts';

const seconds = (ms: number) => (ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 });
const range = ([lo, hi]: readonly [number, number]) => `${seconds(lo)}–${seconds(hi)} s`;

/**
 * What one random schedule holds, a line per thing it varies, read from the bounds the schedules
 * are drawn within (BOUNDS), so the words cannot drift from what runs.
 * @example faultDayLines()[0] // 'A and B each take 0.2–4 s per event'
 */
export function faultDayLines(): string[] {
  return [
    `A and B each take ${range(BOUNDS.processMs)} per event`,
    `Jim’s three events go out ${range(BOUNDS.gapsMs)} apart, with up to ${seconds(BOUNDS.jitterMs[1])} s of network delay`,
    `the ack wait before a redelivery is ${range(BOUNDS.ackWaitMs)}`,
    `up to ${BOUNDS.faults[1]} faults at random moments: a crash (back ${range(BOUNDS.downMs)} later), a slow-down, a failed write, a lost ack`,
  ];
}

const ten = money(EXPECTED_BALANCE);

export const ordering: ChaosScenario<Schedule> = {
  id: 'nats/ordering',
  chapter: 'nats',
  title: 'Jim’s account under random faults',
  designs: (Object.entries(DESIGN_LABELS) as [Design, string][]).map(([id, label]) => ({ id, label })),
  broken: 'naive',
  fix: 'per-user-number',
  lede: `Random fault schedules of Jim’s $70, $40 and −$100: slow listeners, failed writes, lost acks, crashes. A correct run ends at ${ten} with nothing refused.`,
  right: `${ten} with nothing refused`,
  allRight: `every schedule ended at ${ten} with nothing refused`,
  day: faultDayLines(),
  tallies: [
    { key: 'refusedAtTen', some: `ended at ${ten} too, but a withdraw was refused on the way: they count as wrong.`, testId: 'ten-refused' },
    { key: 'unacked', some: 'left a message unacked.', none: 'Every message was acked in the end.' },
  ],
  chart: {
    caption: 'Jim’s final balance: how many schedules ended at each',
    plural: 'balances',
    right: String(EXPECTED_BALANCE),
    label: (bucket) => money(Number(bucket)),
    order: (a, b) => Number(a) - Number(b),
    split: {
      tally: 'refusedAtTen',
      note: 'refused',
      legend: `“${ten} refused”: ended at ${ten}, but a withdraw was refused on the way, so wrong.`,
      said: (n) => `Of the runs that ended at ${ten}, ${n} refused a withdraw on the way.`,
    },
  },
  random: runnable.random,
  judge: runnable.judge,
  describe: describeFaults,
  designOf: (s) => s.design,
  withDesign: (s, design) => ({ ...s, design: design as Design }),
  encode: encodeSchedule,
  decode: decodeSchedule,
  replayId: CHAOS_REPLAY_ID,
  replay: chaosScene,
};

/**
 * Jim's final balances as the chart's buckets, lowest first, in dollars, $10 the right one.
 * @example balanceList({ '110': 3, '10': 5 }).map((b) => b.label) // ['$10', '$110']
 */
export const balanceList = (balances: Readonly<Record<string, number>>): Bucket[] => bucketList(balances, ordering.chart);
