/**
 * Scene: solution #2 that won't work — handle every error case. The deck shows the chaos
 * explorer in place of the stage (panel 'chaos'); each step presets it. The world is the naive
 * two-listener world with no commands: the explorer's random schedules are the content.
 */
import type { ChaosPreset, Scene } from '../types.ts';
import { CHANNELS, twoListeners } from './cast.ts';

/** The run every step after the first shows: a fixed seed, so a presenter gets the same figures every time. */
export const EVERY_ERROR_RUN: ChaosPreset = { design: 'naive', seed: 1, count: 1_000, run: true };

export const everyErrorCase: Scene = {
  id: 'every-error-case',
  chapter: 'nats',
  title: 'Solution #2 that won’t work: handle every error',
  summary: 'Patch each failure seen so far, then throw a thousand random fault schedules at the naive design: hundreds still end wrong.',
  channels: CHANNELS,
  world: twoListeners(),
  expected: { Jim: 10 },
  panel: 'chaos',
  steps: [
    {
      name: 'temptation',
      title: 'Patch every failure we have seen',
      narration: 'Each failure so far has a fix that sounds easy: retry a failed write, notice a dead listener sooner, ignore an event already handled, make the withdraw wait for the deposits. Why not write them all?',
      notes: 'Let the room agree: each patch is reasonable on its own. Point at the list; the explorer above has not run yet.',
      commands: [],
      chaos: { ...EVERY_ERROR_RUN, run: false },
      aside: {
        title: 'One patch per failure',
        rows: [
          { term: 'Write fails', text: 'retry the write' },
          { term: 'Slow listener', text: 'make the withdraw wait for the deposits' },
          { term: 'Dead listener', text: 'shorter heartbeats, notice it sooner' },
          { term: 'Same event twice', text: 'remember what was done, skip repeats' },
        ],
      },
    },
    {
      name: 'thousand-days',
      title: 'A thousand random schedules',
      narration: 'The explorer plays Jim’s $70, $40 and −$100 a thousand times on the naive design, each time on a random day (a fault schedule) with its own crashes, slow-downs, failed writes, lost acks and timing. Any schedule that does not end at $10 with nothing refused counts as wrong.',
      notes: 'Seed 1, 1,000 schedules: the same figures every time. Read the big number out, then the bars: only the green ✓ $10 is right. “$10 refused” reached $10, but a withdraw was refused on the way (say, a second copy of one already applied), so it counts as wrong too. $110 means the withdraw was refused; $50 and $80 mean a deposit was paid twice.',
      commands: [],
      chaos: EVERY_ERROR_RUN,
      aside: {
        title: 'Reading the result',
        rows: [
          { term: 'Big number', text: 'schedules that ended wrong' },
          { term: 'Bars', text: 'Jim’s final balance; only ✓ $10 is right' },
          { term: '$10 refused', text: 'ended at $10, but a withdraw was refused on the way: wrong' },
          { term: 'Bad schedules', text: 'the first few wrong ones, to replay' },
        ],
      },
    },
    {
      name: 'one-bad-day',
      title: 'Open one bad schedule',
      narration: 'Press Replay beside any bad schedule: it opens as a scene of its own that you can step through, with a link that reproduces it exactly. Each is a mix of faults and timing that no single patch was written for.',
      notes: 'Replay one live if there is time; the browser’s back button or the scene menu brings you back here. The replay’s link works on any machine.',
      commands: [],
      chaos: EVERY_ERROR_RUN,
      aside: {
        title: 'A bad schedule, replayed',
        rows: [
          { term: 'Replay', text: 'the schedule as a scene, step by step' },
          { term: 'Its link', text: 'the same schedule, on any machine' },
          { term: 'Its faults', text: 'listed beside it, in the order they strike' },
        ],
      },
    },
    {
      name: 'the-cost',
      title: 'The bill is engineering time',
      narration: 'Every patch brings cases of its own, and an infinite number of things can fail. Patching them one by one never ends: the cost is engineering time, and the bad schedules keep coming. Time to revisit the design instead.',
      notes: 'This is the lead-in to the redesign. Do not switch the explorer to the redesign yet; that is the payoff a few scenes on.',
      commands: [],
      chaos: EVERY_ERROR_RUN,
      aside: {
        title: 'Every patch brings new cases',
        rows: [
          { term: 'Retry the write', text: 'a retry that lands twice' },
          { term: 'Wait for deposits', text: 'how long? another timeout to race' },
          { term: 'Faster heartbeats', text: 'a slow listener declared dead' },
          { term: 'Skip repeats', text: 'every id remembered, by every copy' },
        ],
      },
    },
  ],
};
