/**
 * The ordering designs as pure rules (table-driven), and the chapter's scenes that introduce
 * them: one shared sequence holds Mary back, a channel per user does not, the publisher's Last
 * Seq reproduces the slides' tables, and the tweets-versus-money scene ends as it says.
 */
import { describe, expect, it } from 'vitest';
import { stamp } from '../../src/actors/nats/publisherMachine.ts';
import { applySequence, applyWrite, judgeWrite, type StorageContext } from '../../src/actors/nats/storageMachine.ts';
import type { Design, Payload } from '../../src/actors/nats/types.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { findScene } from '../../src/chapters/nats/scenes.ts';
import { viewAt } from '../../src/stage/view.ts';

const jim = (over: Partial<Payload> = {}): Payload => ({ kind: 'deposit', user: 'Jim', amount: 40, ...over });
const ctx = (design: Design, over: Partial<StorageContext> = {}): StorageContext => ({
  design,
  accounts: { Jim: { balance: 70, lastNumber: 1 } },
  sequences: { 'account:events': 1 },
  failFor: {},
  ...over,
});
const write = (payload: Payload, at: { channel?: string; seq?: number } = {}) => ({ type: 'storage.write' as const, from: 'A', msg: 9, payload, t: 0, ...at });

describe('judgeWrite under each design', () => {
  it.each([
    // design, payload, channel/seq, expected
    ['naive', jim(), {}, 'applied'],
    ['naive', jim({ kind: 'withdraw', amount: 100 }), {}, 'refused'],
    ['per-user-number', jim({ number: 2 }), {}, 'applied'],
    ['per-user-number', jim({ number: 3 }), {}, 'skipped'],
    ['per-user-number', jim({ number: 1 }), {}, 'duplicate'],
    ['publisher-last-seq', jim({ number: 3, prev: 1 }), {}, 'applied'],
    ['publisher-last-seq', jim({ number: 4, prev: 3 }), {}, 'skipped'],
    ['publisher-last-seq', jim({ number: 1, prev: 0 }), {}, 'duplicate'],
    ['last-sequence', jim(), { channel: 'account:events', seq: 2 }, 'applied'],
    ['last-sequence', jim(), { channel: 'account:events', seq: 3 }, 'skipped'],
    ['last-sequence', jim(), { channel: 'account:events', seq: 1 }, 'duplicate'],
    ['last-sequence', jim(), { channel: 'account:other', seq: 1 }, 'applied'],
    ['naive', { kind: 'tweet', user: 'Jim', amount: 0, text: 'hi' }, {}, 'applied'],
  ] as const)('%s: %j at %j is %s', (design, payload, at, expected) => {
    const c = ctx(design);
    const before = structuredClone(c);
    expect(judgeWrite(c, write(payload, at))).toBe(expected);
    expect(c).toEqual(before);
  });

  it('a failing write fails first, whatever the design', () => {
    expect(judgeWrite(ctx('last-sequence', { failFor: { A: 1 } }), write(jim(), { channel: 'account:events', seq: 2 }))).toBe('failed');
  });

  it('a processed event moves the numbers on; a skipped one does not; a tweet joins the timeline', () => {
    const c = ctx('last-sequence');
    expect(applySequence(c, { channel: 'account:events', seq: 2 }, 'applied')).toEqual({ 'account:events': 2 });
    expect(applySequence(c, { channel: 'account:events', seq: 3 }, 'skipped')).toBe(c.sequences);
    expect(applySequence(ctx('naive'), { channel: 'account:events', seq: 2 }, 'applied')).toEqual({ 'account:events': 1 });
    expect(applyWrite(c.accounts, jim({ number: 3 }), 'applied').Jim).toEqual({ balance: 110, lastNumber: 3 });
    expect(applyWrite(c.accounts, { kind: 'tweet', user: 'Jim', amount: 0, text: 'Landed!' }, 'applied').Jim!.posts).toEqual(['Landed!']);
  });
});

describe('the publisher stamps', () => {
  it.each([
    ['naive', {}],
    ['last-sequence', {}],
    ['per-user-number', { number: 2 }],
    ['publisher-last-seq', { number: 5, prev: 1 }],
  ] as const)('%s stamps %j on Jim’s next event', (design, extra) => {
    expect(stamp({ design, nextMsg: 5, lastNumber: { Jim: 1 } }, jim())).toEqual({ ...jim(), ...extra });
  });
});

