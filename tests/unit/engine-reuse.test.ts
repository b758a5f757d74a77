/**
 * The engine runs on from the world at the end of the last step instead of replaying from step
 * 0 (src/chapters/engine.ts). A replay is exact either way: for every scene of every chapter,
 * stepping 0, 1, 2… with reuse gives what a full rebuild gives at every step (trace, t0, t1,
 * stepStart, storage), with faults injected too; going back and forward again is exact; and a
 * result handed out does not change when the engine runs on.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { faults as faultSpecs } from '../../src/actors/index.ts';
import { runScene, type Injection, type StepResult } from '../../src/chapters/engine.ts';
import { breakables } from '../../src/chapters/faults.ts';
import { loadAllChapters, loadedScenes } from '../../src/chapters/index.ts';
import type { Scene } from '../../src/chapters/types.ts';

// Count the worlds the engine builds, to tell a run on from a rebuild.
const built = vi.hoisted(() => ({ worlds: 0 }));
vi.mock('../../src/actors/nats/world.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/actors/nats/world.ts')>();
  return {
    ...real,
    createFastWorld: (...args: Parameters<typeof real.createFastWorld>) => (built.worlds++, real.createFastWorld(...args)),
  };
});
vi.mock('../../src/actors/index.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/actors/index.ts')>();
  return {
    ...real,
    createFastWorld: (...args: Parameters<typeof real.createFastWorld>) => (built.worlds++, real.createFastWorld(...args)),
  };
});

/** What a step's result says, as plain data (the world aside). */
const seen = (r: StepResult) => ({ step: r.step, trace: r.trace, stepStart: r.stepStart, t0: r.t0, t1: r.t1, storage: r.storage });

/** The same run from scratch: a copy of the scene is another scene to the engine, so it rebuilds. */
const rebuilt = (scene: Scene, step: number, faults?: readonly Injection[]) => seen(runScene({ ...scene }, step, { faults }));

/** Two faults for a scene: its first breakable actor broken in the middle step, and again in the last. */
function faultsFor(scene: Scene): Injection[] {
  const target = breakables(scene)[0];
  const spec = faultSpecs.find((f) => f.target === target?.kind);
  if (!target || !spec) return [];
  const mid = Math.floor(scene.steps.length / 2);
  const last = scene.steps.length - 1;
  const command = spec.command(target.id, spec.value?.preset) as Injection['command'];
  const t0 = (step: number) => (step === 0 ? 0 : runScene({ ...scene }, step - 1).t1);
  return [
    { step: mid, atMs: t0(mid) + 700, command },
    ...(last > mid ? [{ step: last, atMs: t0(last) + 1, command }] : []),
  ];
}

let scenes: Scene[] = [];
beforeAll(async () => {
  await loadAllChapters();
  scenes = loadedScenes();
});

describe('the engine runs on from the last step', () => {
  it('has scenes of both chapters to check', () => {
    expect(new Set(scenes.map((s) => s.chapter)).size).toBeGreaterThanOrEqual(2);
  });

  it('gives every scene, step by step, what a full rebuild gives, building its world once', () => {
    for (const scene of scenes) {
      const before = built.worlds;
      const reused = scene.steps.map((_, k) => seen(runScene(scene, k)));
      expect(built.worlds - before, scene.id).toBe(1);
      scene.steps.forEach((_, k) => expect(reused[k], `${scene.id} step ${k}`).toEqual(rebuilt(scene, k)));
    }
  });

  it('gives the same with faults injected, on every scene that has something to break', () => {
    let broken = 0;
    for (const scene of scenes) {
      const faults = faultsFor(scene);
      if (faults.length === 0) continue;
      broken++;
      const before = built.worlds;
      const reused = scene.steps.map((_, k) => seen(runScene(scene, k, { faults })));
      expect(built.worlds - before, scene.id).toBe(1);
      scene.steps.forEach((_, k) => expect(reused[k], `${scene.id} step ${k}`).toEqual(rebuilt(scene, k, faults)));
      // The fault shows: the run differs from the clean one from the middle step on.
      const clean = rebuilt(scene, scene.steps.length - 1);
      expect(reused.at(-1)!.trace, scene.id).not.toEqual(clean.trace);
    }
    expect(broken).toBeGreaterThan(5);
  });

  it('rebuilds for other faults up to the step it stands at, and runs on when only later steps differ', () => {
    const scene = scenes.find((s) => s.steps.length >= 4 && faultsFor(s).length === 2)!;
    const [mid, end] = faultsFor(scene);
    const last = scene.steps.length - 1;
    runScene(scene, mid!.step, { faults: [mid!] });
    // A fault in a later step is added: the world at the middle step is still the one to run on from.
    let before = built.worlds;
    const both = seen(runScene(scene, last, { faults: [mid!, end!] }));
    expect(built.worlds).toBe(before);
    expect(both).toEqual(rebuilt(scene, last, [mid!, end!]));
    // The middle step's fault is gone: that world is not the one, so it rebuilds.
    before = built.worlds;
    const endOnly = seen(runScene(scene, last, { faults: [end!] }));
    expect(built.worlds).toBe(before + 1);
    expect(endOnly).toEqual(rebuilt(scene, last, [end!]));
  });

  it('goes back and forward again exactly', () => {
    for (const scene of scenes.filter((s) => s.steps.length >= 3)) {
      const last = scene.steps.length - 1;
      const path = [last, 1, 2, 0, last, last - 1, last];
      for (const k of path) expect(seen(runScene(scene, k)), `${scene.id} step ${k}`).toEqual(rebuilt(scene, k));
    }
  });

  it('a result handed out stays as it was when later steps run, and its world is the world at its step', () => {
    const scene = scenes.filter((s) => s.steps.length >= 3).sort((a, b) => b.steps.length - a.steps.length)[0]!;
    const first = runScene(scene, 0);
    const copy = structuredClone(seen(first));
    for (let k = 1; k < scene.steps.length; k++) runScene(scene, k);
    expect(seen(first)).toEqual(copy);
    // The live world has run on: the result's world is a rebuild at step 0, the same every read.
    const world = first.world;
    expect(world.trace).toEqual(first.trace);
    expect(world.now).toBe(first.t1);
    expect(first.world).toBe(world);
    // A result whose world has not run on hands that very world over, and the engine lets it go.
    const end = runScene(scene, scene.steps.length - 1);
    const before = built.worlds;
    end.world.run({ kind: 'for', ms: 60_000 });
    expect(built.worlds).toBe(before);
    expect(seen(runScene(scene, scene.steps.length - 1))).toEqual(rebuilt(scene, scene.steps.length - 1));
  });
});
