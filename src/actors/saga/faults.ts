/**
 * The faults that break the saga family's actors, as data: crash and restart the Discount host
 * (a plain handler or the saga host), make its next handlings fail (a transient error), crash and
 * restart the Order API. The fault panel, the link codec and the narration read these. Pure.
 */
import type { AnyCommand } from '../../kernel/types.ts';
import type { FaultSpec } from '../family.ts';
import { SAGA_KINDS } from './cast.ts';

/** Handlings to fail, at most. */
const COUNT_BOUNDS = [1, 5] as const;

const who = (c: AnyCommand): string => (String(c.actor) === 'api' ? 'the Order API' : String(c.actor) === 'discount' ? 'the Discount host' : String(c.actor));

type Fields = Omit<FaultSpec, 'field' | 'idOf'>;
const spec = (s: Fields): FaultSpec => ({ field: 'actor', idOf: (actor) => actor, ...s });

/** In the order the panel offers them. */
export const sagaFaults: readonly FaultSpec[] = [
  spec({ do: 'saga.crash', target: SAGA_KINDS.host, label: 'Crash', command: (id) => ({ do: 'saga.crash', actor: id }), describe: (c) => `${who(c)} crashes` }),
  spec({ do: 'saga.restart', target: SAGA_KINDS.host, label: 'Restart', command: (id) => ({ do: 'saga.restart', actor: id }), describe: (c) => `${who(c)} restarts` }),
  spec({
    do: 'saga.fail',
    target: SAGA_KINDS.host,
    label: 'Fail its next handling',
    value: { field: 'count', bounds: COUNT_BOUNDS, preset: 1, unit: 'count' },
    command: (id, n = 1) => ({ do: 'saga.fail', actor: id, count: n }),
    describe: (c) => (Number(c.count) > 1 ? `the next ${Number(c.count)} handlings of ${who(c)} fail` : `the next handling of ${who(c)} fails`),
  }),
  spec({ do: 'saga.api-crash', target: SAGA_KINDS.api, label: 'Crash', command: (id) => ({ do: 'saga.api-crash', actor: id }), describe: (c) => `${who(c)} crashes` }),
  spec({ do: 'saga.api-restart', target: SAGA_KINDS.api, label: 'Restart', command: (id) => ({ do: 'saga.api-restart', actor: id }), describe: (c) => `${who(c)} restarts` }),
];
