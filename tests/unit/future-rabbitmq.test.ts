/**
 * The RabbitMQ family (src/actors/rabbitmq) and chapter 2's scenes 9 and 10. The topic matcher
 * against a reference (a regular expression) with fast-check; routing through exchange-to-exchange
 * bindings; a TTL that expires only at the head; x-death; NServiceBus's delay levels as pure
 * functions and as a topology the simulated broker routes with its own matcher. The stories, on
 * the trace: 42 s waits in exactly queues 05, 03 and 01 and arrives 42 s after the broker took
 * it; a week waits in 7 queues; 0 goes straight through; 2^28 s is refused and nothing changes;
 * for random delays the queues are the 1 bits and the arrival is the delay. Scene 10: the plugin
 * delivers on time, and disabling it loses what it holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { views } from '../../src/actors/index.ts';
import { createKernelWorld } from '../../src/actors/xstate.ts';
import { addDeath, initialBroker, onExpire, onPublish, routeOf } from '../../src/actors/rabbitmq/broker.ts';
import { onSendDelayed } from '../../src/actors/rabbitmq/client.ts';
import { bitAt, delayBits, delayPath, delayProblem, delayRoutingKey, delayTopology, firstLevel, humanDelay, LEVELS, levelName, levelPattern, MAX_DELAY_S, queuesWaited } from '../../src/actors/rabbitmq/delay.ts';
import { foldLadder, foldedWords, keyOfNote } from '../../src/actors/rabbitmq/glyph.ts';
import { topicMatches } from '../../src/actors/rabbitmq/topic.ts';
import type { RabbitTraceEvent, XDeath } from '../../src/actors/rabbitmq/types.ts';
import { ladderOf, viewRabbit } from '../../src/actors/rabbitmq/view.ts';
import { RABBIT_KINDS } from '../../src/actors/rabbitmq/cast.ts';
import { RABBIT_TRACE_KINDS, sayRabbit } from '../../src/actors/rabbitmq/words.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { delayLevels, delayLevelsScene, parseDelay, WEEK_S } from '../../src/chapters/future/delay-levels.ts';
import { delayPlugin } from '../../src/chapters/future/delay-plugin.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { narrateTrace } from '../../src/stage/narrate.ts';

const freeze = <T>(x: T): T => structuredClone(x);
const rabbit = (trace: readonly unknown[]) => trace as RabbitTraceEvent[];

/** The reference: a pattern as a regular expression over '.'-prefixed words (words are never empty here). */
function reference(pattern: string, key: string): boolean {
  const re = pattern
    .split('.')
    .map((w) => (w === '*' ? '\\.[^.]+' : w === '#' ? '(?:\\.[^.]+)*' : `\\.${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    .join('');
  return new RegExp(`^${re}$`).test(`.${key}`);
}

describe('the topic matcher: * is exactly one word, # zero or more', () => {
  it.each([
    ['a.b', 'a.b', true],
    ['a.*', 'a.b', true],
    ['a.*', 'a', false],
    ['a.*', 'a.b.c', false],
    ['a.#', 'a', true],
    ['a.#', 'a.b.c', true],
    ['#', 'anything.at.all', true],
    ['#.discount', 'discount', true],
    ['#.discount', '0.1.0.discount', true],
    ['#.discount', '0.1.0.discounts', false],
    ['*.*.1.#', '0.0.1.0.discount', true],
    ['*.*.1.#', '0.1.1.0.discount', true],
    ['*.*.1.#', '0.0.0.1.discount', false],
    ['#.#', '', true],
    ['*', '', true],
  ])('%s against %s → %s', (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });

  const word = fc.constantFrom('a', 'b', '0', '1', 'dest');
  const patternWord = fc.constantFrom('*', '#', 'a', 'b', '0', '1', 'dest');

  it('agrees with a regular-expression reference on random patterns and keys', () => {
    fc.assert(
      fc.property(fc.array(patternWord, { minLength: 1, maxLength: 7 }), fc.array(word, { minLength: 1, maxLength: 8 }), (p, k) => {
        expect(topicMatches(p.join('.'), k.join('.'))).toBe(reference(p.join('.'), k.join('.')));
      }),
      { numRuns: 2000, seed: 2 },
    );
  });

  it('matches every key made from the pattern by filling in its wildcards', () => {
    const filled = fc.array(patternWord, { minLength: 1, maxLength: 6 }).chain((p) =>
      fc.tuple(fc.constant(p), fc.tuple(...p.map((w) => (w === '*' ? word.map((x) => [x]) : w === '#' ? fc.array(word, { maxLength: 3 }) : fc.constant([w]))))),
    );
    fc.assert(
      fc.property(filled, ([p, parts]) => {
        const key = parts.flat();
        fc.pre(key.length > 0);
        expect(topicMatches(p.join('.'), key.join('.'))).toBe(true);
      }),
      { numRuns: 1000, seed: 3 },
    );
  });
});

describe('the broker’s rules', () => {
  const config = {
    exchanges: [{ name: 'in', type: 'topic' as const }, { name: 'mid', type: 'topic' as const }, { name: 'loop', type: 'topic' as const }],
    queues: [{ name: 'q1' }, { name: 'q2', messageTtlMs: 1000, deadLetterExchange: 'mid' }],
    bindings: [
      { source: 'in', destination: 'mid', destinationType: 'exchange' as const, pattern: 'order.#' },
      { source: 'in', destination: 'q1', destinationType: 'queue' as const, pattern: '*.placed' },
      { source: 'mid', destination: 'q1', destinationType: 'queue' as const, pattern: '#' },
      { source: 'mid', destination: 'loop', destinationType: 'exchange' as const, pattern: '#' },
      { source: 'loop', destination: 'mid', destinationType: 'exchange' as const, pattern: '#' },
    ],
  };

  it('routes through exchange-to-exchange bindings into each queue once, and a cycle of bindings ends', () => {
    const b = initialBroker('rabbit', config);
    const r = routeOf(b, 'in', 'order.placed');
    expect(r.queues).toEqual(['q1']);
    expect(r.hops.map((h) => `${h.from}>${h.to}`)).toEqual(['in>mid', 'mid>q1', 'mid>loop', 'loop>mid', 'in>q1']);
    expect(routeOf(b, 'in', 'invoice.sent').queues).toEqual([]);
  });

  it('an unroutable message is traced and dropped; the context is untouched', () => {
    const b = initialBroker('rabbit', config);
    const before = freeze(b);
    const r = onPublish(b, 'in', { id: 1, label: 'x', routingKey: 'nothing', headers: {} }, 0);
    expect(b).toEqual(before);
    expect(r.out).toEqual([{ type: 'trace', entry: expect.objectContaining({ kind: 'amqp-unroutable', exchange: 'in' }) }]);
  });

  it('x-death: a new death goes in front; the same queue again counts up and moves to the front', () => {
    const d = (queue: string, time = 0): XDeath => ({ queue, reason: 'expired', exchange: 'x', 'routing-keys': ['k'], count: 1, time });
    const two = addDeath(addDeath([], d('a')), d('b'));
    expect(two.map((x) => x.queue)).toEqual(['b', 'a']);
    const again = addDeath(two, d('a', 5));
    expect(again.map((x) => [x.queue, x.count])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('expires only at the head: 10 s in front of 1 s, both dead-lettered at 10 s (FACTS §6)', () => {
    let b = initialBroker('rabbit', { exchanges: [{ name: 'dlx', type: 'topic' }, { name: 'in', type: 'topic' }], queues: [{ name: 'wait', deadLetterExchange: 'dlx' }, { name: 'dead' }], bindings: [{ source: 'in', destination: 'wait', destinationType: 'queue', pattern: '#' }, { source: 'dlx', destination: 'dead', destinationType: 'queue', pattern: '#' }] });
    b = onPublish(b, 'in', { id: 1, label: 'M1', routingKey: 'k', headers: {}, expirationMs: 10_000 }, 0).ctx;
    const second = onPublish(b, 'in', { id: 2, label: 'M2', routingKey: 'k', headers: {}, expirationMs: 1_000 }, 0);
    // Only the head's timer is armed: M2's own second is not.
    expect(second.out.filter((o) => o.type === 'out')).toEqual([]);
    b = second.ctx;
    expect(onExpire(b, 'wait', 1_000).ctx.queues.wait!.messages).toHaveLength(2);
    const at10 = onExpire(b, 'wait', 10_000);
    expect(at10.ctx.queues.wait!.messages).toEqual([]);
    expect(at10.ctx.queues.dead!.messages.map((m) => [m.msg.label, m.msg.headers['x-death']![0]!.queue, m.msg.headers['x-death']![0]!.exchange])).toEqual([
      ['M1', 'wait', 'in'],
      ['M2', 'wait', 'in'],
    ]);
  });
});

describe('delay levels: bits, routing key, first level, path', () => {
  it.each([
    { delay: 0, bits: '000000', first: 0, waits: [] },
    { delay: 1, bits: '000001', first: 0, waits: ['delay-level-00'] },
    { delay: 10, bits: '001010', first: 3, waits: ['delay-level-03', 'delay-level-01'] },
    { delay: 42, bits: '101010', first: 5, waits: ['delay-level-05', 'delay-level-03', 'delay-level-01'] },
    { delay: 63, bits: '111111', first: 5, waits: [5, 4, 3, 2, 1, 0].map(levelName) },
  ])('$delay → $bits, first level $first', ({ delay, bits, first, waits }) => {
    expect(delayBits(delay, 6).join('')).toBe(bits);
    expect(firstLevel(delay, 6)).toBe(first);
    expect(queuesWaited(delay, 6)).toEqual(waits);
  });

  it('writes NServiceBus’s routing keys (its own test cases) and names levels with two digits', () => {
    expect(delayRoutingKey(0, 'some-address')).toBe('0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.some-address');
    expect(delayRoutingKey(10, 'some-address')).toBe('0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.0.1.0.some-address');
    expect(delayRoutingKey(MAX_DELAY_S, 'some-address')).toBe(`${'1.'.repeat(28)}some-address`);
    expect(firstLevel(MAX_DELAY_S)).toBe(27);
    expect(delayRoutingKey(42, 'discount').endsWith('.1.0.1.0.1.0.discount')).toBe(true);
    expect(levelName(5)).toBe('delay-level-05');
    expect(levelName(27)).toBe('delay-level-27');
    expect(levelPattern(27, 1)).toBe('1.#');
    expect(levelPattern(0, 0)).toBe(`${'*.'.repeat(27)}0.#`);
  });

  it('the maximum is (1 << 28) − 1 = 268,435,455 s; more, less than 0, fractions and NaN get a sentence', () => {
    expect(MAX_DELAY_S).toBe(268_435_455);
    expect(delayProblem(MAX_DELAY_S)).toBeUndefined();
    expect(delayProblem(2 ** 28)).toMatch(/268,435,455 s \(about 8\.5 years\)/);
    expect(delayProblem(-1)).toMatch(/negative/);
    expect(delayProblem(1.5)).toMatch(/whole number/);
    expect(delayProblem(Number.NaN)).toMatch(/number of seconds/);
    expect(() => delayBits(2 ** 28)).toThrow(RangeError);
  });

  it('7 days = 604,800 s = 10010011101010000000₂: 7 queues, from level 19', () => {
    expect(delayBits(WEEK_S).join('').replace(/^0+/, '')).toBe('10010011101010000000');
    expect(queuesWaited(WEEK_S)).toEqual([19, 16, 13, 12, 11, 9, 7].map(levelName));
    expect(humanDelay(WEEK_S)).toBe('7 days');
  });

  it('the path’s waits add up to the delay, for any delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DELAY_S }), (delay) => {
        const path = delayPath(delay);
        expect(path.reduce((s, x) => s + x.waits, 0)).toBe(delay);
        expect(path.every((s) => s.bit === bitAt(delay, s.level))).toBe(true);
      }),
      { numRuns: 500, seed: 4 },
    );
  });

  it('the topology: 28 topic exchanges delay-level-27…00, each with its TTL queue and two bindings, then delay-delivery', () => {
    const t = delayTopology({ destinations: ['discount'] });
    expect(t.exchanges.map((x) => x.name)).toEqual([...Array.from({ length: 28 }, (_, i) => levelName(27 - i)), 'delay-delivery']);
    expect(t.queues.find((q) => q.name === 'delay-level-05')).toEqual({ name: 'delay-level-05', messageTtlMs: 32_000, deadLetterExchange: 'delay-level-04' });
    expect(t.queues.find((q) => q.name === 'delay-level-00')).toEqual({ name: 'delay-level-00', messageTtlMs: 1_000, deadLetterExchange: 'delay-delivery' });
    expect(t.bindings.filter((b) => b.source === 'delay-level-26')).toEqual([
      { source: 'delay-level-26', destination: 'delay-level-26', destinationType: 'queue', pattern: '*.1.#' },
      { source: 'delay-level-26', destination: 'delay-level-25', destinationType: 'exchange', pattern: '*.0.#' },
    ]);
    expect(t.bindings.at(-1)).toEqual({ source: 'delay-delivery', destination: 'discount', destinationType: 'queue', pattern: '#.discount' });
  });
});

