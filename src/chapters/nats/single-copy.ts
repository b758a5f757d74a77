/** Scene: solution #1 that won't work — run one copy of Account Srv. */
import type { Scene } from '../types.ts';
import { CHANNELS, JIMS_EVENTS, deposit, listener, publish, twoListeners } from './cast.ts';
import type { Command } from '../../actors/nats/types.ts';

/** Mary's busy hour: eight $10 deposits a tenth of a second apart. */
const rush: Command[] = Array.from({ length: 8 }, (_, i): Command[] => [...(i > 0 ? [{ do: 'wait', ms: 100 } as const] : []), publish(deposit('Mary', 10))]).flat();

export const singleCopy: Scene = {
  id: 'single-copy',
  chapter: 'nats',
  title: 'Solution #1 that won’t work: one copy',
  summary: 'With a single Account Srv nothing runs side by side, but the work queues up, and a failed event still comes back late.',
  channels: CHANNELS,
  world: twoListeners({ users: { Jim: 0, Mary: 0 }, listeners: [listener('A')] }),
  expected: { Jim: 10, Mary: 80 },
  steps: [
    {
      name: 'one-copy',
      title: 'Just one Account Srv',
      narration: 'If two copies race each other, why not run only one? Listener A now handles every account event, one at a time, in the order it gets them.',
      notes: 'It is the first thing most teams try, and it sounds safe: no concurrency, no race.',
      commands: [],
      highlight: ['listener:A'],
    },
    {
      name: 'rush',
      title: 'A busy minute',
      narration: 'Mary makes eight $10 deposits in under a second. Each takes A a second to handle, so seven of them queue up behind the first.',
      notes: 'One copy means one copy’s throughput. Add users and the queue only grows; you cannot scale out without bringing the race back.',
      commands: rush,
      until: { kind: 'event', match: { kind: 'receive', msg: 8 } },
      highlight: ['listener:A'],
    },
    {
      name: 'drained',
      title: 'Eight seconds for eight deposits',
      narration: 'A works through the queue. Mary’s last deposit lands eight seconds after she made it.',
      notes: 'Latency grows with load. Point at the clock.',
      commands: [],
      highlight: ['storage'],
    },
    {
      name: 'hiccup',
      title: 'One failed write is enough',
      narration:
        'Now A’s write of Jim’s $70 fails. A moves on to the $40 and then the withdraw, which is refused: at that moment Jim has $40. The $70 comes back 30 seconds later and lands, so Jim ends at $110 instead of $10.',
      notes: 'A single copy does not keep order either: an unacked message does not hold back the ones behind it. Order is lost at the first failure.',
      commands: [{ do: 'fail-writes', listener: 'A', count: 1 }, ...JIMS_EVENTS],
      highlight: ['listener:A', 'storage'],
      predict: {
        question: 'One copy, one event at a time. A’s write of Jim’s $70 fails, with his $40 and his $100 withdraw right behind it. Where does Jim end?',
        choices: ['At $10: with one copy, the order holds', 'At $110, his withdraw refused before the $70 came back', 'At $40: the failed $70 is lost for good'],
        answer: 1,
        explain: 'Even one copy does not wait for an unacked message: it handles the $40 and the withdraw while the $70 waits 30 seconds for the server to send it again.',
        giveaway: ['$110', 'refuse', 'comes back', 'came back'],
      },
    },
  ],
};
