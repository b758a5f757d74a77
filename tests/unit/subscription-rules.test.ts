/**
 * Table-driven tests of the pure delivery rules (src/machines/subscription.ts), each also checking
 * that the input context is not mutated.
 */
import { describe, expect, it } from 'vitest';
import { onAck, onAckTimer, onAppend, onJoin, onLeave, pickMember, type Member, type SubContext } from '../../src/actors/nats/subscription.ts';
import type { OutEvent } from '../../src/actors/nats/ports.ts';
import { Seq } from '../../src/kernel/seq.ts';

/** A member holding the given sequences unacked, each delivered `attempt` times so far (once by default). */
const member = (client: string, pending: number[] = [], over: Partial<Member> = {}, attempt = 1): Member => ({
  client,
  incarnation: 1,
  pending: Seq.of(pending.map((seq) => ({ seq, expire: 30_000, attempt }))),
  stalled: false,
  failedHb: false,
  timerAt: pending.length ? 30_000 : null,
  ...over,
});

const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ seq: i + 1, msg: i + 1, payload: { kind: 'deposit' as const, user: 'Jim', amount: 10 } }));
const log = (n: number) => Seq.of(entries(n));

const ctx = (over: Partial<SubContext> = {}): SubContext => ({
  name: 'sub:account:deposit/myQueueGroup',
  channel: 'account:deposit',
  queue: 'myQueueGroup',
  ackWaitMs: 30_000,
  maxInflight: 16_384,
  log: log(3),
  lastSent: 3,
  members: [member('A'), member('B')],
  orphans: [],
  ...over,
});

const deliveries = (out: unknown[]) =>
  (out as OutEvent[]).filter((o) => o.type === 'out' && o.event.type === 'msg').map((o) => `${o.trace!.kind}:${o.trace!.seq}>${o.to.slice(9)}#${o.trace!.attempt}`);

describe('pickMember (findBestQueueSub)', () => {
  it.each([
    { name: 'tie: the head of the line wins and moves to the back', members: [member('A'), member('B')], pick: 'A', order: 'BA' },
    { name: 'fewest unacked wins', members: [member('A', [1]), member('B')], pick: 'B', order: 'AB' },
    { name: 'stalled members are passed over', members: [member('A', [], { stalled: true }), member('B', [1, 2])], pick: 'B', order: 'AB' },
    { name: 'failed heartbeats are passed over', members: [member('A', [], { failedHb: true }), member('B', [1])], pick: 'B', order: 'AB' },
    { name: 'all stalled: the head anyway, rotated', members: [member('A', [1], { stalled: true }), member('B', [2], { stalled: true })], pick: 'A', order: 'BA' },
    { name: 'a single member stays put', members: [member('A', [1, 2])], pick: 'A', order: 'A' },
  ])('$name', ({ members, pick, order }) => {
    const c = ctx({ members });
    const before = JSON.stringify(members);
    const copy = { ...c, members: [...c.members] };
    const i = pickMember(copy);
    expect(copy.members[i]!.client).toBe(pick);
    expect(copy.members.map((m) => m.client).join('')).toBe(order);
    expect(JSON.stringify(members)).toBe(before);
  });
});

describe('delivery rules', () => {
  it.each([
    {
      name: 'a new message goes to the best member with attempt 1',
      run: (c: SubContext) => onAppend(c, { seq: 4, msg: 4, payload: entries(1)[0]!.payload }, 1000),
      c: ctx({ log: log(3), lastSent: 3, members: [member('A', [3]), member('B')] }),
      expected: ['deliver:4>B#1'],
    },
    {
      name: 'MaxInflight 1: nothing more while the member holds one',
      run: (c: SubContext) => onAppend(c, { seq: 2, msg: 2, payload: entries(1)[0]!.payload }, 1000),
      c: ctx({ queue: undefined, maxInflight: 1, log: log(1), lastSent: 1, members: [member('A', [1])] }),
      expected: [],
    },
    {
      name: 'an ack below MaxInflight sends what was held back',
      run: (c: SubContext) => onAck(c, 'A', 1, 1000),
      c: ctx({ queue: undefined, maxInflight: 1, log: log(2), lastSent: 1, members: [member('A', [1], { stalled: true })] }),
      expected: ['deliver:2>A#1'],
    },
    {
      name: 'the ack wait passes: redelivered to the member with fewest unacked, attempt 2',
      run: (c: SubContext) => onAckTimer(c, 'A', 30_000, 30_000),
      c: ctx({ members: [member('A', [1]), member('B')] }),
      expected: ['redeliver:1>B#2'],
    },
    {
      name: 'a plain subscriber gets its own message again',
      run: (c: SubContext) => onAckTimer(c, 'A', 30_000, 30_000),
      c: ctx({ queue: undefined, members: [member('A', [1, 2])] }),
      expected: ['redeliver:1>A#2', 'redeliver:2>A#2'],
    },
    {
      name: 'a stale timer does nothing',
      run: (c: SubContext) => onAckTimer(c, 'A', 12_345, 30_000),
      c: ctx({ members: [member('A', [1]), member('B')] }),
      expected: [],
    },
    {
      name: 'a member leaves: its unacked messages go to the others',
      run: (c: SubContext) => onLeave(c, 'A', 5_000),
      c: ctx({ members: [member('A', [1, 2]), member('B')] }),
      expected: ['redeliver:1>B#2', 'redeliver:2>B#2'],
    },
    {
      name: 'a durable unit keeps orphans for the first member to come back',
      run: (c: SubContext) => onJoin(c, 'B', 2, 9_000),
      c: ctx({ durable: 'account-srv', members: [], orphans: [{ seq: 1, attempt: 1 }, { seq: 2, attempt: 1 }] }),
      expected: ['redeliver:1>B#2', 'redeliver:2>B#2'],
    },
    {
      name: 'the count carries over: a message delivered twice goes out a third time',
      run: (c: SubContext) => onAckTimer(c, 'A', 30_000, 30_000),
      c: ctx({ members: [member('A', [1], {}, 2), member('B')] }),
      expected: ['redeliver:1>B#3'],
    },
    {
      name: 'a durable member that leaves keeps each message\'s count for the one who comes back',
      run: (c: SubContext) => onJoin(onLeave(c, 'A', 5_000).ctx, 'B', 1, 9_000),
      c: ctx({ durable: 'account-srv', members: [member('A', [1], {}, 3)] }),
      expected: ['redeliver:1>B#4'],
    },
  ])('$name', ({ run, c, expected }) => {
    const before = JSON.stringify(c);
    const { out } = run(c);
    expect(deliveries(out)).toEqual(expected);
    expect(JSON.stringify(c)).toBe(before);
  });

  it('a redelivery to another member drops it from the original (implicit ack)', () => {
    const { ctx: after } = onAckTimer(ctx({ members: [member('A', [1]), member('B')] }), 'A', 30_000, 30_000);
    expect(after.members.find((m) => m.client === 'A')!.pending.toArray()).toEqual([]);
    expect(after.members.find((m) => m.client === 'B')!.pending.map((p) => p.seq)).toEqual([1]);
  });

  it('a non-durable queue group forgets unacked messages when its last member leaves', () => {
    const { ctx: after, out } = onLeave(ctx({ members: [member('A', [1])] }), 'A', 1000);
    expect(after.members).toEqual([]);
    expect(after.orphans).toEqual([]);
    expect(deliveries(out)).toEqual([]);
  });
});
