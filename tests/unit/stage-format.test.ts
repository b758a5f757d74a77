/** Words and numbers as the audience reads them, and the narration log's sentences. */
import { describe, expect, it } from 'vitest';
import { clock, logTime, money, partyName, payloadLabel, secondsLeft, signedAmount } from '../../src/lib/format.ts';
import { describe as describeEvent, narrateTrace, sentence } from '../../src/stage/narrate.ts';
import type { TraceEvent } from '../../src/actors/nats/types.ts';
import { failTrace, happyTrace, refuseTrace } from './stage-fixture.ts';

describe('format', () => {
  it.each([
    { fn: () => money(70), expected: '$70' },
    { fn: () => money(-30), expected: '\u2212$30' },
    { fn: () => money(1500), expected: '$1,500' },
    { fn: () => clock(0), expected: '00:00.0' },
    { fn: () => clock(30_400), expected: '00:30.4' },
    { fn: () => clock(61_050), expected: '01:01.0' },
    { fn: () => clock(-5), expected: '00:00.0' },
    { fn: () => logTime(30_400), expected: '0:30.4' },
    { fn: () => logTime(700_000), expected: '11:40.0' },
    // Real-scale time: hours, then days and hours, then years and days.
    { fn: () => clock(3 * 3_600_000 + 5 * 60_000), expected: '3:05:00' },
    { fn: () => clock(7 * 86_400_000), expected: '7 d 00 h' },
    { fn: () => clock(7 * 86_400_000 + 5 * 3_600_000 + 1), expected: '7 d 05 h' },
    { fn: () => clock(268_435_455_000), expected: '8 y 186 d' },
    { fn: () => logTime(7 * 86_400_000), expected: '7 d 00 h' },
    { fn: () => payloadLabel({ kind: 'deposit', user: 'Jim', amount: 70 }), expected: 'deposit $70' },
    { fn: () => payloadLabel({ kind: 'withdraw', user: 'Jim', amount: 100, number: 3 }), expected: 'withdraw $100 · n3' },
    { fn: () => signedAmount({ kind: 'withdraw', user: 'Jim', amount: 100 }), expected: '\u2212$100' },
    { fn: () => partyName('listener:B'), expected: 'listener B' },
    { fn: () => partyName('server'), expected: 'the server' },
    { fn: () => secondsLeft(24_100), expected: '25 s' },
    { fn: () => secondsLeft(-1), expected: '0 s' },
  ])('$expected', ({ fn, expected }) => {
    expect(fn()).toBe(expected);
  });
});

describe('narration', () => {
  const redeliver = failTrace.find((e) => e.kind === 'redeliver')!;
  it.each([
    { args: { ...redeliver, t: 30_400 }, expected: '0:30.4 — the server redelivers deposit $70 to listener B, attempt 2' },
    { args: happyTrace[0]!, expected: '0:00.0 — the publisher publishes deposit $70 on account:deposit' },
    { args: happyTrace[5]!, expected: "0:00.7 — listener A writes deposit $70: Jim's balance is now $70" },
    { args: refuseTrace[5]!, expected: '0:00.7 — listener B REFUSES withdraw $100: the balance is only $0' },
  ])('$expected', ({ args, expected }) => {
    expect(sentence(args)).toBe(expected);
  });

  it('names messages on events without a payload from what came before', () => {
    const lines = narrateTrace(refuseTrace, 6);
    expect(lines.map((l) => l.text)).toEqual(['0:00.7 — listener B acks withdraw $100 (account:withdraw #1)']);
    expect(lines[0]!.index).toBe(6);
  });

  it.each([
    {
      name: 'the listeners’ opening subscriptions, one line',
      trace: ['A', 'B'].flatMap((l) => ['account:deposit', 'account:withdraw'].map((channel) => ({ t: 900, kind: 'subscribe' as const, from: `listener:${l}` as const, channel, queue: 'myQueueGroup' }))),
      expected: ['0:00.9 — listeners A and B subscribe to account:deposit and account:withdraw in queue group myQueueGroup'],
    },
    {
      name: 'one listener’s channels, one line, with its durable name',
      trace: ['account:deposit', 'account:withdraw'].map((channel) => ({ t: 900, kind: 'subscribe' as const, from: 'listener:A' as const, channel, note: 'durable acct' })),
      expected: ['0:00.9 — listener A subscribes to account:deposit and account:withdraw (durable acct)'],
    },
    {
      name: 'listeners on different channels, one line each',
      trace: [
        { t: 900, kind: 'subscribe' as const, from: 'listener:A' as const, channel: 'account:deposit' },
        { t: 900, kind: 'subscribe' as const, from: 'listener:B' as const, channel: 'account:withdraw' },
      ],
      expected: ['0:00.9 — listener A subscribes to account:deposit', '0:00.9 — listener B subscribes to account:withdraw'],
    },
    {
      name: 'subscriptions at different instants, one line each',
      trace: [
        { t: 900, kind: 'subscribe' as const, from: 'listener:A' as const, channel: 'account:deposit' },
        { t: 1900, kind: 'subscribe' as const, from: 'listener:A' as const, channel: 'account:withdraw' },
      ],
      expected: ['0:00.9 — listener A subscribes to account:deposit', '0:01.9 — listener A subscribes to account:withdraw'],
    },
  ])('$name', ({ trace, expected }) => {
    const lines = narrateTrace(trace as TraceEvent[]);
    expect(lines.map((l) => l.text)).toEqual(expected);
    expect(new Set(lines.map((l) => l.index)).size).toBe(lines.length);
  });

  it('folds a run only inside the slice narrated, and names later messages as before', () => {
    const opening = ['A', 'B'].map((l) => ({ t: 0, kind: 'subscribe' as const, from: `listener:${l}` as const, channel: 'account:deposit' }));
    const trace = [...opening, ...refuseTrace] as TraceEvent[];
    expect(narrateTrace(trace, 1).slice(0, 1).map((l) => l.text)).toEqual(['0:00.0 — listener B subscribes to account:deposit']);
    expect(narrateTrace(trace).slice(1).map((l) => l.text)).toEqual(narrateTrace(refuseTrace).map((l) => l.text));
  });

  it('has a sentence for every kind, none empty', () => {
    const kinds: TraceEvent['kind'][] = ['publish', 'store', 'deliver', 'redeliver', 'receive', 'process-start', 'write', 'process-ok', 'process-fail', 'reject', 'skip', 'duplicate', 'ack', 'ack-lost', 'ack-timeout', 'stalled', 'subscribe', 'crash', 'restart', 'hb-miss', 'client-closed', 'lost'];
    for (const kind of kinds) expect(describeEvent({ t: 0, kind, msg: 1, from: 'listener:A', to: 'server' }).length).toBeGreaterThan(5);
  });

  it('does not mutate the trace', () => {
    const before = structuredClone(failTrace);
    narrateTrace(failTrace);
    expect(failTrace).toEqual(before);
  });
});
