/**
 * inspect(): what the world inspector says about every actor, read off real scenes at chosen
 * steps and times, as a table of { scene, step, t, expected }. Every case also checks that the
 * scene and the trace it was given are left exactly as they were.
 */
import { describe, expect, it } from 'vitest';
import { runScene, type StepResult } from '../../src/chapters/engine.ts';
import { findScene } from '../../src/chapters/nats/scenes.ts';
import { inspect, type Inspection } from '../../src/stage/inspect.ts';
import { inspectHttp } from '../../src/actors/http/view.ts';

const results = new Map<string, StepResult>();

/** The scene run to the end of its step named `step` (cached: scenes are deterministic). */
function run(sceneId: string, step: string): StepResult {
  const key = `${sceneId}/${step}`;
  let r = results.get(key);
  if (!r) {
    const scene = findScene(sceneId)!;
    const k = scene.steps.findIndex((s) => s.name === step);
    expect(k, `${sceneId} has a step named ${step}`).toBeGreaterThanOrEqual(0);
    r = runScene(scene, k);
    results.set(key, r);
  }
  return r;
}

/** inspect() at time t (the end of the step when absent), checking its inputs were not touched. */
function at(sceneId: string, step: string, t?: number): Inspection {
  const r = run(sceneId, step);
  const before = structuredClone({ scene: r.scene, trace: r.trace });
  const inspection = inspect(r.scene, r.trace, t ?? r.t1, { step: r.step });
  expect({ scene: r.scene, trace: r.trace }).toEqual(before);
  return inspection;
}

const listener = (i: Inspection, id: string) => i.listeners.find((l) => l.id === id)!;
const message = (i: Inspection, channel: string, seq: number) => i.server.channels.find((c) => c.name === channel)!.messages.find((m) => m.seq === seq)!;
const client = (i: Inspection, id: string) => i.server.clients.find((c) => c.id === id)!;
const user = (i: Inspection, name: string) => i.storage.users.find((u) => u.user === name)!;

interface Case {
  name: string;
  scene: string;
  step: string;
  t?: number;
  expected: (i: Inspection) => unknown;
  equals: unknown;
}

