/**
 * Chapter 2, a message from the future (seed 002): durable scheduling, delayed delivery and
 * sagas, as the registry loads it: its scenes, the scenes it builds from links (a chaos replay,
 * the sandbox), its chaos scenario, its course, and the families it loads as chunks of their own
 * (`ready`).
 */
import type { BuiltScene, Chapter } from '../chapter.ts';
import type { SandboxSupport } from '../sandbox.ts';
import { replayFromLink } from '../chaos.ts';
import { discount } from './chaos.ts';
import { course } from './course.ts';
import { familiesReady } from './families.ts';
import {
  DEFAULT_PARAMS,
  NUMBER_SPECS,
  SANDBOX_DESIGNS,
  SANDBOX_ID,
  SANDBOX_SETTINGS,
  canForkFuture,
  describeFutureSandbox,
  formatFutureSandbox,
  futureSandboxScene,
  paramsFromScene,
  parseFutureSandbox,
  whyNotForkFuture,
  type FutureSandboxParams,
} from './sandbox.ts';
import { scenes } from './scenes.ts';
import type { SagaDesign } from '../../actors/saga/types.ts';

/**
 * A chaos replay from its link's `s`, or the sandbox from its settings; undefined for any other id.
 * @example build('chaos-replay', new URLSearchParams(`s=${discount.encode(s)}`))?.scene?.steps.length // 2
 */
function build(sceneId: string, query: URLSearchParams): BuiltScene | undefined {
  if (sceneId === SANDBOX_ID) {
    const { params, notices } = parseFutureSandbox(query);
    return { scene: futureSandboxScene(params), notices, query: formatFutureSandbox(params) };
  }
  return sceneId === discount.replayId ? replayFromLink(discount, query) : undefined;
}

/** Side by side in the sandbox compares the broken design and the saga. */
const COMPARED: SagaDesign[] = ['in-process', 'saga'];

/** Chapter 2's sandbox, as the deck reads it. */
const sandbox: SandboxSupport<FutureSandboxParams> = {
  id: SANDBOX_ID,
  defaults: DEFAULT_PARAMS,
  parse: parseFutureSandbox,
  format: formatFutureSandbox,
  build: futureSandboxScene,
  canFork: canForkFuture,
  whyNotFork: whyNotForkFuture,
  fromScene: paramsFromScene,
  describe: describeFutureSandbox,
  form: {
    choices: [{ url: 'design', label: 'Design', testid: 'sandbox-design', options: SANDBOX_DESIGNS }],
    switches: [],
    numbers: NUMBER_SPECS.map((n) => ({ url: n.url, label: n.label, min: n.min, max: n.max, ...(n.seconds ? { seconds: true } : {}) })),
    locked: () => undefined,
  },
  compareLabel: 'in-process and saga',
  variants: (params) => COMPARED.map((design) => ({ design, label: SANDBOX_DESIGNS.find((d) => d.value === design)?.label ?? design, params: { ...params, design } })),
};

export const chapter: Chapter = {
  id: 'future',
  scenes,
  build,
  buildable: [
    { id: SANDBOX_ID, title: 'Sandbox', summary: 'The discount rule’s world from a handful of settings: the design, the rule, the retries, the buyers and their orders.', settings: SANDBOX_SETTINGS },
    { id: discount.replayId, title: 'Chaos replay: one random schedule', summary: 'Two weeks of orders the chaos explorer drew (s: the schedule, as its links carry it), replayed on the stage.', settings: ['s'] },
  ],
  chaos: discount,
  sandbox,
  course,
  ready: familiesReady,
};
