/**
 * Scenes are data: a cast, an initial world and named steps. The engine (engine.ts) turns
 * (scene, step) into a trace by rebuilding the world and replaying the commands of steps 0..k.
 */
import type { Command, RunUntil, WorldConfig } from '../machines/types.ts';

/** A step: one beat a presenter clicks through. */
export interface Step {
  /** Stable key, used in tests and copy ('publish-all', 'ack-wait-passes'). */
  name: string;
  /** Short heading shown above the narration. */
  title: string;
  /** What the learner reads: one or two sentences, plain words. */
  narration: string;
  /** What the presenter says; shown in the speaker view. */
  notes: string;
  /** World commands issued at the start of the step, in order. */
  commands: Command[];
  /** How far the world runs after the commands. Default: quiet. */
  until?: RunUntil;
  /** Parties to highlight on the stage ('listener:A', 'storage', 'channel:account:deposit'). */
  highlight?: string[];
}

export interface Scene {
  /** URL id: #/nats/<id>/<step>. */
  id: string;
  chapter: 'nats';
  title: string;
  /** One line for lists and the CLI. */
  summary: string;
  /** Channels drawn in the broker box, in order (created on first publish in the world). */
  channels: string[];
  world: WorldConfig;
  /** What a correct run ends with, per user: what the stage checks the final table against. */
  expected: Record<string, number>;
  steps: Step[];
}
