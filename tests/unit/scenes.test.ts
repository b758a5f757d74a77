/**
 * Each chapter-1 scene tells the story its narration claims: checked on the trace and storage,
 * step by step, so a change to the world that breaks a story fails here.
 */
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/actors/nats/types.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { findScene, scenes } from '../../src/chapters/nats/scenes.ts';

const scene = (id: string) => findScene(id)!;
const added = (id: string, step: number): TraceEvent[] => {
  const r = runScene(scene(id), step);
  return r.trace.slice(r.stepStart);
};
const kinds = (es: TraceEvent[]) => es.map((e) => `${e.kind}${e.msg ?? ''}${e.to?.startsWith('listener:') ? `>${e.to.slice(9)}` : ''}`);

describe('the registry', () => {
  it('has unique ids and unique step names per scene, each step with narration and notes', () => {
    expect(new Set(scenes.map((s) => s.id)).size).toBe(scenes.length);
    for (const s of scenes) {
      expect(new Set(s.steps.map((st) => st.name)).size).toBe(s.steps.length);
      for (const st of s.steps) {
        expect(st.narration.length).toBeGreaterThan(40);
        expect(st.notes.length).toBeGreaterThan(20);
      }
    }
  });

  it.each(scenes.map((s) => [s.id, s] as const))('%s: every step that waits for an event sees it, and ends in reasonable time', (_id, s) => {
    for (let k = 0; k < s.steps.length; k++) {
      const st = s.steps[k]!;
      const r = runScene(s, k);
      if (st.until?.kind === 'event') {
        const m = st.until.match;
        const hit = r.trace.slice(r.stepStart).some((e) => Object.entries(m).every(([key, v]) => e[key as keyof TraceEvent] === v));
        expect(hit, `${s.id}/${st.name} waits for ${JSON.stringify(m)}`).toBe(true);
      }
      // No step runs into the world's safety limit: scenes last minutes at most.
      expect(r.t1 - r.t0, `${s.id}/${st.name}`).toBeLessThan(5 * 60_000);
    }
  });

  it('clamps out-of-range steps instead of throwing', () => {
    expect(runScene(scene('happy-path'), 99).step).toBe(4);
    expect(runScene(scene('happy-path'), -3).step).toBe(0);
  });
});

describe('happy path', () => {
  it.each([
    [1, 70, 'A'],
    [2, 110, 'B'],
    [3, 10, 'A'],
  ] as const)('step %i ends at $%i, handled by %s', (step, balance, who) => {
    const r = runScene(scene('happy-path'), step);
    expect(r.storage.Jim!.balance).toBe(balance);
    const es = r.trace.slice(r.stepStart);
    expect(es.find((e) => e.kind === 'deliver')!.to).toBe(`listener:${who}`);
    expect(es.map((e) => e.kind)).toEqual(['publish', 'store', 'deliver', 'receive', 'process-start', 'write', 'process-ok', 'ack']);
  });

  it('never redelivers or refuses anything', () => {
    const r = runScene(scene('happy-path'), 4);
    expect(r.trace.filter((e) => ['redeliver', 'reject', 'process-fail'].includes(e.kind))).toEqual([]);
  });
});

describe('a listener fails to process', () => {
  it("A's write of the $70 fails and it is not acked", () => {
    const es = added('storage-fails', 1);
    const fail = es.find((e) => e.kind === 'process-fail')!;
    expect(fail).toMatchObject({ msg: 1, from: 'listener:A' });
    // The step stops at the failure (anything else at that same instant comes along).
    expect(es.every((e) => e.t <= fail.t)).toBe(true);
    expect(es.some((e) => e.kind === 'ack')).toBe(false);
  });

  it('the withdraw is refused at $40, then the $70 is redelivered to B as attempt 2, 30 s after its delivery', () => {
    expect(added('storage-fails', 3).find((e) => e.kind === 'reject')).toMatchObject({ msg: 3, balance: 40 });
    const r = runScene(scene('storage-fails'), 4);
    const first = r.trace.find((e) => e.kind === 'deliver' && e.msg === 1)!;
    const again = r.trace.find((e) => e.kind === 'redeliver')!;
    expect(again).toMatchObject({ msg: 1, to: 'listener:B', attempt: 2 });
    expect(again.t - first.t).toBe(30_000);
  });

  it('ends at $110 with every message acked', () => {
    const r = runScene(scene('storage-fails'), 5);
    expect(r.storage.Jim!.balance).toBe(110);
    expect(new Set(r.trace.filter((e) => e.kind === 'ack').map((e) => e.msg))).toEqual(new Set([1, 2, 3]));
  });
});

