/**
 * The time-space diagram's model (src/stage/timespace/model.ts): arrows in trace order and only
 * up to t, the time axis, journeys and the order strip's crossings ("published in order, applied
 * out of order" is a crossing; a run applied in order has none), the scenes' lanes, and a family
 * that adds its arrows without the diagram changing. Plus what the embed's query turns on.
 */
import { describe, expect, it } from 'vitest';
import type { FamilyViews } from '../../src/actors/family.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { findScene, scenes } from '../../src/chapters/nats/scenes.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { parseQuery } from '../../src/deck/query.ts';
import { settledAt } from '../../src/stage/view.ts';
import { BREAK_MS, axisOf, timespaceAt, xAt, type TimeSpaceModel } from '../../src/stage/timespace/model.ts';
import { hasTimeSpace, lanesOf } from '../../src/stage/timespace/lanes.ts';
import { fittedFont } from '../../src/stage/timespace/render.ts';

const scene = (id: string): Scene => findScene(id)!;

/** The diagram at the very end of a scene (every hop landed). */
function atEnd(id: string): TimeSpaceModel {
  const s = scene(id);
  const r = runScene(s, s.steps.length - 1);
  return timespaceAt(r.trace, settledAt(r.trace, r.t1), { lanes: lanesOf(s) });
}

/** The applied row of the order strip, as its labels. */
const appliedRow = (m: TimeSpaceModel) => m.order.applied.map((a) => `${a.label}${a.outcome === 'refused' ? ' refused' : a.outcome === 'pending' ? ' pending' : ''}`);

describe('arrows', () => {
  it('come in trace order, one per hop the families draw, starting with the publishes', () => {
    const m = atEnd('storage-fails');
    const order = m.arrows.map((a) => a.index);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(m.arrows.slice(0, 6).map((a) => `${a.kind} ${a.msg}`)).toEqual(['publish 1', 'publish 2', 'publish 3', 'deliver 1', 'deliver 2', 'deliver 3']);
    // The $70's failed write is cut short; its redelivery goes to B, whose write applies it last.
    const fail = m.arrows.find((a) => a.kind === 'fail')!;
    expect(fail).toMatchObject({ msg: '1', cut: true, severed: true });
    expect(fail.drawn).toBeLessThan(1);
    expect(m.arrows.filter((a) => a.kind === 'write').map((a) => a.msg)).toEqual(['2', '1']);
    expect(m.arrows.find((a) => a.kind === 'redeliver')).toMatchObject({ msg: '1', to: { lane: 3 } });
    expect(m.marks.map((k) => k.mark)).toEqual(['timeout']);
  });

  it('appear only up to t, and one in flight is drawn part way', () => {
    const s = scene('storage-fails');
    const r = runScene(s, s.steps.length - 1);
    const lanes = lanesOf(s);
    const publish2 = r.trace.find((e) => e.kind === 'publish' && e.msg === 2)!;
    // Between the second publish and the third, the second is a sixth of its way to the server.
    const mid = publish2.t + (publish2.arrives! - publish2.t) / 6;
    const m = timespaceAt(r.trace, mid, { lanes });
    expect(m.arrows.every((a) => a.t0 <= mid)).toBe(true);
    expect(m.arrows.map((a) => `${a.kind} ${a.msg}`)).toEqual(['publish 1', 'publish 2']);
    expect(m.arrows[1]!.drawn).toBeCloseTo(1 / 6, 5);
    expect(m.arrows[0]!.drawn).toBeLessThan(1);
    expect(m.arrows[1]!.label?.text).toBe('+$40');
    expect(timespaceAt(r.trace, publish2.t - 1, { lanes }).arrows).toHaveLength(1);
    expect(timespaceAt(r.trace, 0, { lanes }).arrows).toHaveLength(0);
    // More time never takes an arrow away.
    let before = 0;
    for (let t = 0; t <= r.t1; t += 250) {
      const n = timespaceAt(r.trace, t, { lanes }).arrows.length;
      expect(n).toBeGreaterThanOrEqual(before);
      before = n;
    }
    expect(before).toBe(atEnd('storage-fails').arrows.length);
  });

  it('a trace of the whole scene fixes the axis: the picture of an early step does not move when later steps come', () => {
    const s = scene('storage-fails');
    const last = runScene(s, s.steps.length - 1);
    const early = runScene(s, 1);
    const lanes = lanesOf(s);
    const withSpan = timespaceAt(early.trace, early.t1, { lanes, span: last.trace });
    const final = timespaceAt(last.trace, early.t1, { lanes });
    expect(withSpan.arrows.map((a) => [a.from.x, a.to.x])).toEqual(final.arrows.map((a) => [a.from.x, a.to.x]));
    // Without it, the axis fits what there is so far.
    const alone = timespaceAt(early.trace, early.t1, { lanes });
    expect(alone.arrows[0]!.from.x).not.toBeCloseTo(withSpan.arrows[0]!.from.x, 3);
  });
});

