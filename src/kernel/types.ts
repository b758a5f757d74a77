/**
 * The kernel's vocabulary: virtual time, the base shape of a trace event, how far a run goes,
 * and how a world is configured (a list of actors plus the network). No domain word lives here:
 * families (src/actors/<family>) bring their own kinds of actor, trace kinds and commands.
 */

/** Virtual milliseconds since the world started. */
export type Ms = number;

/** Who is who on the stage and in the trace: an actor's name. */
export type Party = string;

/**
 * What every trace event has, whatever family wrote it: its time, its kind, and where it applies.
 * Families add fields of their own (see src/actors/trace.ts for the assembled union).
 * @example { t: 30400, kind: 'ping', msg: 1, from: 'a', to: 'b', attempt: 2 }
 */
export interface TraceBase {
  t: Ms;
  kind: string;
  /** Global message id, where a message is involved. */
  msg?: number;
  from?: Party;
  to?: Party;
  /** Delivery attempt, 1 for the first. */
  attempt?: number;
  /** Virtual time at which what set off here arrives (network hops). */
  arrives?: Ms;
  /** Extra words for the narration log. */
  note?: string;
}

/** Trace kinds the kernel itself writes. */
export type KernelTraceKind = 'note' | 'runaway';

/** How far the world runs. */
export type RunUntil<K extends string = string> =
  | { kind: 'quiet' } // until nothing is pending but background timers
  | { kind: 'for'; ms: Ms }
  | { kind: 'event'; match: Partial<{ kind: K; msg: number; to: Party; from: Party; attempt: number }> };

/** One actor of a world: its name (unique), the kind a family registered, and that kind's config. */
export interface ActorSpec<C = unknown> {
  name: string;
  kind: string;
  config: C;
}

/** Latency and jitter of the hops from one host to another (an actor's name is its host unless its kind says otherwise). */
export interface EdgeConfig {
  from: string;
  to: string;
  latencyMs?: Ms;
  jitterMs?: Ms;
}

/** The simulated network: a default hop and, where it differs, per-edge latency and jitter. */
export interface NetworkConfig {
  /** One hop, by default. */
  latencyMs: Ms;
  /** Up to this much extra on each hop, drawn from the seeded generator. */
  jitterMs: Ms;
  /** Edges that differ from the default; the first that matches (from, to) wins; '*' matches any host. */
  edges?: EdgeConfig[];
}

export interface KernelConfig {
  seed: number;
  actors: ActorSpec[];
  network: NetworkConfig;
  /**
   * A safety net a chapter may choose for its stories: a run until quiet or until an event gives
   * up, quietly, once the next timer is further than this from the run's start (chapter 1 uses
   * 30 minutes, past which its stories have nothing to say). Absent: no limit but a runaway's.
   */
  horizonMs?: Ms;
}

/** The command every world understands: let virtual time pass. Families add the rest. */
export interface WaitCommand {
  do: 'wait';
  ms: Ms;
}

/** A command as the kernel sees it: a verb a family registered, and its fields. */
export interface AnyCommand {
  do: string;
  [field: string]: unknown;
}
