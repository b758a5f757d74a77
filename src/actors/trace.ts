/**
 * The one typed union of trace events: the kernel's base fields plus each family's kinds and
 * fields. A family adds its kinds here when it lands.
 */
import type { TraceEvent as NatsTraceEvent, TraceKind as NatsTraceKind } from './nats/types.ts';

export type TraceKind = NatsTraceKind;
export type TraceEvent = NatsTraceEvent;