describe('the time axis', () => {
  it('keeps order, spreads a burst and squeezes a long idle stretch into a break', () => {
    const axis = axisOf([0, 100, 200, 1200, 31_200, 32_000]);
    const xs = [0, 100, 200, 1200, 31_200, 32_000].map((t) => xAt(axis, t));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(xs.length);
    // 100 ms in a burst is drawn wider than its share of a linear axis would be.
    expect(xs[1]! - xs[0]!).toBeGreaterThan(0.1 / 32);
    // The 30 s gap is one break, narrower than the one-second step before it would be three times over.
    expect(axis.breaks).toEqual([expect.objectContaining({ t0: 1200, t1: 31_200, text: '30 s' })]);
    expect(xs[4]! - xs[3]!).toBeLessThan(3 * (xs[3]! - xs[2]!));
    expect(xAt(axis, -5000)).toBe(0);
    expect(xAt(axis, 1e9)).toBe(1);
  });

  it(`draws gaps up to ${BREAK_MS} ms to scale, with no break`, () => {
    expect(axisOf([0, 1000, 1000 + BREAK_MS]).breaks).toEqual([]);
  });
});

describe('crossings: published in order, applied out of order', () => {
  it('storage-fails ends with the withdraw, published after the $70 deposit, applied (refused) before it', () => {
    const m = atEnd('storage-fails');
    expect(m.order.sent.map((x) => x.label)).toEqual(['+$70', '+$40', '\u2212$100']);
    expect(appliedRow(m)).toEqual(['+$40', '\u2212$100 refused', '+$70']);
    const withdraw = m.crossings.find((c) => c.later === '3');
    expect(withdraw).toMatchObject({ earlier: '1', earlierWhat: "Jim's deposit $70", laterWhat: "Jim's withdraw $100", sameKey: true, pending: false });
    // Where the lines cross is strictly between the rows.
    expect(withdraw!.at.y).toBeGreaterThan(0);
    expect(withdraw!.at.y).toBeLessThan(1);
    expect(m.journeys.find((j) => j.msg === '3')!.end.t).toBeLessThan(m.journeys.find((j) => j.msg === '1')!.end.t);
    expect(m.summary).toContain("Jim's withdraw $100 overtook Jim's deposit $70");
  });

  it('the crossing is there as soon as the withdraw is refused, while the $70 is still waiting', () => {
    const s = scene('storage-fails');
    const k = s.steps.findIndex((x) => x.name === 'withdraw-refused');
    const r = runScene(s, k);
    const m = timespaceAt(r.trace, settledAt(r.trace, r.t1), { lanes: lanesOf(s) });
    expect(appliedRow(m)).toEqual(['+$40', '\u2212$100 refused', '+$70 pending']);
    expect(m.crossings.find((c) => c.later === '3')).toMatchObject({ earlier: '1', pending: true, sameKey: true });
    // Before the refusal, the withdraw has not overtaken anything yet.
    const before = runScene(s, k - 1);
    expect(timespaceAt(before.trace, settledAt(before.trace, before.t1), { lanes: lanesOf(s) }).crossings.some((c) => c.later === '3')).toBe(false);
  });

  it('the happy path applies everything in the order sent: no crossing', () => {
    const m = atEnd('happy-path');
    expect(m.order.sent.map((x) => x.label)).toEqual(['+$70', '+$40', '\u2212$100']);
    expect(appliedRow(m)).toEqual(['+$70', '+$40', '\u2212$100']);
    expect(m.crossings).toEqual([]);
    expect(m.summary).toContain('No lines cross');
  });

  it('the redesign survives the same failure with no crossing', () => {
    expect(atEnd('redesign').crossings.filter((c) => c.sameKey)).toEqual([]);
  });

  it('a duplicate is the same message applied again, after the ones sent later', () => {
    const m = atEnd('duplicate');
    expect(appliedRow(m)).toEqual(['+$70', '+$40', '\u2212$100', '+$70']);
    expect(m.order.links.filter((l) => l.msg === '1').map((l) => l.to)).toEqual([0, 3]);
    expect(m.crossings.length).toBeGreaterThan(0);
    expect(m.crossings.every((c) => c.earlier === '1' && c.again)).toBe(true);
    expect(m.summary).toContain("Jim's deposit $70 was applied again after");
  });

  it('one channel per user: Jim’s and Mary’s lines cross, but no user’s own events are out of order', () => {
    const m = atEnd('channel-per-user');
    expect(m.crossings.length).toBeGreaterThan(0);
    expect(m.crossings.filter((c) => c.sameKey)).toEqual([]);
    // With two users, each pill says whose it is.
    expect(m.order.sent.map((x) => x.label)).toEqual(['J +$70', 'M +$40', 'J +$40', 'J \u2212$100']);
  });

  it('the HTTP family draws the same race: the $100 withdraw overtakes the $70 through the load balancer', () => {
    const m = atEnd('sync-http');
    expect(m.lanes.map((l) => l.id)).toEqual(['web', 'lb', 'service:A', 'service:B', 'storage']);
    expect(new Set(m.arrows.map((a) => a.kind))).toEqual(new Set(['request', 'reply']));
    expect(m.crossings.find((c) => c.later === 'web#3')).toMatchObject({ earlier: 'web#1', sameKey: true });
    expect(appliedRow(m)).toEqual(['+$40', '\u2212$100 refused', '+$70']);
  });
});