/** A world of the delay levels: the broker, a publisher and the destination's consumer. */
function delayWorld(levels = LEVELS) {
  const w = createKernelWorld({
    seed: 1,
    network: { latencyMs: 100, jitterMs: 0 },
    actors: [
      { name: 'rabbit', kind: RABBIT_KINDS.delayLevels, config: delayTopology({ destinations: ['discount'], levels }) },
      { name: 'orders', kind: RABBIT_KINDS.publisher, config: { broker: 'rabbit' } },
      { name: 'discount', kind: RABBIT_KINDS.consumer, config: { broker: 'rabbit', queue: 'discount' } },
    ],
  });
  w.run({ kind: 'quiet' });
  return w;
}

/** What a delayed message did: the level queues it waited in (in order), and when the broker took it and put it in the destination queue. */
function journey(trace: readonly RabbitTraceEvent[], msg = 1) {
  const mine = trace.filter((e) => e.msg === msg);
  const took = mine.find((e) => e.kind === 'amqp-publish')!.arrives!;
  const waited = mine.filter((e) => e.kind === 'amqp-enqueue' && e.queue?.startsWith('delay-level-')).map((e) => e.queue!);
  const landed = mine.find((e) => e.kind === 'amqp-enqueue' && e.queue === 'discount');
  const received = mine.find((e) => e.kind === 'amqp-receive');
  return { waited, took, after: landed ? landed.t - took : undefined, deaths: (received?.headers?.['x-death'] ?? []).map((d) => d.queue), received };
}

