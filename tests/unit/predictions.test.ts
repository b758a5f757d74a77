// @vitest-environment happy-dom
/**
 * Predictions that do not give the answer away. While the deck asks, it shows a neutral title and
 * the question where the step's title and narration go (deck/asking.ts), the scene's name above
 * them, and the stage as the step starts: none of that may hold the prediction's giveaways, nor
 * the step's own title or narration. Chapter 1 asks at least 8 of them, each with an answer among
 * its choices.
 */
import { describe, expect, it } from 'vitest';
import { runScene } from '../../src/chapters/engine.ts';
import { scenes as natsScenes } from '../../src/chapters/nats/scenes.ts';
import { scenes as futureScenes } from '../../src/chapters/future/scenes.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { ASKING_TITLE, askingStep } from '../../src/deck/asking.ts';
import { layoutFor } from '../../src/stage/layout.ts';
import { renderStage } from '../../src/stage/render.ts';
import { settledAt, viewAt } from '../../src/stage/view.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Every built chapter's scenes. */
const scenes: Scene[] = [...natsScenes, ...futureScenes];

/** The words on the stage as the deck holds it while asking: the step's start, where the last step's animation left it. */
function stageWords(scene: Scene, k: number): string[] {
  const r = runScene(scene, k);
  const t = settledAt(r.trace, r.t0, r.stepStart);
  const view = viewAt(scene, r.trace, t, { step: k, verdict: false, landed: r.stepStart });
  const svg = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  document.body.append(svg);
  try {
    renderStage(svg, view, layoutFor('landscape', scene), { reducedMotion: true });
    return [...svg.querySelectorAll('text')].map((x) => (x.textContent ?? '').trim()).filter((x) => x !== '');
  } finally {
    svg.remove();
  }
}

/** Everything the audience can read while the deck asks, the choices aside. */
function shownWhileAsking(scene: Scene, k: number): string[] {
  const shown = askingStep(scene.steps[k]!);
  const own = scenes.filter((s) => s.chapter === scene.chapter);
  return [`Chapter ${scene.chapter === "nats" ? 1 : 2} · Scene ${own.indexOf(scene) + 1} of ${own.length} · ${scene.title}`, shown.title, shown.narration, ...stageWords(scene, k)];
}

const asked = scenes.flatMap((scene) => scene.steps.flatMap((step, k) => (step.predict ? [{ scene, step, k, predict: step.predict }] : [])));

describe('predictions', () => {
  it('chapter 1 asks at least 8, in at least 8 scenes', () => {
    const own = asked.filter((a) => a.scene.chapter === 'nats');
    expect(own.length).toBeGreaterThanOrEqual(8);
    expect(new Set(own.map((a) => a.scene.id)).size).toBeGreaterThanOrEqual(8);
  });

  it('chapter 2 asks at least 3, in at least 3 scenes', () => {
    const own = asked.filter((a) => a.scene.chapter === 'future');
    expect(own.length).toBeGreaterThanOrEqual(3);
    expect(new Set(own.map((a) => a.scene.id)).size).toBeGreaterThanOrEqual(3);
  });

  for (const { scene, step, k, predict } of asked) {
    describe(`${scene.chapter}/${scene.id}/${step.name}`, () => {
      it('has two or more distinct choices, the answer among them, and says why', () => {
        expect(predict.choices.length).toBeGreaterThanOrEqual(2);
        expect(new Set(predict.choices).size).toBe(predict.choices.length);
        expect(Number.isInteger(predict.answer)).toBe(true);
        expect(predict.answer).toBeGreaterThanOrEqual(0);
        expect(predict.answer).toBeLessThan(predict.choices.length);
        expect(predict.explain.length).toBeGreaterThan(20);
      });

      it('names its giveaways, and the answer or the step itself holds at least one of them', () => {
        const giveaway = predict.giveaway ?? [];
        expect(giveaway.length).toBeGreaterThan(0);
        // A giveaway is a word of the reveal: if none is in the answer, the title or the narration, it guards nothing.
        const reveal = `${predict.choices[predict.answer]} ${step.title} ${step.narration}`.toLowerCase();
        expect(giveaway.some((g) => reveal.includes(g.toLowerCase())), `${giveaway.join(', ')} in “${reveal}”`).toBe(true);
      });

      it('shows a neutral title and the question while asking, none of the step’s own words, and no giveaway', () => {
        const shown = askingStep(step);
        expect(shown.title).toBe(ASKING_TITLE);
        expect(shown.narration).toBe(predict.question);
        const text = shownWhileAsking(scene, k).join('\n');
        expect(text).not.toContain(step.title);
        expect(text).not.toContain(step.narration);
        for (const g of predict.giveaway ?? []) expect(text.toLowerCase(), `giveaway “${g}”`).not.toContain(g.toLowerCase());
      });
    });
  }

  it('a step with no prediction is shown as it is', () => {
    const plain = scenes[0]!.steps[0]!;
    expect(plain.predict).toBeUndefined();
    expect(askingStep(plain)).toBe(plain);
  });
});
