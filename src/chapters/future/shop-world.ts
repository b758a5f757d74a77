/**
 * The web shop of chapter 2's first scenes, as worlds of the http, db and shop families: buyers
 * (Ann and Bob) whose browsers call a load balancer in front of two Order API instances, which
 * price each order by the rule in a transaction on the Orders DB; in the running-total design a
 * Discount service keeps the account's total. One network for all of them: 300 ms a hop between
 * machines, 100 ms to the database and the Discount service in the same data centre.
 */
import type { HttpCommand } from '../../actors/http/types.ts';
import type { OrderApiDesign, OrderPayload, ShopCommand } from '../../actors/shop/types.ts';
import type { ActorSpec, KernelConfig, Ms } from '../../kernel/types.ts';
import type { NodeDecl, SceneCommand, StageDecl } from '../types.ts';
import { ACCOUNT, BUYERS, DISCOUNT_RULE, LAST_WEEK_ORDERS, ORDER_AMOUNT, SECOND } from './cast.ts';

/** One hop between machines (a browser to the balancer, the balancer to an instance). */
export const HOP_MS: Ms = 300;
/** An instance to the Orders DB or the Discount service, in the same data centre. */
export const NEAR_MS: Ms = 100;
/** A browser gives up on an attempt after this long. */
export const BROWSER_TIMEOUT_MS: Ms = 3 * SECOND;

const NEAR = ['db', 'discount'];

/** The network of every shop scene. */
export const SHOP_NETWORK: KernelConfig['network'] = {
  latencyMs: HOP_MS,
  jitterMs: 0,
  edges: NEAR.flatMap((n) => [
    { from: '*', to: n, latencyMs: NEAR_MS },
    { from: n, to: '*', latencyMs: NEAR_MS },
  ]),
};

/** The two Order API instances behind the balancer (a scene with one order at a time needs only the first). */
export const INSTANCES = ['service:A', 'service:B'] as const;

/** The instances of a shop with `n` of them. */
const instancesOf = (n: 1 | 2): string[] => INSTANCES.slice(0, n);

/**
 * A shop world: the buyers as plain HTTP callers ('callers', each waits for its answer) or as
 * browsers that retry the whole order ('browsers'), the balancer, two instances of one design, the
 * Orders DB with last week's orders (and running totals when the design reads them), and the
 * Discount service for the running-total design; `instances` of the Order API (default 2). With
 * one instance there is no balancer: the buyers call the instance directly.
 */
export function shopKernel(design: OrderApiDesign, buyers: 'callers' | 'browsers' = 'callers', instances: 1 | 2 = 2): KernelConfig {
  const front: ActorSpec[] = BUYERS.map((name) =>
    buyers === 'callers'
      ? { name, kind: 'http.caller', config: { target: instances === 1 ? INSTANCES[0] : 'lb' } }
      : { name, kind: 'shop.browser', config: { target: instances === 1 ? INSTANCES[0] : 'lb', timeoutMs: BROWSER_TIMEOUT_MS, retryDelaysMs: [SECOND, 2 * SECOND] } },
  );
  return {
    seed: 2,
    actors: [
      ...front,
      ...(instances === 1 ? [] : [{ name: 'lb', kind: 'http.balancer', config: { upstreams: instancesOf(instances) } }]),
      ...instancesOf(instances).map((name) => ({ name, kind: 'shop.order-api', config: { design, rule: DISCOUNT_RULE } })),
      { name: 'db', kind: 'db.table', config: { orders: LAST_WEEK_ORDERS, runningTotals: design !== 'read-then-write' } },
      ...(design === 'running-total' ? [{ name: 'discount', kind: 'shop.discount', config: {} }] : []),
    ],
    network: SHOP_NETWORK,
  };
}

/** The payload of a buyer's order on the account. */
export const orderPayload = (buyer: string, amount: number = ORDER_AMOUNT): OrderPayload => ({ kind: 'deposit', user: ACCOUNT, amount, what: `${buyer}\u2019s order of $${amount}` });

/** A buyer (an HTTP caller) places an order. */
export const placeOrder = (buyer: string, amount: number = ORDER_AMOUNT): HttpCommand => ({ do: 'http.call', caller: buyer, payload: orderPayload(buyer, amount) });