describe('scene 9, delay levels: the stories', () => {
  const end = (scene: Scene) => runScene(scene, scene.steps.length - 1);

  it('42 s waits in exactly queues 05, 03 and 01 (32 s, 8 s, 2 s), passes 04, 02 and 00, and lands 42 s after the broker took it', () => {
    const r = end(delayLevels);
    const trace = rabbit(r.trace);
    const j = journey(trace);
    expect(j.waited).toEqual(['delay-level-05', 'delay-level-03', 'delay-level-01']);
    expect(j.after).toBe(42_000);
    expect(j.received?.t).toBe(j.took + 42_000 + 100);
    expect(new Set(j.deaths)).toEqual(new Set(['delay-level-05', 'delay-level-03', 'delay-level-01']));
    // The exchange an entry names is the one the message was dead-lettered to (02), not the exchange-to-exchange hop after it (as on the real server).
    expect(j.received?.headers?.['x-death']?.[0]).toMatchObject({ queue: 'delay-level-01', reason: 'expired', exchange: 'delay-level-02', count: 1, 'routing-keys': [delayRoutingKey(42, 'discount')] });
    const passed = trace.filter((e) => e.kind === 'amqp-route' && e.destinationType === 'exchange').map((e) => e.from);
    expect(passed).toEqual(['delay-level-04', 'delay-level-02', 'delay-level-00']);
    // Levels 27–06 are never touched: it is published straight to level 05.
    expect(trace.some((e) => e.broker === 'rabbit' && [e.from, e.to].some((p) => p && /^delay-level-(2\d|1\d|0[6-9])$/.test(p)))).toBe(false);
  });

  it('steps: 3 to 5, each with title, narration of 1–3 sentences and notes; the first asks how many queues', () => {
    for (const scene of [delayLevels, delayLevelsScene(0), delayLevelsScene(WEEK_S), delayLevelsScene(MAX_DELAY_S)]) {
      expect(scene.steps.length).toBeGreaterThanOrEqual(3);
      expect(scene.steps.length).toBeLessThanOrEqual(5);
      for (const s of scene.steps) {
        expect(s.name).toMatch(/^[a-z-]+$/);
        expect(s.narration.split(/(?<=[.!?])\s+(?=[A-Z0-9])/).length, s.narration).toBeLessThanOrEqual(3);
        expect(s.notes.length).toBeGreaterThan(40);
      }
    }
    const p = delayLevels.steps[0]!.predict!;
    expect(p.choices[p.answer]).toContain('3');
    // Nothing shown while asking gives the answer away: the title, the narration, the ladder before the publish.
    const before = viewRabbit({ id: 'rabbit', kind: RABBIT_KINDS.delayLevels, title: 'RabbitMQ' }, rabbit(runScene(delayLevels, 0).trace).filter((e) => e.t === 0 && e.kind === 'amqp-ready'), 0);
    const shown = [p.question, ...(before.table?.rows.flatMap((r) => r.cells) ?? []), before.note ?? ''].join(' ').toLowerCase();
    for (const g of p.giveaway ?? []) expect(shown).not.toContain(g.toLowerCase());
    expect(`${p.choices[p.answer]}`.toLowerCase()).toContain(p.giveaway![0]!.toLowerCase());
  });

  it('a week (apply delay=604800) waits in 7 queues and lands 604,800 s later', () => {
    const applied = delayLevels.inputs!.apply({ delay: '604800' });
    expect(applied.notices).toEqual([]);
    const j = journey(rabbit(end(applied.scene!).trace));
    expect(j.waited).toEqual([19, 16, 13, 12, 11, 9, 7].map(levelName));
    expect(j.after).toBe(604_800_000);
    expect(applied.scene!.inputs!.fields[0]!.value).toBe(WEEK_S);
  });

  it('0 goes straight to Discount: no level queue, no x-death', () => {
    const j = journey(rabbit(end(delayLevels.inputs!.apply({ delay: '0' }).scene!).trace));
    expect(j.waited).toEqual([]);
    expect(j.after).toBe(0);
    expect(j.deaths).toEqual([]);
  });

  it('2^28 s is refused with a sentence and nothing changes: no scene, and the sender sends nothing', () => {
    const before = JSON.stringify(delayLevels);
    const r = delayLevels.inputs!.apply({ delay: String(2 ** 28) });
    expect(r.scene).toBeUndefined();
    expect(r.notices.join(' ')).toMatch(/268,435,456 s is more than 28 levels can hold: the longest delay is 268,435,455 s/);
    expect(JSON.stringify(delayLevels)).toBe(before);
    // The sender itself refuses too: a 29-bit delay would otherwise lose its top bit and arrive at once.
    const w = delayWorld();
    const t0 = w.trace.length;
    w.apply({ do: 'rabbitmq.send-delayed', publisher: 'orders', delay: 2 ** 28, destination: 'discount', label: 'too long' });
    w.run({ kind: 'quiet' });
    expect(rabbit(w.trace.slice(t0)).map((e) => e.kind)).toEqual(['amqp-refuse']);
    expect(onSendDelayed({ name: 'orders', broker: 'rabbit', sent: 0 }, { delay: 2 ** 28, destination: 'discount', label: 'x' }).ctx.sent).toBe(0);
  });

  it('the field refuses what is not a delay and rounds a fraction, with a notice', () => {
    for (const bad of ['-5', 'abc', '', '1e99']) expect(delayLevels.inputs!.apply({ delay: bad }).scene, bad).toBeUndefined();
    expect(parseDelay('-5').notices[0]).toMatch(/negative/);
    expect(parseDelay('abc').notices[0]).toMatch(/not a number/);
    expect(parseDelay('1.6')).toEqual({ delay: 2, notices: ['Delays are whole seconds: 1.6 s is rounded to 2 s.'] });
    expect(parseDelay('604,800').delay).toBe(WEEK_S);
    expect(delayLevels.inputs!.apply({}).scene!.inputs!.fields[0]!.value).toBe(42);
  });

  it('property: for random delays the queues waited in are the 1 bits and the arrival is the delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DELAY_S }), (delay) => {
        const w = delayWorld();
        w.apply({ do: 'rabbitmq.send-delayed', publisher: 'orders', delay, destination: 'discount', label: 'x' });
        w.run({ kind: 'quiet' });
        const j = journey(rabbit(w.trace));
        const ones = delayBits(delay).flatMap((b, i) => (b === 1 ? [levelName(LEVELS - 1 - i)] : []));
        expect(new Set(j.waited)).toEqual(new Set(ones));
        expect(new Set(j.deaths)).toEqual(new Set(ones));
        expect(j.after).toBe(delay * 1000);
      }),
      { numRuns: 40, seed: 5 },
    );
  });

  it('the ladder: while 42 s waits in 05, 27–06 fold into one line “not needed”, 05 is waiting, the rest to come', () => {
    const r = runScene(delayLevels, 0);
    const l = ladderOf('rabbit', rabbit(r.trace), r.t1);
    expect(l.rows.find((x) => x.name === 'delay-level-05')).toMatchObject({ bit: 1, state: 'waiting' });
    const v = viewRabbit({ id: 'rabbit', kind: RABBIT_KINDS.delayLevels, title: 'RabbitMQ' }, r.trace, r.t1);
    const lines = foldLadder(v.table!.rows);
    expect(lines.map((x) => `${x.top}${x.count > 1 ? `–${x.bottom}` : ''}:${x.bit}:${x.state}`)).toEqual(['27–06:0:not needed', '05:1:waiting', '04:0:to come', '03:1:to come', '02:0:to come', '01:1:to come', '00:0:to come']);
    expect(foldedWords(lines[0]!)).toBe('22 levels at 0: not needed');
    expect(keyOfNote(v.note)).toBe(delayRoutingKey(42, 'discount'));
    expect(v.items[0]).toMatchObject({ label: '42 s', tag: 'delay-level-05', progress: 0 });
    // Half way through the 32 s, the ring is half empty.
    const half = viewRabbit({ id: 'rabbit', kind: RABBIT_KINDS.delayLevels, title: 'RabbitMQ' }, runScene(delayLevels, 1).trace, r.t1 + 16_000);
    expect(half.items[0]!.progress).toBeCloseTo(0.5, 5);
    // At the end: waited, passed through, and the message at Discount.
    const e = runScene(delayLevels, 2);
    const done = foldLadder(viewRabbit({ id: 'rabbit', kind: RABBIT_KINDS.delayLevels, title: 'RabbitMQ' }, e.trace, e.t1).table!.rows);
    expect(done.slice(1).map((x) => x.state)).toEqual(['waited', 'passed through', 'waited', 'passed through', 'waited', 'passed through']);
    const discount = viewRabbit({ id: 'discount', kind: RABBIT_KINDS.consumer, title: 'Discount' }, e.trace, e.t1);
    expect(discount.items[0]).toMatchObject({ label: '42 s' });
    expect(discount.note).toBe('1 received \u00B7 after 42.2 s \u00B7 x-death 01, 03, 05');
  });

  it('the narration log says each step in the family’s words', () => {
    const r = end(delayLevels);
    const text = narrateTrace(r.trace).map((l) => l.text).join('\n');
    expect(text).toContain('publishes the message “42 s” to exchange delay-level-05');
    expect(text).toContain('waits in queue delay-level-05, which keeps it 32 s');
    expect(text).toContain('passes the message “42 s” straight on to exchange delay-level-03');
    expect(text).toContain('Discount receives the message “42 s”, dead-lettered through 3 queues');
    for (const kind of RABBIT_TRACE_KINDS) expect(sayRabbit({ kind } as RabbitTraceEvent), kind).toBeTypeOf('string');
    expect(views.some((v) => v.id === 'rabbitmq')).toBe(true);
  });
});

