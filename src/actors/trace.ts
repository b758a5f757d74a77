/**
 * The one typed union of trace events: the kernel's base fields plus each family's kinds and
 * fields. A family adds its kinds here when it lands. Chapter 1's code keeps reading its own
 * events (src/actors/nats/types.ts); code that reads every family's trace uses these, and tells
 * a family's events apart by their kind.
 */
import type { HttpTraceEvent, HttpTraceKind } from './http/types.ts';
import type { TraceEvent as NatsTraceEvent, TraceKind as NatsTraceKind } from './nats/types.ts';

export type TraceKind = NatsTraceKind | HttpTraceKind;
export type TraceEvent = NatsTraceEvent | HttpTraceEvent;
