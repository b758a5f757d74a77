/**
 * What the deck shows of a step while its prediction waits for an answer: a neutral title and the
 * question where the step's title and narration go, so neither gives the answer away before the
 * learner has chosen or skipped. Pure, no DOM.
 */
import type { Step } from '../chapters/types.ts';

/** The title above the question while the deck asks, the same for every prediction. */
export const ASKING_TITLE = 'What happens next?';

/**
 * The step as the narration panel shows it while asking; a step with no prediction is shown as it is.
 * @example askingStep(storageFails.steps[3]).title // 'What happens next?'
 */
export function askingStep(step: Step): Step {
  if (!step.predict) return step;
  return { ...step, title: ASKING_TITLE, narration: step.predict.question };
}
