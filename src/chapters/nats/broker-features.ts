/** Scene: the broker features the redesign leans on — history, deliver-all-available, durable resume. */
import { baseConfig } from '../../actors/nats/world.ts';
import type { Scene } from '../types.ts';
import { DEPOSIT, deposit, listener, publish } from './cast.ts';

/** The durable name A subscribes with: the server keeps its position under it while A is away. */
const DURABLE = 'account-srv';

export const brokerFeatures: Scene = {
  id: 'broker-features',
  chapter: 'nats',
  title: 'What the broker gives us',
  summary: 'Event history, deliver-all-available for a service deployed late, and a durable subscription that resumes where it left off.',
  channels: [DEPOSIT],
  world: baseConfig({
    users: { Jim: 0 },
    listeners: [listener('A', { manualStart: true, subscriptions: [{ channel: DEPOSIT, durable: DURABLE, deliverAll: true }] })],
  }),
  expected: { Jim: 130 },
  steps: [
    {
      name: 'history',
      title: 'The channel remembers',
      narration: 'Two deposits are published before Account Srv is even running. Nobody receives them, but the channel stores them as #1 and #2: its event history.',
      notes: 'A channel is a log, not a mailbox. Acks never delete from it; only limits (count, size, age) do.',
      commands: [publish(deposit('Jim', 70)), { do: 'wait', ms: 100 }, publish(deposit('Jim', 40))],
      highlight: ['channel:account:deposit'],
    },
    {
      name: 'deploy',
      title: 'A new service catches up',
      narration: 'Account Srv is deployed. It subscribes with deliver-all-available, so it starts from #1 and works through the history: Jim has $110.',
      notes: 'setDeliverAllAvailable() on NATS Streaming; DeliverPolicy.All on JetStream. This is how a service added next year can build its state from everything that happened.',
      commands: [{ do: 'start', listener: 'A' }],
      highlight: ['listener:A', 'storage'],
    },
    {
      name: 'away',
      title: 'A goes away for a while',
      narration: 'A shuts down for a deploy. Meanwhile a $20 deposit arrives and is stored as #3. The durable subscription remembers that A has acked up to #2.',
      notes: 'Close keeps a durable subscription; unsubscribe deletes it. The server keeps the position for the client id plus durable name.',
      commands: [{ do: 'leave', listener: 'A' }, { do: 'wait', ms: 500 }, publish(deposit('Jim', 20))],
      highlight: ['channel:account:deposit'],
      figure: {
        caption: 'Durable subscription',
        rows: [
          { label: 'Durable name', value: DURABLE },
          { label: 'Acked up to', value: '#2' },
          { label: 'Next for A', value: '#3' },
        ],
      },
    },
    {
      name: 'resume',
      title: 'Back where it left off',
      narration: 'A comes back with the same durable name. It gets #3 and only #3: deliver-all-available is ignored on a restart, so history is not replayed. Jim has $130.',
      notes: 'A restarted durable ignores its start position, which is why deliver-all-available plus a durable name replays history exactly once.',
      commands: [{ do: 'restart', listener: 'A' }],
      highlight: ['listener:A', 'storage'],
      figure: {
        caption: 'Durable subscription',
        rows: [
          { label: 'Durable name', value: DURABLE },
          { label: 'Resumes after', value: '#2' },
          { label: 'History replayed', value: 'no' },
        ],
      },
    },
  ],
};