describe('scene 10, the delayed-message plugin', () => {
  it('one exchange holds the 42 s message and routes it on time, with no x-death', () => {
    const r = runScene(delayPlugin, 0);
    const trace = rabbit(r.trace);
    const hold = trace.find((e) => e.kind === 'amqp-hold')!;
    expect(hold).toMatchObject({ exchange: 'delayed', releaseAt: hold.t + 42_000 });
    const got = trace.find((e) => e.kind === 'amqp-receive')!;
    expect(got.t).toBe(hold.t + 42_000 + 100);
    expect(got.headers?.['x-death']).toBeUndefined();
  });

  it('disabling the plugin loses the week’s message: it never arrives', () => {
    const r = runScene(delayPlugin, 2);
    const trace = rabbit(r.trace);
    expect(trace.filter((e) => e.kind === 'amqp-lost').map((e) => e.label)).toEqual(['7 days']);
    expect(trace.filter((e) => e.kind === 'amqp-receive').map((e) => e.label)).toEqual(['42 s']);
    const node = { id: 'rabbit', kind: RABBIT_KINDS.delayedExchange, title: 'Plugin exchange' };
    expect(viewRabbit(node, r.trace, r.t1).badges.map((b) => b.word)).toEqual(['PLUGIN DISABLED', 'MESSAGE LOST']);
  });

  it('the side-by-side table leaves “plugin off” open until the story shows it; the prediction’s giveaways are not on it', () => {
    const compare = { id: 'compare', kind: RABBIT_KINDS.comparison, title: 'Side by side' };
    const step0 = runScene(delayPlugin, 0);
    const open = viewRabbit(compare, step0.trace, step0.t1).table!;
    expect(open.rows.find((r) => r.key === 'off')!.cells[2]).toBe('?');
    const words = [...open.rows.flatMap((r) => r.cells), ...open.columns].join(' ').toLowerCase();
    for (const g of delayPlugin.steps[1]!.predict!.giveaway!) expect(words).not.toContain(g);
    const shown = runScene(delayPlugin, 1);
    expect(viewRabbit(compare, shown.trace, shown.t1).table!.rows.find((r) => r.key === 'off')!.cells[2]).toBe('lost');
    expect(open.rows.find((r) => r.key === 'longest')!.cells).toEqual(['Longest', '8.5 years', '49.7 days']);
  });
});
