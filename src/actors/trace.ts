/**
 * The typed unions every family adds to: the trace events and the scene commands. Chapter 1's
 * families (nats, http) are listed here; any other family adds itself from its own folder by
 * declaration merging, so a new family never edits this file:
 *
 *   declare module '../trace.ts' {
 *     interface TraceEventsByFamily { db: DbTraceEvent }
 *     interface CommandsByFamily { db: DbCommand }
 *   }
 *
 * Chapter 1's code keeps reading its own events (src/actors/nats/types.ts); code that reads every
 * family's trace uses these, and tells a family's events apart by their kind.
 */
import type { HttpCommand, HttpTraceEvent } from './http/types.ts';
import type { Command as NatsCommand, TraceEvent as NatsTraceEvent } from './nats/types.ts';

/** Each family's trace event type, by family id. */
export interface TraceEventsByFamily {
  nats: NatsTraceEvent;
  http: HttpTraceEvent;
}

/** Each family's command type (what a scene step may issue), by family id. */
export interface CommandsByFamily {
  nats: NatsCommand;
  http: HttpCommand;
}

export type TraceEvent = TraceEventsByFamily[keyof TraceEventsByFamily];
export type TraceKind = TraceEvent['kind'];
/** A command a step may issue: any family's. Verbs tell them apart. */
export type FamilyCommand = CommandsByFamily[keyof CommandsByFamily];
