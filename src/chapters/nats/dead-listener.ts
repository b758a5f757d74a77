/** Scene: the broker still believes a dead listener is alive; its events wait for the heartbeats. */
import type { Scene } from '../types.ts';
import { CHANNELS, JIMS_EVENTS, twoListeners } from './cast.ts';

export const deadListener: Scene = {
  id: 'dead-listener',
  chapter: 'nats',
  title: 'A dead listener, still on the books',
  summary: 'A crashes; the server keeps handing it events until missed heartbeats give it away.',
  channels: CHANNELS,
  world: twoListeners(),
  expected: { Jim: 10 },
  steps: [
    {
      name: 'a-crashes',
      title: 'A dies without a word',
      narration:
        'Listener A’s process is killed: out of memory, a node lost, a kill -9. It closes nothing and tells nobody. As far as NATS Streaming knows, A is still a member of the queue group.',
      notes:
        'A clean shutdown would close the connection and the server would react at once. A crash does not. The server only learns from heartbeats: this one checks every 5 s, waits 5 s for an answer and gives up after the third miss, as the course’s server was configured. The default settings take minutes.',
      commands: [{ do: 'crash', listener: 'A' }],
      highlight: ['listener:A'],
    },
    {
      name: 'events-to-a-ghost',
      title: 'Events sent to a ghost',
      narration:
        'Jim’s three events go out. The $70 deposit and the withdraw go to A, first in line on both channels, and vanish. B gets the $40 deposit and handles it. Jim has $40.',
      notes: 'Nothing is refused yet, but two events are now in limbo: sent, never processed, never acked.',
      commands: JIMS_EVENTS,
      until: { kind: 'event', match: { kind: 'process-ok', msg: 2 } },
      highlight: ['listener:A', 'listener:B'],
      predict: {
        question: 'A is dead, but the server still counts it as first in line on both channels. Jim’s three events go out. What happens to the two meant for A?',
        choices: ['The server sees A is gone and gives them to B', 'They are sent to A anyway, and nothing happens to them', 'The publisher gets an error and tries again later'],
        answer: 1,
        explain: 'A crash tells nobody. Until the server gives up on A’s heartbeats, A is a member like any other, and what it is sent sits there, unprocessed and unacked.',
        giveaway: ['ghost', 'vanish', 'limbo', 'never processed'],
      },
    },
    {
      name: 'heartbeats-fail',
      title: 'Three missed heartbeats later',
      narration:
        'About 30 seconds after A died, its third heartbeat goes unanswered. The server closes A’s connection and hands the two events it was holding to B, marked as attempt 2.',
      notes:
        'Had B been busy or slow, or had the withdraw been sent after a later deposit, the order could have flipped here as well. Nothing in the design prevents it. On JetStream, with pull consumers, a client whose process died asks for nothing, so nothing is sent its way; a client that hangs while still connected shows the same limbo until the ack wait runs out.',
      commands: [],
      until: { kind: 'event', match: { kind: 'client-closed' } },
      highlight: ['listener:B', 'channel:account:deposit', 'channel:account:withdraw'],
    },
    {
      name: 'late-but-right',
      title: 'Right in the end, 30 seconds late',
      narration:
        'B deposits the $70 and then takes the $100: Jim ends at $10. This time the order held, but only by luck, and Jim’s money sat in limbo for half a minute.',
      notes: 'Ask the room: what if the heartbeats were the defaults? Minutes of limbo. Lower heartbeat settings mean faster detection and more false alarms on a busy network.',
      commands: [],
      highlight: ['storage'],
    },
  ],
};
