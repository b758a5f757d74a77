/**
 * Links name steps: every step of every scene of the loaded chapters, and of the scenes a chapter
 * builds from a link (the sandbox, a chaos replay), is written by its name and read back to the
 * same step; an old numbered link still lands where it did; a name no step has lands on the
 * scene's first step with a notice.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAllChapters, loadedScenes } from '../../src/chapters/index.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { buildScene, resolveLink } from '../../src/deck/links.ts';
import { formatHash, parseHash } from '../../src/deck/route.ts';
import { DEFAULT_PARAMS, formatSandbox } from '../../src/chapters/nats/sandbox.ts';

let scenes: Scene[] = [];
beforeAll(async () => {
  await loadAllChapters();
  scenes = loadedScenes();
});

describe('named step links', () => {
  it('every step of every scene is linked by its name and read back to itself', () => {
    expect(scenes.length).toBeGreaterThan(10);
    for (const scene of scenes) {
      scene.steps.forEach((step, k) => {
        const hash = formatHash(scenes, { sceneId: scene.id, step: k });
        expect(hash, `${scene.id} step ${k}`).toBe(`#/${scene.chapter}/${scene.id}/${step.name}`);
        expect(resolveLink(hash, scenes), hash).toEqual({ place: { sceneId: scene.id, step: k }, built: null, faults: [], notice: undefined });
      });
    }
  });

  it('a numbered link (0-based, as before) lands on the same step as its named one', () => {
    for (const scene of scenes) {
      scene.steps.forEach((_, k) => {
        expect(parseHash(`#/${scene.chapter}/${scene.id}/${k}`, scenes), `${scene.id}/${k}`).toEqual({ place: { sceneId: scene.id, step: k } });
      });
    }
    expect(resolveLink('#/nats/storage-fails/3', scenes).place).toEqual({ sceneId: 'storage-fails', step: 3 });
    expect(resolveLink('#/nats/storage-fails/withdraw-refused', scenes).place).toEqual({ sceneId: 'storage-fails', step: 3 });
  });

  it('a name no step has lands on the start of its scene with a notice that says so', () => {
    const r = resolveLink('#/nats/storage-fails/withdraw-accepted', scenes);
    expect(r.place).toEqual({ sceneId: 'storage-fails', step: 0 });
    expect(r.notice).toMatch(/no step called “withdraw-accepted”, so here is step 1 of 6\.$/);
  });

  it('a built scene (the sandbox, a chaos replay) is linked by its step names too, with its settings and faults', () => {
    const query = formatSandbox({ ...DEFAULT_PARAMS, events: 2 });
    const built = buildScene('nats', 'sandbox', query, scenes).built!;
    expect(built).not.toBeNull();
    const all = [...scenes, built.scene];
    built.scene.steps.forEach((step, k) => {
      const hash = formatHash(all, { sceneId: 'sandbox', step: k });
      expect(hash).toBe(`#/nats/sandbox/${step.name}`);
      const r = resolveLink(`${hash}?${built.query}`, scenes);
      expect(r.place, hash).toEqual({ sceneId: 'sandbox', step: k });
      expect(r.built?.query).toBe(built.query);
      expect(r.notice).toBeUndefined();
    });
    const f = resolveLink(`#/nats/sandbox/event-2?${built.query}&f=bm9wZQ`, scenes);
    expect(f.place).toEqual({ sceneId: 'sandbox', step: built.scene.steps.findIndex((s) => s.name === 'event-2') });
    expect(f.notice).toMatch(/faults in this link could not be read/);
  });
});
