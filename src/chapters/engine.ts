/**
 * The scene engine: going to step k rebuilds the world from the scene's initial state and replays
 * the commands of steps 0..k. Deterministic, so back, forward and deep links are exact. A scene
 * with a `kernel` config gets a world of any families' actors (createKernelWorld); the others
 * get chapter 1's NATS world built from `world`.
 */
import { createWorld } from '../actors/nats/world.ts';
import type { Ms, Storage, TraceEvent as NatsTraceEvent } from '../actors/nats/types.ts';
import type { NatsFaultCommand } from '../actors/nats/faults.ts';
import { createKernelWorld, faultFor } from '../actors/index.ts';
import type { TraceEvent } from '../actors/trace.ts';
import type { AnyCommand } from '../kernel/types.ts';
import type { World } from '../kernel/world.ts';
import type { Scene } from './types.ts';

/** The actor whose accounts are the scene's storage, in every family's world. */
export const STORAGE_ACTOR = 'storage';

/** Balances (and last numbers) per user, now: the accounts of the actor named 'storage'. */
export function storageOf(world: World<TraceEvent, AnyCommand>): Storage {
  return (world.actors.get(STORAGE_ACTOR)?.getSnapshot().context as { accounts?: Storage } | undefined)?.accounts ?? {};
}

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
  /**
   * Every trace event from the start of the world to the end of step `step`. Typed as chapter 1's
   * events, which is what the stage, the narration and the inspector read today; a scene with a
   * `kernel` world holds its families' events here (HTTP: 'request', 'forward'…), which those
   * readers pass over and the families' views (src/actors/index.ts, `views`) read.
   */
  trace: NatsTraceEvent[];
  /** Index into `trace` of the first event that step `step` added. */
  stepStart: number;
  /** Virtual time when step `step` began and ended. */
  t0: Ms;
  t1: Ms;
  /** Storage (balance per user) at the end of the step. */
  storage: Storage;
  /** The world itself, stopped at the end of the step (for the inspector). */
  world: World<TraceEvent, AnyCommand>;
}

/**
 * Run a scene from the start to the end of step `step` (clamped to the scene's steps).
 * @example runScene(happyPath, 4).storage.Jim.balance // 10
 */
export function runScene(scene: Scene, step: number, opts: { seed?: number; faults?: readonly Injection[] } = {}): StepResult {
  const last = Math.max(0, Math.min(step, scene.steps.length - 1));
  const seed = opts.seed ?? scene.world.seed;
  const world: World<TraceEvent, AnyCommand> = scene.kernel ? createKernelWorld({ ...scene.kernel, seed }) : createWorld({ ...scene.world, seed });
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
  // The one place a kernel world's trace is handed on as chapter 1's (see StepResult.trace).
  return { scene, step: last, seed, trace: world.trace as NatsTraceEvent[], stepStart, t0, t1: world.now, storage: storageOf(world), world };
}
