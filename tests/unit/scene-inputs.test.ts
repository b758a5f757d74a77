/**
 * A scene's inputs (a delay the learner types): a link's values remake the scene in its own
 * place in the deck, the link keeps them, and a refused value leaves the scene as it was with a
 * sentence saying why. Checked on a made-up scene, so any chapter's inputs work the same way.
 */
import { describe, expect, it } from 'vitest';
import { scenes as natsScenes } from '../../src/chapters/nats/scenes.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { applyInputs, inputValues, resolveLink, runQuery, withBuilt } from '../../src/deck/links.ts';

/** A scene whose one step's title says its delay; it refuses anything but a whole number from 0 to 100. */
function toy(delay: number): Scene {
  const base = natsScenes[0]!;
  return {
    ...base,
    id: 'toy-delay',
    title: 'A toy delay',
    steps: [{ ...base.steps[0]!, name: 'wait', title: `Wait ${delay} s` }, { ...base.steps[1]!, name: 'arrive' }],
    inputs: {
      fields: [{ name: 'delay', label: 'Delay (seconds)', value: delay, presets: [{ label: '42 s', value: 42 }], min: 0, max: 100 }],
      apply(values) {
        const text = values.delay ?? String(delay);
        if (!/^\d+$/.test(text.trim())) return { notices: [`“${text}” is not a whole number of seconds, so the delay stays ${delay} s.`] };
        const n = Number(text);
        if (n > 100) return { notices: [`${n} s is more than 100 s, so the delay stays ${delay} s.`] };
        return { scene: toy(n), notices: [] };
      },
    },
  };
}

const deck: Scene[] = [natsScenes[0]!, toy(42), natsScenes[1]!];

describe('scene inputs', () => {
  it('a link with a value remakes the scene in its own place, and writes the value back', () => {
    const r = resolveLink('#/nats/toy-delay/arrive?delay=7', deck);
    expect(r.place).toEqual({ sceneId: 'toy-delay', step: 1 });
    expect(r.notice).toBeUndefined();
    expect(r.built?.query).toBe('delay=7');
    const shown = withBuilt(deck, r.built);
    expect(shown.map((s) => s.id)).toEqual(['happy-path', 'toy-delay', natsScenes[1]!.id]);
    expect(shown[1]!.steps[0]!.title).toBe('Wait 7 s');
    expect(runQuery(r.built, [])).toBe('delay=7');
  });

  it('a refused value gives a sentence and the scene as it was, at the same place', () => {
    for (const bad of ['-5', 'abc', '1000']) {
      const r = resolveLink(`#/nats/toy-delay/1?delay=${bad}`, deck);
      expect(r.place).toEqual({ sceneId: 'toy-delay', step: 1 });
      expect(r.built).toBeNull();
      expect(r.notice).toMatch(/so the delay stays 42 s\./);
    }
  });

  it('a link without values, or to another scene, builds nothing', () => {
    expect(resolveLink('#/nats/toy-delay/0', deck).built).toBeNull();
    expect(resolveLink('#/nats/happy-path/0?delay=3', deck).built).toBeNull();
  });

  it('reads only the names the scene takes', () => {
    expect(inputValues(toy(1), new URLSearchParams('delay=3&other=4'))).toEqual({ delay: '3' });
    expect(applyInputs(toy(1), { delay: '9' }).built?.scene.inputs?.fields[0]!.value).toBe(9);
  });
});
