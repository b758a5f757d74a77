/** The Orders DB's fault, as data for the fault panel, the link codec and the narration: fail its next commits. */
import type { FaultSpec } from '../family.ts';
import { DB_KINDS } from './world.ts';

/** Commits to fail, at most. */
const COUNT_BOUNDS = [1, 5] as const;

export const dbFaults: readonly FaultSpec[] = [
  {
    do: 'db.fail-commits',
    target: DB_KINDS.table,
    field: 'db',
    idOf: (actor) => actor,
    label: 'Fail its next commit',
    value: { field: 'count', bounds: COUNT_BOUNDS, preset: 1, unit: 'count' },
    command: (id, n = 1) => ({ do: 'db.fail-commits', db: id, count: n }),
    describe: (c) => (Number(c.count) > 1 ? `the next ${Number(c.count)} commits to the Orders DB fail` : 'the next commit to the Orders DB fails'),
  },
];
