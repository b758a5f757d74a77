/**
 * Chapter 1 item 6: the slow-listener race without a broker, over HTTP (sync-http) and between
 * two threads of one process (monolith). Checked on the trace, the stage's view and the narration:
 * the same wrong ending, nothing stored, nothing resent, and the words of each transport.
 */
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/actors/nats/types.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { findScene } from '../../src/chapters/nats/scenes.ts';
import { describe as sayEvent, narrateTrace } from '../../src/stage/narrate.ts';
import { viewAt } from '../../src/stage/view.ts';
import { vocabularyFor } from '../../src/stage/vocabulary.ts';

const scene = (id: string) => findScene(id)!;
const end = (id: string) => runScene(scene(id), scene(id).steps.length - 1);
const text = (trace: TraceEvent[], transport?: 'broker' | 'http' | 'threads') => narrateTrace(trace, 0, trace.length, transport).map((l) => l.text);

const cases = [
  { id: 'sync-http', transport: 'http', slow: 'listener:A', quick: 'listener:B' },
  { id: 'monolith', transport: 'threads', slow: 'listener:1', quick: 'listener:2' },
] as const;

describe.each(cases)('$id: the slow-listener race without a broker', ({ id, transport, slow, quick }) => {
  it(`runs over '${transport}', registered right after the duplicate scene`, () => {
    expect(scene(id).world.transport).toBe(transport);
    expect(scene(id).steps.length).toBeGreaterThanOrEqual(3);
    expect(scene(id).steps.length).toBeLessThanOrEqual(4);
  });

  it('sends the $70 to the slow worker, then the $40 and the withdraw to the quick one (fewest in flight)', () => {
    const to = end(id).trace.filter((e) => e.kind === 'deliver').map((e) => [e.msg, e.to]);
    expect(to).toEqual([
      [1, slow],
      [2, quick],
      [3, quick],
    ]);
  });

  it('refuses the withdraw before the $70 is written, and Jim ends wrong, at $110', () => {
    const r = end(id);
    const reject = r.trace.find((e) => e.kind === 'reject')!;
    expect(reject).toMatchObject({ msg: 3, from: quick, balance: 40 });
    expect(r.trace.find((e) => e.kind === 'write' && e.msg === 1)!.t).toBeGreaterThan(reject.t);
    expect(r.storage.Jim!.balance).not.toBe(10);
    expect(r.storage.Jim!.balance).toBe(110);
  });

  it('stores nothing in a history and never resends: no store, redeliver or ack-timeout, no ack deadline', () => {
    const { trace } = end(id);
    expect(trace.filter((e) => ['store', 'redeliver', 'ack-timeout'].includes(e.kind))).toEqual([]);
    expect(trace.filter((e) => e.ackDeadline !== undefined)).toEqual([]);
    // Still nothing after a very long wait: an ack wait would have long run out.
    const world = end(id).world;
    world.apply({ do: 'wait', ms: 10 * 60_000 });
    expect(world.trace.filter((e) => e.kind === 'redeliver' || e.kind === 'ack-timeout')).toEqual([]);
  });

  it('shows requests in flight, with who holds them, where a broker shows its history', () => {
    const r = runScene(scene(id), 1);
    const view = viewAt(scene(id), r.trace, r.t1, { step: 1 });
    expect(view.transport).toBe(transport);
    const idOf = (p: string) => p.slice('listener:'.length);
    // The step ends as the $40's answer sets off: both deposits are still in flight.
    expect(view.channels.flatMap((c) => c.messages).map((m) => [m.msg, m.holder])).toEqual([
      [1, idOf(slow)],
      [2, idOf(quick)],
    ]);
    // Once that answer is back, only the $70 is, at the slow worker.
    const later = viewAt(scene(id), r.trace, r.t1 + 1_000, { step: 1 });
    expect(later.channels.flatMap((c) => c.messages).map((m) => m.msg)).toEqual([1]);
  });

  it('labels the answer to the refused withdraw as a refusal', () => {
    const r = runScene(scene(id), 2);
    const reject = r.trace.find((e) => e.kind === 'reject')!;
    const token = viewAt(scene(id), r.trace, reject.t + 1, { step: 2 }).tokens.find((tk) => tk.kind === 'ack' && tk.msg === 3)!;
    expect(token.refused).toBe(true);
    expect(vocabularyFor(transport).answer({ kind: 'ack', msg: 3, refused: token.refused })).not.toMatch(/ack|200/);
  });

  it('ends its last step on the parallel with the broker scenes', () => {
    expect(scene(id).steps.at(-1)!.narration).toMatch(/broker was never the cause: two workers side by side is/);
  });
});

