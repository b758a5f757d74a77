/** The kernel's ports (kernel/ports.ts), typed with this family's trace events. */
import type { Emitted as KernelEmitted, TraceDraft as KernelDraft } from '../../kernel/ports.ts';
import type { RabbitTraceEvent } from './types.ts';

export type { Timed } from '../../kernel/ports.ts';
export type TraceDraft = KernelDraft<RabbitTraceEvent>;
export type Emitted = KernelEmitted<RabbitTraceEvent>;

/** What a pure rule returns: the new context and what to emit (nothing is mutated). */
export interface Result<C> {
  ctx: C;
  out: Emitted[];
}
