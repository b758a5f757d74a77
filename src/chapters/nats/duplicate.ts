/** Scene: the same event twice — processed, its ack lost, redelivered, applied again. */
import type { Scene } from '../types.ts';
import { CHANNELS, deposit, publish, twoListeners, withdraw } from './cast.ts';

export const duplicate: Scene = {
  id: 'duplicate',
  chapter: 'nats',
  title: 'The same event twice',
  summary: 'A deposits $70 and acks, the ack is lost, and the $70 comes back: Jim gets it twice.',
  channels: CHANNELS,
  world: twoListeners(),
  expected: { Jim: 10 },
  steps: [
    {
      name: 'deposit-ack-lost',
      title: 'Done, but nobody heard',
      narration:
        'A deposits the $70 and acks it, but the ack never reaches the server: a network blip, a connection reset at the wrong moment. The server still thinks the $70 is waiting to be processed.',
      notes: 'The listener did everything right. The message is processed but, as far as the server knows, not acked.',
      commands: [{ do: 'lose-acks', listener: 'A', count: 1 }, publish(deposit('Jim', 70))],
      until: { kind: 'event', match: { kind: 'ack-lost' } },
      highlight: ['listener:A', 'storage'],
    },
    {
      name: 'life-goes-on',
      title: 'Life goes on',
      narration: 'The $40 deposit and the $100 withdraw are handled normally, and Jim reaches the right balance, $10.',
      notes: 'From the outside, everything looks fine. The ack-wait timer for the $70 is still running.',
      commands: [{ do: 'wait', ms: 1_500 }, publish(deposit('Jim', 40)), { do: 'wait', ms: 3_000 }, publish(withdraw('Jim', 100))],
      until: { kind: 'event', match: { kind: 'ack', msg: 3 } },
      highlight: ['storage'],
    },
    {
      name: 'redelivered',
      title: 'The $70 comes back',
      narration: 'Thirty seconds after its delivery, the server sends the $70 again, to B. B has no way to tell that it has been done already.',
      notes: 'At-least-once delivery, in action: when in doubt, the broker sends it again. The redelivered flag says “maybe seen before”, not “seen before”.',
      commands: [],
      until: { kind: 'event', match: { kind: 'redeliver' } },
      highlight: ['listener:B', 'channel:account:deposit'],
      predict: {
        question: 'A applied the $70, but its ack was lost on the way. What does the server do when the $70’s ack wait runs out?',
        choices: ['Nothing: A has applied the $70', 'It sends the $70 once more, this time to B', 'It asks A whether it applied the $70'],
        answer: 1,
        explain: 'The server only knows it heard no ack. At-least-once delivery means: when in doubt, send it again.',
        giveaway: ['comes back', 'redeliver', 'attempt 2', 'paid twice', 'done already'],
      },
    },
    {
      name: 'twice',
      title: 'Jim is paid twice',
      narration: 'B adds the $70 again. Jim ends at $80 instead of $10: a duplicate, and a bank that just lost $70.',
      notes: 'Duplicates are the other half of the problem. A design that remembers what it has processed fixes both, as the redesign will show.',
      commands: [],
      highlight: ['storage'],
    },
  ],
};