/** A buyer's browser places an order, with an idempotency key when `withKey`. */
export const browserOrder = (buyer: string, withKey = false): ShopCommand => ({ do: 'shop.order', browser: buyer, account: ACCOUNT, amount: ORDER_AMOUNT, ...(withKey ? { withKey: true } : {}) });

/** Let virtual time pass. */
export const wait = (ms: Ms): SceneCommand => ({ do: 'wait', ms });

const buyerNodes = (kind: string): NodeDecl[] => BUYERS.map((id) => ({ id, kind, title: kind === 'shop.browser' ? `${id}\u2019s browser` : id }));

/** Where a shop stage's end-of-scene check goes on a projector: under the Orders DB, in its own node. */
const OUTCOME_NODE: NodeDecl = { id: 'outcome', kind: 'stage.outcome', title: 'The check' };

/** How a shop stage shares its room: each column's width, and the heights in the Orders DB's column. */
export interface ShopStageRoom {
  /** Each column's share of the width, left to right (see StageDecl.widths). */
  widths?: readonly number[];
  /** The Orders DB's share of its column's height (default 1). */
  dbSize?: number;
  /** The Discount service's share of that column's height (default 1). */
  discountSize?: number;
  /** The check's share, when the check has a node of its own under the Orders DB. */
  outcomeSize?: number;
  /** On a phone, each part's row height as a share of the usual (see NodeDecl.phoneSize). */
  phone?: Partial<Record<'buyers' | 'balancer' | 'instances' | 'db' | 'discount', number>>;
}

/** A node with its phone row's share, where one is given. */
const onPhone = (node: NodeDecl, share: number | undefined): NodeDecl => (share === undefined ? node : { ...node, phoneSize: share });

/**
 * The shop's stage, left to right: the buyers, the balancer (with two instances), the instances,
 * then the Orders DB (with the Discount service above it, or a picture of the orders under it,
 * or, `apart`, a picture in a column of its own), and, with `room.outcomeSize`, the end-of-scene
 * check under the Orders DB, where it covers none of the table.
 */
export function shopStage(o: { buyers?: 'callers' | 'browsers'; discount?: boolean; under?: NodeDecl; apart?: NodeDecl; instances?: 1 | 2; room?: ShopStageRoom } = {}): StageDecl {
  const room = o.room ?? {};
  const phone = room.phone ?? {};
  const buyers = buyerNodes(o.buyers === 'browsers' ? 'shop.browser' : 'http.caller').map((n) => onPhone(n, phone.buyers));
  const instances: NodeDecl[] = instancesOf(o.instances ?? 2).map((id) => onPhone({ id, kind: 'shop.order-api', title: `Order API ${id.slice(-1)}` }, phone.instances));
  const db = onPhone({ id: 'db', kind: 'db.table', title: 'Orders DB', ...(room.dbSize === undefined ? {} : { size: room.dbSize }) }, phone.db);
  const discount = onPhone({ id: 'discount', kind: 'shop.discount', title: 'Discount', ...(room.discountSize === undefined ? {} : { size: room.discountSize }) }, phone.discount);
  const balancer = onPhone({ id: 'lb', kind: 'http.balancer', title: 'Load balancer' }, phone.balancer);
  const outcome: NodeDecl[] = room.outcomeSize === undefined ? [] : [{ ...OUTCOME_NODE, size: room.outcomeSize }];
  const last: NodeDecl[] = [...(o.discount ? [discount] : []), db, ...(o.under ? [o.under] : []), ...outcome];
  const direct = instances.length === 1;
  return {
    columns: [buyers, ...(direct ? [] : [[balancer]]), instances, last, ...(o.apart ? [[o.apart]] : [])],
    ...(room.widths ? { widths: room.widths } : {}),
    edges: [
      ...buyers.flatMap((b) => (direct ? instances.map((i) => ({ from: b.id, to: i.id })) : [{ from: b.id, to: 'lb' }])),
      ...(direct ? [] : instances.map((i) => ({ from: 'lb', to: i.id }))),
      ...instances.map((i) => ({ from: i.id, to: 'db' })),
      ...(o.discount ? [...instances.map((i) => ({ from: i.id, to: 'discount' })), { from: 'discount', to: 'db' }] : []),
    ],
  };
}