const cases: Case[] = [
  // storage-fails: the unacked $70, its ack wait, and its redelivery to B.
  {
    name: 'A holds the $70 unacked with 28–30 s of ack wait left, attempt 1',
    scene: 'storage-fails',
    step: 'publish-all',
    expected: (i) => listener(i, 'A').unacked.filter((u) => u.msg === 1).map((u) => [u.what, u.attempt, u.leftS > 28 && u.leftS <= 30]),
    equals: [["Jim's deposit $70", 1, true]],
  },
  {
    name: 'A works on the $70 while the withdraw waits in its inbox',
    scene: 'storage-fails',
    step: 'publish-all',
    t: 1_800,
    expected: (i) => [listener(i, 'A').state, listener(i, 'A').job?.what, listener(i, 'A').inbox.map((m) => m.what)],
    equals: ['processing', "Jim's deposit $70", ["Jim's withdraw $100"]],
  },
  {
    name: 'the job reports its progress',
    scene: 'storage-fails',
    step: 'publish-all',
    t: 2_000,
    expected: (i) => listener(i, 'A').job?.progress,
    equals: 0.5,
  },
  {
    name: 'the publisher has sent three messages, all of them Jim’s',
    scene: 'storage-fails',
    step: 'publish-all',
    expected: (i) => [i.publisher.sent, i.publisher.users],
    equals: [3, [{ user: 'Jim', sent: 3 }]],
  },
  {
    name: 'the server stores #1 unacked, delivered once, held by A',
    scene: 'storage-fails',
    step: 'publish-all',
    expected: (i) => {
      const m = message(i, 'account:deposit', 1);
      return [m.acked, m.deliveries, m.holders];
    },
    equals: [false, 1, ['A']],
  },
  {
    name: 'the queue group has both listeners on both channels',
    scene: 'storage-fails',
    step: 'publish-all',
    expected: (i) => i.server.groups,
    equals: [{ name: 'myQueueGroup', channels: ['account:deposit', 'account:withdraw'], members: ['A', 'B'] }],
  },
  {
    name: 'after the ack wait, #1 has been delivered twice and B holds it',
    scene: 'storage-fails',
    step: 'ack-wait',
    expected: (i) => {
      const m = message(i, 'account:deposit', 1);
      return [m.acked, m.deliveries, m.holders, listener(i, 'A').unacked.length];
    },
    equals: [false, 2, ['B'], 0],
  },
  {
    name: 'B’s redelivery is attempt 2 with a fresh 30 s',
    scene: 'storage-fails',
    step: 'ack-wait',
    expected: (i) => listener(i, 'B').unacked.map((u) => [u.msg, u.attempt, u.leftS]),
    equals: [[1, 2, 30]],
  },
  {
    name: 'at the end everything is acked, nobody holds anything, Jim has $110',
    scene: 'storage-fails',
    step: 'late-deposit',
    expected: (i) => [i.server.channels.flatMap((c) => c.messages.map((m) => [m.acked, m.holders.length])), user(i, 'Jim').balance],
    equals: [[[true, 0], [true, 0], [true, 0]], 110],
  },
  {
    name: 'A’s last outcome is the refused withdraw',
    scene: 'storage-fails',
    step: 'late-deposit',
    expected: (i) => listener(i, 'A').outcome,
    equals: { kind: 'refused', what: "Jim's withdraw $100" },
  },
  // dead-listener: heartbeats missed, then the client given up.
  {
    name: 'a crashed A has missed 2 of 3 heartbeats and still holds its messages',
    scene: 'dead-listener',
    step: 'heartbeats-fail',
    t: 25_000,
    expected: (i) => [listener(i, 'A').state, client(i, 'A'), message(i, 'account:deposit', 1).holders, listener(i, 'A').unacked.map((u) => u.leftS)],
    equals: ['crashed', { id: 'A', title: 'Account Srv A', missed: 2, limit: 3, closed: false }, ['A'], [6.2, 6.4]],
  },
  {
    name: 'after the third miss the server gives A up and drops it from the queue group',
    scene: 'dead-listener',
    step: 'heartbeats-fail',
    expected: (i) => [client(i, 'A').closed, client(i, 'A').reason, i.server.groups[0]!.members, message(i, 'account:deposit', 1).holders],
    equals: [true, 'it missed its heartbeats', ['B'], ['B']],
  },
  // broker-features: a durable subscriber that left and comes back.
  {
    name: 'A left: offline, its connection closed, the new deposit stored and not delivered',
    scene: 'broker-features',
    step: 'away',
    expected: (i) => [listener(i, 'A').state, client(i, 'A').closed, client(i, 'A').reason, [message(i, 'account:deposit', 3).deliveries, message(i, 'account:deposit', 3).holders]],
    equals: ['offline', true, 'it closed its connection', [0, []]],
  },
  {
    name: 'A is back: its connection is open again and the deposit delivered',
    scene: 'broker-features',
    step: 'resume',
    expected: (i) => [client(i, 'A').closed, message(i, 'account:deposit', 3).deliveries],
    equals: [false, 1],
  },
  // slow-listener: the slow flag beside the state.
  {
    name: 'A is slow once it has been slowed down',
    scene: 'slow-listener',
    step: 'a-slows-down',
    expected: (i) => i.listeners.map((l) => [l.id, l.state, l.slow]),
    equals: [
      ['A', 'idle', true],
      ['B', 'idle', false],
    ],
  },
  // The ordered designs.
  {
    name: 'redesign: the publisher’s last number per user and the database’s Last ID',
    scene: 'redesign',
    step: 'in-order',
    expected: (i) => [i.words.stamped, i.publisher.users, i.words.lastNumber, user(i, 'Jim').lastNumber, user(i, 'Jim').balance],
    equals: ['last number', [{ user: 'Jim', sent: 3, lastNumber: 3 }], 'Last ID processed', 3, 10],
  },
  {
    name: 'redesign: an out-of-turn event is delivered again until its turn comes',
    scene: 'redesign',
    step: 'in-order',
    expected: (i) => i.server.channels[0]!.messages.map((m) => [m.seq, m.deliveries, m.acked]),
    equals: [
      [1, 2, true],
      [2, 2, true],
      [3, 2, true],
    ],
  },
  {
    name: 'who-publishes: the last Seq stamped per user',
    scene: 'who-publishes',
    step: 'resolved',
    expected: (i) => [i.words.stamped, i.publisher.users.map((u) => [u.user, u.lastNumber]), i.storage.users.map((u) => [u.user, u.lastNumber])],
    equals: [
      'last Seq',
      [
        ['Jim', 4],
        ['Mary', 2],
      ],
      [
        ['Jim', 4],
        ['Mary', 2],
      ],
    ],
  },
  {
    name: 'shared-sequence: the processed sequence of the one channel',
    scene: 'shared-sequence',
    step: 'mary-waits',
    expected: (i) => [i.storage.sequences, i.words.lastNumber, i.words.stamped],
    equals: [[{ channel: 'account:events', last: 4 }], '', ''],
  },
  {
    name: 'naive designs keep no sequences',
    scene: 'happy-path',
    step: 'all-good',
    expected: (i) => [i.storage.sequences, user(i, 'Jim').balance],
    equals: [[], 10],
  },
  {
    name: 'does-order-matter: the timeline in the order it was stored',
    scene: 'does-order-matter',
    step: 'verdict',
    expected: (i) => user(i, 'Jim').posts,
    equals: ['Landed!', 'Boarding'],
  },
];

