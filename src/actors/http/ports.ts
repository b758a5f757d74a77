/** The kernel's ports (kernel/ports.ts), typed with this family's trace events. */
import type { Emitted as KernelEmitted, OutEvent as KernelOut, TraceDraft as KernelDraft } from '../../kernel/ports.ts';
import type { HttpTraceEvent } from './types.ts';

export type { Timed } from '../../kernel/ports.ts';
export type TraceDraft = KernelDraft<HttpTraceEvent>;
export type OutEvent = KernelOut<HttpTraceEvent>;
export type Emitted = KernelEmitted<HttpTraceEvent>;

/** What a pure rule returns: the new context and what to emit (nothing is mutated). */
export interface Result<C> {
  ctx: C;
  out: Emitted[];
}
