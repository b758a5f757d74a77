/**
 * The scene engine: going to step k rebuilds the world from the scene's initial state and replays
 * the commands of steps 0..k. Deterministic, so back, forward and deep links are exact.
 */
import { createWorld, ledger, type World } from '../actors/nats/world.ts';
import type { Ms, Storage, TraceEvent } from '../actors/nats/types.ts';
import type { NatsFaultCommand } from '../actors/nats/faults.ts';
import { faultFor } from '../actors/index.ts';
import type { AnyCommand } from '../kernel/types.ts';
import type { Scene } from './types.ts';

/** A fault someone injected at a moment of a step: a world command, recorded so it replays exactly. */
export interface Injection {
  /** 0-based step during which it happens. */
  step: number;
  /** Virtual time it happens at. */
  atMs: Ms;
  command: NatsFaultCommand;
}

/** "listener A crashes", "A's next write to storage fails"… for the narration log, in the words of the fault's family. */
export function describeInjection(c: Injection['command']): string {
  return faultFor(c.do)?.describe(c as unknown as AnyCommand) ?? c.do;
}

export interface StepResult {
  scene: Scene;
  /** 0-based step index that was run to. */
  step: number;
  seed: number;
  /** Every trace event from the start of the world to the end of step `step`. */
  trace: TraceEvent[];
  /** Index into `trace` of the first event that step `step` added. */
  stepStart: number;
  /** Virtual time when step `step` began and ended. */
  t0: Ms;
  t1: Ms;
  /** Storage (balance per user) at the end of the step. */
  storage: Storage;
  /** The world itself, stopped at the end of the step (for the inspector). */
  world: World;
}

/**
 * Run a scene from the start to the end of step `step` (clamped to the scene's steps).
 * @example runScene(happyPath, 4).storage.Jim.balance // 10
 */
export function runScene(scene: Scene, step: number, opts: { seed?: number; faults?: readonly Injection[] } = {}): StepResult {
  const last = Math.max(0, Math.min(step, scene.steps.length - 1));
  const seed = opts.seed ?? scene.world.seed;
  const world = createWorld({ ...scene.world, seed });
  let stepStart = 0;
  let t0 = 0;
  for (let i = 0; i <= last; i++) {
    const s = scene.steps[i]!;
    if (i === last) {
      stepStart = world.trace.length;
      t0 = world.now;
    }
    // The listeners connect and subscribe before the story starts, as they do on a real server.
    if (i === 0) world.run({ kind: 'quiet' });
    for (const c of s.commands) world.apply(c);
    const mine = (opts.faults ?? []).filter((f) => f.step === i).sort((a, b) => a.atMs - b.atMs);
    if (mine.length === 0) {
      world.run(s.until ?? { kind: 'quiet' });
      continue;
    }
    // Faults someone injected: each at its moment (or at once, if the step's own commands ran
    // past it); then the world runs until it settles, so the consequence is seen in this step.
    for (const f of mine) {
      if (f.atMs > world.now) world.run({ kind: 'for', ms: f.atMs - world.now });
      world.note(`You inject a fault: ${describeInjection(f.command)}`, 'sandbox');
      world.apply(f.command);
    }
    world.run({ kind: 'quiet' });
  }
  return { scene, step: last, seed, trace: world.trace, stepStart, t0, t1: world.now, storage: ledger(world), world };
}
