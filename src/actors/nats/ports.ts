/** The kernel's ports (kernel/ports.ts), typed with this family's trace events. */
import type { Emitted as KernelEmitted, OutEvent as KernelOut, TraceDraft as KernelDraft } from '../../kernel/ports.ts';
import type { TraceEvent } from './types.ts';

export type { CancelOut, Timed } from '../../kernel/ports.ts';
export type TraceDraft = KernelDraft<TraceEvent>;
export type OutEvent = KernelOut<TraceEvent>;
export type Emitted = KernelEmitted<TraceEvent>;
