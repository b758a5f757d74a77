/** The kernel's ports (kernel/ports.ts), typed with this family's trace events, and the shape every rule returns. */
import type { Emitted as KernelEmitted } from '../../kernel/ports.ts';
import type { SagaTraceEvent } from './types.ts';

export type { Timed } from '../../kernel/ports.ts';
export type Emitted = KernelEmitted<SagaTraceEvent>;

/** What a pure rule returns: the new context and what to emit (nothing is mutated). */
export interface Result<C> {
  ctx: C;
  out: Emitted[];
}

/** Every event a saga actor gets carries the virtual time the world stamped on it. */
export interface Stamped {
  type: string;
  t: number;
}
