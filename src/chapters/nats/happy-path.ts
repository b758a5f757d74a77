/** Scene 1: the happy path — every event delivered once, in order, and Jim ends at $10. */
import type { Scene } from '../types.ts';
import { CHANNELS, deposit, publish, twoListeners, withdraw } from './cast.ts';

export const happyPath: Scene = {
  id: 'happy-path',
  chapter: 'nats',
  title: 'The happy path',
  summary: 'Three account events flow through NATS Streaming to two listeners; Jim ends at $10.',
  channels: CHANNELS,
  world: twoListeners(),
  expected: { Jim: 10 },
  steps: [
    {
      name: 'meet-the-cast',
      title: 'Meet the cast',
      narration:
        'A publisher sends account events to NATS Streaming. Two copies of Account Srv, listeners A and B, join the queue group myQueueGroup on both channels, so each event goes to just one of them. Jim starts with $0.',
      notes:
        'Walk left to right: publisher, the two channels, the queue group, the two listener instances, the shared storage. Point out that A and B are the same code, scaled out for throughput.',
      commands: [],
      highlight: ['listener:A', 'listener:B'],
    },
    {
      name: 'deposit-70',
      title: 'Deposit $70',
      narration:
        'The publisher sends "deposit $70". The server stores it as message #1 of account:deposit and hands it to A. A adds $70 to Jim, then acks, so the server knows it is done.',
      notes: 'Stress the ack: manual ack mode, the listener acks only after the write succeeded. The message stays in the channel history after the ack.',
      commands: [publish(deposit('Jim', 70))],
      highlight: ['channel:account:deposit', 'listener:A', 'storage'],
    },
    {
      name: 'deposit-40',
      title: 'Deposit $40',
      narration:
        'Next, "deposit $40" becomes #2. Both members have nothing unacked, so the tie goes to the one first in line, and A went to the back after the last message: B gets it. Jim has $110.',
      notes:
        'The real server picks the queue member with the fewest unacked messages and rotates the winner to the back of the line on a tie. In JetStream the choice between members is up to the server too.',
      commands: [publish(deposit('Jim', 40))],
      highlight: ['listener:B', 'storage'],
    },
    {
      name: 'withdraw-100',
      title: 'Withdraw $100',
      narration:
        'Finally "withdraw $100" arrives on its own channel, account:withdraw, numbered #1 there. A takes it; Jim has $110, so the withdraw goes through and leaves $10.',
      notes: 'Each channel numbers its own messages from 1. Nothing so far needed the two channels to agree on order, because each event finished before the next was sent.',
      commands: [publish(withdraw('Jim', 100))],
      highlight: ['channel:account:withdraw', 'listener:A', 'storage'],
    },
    {
      name: 'all-good',
      title: 'Everything in order',
      narration:
        'Every event was delivered once, processed in the order it was sent and acked. Jim has $10, as he should. The channels still hold all three events: acking does not delete history.',
      notes: 'Set up the tension: this only worked because each event finished before the next one was published. Next scenes remove that luck.',
      commands: [],
      highlight: ['storage'],
    },
  ],
};