describe('narration in the words of each transport', () => {
  it('HTTP: a web app, a load balancer that forwards, instances that answer 200 OK or 422', () => {
    const lines = text(end('sync-http').trace, 'http');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/the web app sends deposit \$70 to the load balancer$/),
        expect.stringMatching(/the load balancer forwards deposit \$70 to instance A/),
        expect.stringMatching(/instance B answers 200 OK for deposit \$40$/),
        expect.stringMatching(/instance B REFUSES withdraw \$100: the balance is only \$40$/),
        expect.stringMatching(/instance B answers 422 for withdraw \$100: insufficient funds$/),
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/\bthe server\b|\bpublish|\backs?\b|listener|channel|queue group/);
  });

  it('threads: clients, a thread pool that hands work to threads, a shared database', () => {
    const lines = text(end('monolith').trace, 'threads');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/a client sends deposit \$70 to the Account Srv process$/),
        expect.stringMatching(/the thread pool hands deposit \$40 to thread 2/),
        expect.stringMatching(/thread 2 REFUSES withdraw \$100/),
        expect.stringMatching(/thread 1 writes deposit \$70: Jim's balance is now \$110$/),
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/\bthe server\b|\bpublish|\backs?\b|listener|instance|channel|queue group/);
  });

  it('the broker keeps its words, with or without the transport named', () => {
    const { trace } = end('slow-listener');
    expect(text(trace, 'broker')).toEqual(text(trace));
    const deliver = trace.find((e) => e.kind === 'deliver')!;
    expect(sayEvent(deliver)).toBe('the server delivers deposit $70 to listener A in queue group myQueueGroup');
    expect(sayEvent(deliver, undefined, { transport: 'http' })).toMatch(/^the load balancer forwards deposit \$70 to instance A/);
    expect(sayEvent(deliver, undefined, { transport: 'threads' })).toMatch(/^the thread pool hands deposit \$70 to thread A/);
  });
});

describe('vocabularyFor', () => {
  it.each([
    { transport: undefined, expected: ['Publisher', 'NATS Streaming', 'Account Srv A', 'File Storage', 'ack #3'] },
    { transport: 'broker', expected: ['Publisher', 'NATS Streaming', 'Account Srv A', 'File Storage', 'ack #3'] },
    { transport: 'http', expected: ['Web app', 'Load balancer', 'Account Srv A', 'Database', '200 OK'] },
    { transport: 'threads', expected: ['Clients', 'Account Srv process', 'Thread A', 'Database', 'done'] },
  ] as const)('$transport: box titles and the answer token', ({ transport, expected }) => {
    const v = vocabularyFor(transport);
    expect([v.publisherTitle, v.serverTitle, v.listenerTitle('A', false), v.storageTitle, v.answer({ kind: 'ack', msg: 3, seq: 3 })]).toEqual(expected);
  });

  it('says why live mode cannot play a scene without a broker, and nothing for the broker', () => {
    expect(vocabularyFor('broker').noLive).toBeUndefined();
    expect(vocabularyFor('http').noLive).toMatch(/no broker/);
    expect(vocabularyFor('threads').noLive).toMatch(/no broker/);
  });
});
