/**
 * Chapter 1 item 6: the slow-listener race without a broker, over HTTP (sync-http) and between
 * two threads of one process (monolith), both worlds of the HTTP family (src/actors/http).
 * Checked on the trace, the family's views and its narration: the same wrong ending, nothing
 * stored, nothing resent, and the words of each world. (The stage's old vocabularies per
 * transport are still checked below for the broker scenes that use them.)
 */
import { describe, expect, it } from 'vitest';
import { views } from '../../src/actors/index.ts';
import type { HttpTraceEvent } from '../../src/actors/http/types.ts';
import { httpViews } from '../../src/actors/http/view.ts';
import { httpName } from '../../src/actors/http/words.ts';
import type { TraceEvent } from '../../src/actors/nats/types.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { findScene, scenes } from '../../src/chapters/nats/scenes.ts';
import { describe as sayEvent, narrateTrace } from '../../src/stage/narrate.ts';
import { vocabularyFor } from '../../src/stage/vocabulary.ts';

const scene = (id: string) => findScene(id)!;
const end = (id: string) => runScene(scene(id), scene(id).steps.length - 1);
/** A scene's trace as the HTTP family's events (what these two scenes' worlds write). */
const http = (trace: readonly TraceEvent[]) => trace as unknown as HttpTraceEvent[];
const text = (trace: TraceEvent[]) => narrateTrace(trace, 0, trace.length).map((l) => l.text);
/** Each event in the words of the family that wrote it. */
const familyText = (trace: readonly TraceEvent[]) =>
  http(trace).flatMap((e) => {
    const line = views.find((v) => v.traceKinds.includes(e.kind))?.say(e, httpName);
    return line === undefined ? [] : [line];
  });
/** A node of the scene's declared stage. */
const node = (id: string, party: string) => scene(id).stage!.columns.flat().find((n) => n.id === party)!;
const viewOf = (id: string, party: string, trace: readonly TraceEvent[], t: number) => httpViews.view!(node(id, party), trace, t);

const cases = [
  { id: 'sync-http', world: 'http', router: 'lb', hop: 'forward', answer: 'reply', slow: 'service:A', quick: 'service:B', kinds: ['http.caller', 'http.balancer', 'http.service', 'http.service', 'http.store'] },
  { id: 'monolith', world: 'threads', router: 'pool', hop: 'dispatch', answer: 'thread-done', slow: 'thread:1', quick: 'thread:2', kinds: ['http.caller', 'http.pool', 'http.thread', 'http.thread', 'http.store'] },
] as const;

