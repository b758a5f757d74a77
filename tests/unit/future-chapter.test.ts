/**
 * Chapter 2 as a whole, beside each scene's own story test: 12 scenes in the storyboard's order,
 * each step written out (narration, notes), every declared node drawn by a registered family and
 * every highlight naming one of them, every step's run ending without the world halting, every
 * trace event told in words, the verdict's names reported by some node, and narration written in
 * the project's own words (no run of eight words from the seed).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { familyGlyph, registry } from '../../src/actors/index.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { scenes } from '../../src/chapters/future/scenes.ts';
import { narrateTrace } from '../../src/stage/narrate.ts';
import { declaredViewAt, viewsFor } from '../../src/stage/declared/view.ts';

/** Hashes of every run of 8 words of the source talk (the text itself is not in the repository). */
const SEED_RUNS = new Set<number>((JSON.parse(readFileSync(new URL('../fixtures/seed-002-shingles.json', import.meta.url), 'utf8')) as { hashes: number[] }).hashes);
const words = (s: string) => s.toLowerCase().replace(/[^a-z0-9\s]/g, ' ').split(/\s+/).filter(Boolean);
/** FNV-1a, 32 bits, as the fixture was made. */
const fnv = (s: string): number => {
  let h = 0x811c9dc5;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
};

describe('chapter 2', () => {
  it('has the storyboard’s 12 scenes, in its order, with unique ids and step names', () => {
    expect(scenes.map((s) => s.id)).toEqual([
      'time-rule',
      'two-buyers',
      'customer-walks-in',
      'batch-job',
      'resilient-http',
      'client-retries',
      'durable-scheduling',
      'sqs-delay',
      'delay-levels',
      'delay-plugin',
      'saga',
      'what-messaging-bought',
    ]);
    for (const s of scenes) {
      expect(s.chapter).toBe('future');
      expect(new Set(s.steps.map((st) => st.name)).size, s.id).toBe(s.steps.length);
      expect(s.steps.length, s.id).toBeGreaterThanOrEqual(2);
      for (const st of s.steps) {
        expect(st.narration.length, `${s.id}/${st.name}`).toBeGreaterThan(40);
        expect(st.notes.length, `${s.id}/${st.name}`).toBeGreaterThan(20);
      }
    }
  });

  it.each(scenes.map((s) => [s.id, s] as const))('%s: every node is an actor of a registered kind with a view, or a picture its family draws or folds from the trace; every highlight names a node', (_id, s) => {
    const nodes = (s.stage?.columns ?? []).flat();
    expect(nodes.length).toBeGreaterThan(0);
    const ids = new Set(nodes.map((n) => n.id));
    const actors = new Set((s.kernel?.actors ?? []).map((a) => a.name));
    for (const n of nodes.filter((x) => !x.kind.startsWith('stage.'))) {
      if (actors.has(n.id)) {
        expect(() => registry.kind(n.kind), n.kind).not.toThrow();
        expect(viewsFor(n.kind)?.view, n.kind).toBeDefined();
      } else expect(familyGlyph(n.kind) ?? viewsFor(n.kind)?.view, `${n.id} is no actor, so its kind ${n.kind} needs a glyph or a view of its family`).toBeDefined();
    }
    for (const st of s.steps) for (const h of st.highlight ?? []) expect(ids.has(h) || nodes.some((n) => h.startsWith(`${n.id}`)), `${st.name}: highlight ${h}`).toBe(true);
  });

  it.each(scenes.map((s) => [s.id, s] as const))('%s: each step runs to its end, waits for what it waits for, and every event is told in words', (_id, s) => {
    for (let k = 0; k < s.steps.length; k++) {
      const st = s.steps[k]!;
      const r = runScene(s, k);
      expect(r.world.halted, `${st.name}`).toBeUndefined();
      if (st.until?.kind === 'event') {
        const m = st.until.match as Record<string, unknown>;
        const hit = r.trace.slice(r.stepStart).some((e) => Object.entries(m).every(([key, v]) => (e as unknown as Record<string, unknown>)[key] === v));
        expect(hit, `${s.id}/${st.name} waits for ${JSON.stringify(m)}`).toBe(true);
      }
      for (const line of narrateTrace(r.trace, r.stepStart)) expect(line.text, `${st.name}`).not.toMatch(/undefined|NaN|\[object/);
    }
  });

  it.each(scenes.filter((s) => Object.keys(s.expected).length > 0).map((s) => [s.id, s] as const))('%s: the names its verdict checks are reported by a node at the end', (_id, s) => {
    const r = runScene(s, s.steps.length - 1);
    const view = declaredViewAt(s, r.trace, r.t1);
    const reported = Object.assign({}, ...view.nodes.map((n) => n.view.balances ?? {})) as Record<string, number>;
    for (const name of Object.keys(s.expected)) expect(reported, name).toHaveProperty(name);
  });

  it('is told in its own words: no run of eight words from the seed in any title, narration or notes', () => {
    for (const s of scenes)
      for (const st of s.steps) {
        const w = words(`${st.title} ${st.narration} ${st.notes}`);
        for (let i = 0; i + 8 <= w.length; i++) {
          const run = w.slice(i, i + 8).join(' ');
          expect(SEED_RUNS.has(fnv(run)), `${s.id}/${st.name}: “${run}”`).toBe(false);
        }
      }
  });
});