describe('share the last sequence processed (one channel)', () => {
  const s = findScene('shared-sequence')!;
  it('keeps order, but Mary’s deposit waits for Jim’s failed one: written only after the ack wait', () => {
    const r = runScene(s, s.steps.length - 1);
    const maryWrite = r.trace.find((e) => e.kind === 'write' && e.payload?.user === 'Mary')!;
    const jimRetry = r.trace.find((e) => e.kind === 'ack-timeout')!;
    expect(maryWrite.t).toBeGreaterThan(jimRetry.t);
    expect(r.trace.some((e) => e.kind === 'skip' && e.payload?.user === 'Mary')).toBe(true);
    expect(r.trace.some((e) => e.kind === 'reject')).toBe(false);
    expect(r.storage).toMatchObject({ Jim: { balance: 10 }, Mary: { balance: 40 } });
    expect(viewAt(s, r.trace, r.t1).sequences).toEqual([expect.objectContaining({ channel: 'account:events', last: 4 })]);
  });
});

describe('one channel per user', () => {
  const s = findScene('channel-per-user')!;
  it('Mary’s deposit is written at once while Jim’s events wait for his failed $70', () => {
    const r = runScene(s, s.steps.length - 1);
    const maryWrite = r.trace.find((e) => e.kind === 'write' && e.payload?.user === 'Mary')!;
    expect(maryWrite.t).toBeLessThan(5_000);
    expect(r.trace.some((e) => e.kind === 'skip' && e.payload?.user === 'Mary')).toBe(false);
    expect(r.storage).toMatchObject({ Jim: { balance: 10 }, Mary: { balance: 40 } });
    expect(viewAt(s, r.trace, r.t1).sequences.map((q) => [q.channel, q.last])).toEqual([
      ['account:jim', 3],
      ['account:mary', 1],
    ]);
  });

  it('its last step shows the channel count as a figure', () => {
    const r = runScene(s, s.steps.length - 1);
    expect(viewAt(s, r.trace, r.t1, { step: s.steps.length - 1 }).figure?.rows.length).toBe(3);
    expect(viewAt(s, r.trace, r.t1, { step: 0 }).figure).toBeUndefined();
  });
});

describe('who publishes, and what do they know', () => {
  const s = findScene('who-publishes')!;
  it('the publisher’s table is the slides’: Seq 1–4 with Last Seq –, –, 1, 3', () => {
    const r = runScene(s, s.steps.length - 1);
    const sent = viewAt(s, r.trace, r.t1).publisher.sent.map((x) => [x.payload.number, x.payload.user, x.payload.kind, x.payload.amount, x.payload.prev]);
    expect(sent).toEqual([
      [1, 'Jim', 'deposit', 70, 0],
      [2, 'Mary', 'deposit', 40, 0],
      [3, 'Jim', 'deposit', 40, 1],
      [4, 'Jim', 'withdraw', 100, 3],
    ]);
  });

  it('after the first two, the database holds the slides’ rows: Jim 1 with $70, Mary 2 with $40', () => {
    expect(runScene(s, 1).storage).toEqual({ Jim: { balance: 70, lastNumber: 1 }, Mary: { balance: 40, lastNumber: 2 } });
  });

  it('the withdraw is skipped while the $40 is missing, and Jim ends at $10', () => {
    const r = runScene(s, s.steps.length - 1);
    expect(r.trace.some((e) => e.kind === 'skip' && e.payload?.kind === 'withdraw')).toBe(true);
    expect(r.trace.some((e) => e.kind === 'reject')).toBe(false);
    expect(r.storage.Jim).toEqual({ balance: 10, lastNumber: 4 });
  });
});

describe('does order matter', () => {
  const s = findScene('does-order-matter')!;
  it('the tweets are stored out of order and nobody minds: no rule is broken', () => {
    const r = runScene(s, 1);
    expect(r.storage.Jim!.posts).toEqual(['Landed!', 'Boarding']);
    expect(r.trace.some((e) => e.kind === 'reject')).toBe(false);
  });

  it('the same reordering refuses Jim’s withdraw, and he ends at $70 instead of $20', () => {
    const r = runScene(s, s.steps.length - 1);
    expect(r.trace.find((e) => e.kind === 'reject')?.payload).toMatchObject({ kind: 'withdraw', amount: 50 });
    expect(r.storage.Jim!.balance).toBe(70);
    expect(s.expected.Jim).toBe(20);
  });
});
