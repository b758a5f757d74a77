/**
 * The scene engine: going to step k replays the commands of steps 0..k on a world built from the
 * scene's initial state. Deterministic, so back, forward and deep links are exact. A scene with a
 * `kernel` config gets a world of any families' actors; the others get chapter 1's NATS world
 * built from `world`.
 *
 * Going forward does not start again: the engine keeps the live world at the end of the last few
 * steps it ran (per scene object, seed and faults) and runs on from the latest one at or before
 * the step asked for. A replay is the same sequence of commands either way, so the result is the
 * same as a rebuild (tests/unit/engine-reuse.test.ts checks it for every scene). Going back, or
 * with other faults up to that step, rebuilds. The engine uses only the world's public surface
 * (apply, run, note, trace, now, and storageOf), so `buildWorld` is the one place a host is chosen.
 *
 * Scenes run on the fast host (kernel/fast.ts): every family's pure rules on plain contexts, the
 * same trace as the XState world (tests/unit/hosts.test.ts checks every step of every scene on
 * both). `host: xstateHost` (chapters/xstate.ts) runs the XState machines instead, for the CLI's
 * snapshot of their state.
 */
import type { Ms, Storage, TraceEvent as NatsTraceEvent } from '../actors/nats/types.ts';
import type { NatsFaultCommand } from '../actors/nats/faults.ts';
import { faultFor } from '../actors/index.ts';
import type { TraceEvent } from '../actors/trace.ts';
import type { AnyCommand } from '../kernel/types.ts';
import type { World } from '../kernel/world.ts';
import { fastHost, type SceneHost } from './hosts.ts';
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
  /**
   * The world itself, stopped at the end of the step (for the inspector and the CLI's state),
   * the caller's to keep: read lazily, and rebuilt if the engine has run on since.
   */
  readonly world: World<TraceEvent, AnyCommand>;
}

/** How many live worlds the engine keeps to run on from: a scene's main run, a comparison or two. */
export const LIVE_WORLDS = 4;

export type { SceneHost };

/** A world a scene has been run on, stopped at the end of step `step`, and what that step began with. */
interface Live {
  scene: Scene;
  seed: number;
  host: SceneHost;
  world: Host;
  step: number;
  /** The faults it has taken in (those of steps 0..step), as faultsUpTo writes them. */
  faults: string;
  stepStart: number;
  t0: Ms;
}

type Host = World<TraceEvent, AnyCommand>;

/** The live worlds, the most recently used first; a world run on is taken out while it runs. */
const live: Live[] = [];

/**
 * Let go of every live world: the next run of any scene rebuilds. For measuring a replay from
 * cold (the bench), or to free the memory of long scenes.
 * @example forgetLiveWorlds(); runScene(happyPath, 4) // replays steps 0..4 from a new world
 */
export function forgetLiveWorlds(): void {
  live.length = 0;
}

/** A new world for a scene, at time 0 before step 0. */
function buildWorld(scene: Scene, seed: number, host: SceneHost): Host {
  return scene.kernel ? host.kernel({ ...scene.kernel, seed }) : (host.nats({ ...scene.world, seed }) as unknown as Host);
}

/** The faults that steps 0..step take in, as a string two runs can be compared by. */
const faultsUpTo = (faults: readonly Injection[], step: number): string => JSON.stringify(faults.filter((f) => f.step <= step));

/** Run step `i` of the scene on a world at the end of step i - 1 (or new, for step 0). */
function runStep(world: Host, scene: Scene, i: number, faults: readonly Injection[]): void {
  const s = scene.steps[i]!;
  // The listeners connect and subscribe before the story starts, as they do on a real server.
  if (i === 0) world.run({ kind: 'quiet' });
  for (const c of s.commands) world.apply(c);
  const mine = faults.filter((f) => f.step === i).sort((a, b) => a.atMs - b.atMs);
  if (mine.length === 0) {
    world.run(s.until ?? { kind: 'quiet' });
    return;
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

/** Run `run` on from the end of its step to the end of step `last`. */
function runOn(run: Live, last: number, faults: readonly Injection[]): void {
  for (let i = run.step + 1; i <= last; i++) {
    if (i === last) {
      run.stepStart = run.world.trace.length;
      run.t0 = run.world.now;
    }
    runStep(run.world, run.scene, i, faults);
  }
  run.step = last;
  run.faults = faultsUpTo(faults, last);
}

/** The live world that can run on to step `last` with these faults, taken out of the list; or a new one. */
function takeLive(scene: Scene, seed: number, host: SceneHost, last: number, faults: readonly Injection[]): Live {
  let best = -1;
  live.forEach((r, i) => {
    if (r.scene !== scene || r.seed !== seed || r.host !== host || r.step > last || (best >= 0 && r.step <= live[best]!.step)) return;
    if (r.faults === faultsUpTo(faults, r.step)) best = i;
  });
  if (best >= 0) return live.splice(best, 1)[0]!;
  return { scene, seed, host, world: buildWorld(scene, seed, host), step: -1, faults: '[]', stepStart: 0, t0: 0 };
}

/**
 * Run a scene from the start to the end of step `step` (clamped to the scene's steps), or on from
 * a live world at an earlier step of the same run. The result does not change when the engine
 * runs on: its trace and storage are copies, and `world` is the world at that step (the live one
 * if nothing has run on it since, handed over for good; else a rebuild).
 * @example runScene(happyPath, 4).storage.Jim.balance // 10
 */
export function runScene(scene: Scene, step: number, opts: { seed?: number; faults?: readonly Injection[]; host?: SceneHost } = {}): StepResult {
  const last = Math.max(0, Math.min(step, scene.steps.length - 1));
  const seed = opts.seed ?? scene.world.seed;
  const host = opts.host ?? fastHost;
  const faults = [...(opts.faults ?? [])];
  // Taken out while it runs: a step that throws leaves nothing half-run behind.
  const run = takeLive(scene, seed, host, last, faults);
  runOn(run, last, faults);
  live.unshift(run);
  live.length = Math.min(live.length, LIVE_WORLDS);
  const { world, stepStart, t0 } = run;
  let own: Host | undefined;
  return {
    scene,
    step: last,
    seed,
    // The one place a kernel world's trace is handed on as chapter 1's (see StepResult.trace).
    trace: world.trace.slice() as NatsTraceEvent[],
    stepStart,
    t0,
    t1: world.now,
    storage: structuredClone(storageOf(world)),
    get world(): Host {
      if (own) return own;
      const i = live.indexOf(run);
      if (i >= 0 && run.step === last) {
        // Nothing has run on it since: the caller may do what it likes with it, so the engine lets it go.
        live.splice(i, 1);
        own = world;
      } else {
        own = buildWorld(scene, seed, host);
        for (let k = 0; k <= last; k++) runStep(own, scene, k, faults);
      }
      return own;
    },
  };
}
