/**
 * Scene: one channel per user. Each user's events get a channel of their own, so a sequence
 * orders only that user's events and Jim's failure no longer holds Mary back; the price is a
 * channel (and a subscription) for every user.
 */
import type { Command } from '../../actors/nats/types.ts';
import type { Scene } from '../types.ts';
import { QUEUE, deposit, listener, twoListeners } from './cast.ts';
import { TABLE_EVENTS } from './shared-sequence.ts';

const channelOf = (user: string): string => `account:${user.toLowerCase()}`;
const CHANNELS = ['Jim', 'Mary'].map(channelOf);
const subs = CHANNELS.map((channel) => ({ channel, queue: QUEUE }));
const own = (p: ReturnType<typeof deposit>): Command => ({ do: 'publish', channel: channelOf(p.user), payload: p });

export const channelPerUser: Scene = {
  id: 'channel-per-user',
  chapter: 'nats',
  title: 'One channel per user',
  summary: 'A channel per user keeps Jim’s failure away from Mary, but the channel count grows with every user.',
  channels: CHANNELS,
  world: twoListeners({
    design: 'last-sequence',
    users: { Jim: 0, Mary: 0 },
    listeners: [listener('A', { subscriptions: subs }), listener('B', { subscriptions: subs })],
  }),
  expected: { Jim: 10, Mary: 40 },
  steps: [
    {
      name: 'split',
      title: 'A line for each user',
      narration:
        'So give each user a line of their own: Jim’s events go on account:jim, Mary’s on account:mary, and the database keeps the last sequence processed for each channel.',
      notes: 'The slides go further and split each user’s channel by kind too, account:deposit:jim and account:withdraw:jim. Then a sequence no longer orders a deposit against a withdraw, so we keep one channel per user here.',
      commands: [],
      highlight: ['server', 'storage'],
    },
    {
      name: 'same-failure',
      title: 'The same failure, contained',
      narration:
        'A’s write of Jim’s $70 fails again. Mary’s $40 is #1 on her own channel, so it is applied at once. Only Jim’s later events wait; when the ack wait runs out, his $70 comes back.',
      notes: 'This is the behaviour we want: order per account, and one account’s trouble stays with that account.',
      commands: [{ do: 'fail-writes', listener: 'A', count: 1 }, ...TABLE_EVENTS(own)],
      until: { kind: 'event', match: { kind: 'ack-timeout' } },
      highlight: ['storage'],
      predict: {
        question: 'The same failure: A’s write of Jim’s $70 fails again. Mary’s $40 is now #1 on her own channel, account:mary. What happens to it?',
        choices: ['It is applied straight away', 'It waits behind Jim’s $70 until the ack wait runs out', 'It is held until Jim’s channel catches up'],
        answer: 0,
        explain: 'Mary’s channel has its own sequence, and her $40 is its first event: nothing is missing before it, so it is applied at once.',
        giveaway: ['at once', 'contained', 'never waited'],
      },
    },
    {
      name: 'in-order',
      title: 'Jim catches up',
      narration: 'After the ack wait Jim’s events are applied in order and he ends at $10. Mary never waited.',
      notes: 'It works. Now count what it costs.',
      commands: [],
      highlight: ['storage'],
    },
    {
      name: 'count',
      title: 'Now count the channels',
      narration:
        'Every new user needs a new channel, and every listener a new subscription to it, made while the system runs. Split by kind, as on the slide, the count doubles.',
      notes:
        'Channels are not free: each keeps its own log, limits and subscriptions, and a new user means changing subscriptions at runtime. We were looking for the answer in the broker; the next scene looks somewhere else.',
      commands: [],
      highlight: ['server'],
      figure: {
        caption: 'Channels (split by kind)',
        rows: [
          { label: '2 users', value: '2 (4)' },
          { label: '10,000 users', value: '10k (20k)' },
          { label: '1 million users', value: '1M (2M)' },
        ],
      },
    },
  ],
};
