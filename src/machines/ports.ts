/**
 * How machines talk to the rest of the world without knowing it: each machine *emits* `out`
 * events (XState `emit`) naming a recipient; the world routes them, over the simulated network or
 * locally, and writes the trace. Machines never hold references to each other.
 */
import type { Ms, TraceEvent } from './types.ts';

/** A trace entry before the world stamps its time (and arrival, for network hops). */
export type TraceDraft = Omit<TraceEvent, 't' | 'arrives'>;

/** A message from one machine to another, or to the world itself. */
export interface OutEvent {
  type: 'out';
  /** Recipient actor name ('server', 'listener:A', 'sub:account:deposit/myQueueGroup', 'storage'). */
  to: string;
  event: { type: string; [key: string]: unknown };
  /**
   * 'net' crosses the simulated network (latency + jitter, may carry a traced token);
   * 'local' is immediate (a process talking to its own disk); a number is a timer in virtual ms.
   */
  via: 'net' | 'local' | Ms;
  /** Timers that only keep the world ticking (heartbeats) do not keep it from being quiet. */
  background?: boolean;
  /** What to write in the trace when this is sent (the world adds t and arrives). */
  trace?: TraceDraft;
  /** The message is dropped on the way (a lost ack): traced, never delivered. */
  lost?: boolean;
  /** Extra virtual ms before it leaves (a request sent a little later). */
  after?: Ms;
  /** For timers: a later timer with the same key replaces this one. */
  key?: string;
}

/** Stop the timer with this key, if it is still pending. */
export interface CancelOut {
  type: 'cancel';
  key: string;
}

/** A bare trace entry with no message attached. */
export interface TraceOut {
  type: 'trace';
  entry: TraceDraft;
}

export type Emitted = OutEvent | TraceOut | CancelOut;

/** Every event the world hands a machine carries the virtual time it happens at. */
export interface Timed {
  t: Ms;
}
