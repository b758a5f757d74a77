/**
 * Chapter 1 unchanged: every scene, at every step, gives the same trace (t, kind, msg, attempt,
 * from, to) and the same final storage as it did before the core was made general
 * (tests/golden/chapter1.json, captured with scripts/capture-golden.ts), and the chaos figures
 * of every design for one seed are those captured then (tests/golden/chaos1.json).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScene } from '../../src/chapters/engine.ts';
import { findScene } from '../../src/chapters/nats/scenes.ts';
import { runRandomSchedules } from '../../src/chapters/nats/chaos.ts';

type Golden = Record<string, { step: number; trace: unknown[][]; storage: Record<string, { balance: number; lastNumber: number }> }[]>;
const golden = JSON.parse(readFileSync(new URL('../golden/chapter1.json', import.meta.url), 'utf8')) as Golden;
const chaos = JSON.parse(readFileSync(new URL('../golden/chaos1.json', import.meta.url), 'utf8')) as Record<string, { wrong: number; refusedAtTen: number; unacked: number; balances: Record<string, number> }>;

/** sync-http and monolith moved onto the http family: their traces may differ, their outcomes may not. */
const OUTCOME_ONLY = new Set(['nats/sync-http', 'nats/monolith']);

describe('chapter 1 is unchanged', () => {
  for (const [id, steps] of Object.entries(golden)) {
    it(`${id}: every step's trace and storage`, () => {
      const scene = findScene(id.replace(/^nats\//, ''));
      expect(scene, id).toBeDefined();
      for (const g of steps) {
        const r = runScene(scene!, g.step);
        const storage = Object.fromEntries(Object.entries(r.storage).map(([u, row]) => [u, { balance: row.balance, lastNumber: row.lastNumber }]));
        expect(storage, `${id} step ${g.step}`).toEqual(g.storage);
        if (OUTCOME_ONLY.has(id)) continue;
        const trace = r.trace.map((e) => [e.t, e.kind, e.msg ?? null, e.attempt ?? null, e.from ?? null, e.to ?? null]);
        expect(trace, `${id} step ${g.step}`).toEqual(g.trace);
      }
    });
  }

  for (const [design, want] of Object.entries(chaos)) {
    it(`chaos, ${design}, seed 7, 300 schedules: the same figures`, () => {
      const r = runRandomSchedules({ seed: 7, count: 300, design: design as 'naive' });
      expect({ wrong: r.wrong, refusedAtTen: r.refusedAtTen, unacked: r.unacked, balances: r.balances }).toEqual(want);
    });
  }
});