describe.each(cases)('$id: the slow-listener race without a broker', ({ id, world, router, hop, answer, slow, quick, kinds }) => {
  it(`runs over ${world} (a world of the HTTP family), registered right after the duplicate scene`, () => {
    // No NATS server dressed up as something else: the world is the family's own actors.
    expect(Object.keys(scene(id).world)).not.toContain('transport');
    expect(scene(id).kernel!.actors.map((a) => a.kind)).toEqual(kinds);
    expect(scenes.map((s) => s.id).slice(scenes.findIndex((s) => s.id === 'duplicate'), scenes.findIndex((s) => s.id === 'duplicate') + 3)).toEqual(['duplicate', 'sync-http', 'monolith']);
    expect(scene(id).steps.length).toBeGreaterThanOrEqual(3);
    expect(scene(id).steps.length).toBeLessThanOrEqual(4);
  });

  it('sends the $70 to the slow worker, then the $40 and the withdraw to the quick one (fewest in flight)', () => {
    const to = http(end(id).trace).filter((e) => e.kind === hop).map((e) => [e.msg, e.to]);
    expect(to).toEqual([
      [1, slow],
      [2, quick],
      [3, quick],
    ]);
  });

  it('refuses the withdraw before the $70 is written, and Jim ends wrong, at $110', () => {
    const r = end(id);
    const trace = http(r.trace);
    const reject = trace.find((e) => e.kind === 'db-refuse')!;
    expect(reject).toMatchObject({ msg: 3, to: quick, balance: 40 });
    expect(trace.find((e) => e.kind === 'db-write' && e.msg === 1)!.t).toBeGreaterThan(reject.t);
    expect(r.storage.Jim!.balance).not.toBe(10);
    expect(r.storage.Jim!.balance).toBe(110);
  });

  it('stores nothing in a history and never resends: no store, redeliver or ack-timeout, no ack deadline, one hop per request', () => {
    const { trace } = end(id);
    expect(trace.filter((e) => ['store', 'redeliver', 'ack-timeout'].includes(e.kind))).toEqual([]);
    expect(trace.filter((e) => e.ackDeadline !== undefined)).toEqual([]);
    const hops = (t: readonly TraceEvent[]) => http(t).filter((e) => e.kind === 'request' || e.kind === hop).map((e) => [e.kind, e.msg]);
    expect(hops(trace)).toEqual([
      ['request', 1],
      ['request', 2],
      [hop, 1],
      [hop, 2],
      ['request', 3],
      [hop, 3],
    ]);
    // Still nothing after a very long wait: an ack wait would have long run out.
    const world = end(id).world;
    world.apply({ do: 'wait', ms: 10 * 60_000 });
    expect(world.trace.filter((e) => e.kind === 'redeliver' || e.kind === 'ack-timeout')).toEqual([]);
    expect(hops(world.trace as unknown as TraceEvent[])).toEqual(hops(trace));
  });

  it('shows requests in flight, with who holds them, where a broker shows its history', () => {
    const r = runScene(scene(id), 1);
    const short = (p: string) => p.slice(p.indexOf(':') + 1);
    // The step ends as the $40's answer sets off: both deposits are still in flight.
    expect(viewOf(id, router, r.trace, r.t1).items.map((m) => [m.id, m.tag])).toEqual([
      [`${scene(id).kernel!.actors[0]!.name}#1`, `\u2192 ${short(slow)}`],
      [`${scene(id).kernel!.actors[0]!.name}#2`, `\u2192 ${short(quick)}`],
    ]);
    // Once that answer is back, only the $70 is, at the slow worker.
    const later = viewOf(id, router, r.trace, r.t1 + 1_000);
    expect(later.items.map((m) => m.label)).toEqual(['+$70']);
    expect(viewOf(id, slow, r.trace, r.t1 + 1_000).items.map((m) => m.label)).toEqual(['+$70']);
  });

  it('labels the answer to the refused withdraw as a refusal', () => {
    const r = runScene(scene(id), 2);
    const reply = http(r.trace).find((e) => e.kind === answer && e.msg === 3)!;
    expect(reply.status).toBe(422);
    const label = views.find((v) => v.traceKinds.includes(reply.kind))!.tokenLabel!(reply);
    expect(label).toMatch(/refused/);
    expect(label).not.toMatch(/ack|200/);
  });

  it('ends its last step on the parallel with the broker scenes', () => {
    expect(scene(id).steps.at(-1)!.narration).toMatch(/broker was never the cause: two workers side by side is/);
  });
});

describe('narration in the words of each transport', () => {
  it('HTTP: a web app, a load balancer that forwards, instances that answer 200 OK or 422', () => {
    const lines = familyText(end('sync-http').trace);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/the web app sends deposit \$70 to the load balancer$/),
        expect.stringMatching(/the load balancer forwards deposit \$70 to instance A/),
        expect.stringMatching(/instance B answers 200 OK for deposit \$40$/),
        expect.stringMatching(/REFUSES withdraw \$100 for instance B: Jim's balance is only \$40$/),
        expect.stringMatching(/instance B answers 422 for withdraw \$100: insufficient funds$/),
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/\bthe server\b|\bpublish|\backs?\b|listener|channel|queue group/);
  });

  it('threads: clients, a thread pool that hands work to threads, a shared database', () => {
    const lines = familyText(end('monolith').trace);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/a client sends deposit \$70 to the thread pool$/),
        expect.stringMatching(/the thread pool hands deposit \$40 to thread 2/),
        expect.stringMatching(/the database REFUSES withdraw \$100 for thread 2/),
        expect.stringMatching(/the database applies deposit \$70 for thread 1: Jim's balance is now \$110$/),
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/\bthe server\b|\bpublish|\backs?\b|listener|instance|channel|queue group/);
  });

  it('the broker keeps its words', () => {
    const { trace } = end('slow-listener');
    const deliver = trace.find((e) => e.kind === 'deliver')!;
    expect(sayEvent(deliver)).toBe('the server delivers deposit $70 to listener A in queue group myQueueGroup');
    expect(text(trace).join('\n')).not.toMatch(/load balancer|thread pool|instance/);
  });
});

describe('vocabularyFor', () => {
  it("is chapter 1's board: its box titles and the answer token", () => {
    const v = vocabularyFor();
    expect([v.publisherTitle, v.serverTitle, v.listenerTitle('A'), v.storageTitle, v.answer({ kind: 'ack', msg: 3, seq: 3 })]).toEqual(['Publisher', 'NATS Streaming', 'Account Srv A', 'File Storage', 'ack #3']);
  });
});