describe('lanes', () => {
  it('chapter 1’s board: publisher, the server, each listener, storage, under the stage’s titles', () => {
    expect(lanesOf(scene('storage-fails')).map((l) => l.title)).toEqual(['Publisher', 'NATS Streaming', 'Account Srv A', 'Account Srv B', 'File Storage']);
    expect(lanesOf(scene('single-copy')).map((l) => l.id)).toEqual(['publisher', 'server', 'listener:A', 'storage']);
  });

  it('a scene can give its own', () => {
    const own: Scene = { ...scene('storage-fails'), timespace: { lanes: [{ id: 'publisher', title: 'P' }, { id: 'storage', title: 'S' }] } };
    expect(lanesOf(own)).toEqual([{ id: 'publisher', title: 'P' }, { id: 'storage', title: 'S' }]);
  });

  it('every scene that shows the diagram has a lane for every hop and mark its families draw, at every step', () => {
    const on = scenes.filter(hasTimeSpace);
    expect(on.map((s) => s.id)).toEqual(expect.arrayContaining(['storage-fails', 'slow-listener', 'dead-listener', 'duplicate', 'does-order-matter', 'shared-sequence', 'channel-per-user', 'who-publishes', 'redesign']));
    for (const s of on) {
      const r = runScene(s, s.steps.length - 1);
      const lanes = lanesOf(s);
      const all = timespaceAt(r.trace, Infinity, { lanes: [...lanes, { id: 'elsewhere', title: '?', parties: [...new Set(r.trace.flatMap((e) => [e.from, e.to]).filter((p): p is string => p !== undefined))] }] });
      const mine = timespaceAt(r.trace, Infinity, { lanes });
      expect(mine.arrows.length + mine.marks.length, s.id).toBe(all.arrows.length + all.marks.length);
      expect(mine.arrows.length, s.id).toBeGreaterThan(0);
    }
  });
});

