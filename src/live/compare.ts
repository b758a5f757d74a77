/**
 * Compare a simulated trace with a real one: what each subscriber got, how often each message was
 * delivered, which ended acked, what was refused and the final balances. Pure, so the conformance
 * tests and live mode's "does the real broker agree?" panel share it.
 */
import type { Storage, TraceEvent } from '../actors/nats/types.ts';
import { narrateTrace } from '../stage/narrate.ts';

export interface Summary {
  /** Message id → number of deliveries (first delivery plus redeliveries). */
  deliveries: Record<number, number>;
  /** The same counts, sorted, without saying which message: what a queue group must agree on
   * when the server is free to choose which member gets (and so which member fails) what. */
  deliveryCounts: number[];
  /** Messages acked at least once, ascending. */
  acked: number[];
  /** Withdrawals refused for lack of funds. */
  refused: number[];
  /** Balance per user at the end. */
  balances: Record<string, number>;
  /** Per listener, the messages it received, in order. */
  received: Record<string, number[]>;
  /**
   * Within a queue group, every delivery (message, attempt) went to exactly one member. (Without
   * a queue group each listener has a subscription of its own, and each gets every message.)
   */
  oneMemberPerDelivery: boolean;
}

/** What a trace and its final storage say, in the terms both sides share. */
export function summarize(trace: readonly TraceEvent[], storage: Storage): Summary {
  const deliveries: Record<number, number> = {};
  const received: Record<string, number[]> = {};
  const seen = new Map<string, number>();
  const acked = new Set<number>();
  const refused: number[] = [];
  for (const e of trace) {
    if ((e.kind === 'deliver' || e.kind === 'redeliver') && e.msg !== undefined) {
      deliveries[e.msg] = (deliveries[e.msg] ?? 0) + 1;
      const key = `${e.msg}/${e.attempt ?? 1}/${e.queue === undefined ? `alone:${e.to}` : `group:${e.channel}/${e.queue}`}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    if (e.kind === 'receive' && e.msg !== undefined && e.to) (received[e.to] ??= []).push(e.msg);
    if (e.kind === 'ack' && e.msg !== undefined) acked.add(e.msg);
    if (e.kind === 'reject' && e.msg !== undefined) refused.push(e.msg);
  }
  return {
    deliveries,
    deliveryCounts: Object.values(deliveries).sort((a, b) => a - b),
    acked: [...acked].sort((a, b) => a - b),
    refused,
    balances: Object.fromEntries(Object.entries(storage).map(([u, r]) => [u, r.balance])),
    received,
    oneMemberPerDelivery: [...seen.values()].every((n) => n === 1),
  };
}

export type Aspect = keyof Omit<Summary, 'oneMemberPerDelivery'>;

/**
 * The differences between two summaries on the aspects asked for; empty when they agree.
 * Both sides must always deliver each (message, attempt) to exactly one member.
 */
export function differences(sim: Summary, real: Summary, aspects: Aspect[]): string[] {
  const out: string[] = [];
  if (!sim.oneMemberPerDelivery) out.push('simulation: a delivery reached more than one member');
  if (!real.oneMemberPerDelivery) out.push('real server: a delivery reached more than one member');
  for (const a of aspects) {
    const [x, y] = [JSON.stringify(sim[a]), JSON.stringify(real[a])];
    if (x !== y) out.push(`${a}: simulation ${x}, real server ${y}`);
  }
  return out;
}

/** Two traces as sentences in two columns, for a failing test's message. */
export function sideBySide(sim: readonly TraceEvent[], real: readonly TraceEvent[], width = 70): string {
  const a = narrateTrace(sim).map((l) => l.text);
  const b = narrateTrace(real).map((l) => l.text);
  const rows = [`${'SIMULATION'.padEnd(width)} | REAL SERVER`, `${'-'.repeat(width)}-+-${'-'.repeat(width)}`];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const left = (a[i] ?? '').slice(0, width).padEnd(width);
    rows.push(`${left} | ${(b[i] ?? '').slice(0, width)}`);
  }
  return rows.join('\n');
}
