/** Scene 2: a listener fails to process; while the server waits for the ack, the withdraw overtakes. */
import type { Scene } from '../types.ts';
import { CHANNELS, JIMS_EVENTS, twoListeners } from './cast.ts';

export const storageFails: Scene = {
  id: 'storage-fails',
  chapter: 'nats',
  title: 'A listener fails to process',
  summary: "A's storage write fails, the ack wait runs, and the withdraw is processed first and refused.",
  channels: CHANNELS,
  world: twoListeners(),
  expected: { Jim: 10 },
  steps: [
    {
      name: 'ready',
      title: 'Same system, one hiccup ahead',
      narration:
        'The same two listeners are ready. This time, A’s next write to storage will fail: a full disk, a dropped database connection, a deploy at the wrong moment.',
      notes: 'Nothing exotic: any transient storage error will do. Ask the room what they expect to happen to the $70.',
      commands: [{ do: 'fail-writes', listener: 'A', count: 1 }],
      highlight: ['listener:A', 'storage'],
    },
    {
      name: 'publish-all',
      title: 'Three events, a moment apart',
      narration:
        'Jim’s three events go out a tenth of a second apart. A gets the $70 deposit, B the $40 deposit, and A is first in line for the withdraw. A’s write of the $70 fails, so A does not ack it and picks up its next event.',
      notes: 'Manual ack mode: no ack means the server will try again, but only after the ack wait, 30 seconds by default.',
      commands: JIMS_EVENTS,
      until: { kind: 'event', match: { kind: 'process-fail' } },
      highlight: ['listener:A'],
    },
    {
      name: 'b-deposits',
      title: 'B carries on',
      narration: 'Meanwhile B handles the $40 deposit without trouble and acks it. Jim’s balance is $40, not $110.',
      notes: 'The unacked $70 does not hold anything back: NATS Streaming keeps delivering the messages behind it.',
      commands: [],
      until: { kind: 'event', match: { kind: 'process-ok', msg: 2 } },
      highlight: ['listener:B', 'storage'],
    },
    {
      name: 'withdraw-refused',
      title: 'The withdraw is refused',
      narration:
        'A moves on to the withdraw. Jim has only $40, so taking $100 would overdraw him: Account Srv refuses it, and acks it, because it has done its job.',
      notes: 'This is the bug the whole chapter is about: the events were published in the right order, and processed in the wrong one.',
      commands: [],
      until: { kind: 'event', match: { kind: 'reject' } },
      highlight: ['listener:A', 'storage'],
      predict: {
        question: 'The failed $70 waits, unacked, to be sent again. Meanwhile A picks up the $100 withdraw. What happens to it?',
        choices: ['It waits: A holds it until the $70 is back', 'It goes through: Jim drops to −$60', 'It is refused: Jim has $40, not $110'],
        answer: 2,
        explain: 'Nothing holds it back: an unacked message does not block the ones behind it, and the business rule refuses an overdraft.',
        giveaway: ['refuse', 'overdraw', 'turned down'],
      },
    },
    {
      name: 'ack-wait',
      title: '30 seconds later',
      narration:
        'The ack wait for the $70 runs out. The server sends it again, marked as attempt 2, to the member with the fewest unacked messages. That is B, so A’s claim on it is dropped.',
      notes:
        'In a queue group, a redelivery can go to any member, the original one included; NATS Streaming picks the one with the fewest unacked messages. On JetStream, its successor, the redelivery goes to whichever member asks for messages next, often A again: the outcome for Jim is the same. The clock jumped: nothing happened for about 30 seconds.',
      commands: [],
      until: { kind: 'event', match: { kind: 'redeliver' } },
      highlight: ['channel:account:deposit', 'listener:B'],
    },
    {
      name: 'late-deposit',
      title: 'The deposit lands, too late',
      narration: 'B deposits the $70. Every message is acked and nothing was lost, yet Jim ends at $110 with his withdraw refused. He should have $10.',
      notes: 'At-least-once delivery held its promise. Ordering did not. Retrying in place cannot fix this: the withdraw has already been judged.',
      commands: [],
      highlight: ['storage'],
    },
  ],
};