describe('a family adds arrows without touching the diagram', () => {
  const relay: FamilyViews = {
    id: 'outbox',
    traceKinds: ['outbox-write', 'relay'],
    say: () => undefined,
    timespace: (e) => {
      const ev = e as { kind: string; msg?: number; arrives?: number };
      const msg = String(ev.msg);
      if (ev.kind === 'outbox-write') return { from: 'app', to: 'outbox', kind: 'write', tone: 'deposit', msg, label: `#${msg}`, journey: 'start', key: 'orders' };
      return { from: 'outbox', to: 'broker', kind: 'relay', tone: 'deposit', msg, arrives: ev.arrives!, journey: 'applied' };
    },
  };
  const lanes = [
    { id: 'app', title: 'App' },
    { id: 'outbox', title: 'Outbox' },
    { id: 'broker', title: 'Broker' },
  ];
  const trace = [
    { t: 0, kind: 'outbox-write', msg: 1 },
    { t: 10, kind: 'outbox-write', msg: 2 },
    { t: 20, kind: 'relay', msg: 2, arrives: 120 },
    { t: 500, kind: 'relay', msg: 1, arrives: 600 },
  ];

  it('its hops are drawn on its lanes, and its reordering is a crossing', () => {
    const m = timespaceAt(trace, 1000, { lanes, views: [relay] });
    expect(m.arrows.map((a) => `${a.kind} ${a.msg} ${a.from.lane}>${a.to.lane}`)).toEqual(['write 1 0>1', 'write 2 0>1', 'relay 2 1>2', 'relay 1 1>2']);
    expect(m.crossings).toEqual([expect.objectContaining({ earlier: '1', later: '2', sameKey: true })]);
  });

  it('an event no family draws is left out', () => {
    expect(timespaceAt([...trace, { t: 30, kind: 'unknown' }], 1000, { lanes, views: [relay] }).arrows).toHaveLength(4);
  });
});

describe('drawing sizes', () => {
  it('keeps 24 px type in the deck’s 1880×220 box and shrinks it only when lanes would crowd', () => {
    expect(fittedFont(5, { width: 1880, height: 220, fontPx: 24 })).toBe(24);
    expect(fittedFont(5, { width: 1280, height: 144, fontPx: 24 })).toBeLessThan(24);
    expect(fittedFont(5, { width: 1280, height: 144, fontPx: 24 })).toBeGreaterThanOrEqual(12);
  });
});

describe('the embed’s query', () => {
  it.each([
    { args: '?embed&scene=storage-fails', expected: undefined },
    { args: '?embed&scene=storage-fails&timespace=1', expected: true },
    { args: '?embed&timespace', expected: true },
    { args: '?embed&timespace=0', expected: undefined },
    { args: '?embed&timespace=off', expected: undefined },
  ])('$args → timespace $expected', ({ args, expected }) => {
    expect(parseQuery(args).timespace).toBe(expected);
  });
});

describe('a cut arrow', () => {
  it('storage-fails: the failed write is crossed out next to the listener that failed (A), not on the lane of the one between it and storage (B)', () => {
    const m = atEnd('storage-fails');
    const lanes = lanesOf(scene('storage-fails')).map((l) => l.id);
    const fail = m.arrows.find((a) => a.kind === 'fail')!;
    expect(fail).toBeDefined();
    expect(lanes[fail.from.lane]).toBe('listener:A');
    const crossLane = fail.from.lane + fail.drawn * (fail.to.lane - fail.from.lane);
    // Nearer A's lane than B's.
    expect(Math.abs(crossLane - fail.from.lane)).toBeLessThan(Math.abs(crossLane - lanes.indexOf('listener:B')));
    expect(fail.label!.at.lane).toBeCloseTo(crossLane, 6);
  });
});