describe('inspect: what every actor is doing', () => {
  it.each(cases)('$scene/$step: $name', ({ scene, step, t, expected, equals }) => {
    expect(expected(at(scene, step, t))).toEqual(equals);
  });
});

describe('inspect: plain data', () => {
  it('survives structuredClone and JSON unchanged', () => {
    const i = at('storage-fails', 'ack-wait');
    expect(structuredClone(i)).toEqual(i);
    expect(JSON.parse(JSON.stringify(i))).toEqual(i);
  });

  it('shows nothing sent before the story starts', () => {
    const i = at('storage-fails', 'publish-all', 0);
    expect([i.publisher.sent, i.publisher.users, i.server.channels.flatMap((c) => c.messages), i.listeners.map((l) => [l.state, l.inbox, l.unacked])]).toEqual([
      0,
      [],
      [],
      [
        ['idle', [], []],
        ['idle', [], []],
      ],
    ]);
  });
});

/**
 * Without a broker (sync-http, monolith: worlds of the HTTP family), the inspector's rows come from
 * the family (inspectHttp) for each node the scene's stage declares: their words, requests in
 * flight, and no ack wait anywhere.
 */
describe('inspect: the scenes without a broker, in their family’s words', () => {
  const rows = (sceneId: string, step: string, party: string, t?: number) => {
    const r = run(sceneId, step);
    const node = r.scene.stage!.columns.flat().find((n) => n.id === party)!;
    const before = structuredClone(r.trace);
    const out = inspectHttp(node, r.trace, t ?? r.t1);
    expect(r.trace).toEqual(before);
    return Object.fromEntries(out.map((x) => [x.label, x.value]));
  };
  const titles = (sceneId: string) => findScene(sceneId)!.stage!.columns.flat().map((n) => n.title);

  it('sync-http speaks of a web app, a load balancer with requests in flight, and a database', () => {
    expect(titles('sync-http')).toEqual(['Web app', 'Load balancer', 'Account Srv A', 'Account Srv B', 'Database']);
    expect(Object.keys(rows('sync-http', 'withdraw-refused', 'lb', 3_000))).toContain('Requests in flight');
  });

  it('sync-http: the $70 is in flight with instance A, with no ack wait', () => {
    expect(rows('sync-http', 'withdraw-refused', 'lb', 3_000)['Requests in flight']).toBe("Jim's deposit $70 \u2192 A");
    expect(rows('sync-http', 'withdraw-refused', 'service:A', 3_000)['In hand']).toMatch(/^Jim's deposit \$70 \(working, \d+%\)$/);
    for (const party of ['web', 'lb', 'service:A', 'service:B', 'storage']) expect(JSON.stringify(rows('sync-http', 'withdraw-refused', party, 3_000))).not.toMatch(/ack/i);
  });

  it('monolith speaks of one process and its threads', () => {
    const scene = findScene('monolith')!;
    expect(titles('monolith').slice(1, 4)).toEqual(['Thread pool', 'Thread 1', 'Thread 2']);
    const hosts = scene.kernel!.actors.filter((a) => a.name !== 'clients').map((a) => (a.config as { host?: string }).host);
    expect(new Set(hosts)).toEqual(new Set(['account-srv']));
    expect(rows('monolith', 'same-race', 'pool')['In flight per upstream']).toBe('thread 1: 0; thread 2: 0');
  });
});
