/**
 * The shop's faults, as data for the fault panel, the link codec and the narration: crash and
 * restart an Order API instance, lose its next replies, fail the Discount service's next calls.
 */
import type { AnyCommand } from '../../kernel/types.ts';
import type { FaultSpec } from '../family.ts';
import { SHOP_KINDS } from './world.ts';

/** At most this many replies lost or calls failed. */
const COUNT_BOUNDS = [1, 5] as const;

/** 'service:A' → "instance A". */
const who = (c: AnyCommand): string => {
  const id = String(c.actor);
  return id.startsWith('service:') ? `instance ${id.slice('service:'.length)}` : id;
};

const onApi = (s: Omit<FaultSpec, 'target' | 'field' | 'idOf'>): FaultSpec => ({ target: SHOP_KINDS.orderApi, field: 'actor', idOf: (a) => a, ...s });

export const shopFaults: readonly FaultSpec[] = [
  onApi({ do: 'shop.crash', label: 'Crash', command: (id) => ({ do: 'shop.crash', actor: id }), describe: (c) => `${who(c)} crashes` }),
  onApi({ do: 'shop.restart', label: 'Restart', command: (id) => ({ do: 'shop.restart', actor: id }), describe: (c) => `${who(c)} restarts` }),
  onApi({
    do: 'shop.lose-replies',
    label: 'Lose its next reply',
    value: { field: 'count', bounds: COUNT_BOUNDS, preset: 1, unit: 'count' },
    command: (id, n = 1) => ({ do: 'shop.lose-replies', actor: id, count: n }),
    describe: (c) => (Number(c.count) > 1 ? `the next ${Number(c.count)} replies of ${who(c)} are lost` : `the next reply of ${who(c)} is lost`),
  }),
  {
    do: 'shop.fail-discount',
    target: SHOP_KINDS.discount,
    field: 'actor',
    idOf: (a) => a,
    label: 'Fail its next call',
    value: { field: 'count', bounds: COUNT_BOUNDS, preset: 1, unit: 'count' },
    command: (id, n = 1) => ({ do: 'shop.fail-discount', actor: id, count: n }),
    describe: (c) => (Number(c.count) > 1 ? `the next ${Number(c.count)} calls to the Discount service fail` : 'the next call to the Discount service fails'),
  },
];
