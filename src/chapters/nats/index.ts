/**
 * Chapter 1, concurrency with NATS Streaming (seeds 000 and 001), as the registry loads it: its
 * scenes, the scenes it builds from links (a chaos replay, the sandbox) and its chaos scenario.
 */
import type { BuiltScene, Chapter } from '../chapter.ts';
import type { Scene } from '../types.ts';
import type { SandboxSupport } from '../sandbox.ts';
import { replayFromLink } from '../chaos.ts';
import {
  DEFAULT_PARAMS,
  NUMBER_SPECS,
  SANDBOX_DESIGNS,
  SANDBOX_ID,
  SANDBOX_SETTINGS,
  canFork,
  describeParams,
  formatSandbox,
  paramsFromScene,
  parseSandbox,
  sandboxScene,
  type SandboxDesign,
  type SandboxParams,
} from './sandbox.ts';
import { course } from './course.ts';
import { ordering } from './scenario.ts';
import { scenes } from './scenes.ts';
import { floodScene } from './flood.ts';
import { stressTrace } from './stressTrace.ts';

/**
 * A chaos replay from its link's `s`, or the sandbox from its settings; undefined for any other id.
 * @example build('sandbox', new URLSearchParams('listeners=3'), scenes)?.scene?.world.listeners.length // 3
 */
function build(sceneId: string, query: URLSearchParams, all: readonly Scene[]): BuiltScene | undefined {
  if (sceneId === SANDBOX_ID) {
    const { params, notices } = parseSandbox(query, all);
    return { scene: sandboxScene(params, all), notices, query: formatSandbox(params) };
  }
  if (sceneId === ordering.replayId) return replayFromLink(ordering, query);
  return undefined;
}

/** Side by side in the sandbox compares the naive design and the redesign. */
const COMPARED: SandboxDesign[] = ['naive', 'per-user-number'];

/** Chapter 1's sandbox, as the deck reads it. */
const sandbox: SandboxSupport<SandboxParams> = {
  id: SANDBOX_ID,
  defaults: DEFAULT_PARAMS,
  parse: parseSandbox,
  format: formatSandbox,
  build: sandboxScene,
  canFork,
  fromScene: paramsFromScene,
  describe: describeParams,
  form: {
    choices: [{ url: 'design', label: 'Design', testid: 'sandbox-design', options: SANDBOX_DESIGNS }],
    switches: [
      { url: 'queue', label: 'Queue group' },
      { url: 'durable', label: 'Durable' },
    ],
    numbers: NUMBER_SPECS.map((n) => ({ url: n.url, label: n.label, min: n.min, max: n.max, ...(n.seconds ? { seconds: true } : {}) })),
    locked: (url, fields, forked) => (url === 'listeners' && fields.design === 'single-copy' ? 'one, for a single copy' : url === 'users' && forked ? 'kept from the scene' : undefined),
  },
  variants: (params) => COMPARED.map((design) => ({ design, label: SANDBOX_DESIGNS.find((d) => d.value === design)?.label ?? design, params: { ...params, design } })),
};

export const chapter: Chapter = {
  id: 'nats',
  scenes,
  build,
  buildable: [
    { id: SANDBOX_ID, title: 'Sandbox', summary: 'A world of your own, from a handful of settings, or a scene continued from one of its steps.', settings: SANDBOX_SETTINGS },
    { id: ordering.replayId, title: 'Chaos replay: one random schedule', summary: 'A schedule the chaos explorer drew (s: the schedule, as its links carry it), replayed on the stage.', settings: ['s'] },
  ],
  chaos: ordering,
  measuring: { scene: floodScene, stream: stressTrace },
  sandbox,
  course,
};
