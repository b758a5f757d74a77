/**
 * How machines talk to the rest of the world without knowing it: each machine *emits* `out`
 * events (XState `emit`) naming a recipient; the world routes them, over the simulated network or
 * locally, and writes the trace. Machines never hold references to each other.
 */
import type { Ms, TraceBase } from './types.ts';

/** A trace entry before the world stamps its time (and arrival, for network hops). */
export type TraceDraft<T extends TraceBase = TraceBase> = Omit<T, 't' | 'arrives'>;

/** A message from one machine to another, or to the world itself (`to: 'world'`, see WorldEvent). */
export interface OutEvent<T extends TraceBase = TraceBase> {
  type: 'out';
  /** Recipient actor name, or 'world' for the world itself. */
  to: string;
  event: { type: string; [key: string]: unknown };
  /**
   * 'net' crosses the simulated network (latency + jitter, may carry a traced token);
   * 'local' is immediate (parts of one process); a number is a timer in virtual ms.
   */
  via: 'net' | 'local' | Ms;
  /** Timers that only keep the world ticking (a periodic check) do not keep it from being quiet. */
  background?: boolean;
  /** What to write in the trace when this is sent (the world adds t and arrives). */
  trace?: TraceDraft<T>;
  /** The message is dropped on the way: traced, never delivered. */
  lost?: boolean;
  /** Extra virtual ms before it leaves (a request sent a little later); such a message keeps no connection order. */
  after?: Ms;
  /** For timers: a later timer with the same key replaces this one. */
  key?: string;
  /**
   * Over the network: the connection it travels on. Messages on one connection arrive in the
   * order they were sent; by default a connection is the pair of hosts, so parallel calls that
   * must not queue behind each other name a connection of their own.
   */
  conn?: string;
  /** Over the network: a `hold` put on its recipient (the kernel's holdNext) may delay it. */
  holdable?: boolean;
}

/** Stop the timer with this key, if it is still pending. */
export interface CancelOut {
  type: 'cancel';
  key: string;
}

/** A bare trace entry with no message attached. */
export interface TraceOut<T extends TraceBase = TraceBase> {
  type: 'trace';
  entry: TraceDraft<T>;
}

export type Emitted<T extends TraceBase = TraceBase> = OutEvent<T> | TraceOut<T> | CancelOut;

/** Every event the world hands a machine carries the virtual time it happens at. */
export interface Timed {
  t: Ms;
}

/** What an actor may ask of the world itself (an OutEvent to 'world'). */
export type WorldEvent =
  /** Start a new actor of a registered kind. */
  | { type: 'spawn'; spec: { name: string; kind: string; config: unknown } }
  /** Stop an actor; what still arrives for it is dropped. */
  | { type: 'stop'; name: string };
