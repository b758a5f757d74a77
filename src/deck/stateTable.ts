/**
 * The handout's state table: what the stage shows at the end of a step, as words a reader can
 * check on paper — each user's balance and last number processed, each listener's state and the
 * deliveries it has not acked yet, and (design 'last-sequence') each channel's last sequence.
 * A pure function of a ViewState.
 */
import { money, payloadLabel } from '../lib/format.ts';
import type { ViewState } from '../stage/view.ts';
import { vocabularyFor } from '../stage/vocabulary.ts';

export interface StateTable {
  users: { user: string; balance: string; lastNumber: string }[];
  listeners: { name: string; state: string; unacked: string[] }[];
  sequences: { channel: string; last: string }[];
}

/** A number the design has not set yet reads as a dash. */
const orDash = (n: number): string => (n > 0 ? String(n) : '\u2013');

/**
 * @example stateTable(view).users // [{ user: 'Jim', balance: '$10', lastNumber: '–' }]
 */
export function stateTable(view: ViewState): StateTable {
  const words = vocabularyFor();
  const withUser = view.storage.length > 1;
  return {
    users: view.storage.map((r) => ({ user: r.user, balance: money(r.balance), lastNumber: orDash(r.lastNumber) })),
    listeners: view.listeners.map((l) => {
      const job = l.jobs[0];
      const state = job ? `${l.state} ${payloadLabel(job.payload, withUser)}` : l.state;
      return {
        name: words.listenerTitle(l.id, false),
        state: l.slow ? `${state} (slow)` : state,
        unacked: l.unacked.map((u) => `${payloadLabel(u.payload, withUser)}${u.attempt > 1 ? `, attempt ${u.attempt}` : ''}`),
      };
    }),
    sequences: view.sequences.map((s) => ({ channel: s.channel, last: orDash(s.last) })),
  };
}
