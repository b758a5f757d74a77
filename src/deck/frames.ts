/**
 * A step's pictures as the deck shows them: the engine's run to the step, the timeline its
 * animation follows, and the view at any point of that animation. `at(1)` is the still the step
 * ends on, which the handout prints and the embed shows after stepping back.
 */
import { runScene, type Injection, type StepResult } from '../chapters/engine.ts';
import type { Scene } from '../chapters/types.ts';
import { settledAt, timeline, viewAt, type Timeline, type ViewState } from '../stage/view.ts';

/** Real milliseconds per virtual millisecond before long gaps are squeezed (see timeline), as in the deck. */
export const STRETCH = 2;

/** Real milliseconds at most before a step's first event, so a step starts moving at once (see timeline). */
export const LEAD_IN_MS = 120;

/** Real milliseconds at most that one step's animation lasts at 1× (chapter 1's longest is about 13 s), as in the deck. */
export const MAX_STEP_MS = 30_000;

export interface StepFrames {
  result: StepResult;
  timeline: Timeline;
  /** The view at animation progress p (0..1): every hop set off by the end has landed at 1. */
  at(progress: number): ViewState;
}

/**
 * Runs a scene to the end of step `step` (with any faults injected into the run) and returns its
 * frames. The last step's end carries the balance check, as in the deck.
 * @example stepFrames(happyPath, 4).at(1).storage[0].balance // 10
 */
export function stepFrames(scene: Scene, step: number, opts: { seed?: number; faults?: readonly Injection[] } = {}): StepFrames {
  const result = runScene(scene, step, opts);
  // The step's animation runs on until the tokens set off by its last events land.
  const tEnd = settledAt(result.trace, result.t1);
  // Where the previous step's animation left the clock, so it never runs backwards.
  const tShownFrom = settledAt(result.trace, result.t0, result.stepStart);
  const tl = timeline(result.trace, result.t0, tEnd, { stretch: STRETCH, leadInMs: LEAD_IN_MS, maxDurationMs: MAX_STEP_MS });
  const last = result.step === scene.steps.length - 1;
  return {
    result,
    timeline: tl,
    at(progress: number): ViewState {
      const t = tl.virtualAt(progress);
      const view = viewAt(scene, result.trace, t, { step: result.step, verdict: last && progress >= 1, landed: result.stepStart });
      return { ...view, t: Math.max(t, tShownFrom) };
    },
  };
}
