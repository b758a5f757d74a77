/**
 * The handout's state table: what the stage shows at the end of a step, as words a reader can
 * check on paper — each user's balance (and, in the designs that number events, the last ID
 * processed), each listener's state and the deliveries it has not acked yet, and (design
 * 'last-sequence') each channel's last sequence. A pure function of a ViewState.
 */
import { money, payloadLabel } from '../lib/format.ts';
import { lastColumnTitle } from '../stage/tables.ts';
import type { ViewState } from '../stage/view.ts';
import { vocabularyFor } from '../stage/vocabulary.ts';

export interface StateTable {
  /** Column headings where they are not chapter 1's (a declared stage's actors hold requests, not unacked messages). */
  words?: { actor: string; held: string };
  /** The heading of the users' number column, as the stage names it: only in the designs that number each user's events. */
  lastNumber?: string;
  /** `lastNumber` is set on each row exactly when the table has that column. */
  users: { user: string; balance: string; lastNumber?: string }[];
  listeners: { name: string; state: string; unacked: string[] }[];
  sequences: { channel: string; last: string }[];
}

/** A number the design has not set yet reads as a dash. */
const orDash = (n: number): string => (n > 0 ? String(n) : '\u2013');

/**
 * @example stateTable(happyPathEnd).users // [{ user: 'Jim', balance: '$10' }]
 * @example stateTable(redesignEnd).users // [{ user: 'Jim', balance: '$10', lastNumber: '3' }]
 */
export function stateTable(view: ViewState): StateTable {
  if (view.declared) return declaredTable(view.declared);
  const words = vocabularyFor();
  const withUser = view.storage.length > 1;
  const column = lastColumnTitle(view.design);
  return {
    ...(column ? { lastNumber: `${column} processed` } : {}),
    users: view.storage.map((r) => ({ user: r.user, balance: money(r.balance), ...(column ? { lastNumber: orDash(r.lastNumber) } : {}) })),
    listeners: view.listeners.map((l) => {
      const job = l.jobs[0];
      const state = job ? `${l.state} ${payloadLabel(job.payload, withUser)}` : l.state;
      return {
        name: words.listenerTitle(l.id),
        state: l.slow ? `${state} (slow)` : state,
        unacked: l.unacked.map((u) => `${payloadLabel(u.payload, withUser)}${u.attempt > 1 ? `, attempt ${u.attempt}` : ''}`),
      };
    }),
    sequences: view.sequences.map((s) => ({ channel: s.channel, last: orDash(s.last) })),
  };
}

/** A declared stage's state: the balances its nodes report, and every other node's state with what it holds. */
function declaredTable(d: NonNullable<ViewState['declared']>): StateTable {
  const balances = Object.assign({}, ...d.nodes.map((n) => n.view.balances ?? {})) as Record<string, number>;
  return {
    words: { actor: 'Actor', held: 'Holds' },
    users: Object.entries(balances).map(([user, balance]) => ({ user, balance: money(balance) })),
    listeners: d.nodes
      .filter((n) => !n.view.balances)
      .map((n) => ({
        name: n.ref.title,
        state: [n.view.down ? 'down' : n.view.state, n.view.slow ? '(slow)' : ''].filter(Boolean).join(' '),
        unacked: n.view.items.map((it) => [it.label, it.tag].filter(Boolean).join(' ')),
      })),
    sequences: [],
  };
}
