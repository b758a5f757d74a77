/**
 * The faults that break an instance of a service, as data: the fault panel lists them, the link
 * codec checks them against their bounds and the narration log describes them. They name the
 * instance by its actor name ('service:A'), so the same commands also reach a thread of a
 * monolith ('thread:1') when a scene issues them itself. Pure: no DOM.
 */
import type { AnyCommand } from '../../kernel/types.ts';
import type { FaultSpec } from '../family.ts';
import { HTTP_KINDS } from './world.ts';

/** A slow instance takes between these (ms per request). */
export const HTTP_SLOW_BOUNDS_MS = [200, 60_000] as const;
/** Writes to fail, at most. */
const COUNT_BOUNDS = [1, 5] as const;

/** 'service:A' → "instance A", 'thread:1' → "thread 1". */
export const workerWords = (actor: string): string => {
  const [kind, id] = actor.split(':');
  if (id === undefined) return actor;
  return kind === 'thread' ? `thread ${id}` : `instance ${id}`;
};

const who = (c: AnyCommand): string => workerWords(String(c.actor));

type Fields = Omit<FaultSpec, 'target' | 'field' | 'idOf'>;
const spec = (s: Fields): FaultSpec => ({ target: HTTP_KINDS.service, field: 'actor', idOf: (actor) => actor, ...s });

/** In the order the panel offers them. */
export const httpFaults: readonly FaultSpec[] = [
  spec({ do: 'http.crash', label: 'Crash', command: (id) => ({ do: 'http.crash', actor: id }), describe: (c) => `${who(c)} crashes` }),
  spec({ do: 'http.restart', label: 'Restart', command: (id) => ({ do: 'http.restart', actor: id }), describe: (c) => `${who(c)} restarts` }),
  spec({
    do: 'http.slow',
    label: 'Slow down (8 s/request)',
    value: { field: 'processMs', bounds: HTTP_SLOW_BOUNDS_MS, preset: 8_000, unit: 'ms' },
    command: (id, ms = 8_000) => ({ do: 'http.slow', actor: id, processMs: ms }),
    describe: (c) => `${who(c)} now takes ${Number(c.processMs) / 1000} s per request`,
  }),
  spec({
    do: 'http.fail-writes',
    label: 'Fail its next write',
    value: { field: 'count', bounds: COUNT_BOUNDS, preset: 1, unit: 'count' },
    command: (id, n = 1) => ({ do: 'http.fail-writes', actor: id, count: n }),
    describe: (c) => (Number(c.count) > 1 ? `the next ${Number(c.count)} writes of ${who(c)} to the database fail` : `the next write of ${who(c)} to the database fails`),
  }),
];
