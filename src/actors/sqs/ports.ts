/** The kernel's ports (kernel/ports.ts), typed with this family's trace events. */
import type { Emitted as KernelEmitted, OutEvent as KernelOut } from '../../kernel/ports.ts';
import type { SqsTraceEvent } from './types.ts';

export type { Timed } from '../../kernel/ports.ts';
export type OutEvent = KernelOut<SqsTraceEvent>;
export type Emitted = KernelEmitted<SqsTraceEvent>;

/** What a pure rule returns: the new context and what to emit (nothing is mutated). */
export interface Result<C> {
  ctx: C;
  out: Emitted[];
}
