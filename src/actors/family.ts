/**
 * What a family of actors brings besides its machines (kernel/registry.ts has those): the faults
 * that break its actors, as data with bounds. The fault panel, the link codec and the chaos
 * runner read these, so adding a fault is one entry in its family's list. Pure: no DOM.
 */
import type { AnyCommand, Ms } from '../kernel/types.ts';

/** The number a fault takes, with its bounds: "takes 8 s per event", "fails the next 2 writes". */
export interface FaultValue {
  /** The command's field that holds it ('processMs', 'count', 'ms'). */
  field: string;
  /** Inclusive bounds; a link or a dialog outside them is refused or clamped. */
  bounds: readonly [number, number];
  /** The value the fault panel uses. */
  preset: number;
  unit: 'ms' | 'count';
}

/** One way to break an actor. */
export interface FaultSpec {
  /** The command verb it issues ('crash'). */
  do: string;
  /** The actor kind it breaks ('nats.listener'). */
  target: string;
  /** The command's field naming the target, and how an actor's name becomes its value ('listener:A' → 'A'). */
  field: string;
  idOf(actor: string): string;
  /** Button text in the fault panel: "Crash". */
  label: string;
  /** The number it takes, if any. */
  value?: FaultValue;
  /** The command for a target (and value), as the panel issues it. */
  command(id: string, value?: number): AnyCommand;
  /** For the narration log: "listener A crashes". */
  describe(command: AnyCommand): string;
}

/** Virtual ms within which an injection may happen: a year, so the slowest stories still fit. */
export const MAX_INJECTION_AT_MS: Ms = 366 * 24 * 3600_000;
