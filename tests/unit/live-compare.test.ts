/** The comparison used by the conformance suite and live mode: what counts as agreeing. */
import { describe, expect, it } from 'vitest';
import { differences, sideBySide, summarize } from '../../src/live/compare.ts';
import type { TraceEvent } from '../../src/actors/nats/types.ts';

const p = { kind: 'deposit' as const, user: 'Jim', amount: 70 };
const ev = (t: number, kind: TraceEvent['kind'], msg: number, to?: string, attempt = 1): TraceEvent => ({ t, kind, msg, to, attempt, payload: p });
const storage = (balance: number) => ({ Jim: { balance, lastNumber: 0 } });

const a: TraceEvent[] = [ev(1, 'deliver', 1, 'listener:A'), ev(2, 'receive', 1, 'listener:A'), ev(3, 'redeliver', 1, 'listener:B', 2), ev(4, 'receive', 1, 'listener:B', 2), ev(5, 'ack', 1)];
const b: TraceEvent[] = [ev(1, 'deliver', 1, 'listener:B'), ev(2, 'receive', 1, 'listener:B'), ev(3, 'redeliver', 1, 'listener:B', 2), ev(4, 'receive', 1, 'listener:B', 2), ev(5, 'ack', 1)];

describe('summarize and differences', () => {
  it('agree on counts and outcomes even when the members differ', () => {
    expect(differences(summarize(a, storage(70)), summarize(b, storage(70)), ['deliveries', 'deliveryCounts', 'acked', 'balances'])).toEqual([]);
    expect(differences(summarize(a, storage(70)), summarize(b, storage(70)), ['received'])).toHaveLength(1);
  });

  it.each([
    ['balances', storage(140), /balances: simulation \{"Jim":70\}, real server \{"Jim":140\}/],
    ['acked', storage(70), /acked: simulation \[1\], real server \[\]/],
  ] as const)('report a difference in %s', (aspect, real, message) => {
    const realTrace = aspect === 'acked' ? b.filter((e) => e.kind !== 'ack') : b;
    const d = differences(summarize(a, storage(70)), summarize(realTrace, real), [aspect]);
    expect(d.join('\n')).toMatch(message);
  });

  it('flags a delivery that reached two members of one queue group', () => {
    const q = (e: TraceEvent): TraceEvent => ({ ...e, channel: 'account:deposit', queue: 'myQueueGroup' });
    const grouped = a.map(q);
    const twice = [...grouped, q(ev(6, 'redeliver', 1, 'listener:A', 2)), q(ev(7, 'receive', 1, 'listener:A', 2))];
    expect(summarize(grouped, storage(70)).oneMemberPerDelivery).toBe(true);
    expect(summarize(twice, storage(70)).oneMemberPerDelivery).toBe(false);
    expect(differences(summarize(grouped, storage(70)), summarize(twice, storage(70)), [])).toEqual(['real server: a delivery reached more than one member']);
  });

  it('without a queue group, each listener getting every message is no fault, but one listener getting the same delivery twice is', () => {
    const fanOut = [ev(1, 'deliver', 1, 'listener:A'), ev(1, 'deliver', 1, 'listener:B'), ev(2, 'receive', 1, 'listener:A'), ev(2, 'receive', 1, 'listener:B')];
    expect(summarize(fanOut, storage(140)).oneMemberPerDelivery).toBe(true);
    expect(summarize([...fanOut, ev(3, 'deliver', 1, 'listener:A')], storage(140)).oneMemberPerDelivery).toBe(false);
  });

  it('prints both traces side by side', () => {
    const text = sideBySide(a, b, 40);
    expect(text.split('\n')[0]).toMatch(/^SIMULATION\s+\| REAL SERVER$/);
    expect(text).toContain('listener A receives deposit $70');
  });
});
