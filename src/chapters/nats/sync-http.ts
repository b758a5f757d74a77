/** Scene: the slow-listener race with plain HTTP calls through a load balancer, no broker at all (a world of the HTTP family). */
import type { Scene } from '../types.ts';
import { HTTP_KERNEL, HTTP_STAGE, NO_BROKER_WORLD, SLOW_MS, lateWithdraw, twoDeposits, withSeed } from './no-broker.ts';

export const syncHttp: Scene = {
  id: 'sync-http',
  chapter: 'nats',
  title: 'The same race over HTTP',
  summary: 'No broker: a load balancer sends Jim’s calls to two instances; the slow one holds the $70 while the other refuses the $100 withdraw.',
  channels: [],
  world: NO_BROKER_WORLD,
  kernel: withSeed(HTTP_KERNEL, NO_BROKER_WORLD.seed),
  stage: HTTP_STAGE,
  expected: { Jim: 10 },
  timespace: true,
  steps: [
    {
      name: 'no-broker',
      title: 'No broker, just HTTP',
      narration:
        'No broker this time. The web app calls Account Srv over HTTP, and a load balancer sends each request to the instance with the fewest requests in flight. Instance A is on a busy machine: each request takes it 8 seconds.',
      notes:
        'Same shape, new boxes: where the publisher stood is a web app, where the broker stood a load balancer (nginx least_conn, an AWS load balancer’s “least outstanding requests”), and the listeners are two instances of Account Srv. Nothing is stored, and nothing is ever sent twice: an HTTP call gets one answer.',
      commands: [{ do: 'http.slow', actor: 'service:A', processMs: SLOW_MS }],
      highlight: ['lb', 'service:A'],
    },
    {
      name: 'two-deposits',
      title: 'Two deposits, two instances',
      narration: 'Jim’s two deposits arrive a moment apart. The $70 goes to A. A is now busy, so the $40 goes to B, which answers 200 OK a second later.',
      notes: 'Point at the load balancer: A still has the $70 in flight. Nothing has failed; A is only slow.',
      commands: twoDeposits('web'),
      until: { kind: 'event', match: { kind: 'reply', msg: 2 } },
      highlight: ['service:A', 'service:B'],
    },
    {
      name: 'withdraw-refused',
      title: 'The withdraw overtakes',
      narration: 'A second later Jim withdraws $100. A still has a request in flight and B has none, so B gets it. B sees only $40 and answers 422: refused.',
      notes: 'The load balancer did its job well: it picked the least busy instance. That is exactly what sent the withdraw past the deposit.',
      commands: lateWithdraw('web'),
      until: { kind: 'event', match: { kind: 'reply', msg: 3 } },
      highlight: ['service:B', 'storage'],
    },
    {
      name: 'same-race',
      title: 'Same race, no broker',
      narration: 'A finally writes the $70: Jim ends at $110 with his withdraw refused, instead of $10. The broker was never the cause: two workers side by side is.',
      notes:
        'Compare with “One listener is slower”: same events, same outcome, no NATS anywhere. Synchronous calls do not order work that runs in parallel. The fix has to travel with the data, which is where this chapter ends up.',
      commands: [],
      highlight: ['service:A', 'storage'],
    },
  ],
};
