/** Scene 3: one listener is slower than the other; B races ahead with the withdraw. */
import type { Scene } from '../types.ts';
import { CHANNELS, DEPOSIT, JIMS_EVENTS, QUEUE, WITHDRAW, listener, twoListeners } from './cast.ts';

/** A subscribes to deposits first and to withdrawals a moment later, so B is first in line there. */
const lateWithdrawSub = [
  { channel: DEPOSIT, queue: QUEUE },
  { channel: WITHDRAW, queue: QUEUE, afterMs: 1_000 },
];

export const slowListener: Scene = {
  id: 'slow-listener',
  chapter: 'nats',
  title: 'One listener is slower',
  summary: 'A takes its time over the $70 deposit while B processes the $40 deposit and the $100 withdraw.',
  channels: CHANNELS,
  world: twoListeners({ listeners: [listener('A', { subscriptions: lateWithdrawSub }), listener('B')] }),
  expected: { Jim: 10 },
  steps: [
    {
      name: 'join-order',
      title: 'Who is first in line',
      narration:
        'A subscribed to account:deposit at once but to account:withdraw a moment later, so B is first in line for withdrawals. Both work, both are healthy.',
      notes:
        'Join order decides ties in a queue group. In production it depends on which pod started first: nobody chooses it. JetStream behaves alike here: waiting pull requests are served in the order they arrived.',
      commands: [],
      highlight: ['listener:A', 'listener:B'],
    },
    {
      name: 'a-slows-down',
      title: 'A slows down',
      narration: 'A’s machine is under load: each event now takes it 8 seconds instead of 1. Nothing has failed; it is merely slow.',
      notes: 'A garbage-collection pause, a noisy neighbour, a cold cache. Slow is normal in a distributed system.',
      commands: [{ do: 'slow', listener: 'A', processMs: 8_000 }],
      highlight: ['listener:A'],
    },
    {
      name: 'publish-all',
      title: 'Three events, a moment apart',
      narration: 'The three events go out. The $70 deposit goes to A, the $40 deposit to B, and the withdraw to B, first in line on its channel.',
      notes: 'Point at A’s progress ring: it is still on the $70 while B has two events waiting.',
      commands: JIMS_EVENTS,
      until: { kind: 'event', match: { kind: 'receive', msg: 3 } },
      highlight: ['listener:A', 'listener:B'],
    },
    {
      name: 'b-races-ahead',
      title: 'B races ahead',
      narration: 'B deposits $40, then takes on the withdraw: Jim has only $40, so the $100 withdraw is refused.',
      notes: 'No failure, no retry: just two honest workers at different speeds.',
      commands: [],
      until: { kind: 'event', match: { kind: 'reject' } },
      highlight: ['listener:B', 'storage'],
      predict: {
        question: 'A is still busy with the $70 for seconds to come. B has the $40 deposit and, right behind it, the $100 withdraw. What happens to the withdraw?',
        choices: ['B holds it until A’s $70 has landed', 'B refuses it: Jim has $40 by then', 'B takes it: Jim drops to −$60'],
        answer: 1,
        explain: 'B knows nothing of the $70 that A is still working on. It judges the withdraw against the balance it finds, $40, and refuses it.',
        giveaway: ['refuse', 'races ahead', 'too late'],
      },
    },
    {
      name: 'a-finishes',
      title: 'A finishes, too late',
      narration: 'A finally writes the $70. Jim ends at $110 with his withdraw refused, instead of $10.',
      notes: 'Every message was delivered exactly once and acked. The order of processing is not the order of publishing, and the balance shows it.',
      commands: [],
      highlight: ['listener:A', 'storage'],
    },
  ],
};
