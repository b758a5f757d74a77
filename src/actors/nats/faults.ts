/**
 * The faults that break a NATS listener, as data: the fault panel lists them, the link codec
 * checks them against their bounds and the narration log describes them. Pure: no DOM.
 */
import type { AnyCommand } from '../../kernel/types.ts';
import type { FaultSpec } from '../family.ts';
import type { Command } from './types.ts';
import { KINDS, listenerName } from './world.ts';

/** A slow listener takes between these (ms per event). */
export const SLOW_BOUNDS_MS = [200, 60_000] as const;
/** A delayed delivery is held up between these (ms). */
export const DELAY_BOUNDS_MS = [100, 120_000] as const;
/** Writes or acks to lose, at most. */
const COUNT_BOUNDS = [1, 5] as const;

const idOf = (actor: string): string => actor.replace(/^listener:/, '');
const listener = (c: AnyCommand): string => String(c.listener);

type Fields = Omit<FaultSpec, 'target' | 'field' | 'idOf'>;
const spec = (s: Fields): FaultSpec => ({ target: KINDS.listener, field: 'listener', idOf, ...s });

/** In the order the panel offers them. */
export const natsFaults: readonly FaultSpec[] = [
  spec({ do: 'crash', label: 'Crash', command: (id) => ({ do: 'crash', listener: id }), describe: (c) => `listener ${listener(c)} crashes` }),
  spec({ do: 'restart', label: 'Restart', command: (id) => ({ do: 'restart', listener: id }), describe: (c) => `listener ${listener(c)} restarts` }),
  spec({
    do: 'slow',
    label: 'Slow down (8 s/event)',
    value: { field: 'processMs', bounds: SLOW_BOUNDS_MS, preset: 8_000, unit: 'ms' },
    command: (id, ms = 8_000) => ({ do: 'slow', listener: id, processMs: ms }),
    describe: (c) => `listener ${listener(c)} now takes ${Number(c.processMs) / 1000} s per event`,
  }),
  spec({
    do: 'fail-writes',
    label: 'Fail its next write',
    value: { field: 'count', bounds: COUNT_BOUNDS, preset: 1, unit: 'count' },
    command: (id, n = 1) => ({ do: 'fail-writes', listener: id, count: n }),
    describe: (c) => `listener ${listener(c)}'s next write to storage fails`,
  }),
  spec({
    do: 'lose-acks',
    label: 'Lose its next ack',
    value: { field: 'count', bounds: COUNT_BOUNDS, preset: 1, unit: 'count' },
    command: (id, n = 1) => ({ do: 'lose-acks', listener: id, count: n }),
    describe: (c) => `listener ${listener(c)}'s next ack is lost`,
  }),
  spec({
    do: 'delay',
    label: 'Delay next delivery 20 s',
    value: { field: 'ms', bounds: DELAY_BOUNDS_MS, preset: 20_000, unit: 'ms' },
    command: (id, ms = 20_000) => ({ do: 'delay', listener: id, ms }),
    describe: (c) => `the next delivery to listener ${listener(c)} is held up ${Number(c.ms) / 1000} s on the network`,
  }),
];

/** A fault's command, typed as the family's commands. */
export type NatsFaultCommand = Extract<Command, { do: 'crash' | 'restart' | 'slow' | 'fail-writes' | 'lose-acks' | 'delay' }>;

export { listenerName };