describe('one listener is slower', () => {
  it('the withdraw goes to B, first in line on account:withdraw', () => {
    expect(kinds(added('slow-listener', 2))).toEqual(expect.arrayContaining(['deliver1>A', 'deliver2>B', 'deliver3>B']));
  });

  it('B refuses the withdraw before A finishes the $70; Jim ends at $110', () => {
    const r = runScene(scene('slow-listener'), 4);
    const reject = r.trace.find((e) => e.kind === 'reject')!;
    const late = r.trace.find((e) => e.kind === 'write' && e.msg === 1)!;
    expect(reject.from).toBe('listener:B');
    expect(late.t).toBeGreaterThan(reject.t);
    expect(r.storage.Jim!.balance).toBe(110);
    expect(r.trace.some((e) => e.kind === 'redeliver')).toBe(false);
  });
});

describe('replay', () => {
  it.each(scenes.map((s) => [s.id] as const))('%s: step k replays steps 0..k-1 exactly', (id) => {
    const s = scene(id);
    for (let k = 1; k < s.steps.length; k++) {
      const prev = runScene(s, k - 1);
      const cur = runScene(s, k);
      expect(cur.trace.slice(0, cur.stepStart)).toEqual(prev.trace);
      expect(cur.t0).toBe(prev.t1);
    }
  });
});

describe('the rest of chapter 1', () => {
  it('dead listener: two events vanish at A, and only missed heartbeats (about 30 s) hand them to B', () => {
    const r = runScene(scene('dead-listener'), 3);
    expect(r.trace.filter((e) => e.kind === 'lost').map((e) => e.msg)).toEqual([1, 3]);
    const crash = r.trace.find((e) => e.kind === 'crash')!;
    const closed = r.trace.find((e) => e.kind === 'client-closed')!;
    expect(closed.t - crash.t).toBeGreaterThanOrEqual(25_000);
    expect(closed.t - crash.t).toBeLessThanOrEqual(35_000);
    expect(r.trace.filter((e) => e.kind === 'redeliver').map((e) => e.to)).toEqual(['listener:B', 'listener:B']);
    expect(r.storage.Jim!.balance).toBe(10);
  });

  it('duplicate: the $70 is written twice after its ack is lost; Jim ends at $80', () => {
    const r = runScene(scene('duplicate'), 3);
    expect(r.trace.filter((e) => e.kind === 'write' && e.msg === 1)).toHaveLength(2);
    expect(r.trace.some((e) => e.kind === 'ack-lost' && e.msg === 1)).toBe(true);
    expect(r.storage.Jim!.balance).toBe(80);
  });

  it('single copy: seven deposits wait behind the first, and a failed write still lets the withdraw overtake', () => {
    const rush = runScene(scene('single-copy'), 1);
    const received = rush.trace.filter((e) => e.kind === 'receive').length;
    const started = rush.trace.filter((e) => e.kind === 'process-start').length;
    expect(received - started).toBe(7);
    const end = runScene(scene('single-copy'), 3);
    expect(end.storage.Mary!.balance).toBe(80);
    expect(end.storage.Jim!.balance).toBe(110);
    expect(end.trace.some((e) => e.kind === 'reject')).toBe(true);
  });

  it('redesign: out-of-order numbers are skipped, not refused, and Jim ends at $10', () => {
    const r = runScene(scene('redesign'), 3);
    expect(r.trace.filter((e) => e.kind === 'skip').map((e) => e.payload?.number)).toEqual([2, 3]);
    expect(r.trace.some((e) => e.kind === 'reject')).toBe(false);
    const applied = r.trace.filter((e) => e.kind === 'write').map((e) => e.payload?.number);
    expect(applied).toEqual([1, 2, 3]);
    expect(r.storage.Jim).toEqual({ balance: 10, lastNumber: 3 });
  });

  it('broker features: history is read once on deploy, and a restarted durable gets only what it missed', () => {
    const r = runScene(scene('broker-features'), 3);
    const deliveries = r.trace.filter((e) => e.kind === 'deliver' || e.kind === 'redeliver').map((e) => e.msg);
    expect(deliveries).toEqual([1, 2, 3]);
    expect(r.storage.Jim!.balance).toBe(130);
  });
});
