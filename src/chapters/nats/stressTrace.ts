/**
 * A synthetic chapter-1 trace for the stress page's many-messages mode: a steady stream of $1
 * deposits through one channel and a queue group of two listeners, with the events a run of
 * floodScene writes for each message (publish, store, deliver, receive, process-start, write,
 * process-ok, ack) and its hop times (300 ms a hop, 30 s ack wait). It is synthesised rather
 * than run in the world, so the page opens in a blink instead of the seconds a 10,000-message
 * replay takes; tests/unit/stage-view-index.test.ts checks it has the shape of a
 * real run. Pure data, no DOM.
 */
import type { Ms, Party, Payload, TraceEvent } from '../../actors/nats/types.ts';
import { CHANNELS, DEPOSIT, QUEUE } from './cast.ts';

/** One hop (publisher → server, server → listener, listener → server) takes this long. */
export const STRESS_HOP_MS = 300;
/** The server's ack wait in the synthetic run. */
const ACK_WAIT_MS = 30_000;

export interface StressTrace {
  trace: TraceEvent[];
  /** Virtual time at which `messages` messages are in the channel and `inFlight` hops are on their way: the window starts here. */
  from: Ms;
}

/**
 * A stream of deposits published at a steady rate so that about `inFlight` hops travel at once,
 * long enough that `messages` are stored by `from` and the stream still runs `windowMs` after it.
 * Each listener works on one message at a time, `processMs` each.
 * @example stressTrace({ messages: 10_000, inFlight: 500, windowMs: 3_000, processMs: 2 }).trace.length // about 96,000
 */
export function stressTrace(opts: { messages: number; inFlight: number; windowMs: Ms; processMs: Ms; listeners?: readonly string[] }): StressTrace {
  const listeners: Party[] = (opts.listeners ?? ['A', 'B']).map((id) => `listener:${id}`);
  // Three hops a message: publish, deliver, ack.
  const perMs = Math.max(opts.inFlight, 1) / (3 * STRESS_HOP_MS);
  const publishAt = (k: number): Ms => 900 + Math.floor((k - 1) / perMs);
  const from = publishAt(opts.messages) + STRESS_HOP_MS;
  // Enough messages after the window's first that the stream keeps flowing to its end, and a little beyond.
  const total = opts.messages + Math.ceil(perMs * (opts.windowMs + 4 * STRESS_HOP_MS));
  const payload: Payload = { kind: 'deposit', user: 'Jim', amount: 1 };
  const events: { e: TraceEvent; order: number }[] = [];
  let order = 0;
  const add = (e: TraceEvent): void => {
    events.push({ e, order: order++ });
  };
  for (const l of listeners) for (const channel of CHANNELS) add({ t: 900, kind: 'subscribe', channel, from: l, queue: QUEUE });
  const freeAt = new Map<Party, Ms>(listeners.map((l) => [l, 0]));
  for (let k = 1; k <= total; k++) {
    const p = publishAt(k);
    const stored = p + STRESS_HOP_MS;
    const to = listeners[(k - 1) % listeners.length]!;
    const arrives = stored + STRESS_HOP_MS;
    const start = Math.max(arrives, freeAt.get(to)!);
    const done = start + opts.processMs;
    freeAt.set(to, done);
    const base = { msg: k, channel: DEPOSIT, seq: k };
    add({ t: p, kind: 'publish', msg: k, channel: DEPOSIT, from: 'publisher', to: 'server', payload, arrives: stored });
    add({ t: stored, kind: 'store', ...base, to: `channel:${DEPOSIT}`, payload });
    add({ t: stored, kind: 'deliver', ...base, from: 'server', to, attempt: 1, payload, ackDeadline: stored + ACK_WAIT_MS, queue: QUEUE, arrives });
    add({ t: arrives, kind: 'receive', ...base, to, payload, attempt: 1 });
    add({ t: start, kind: 'process-start', ...base, from: to, payload, attempt: 1 });
    add({ t: done, kind: 'write', ...base, from: to, to: 'storage', payload, balance: 0 });
    add({ t: done, kind: 'process-ok', ...base, from: to, payload, balance: 0, attempt: 1 });
    add({ t: done, kind: 'ack', ...base, from: to, to: 'server', attempt: 1, arrives: done + STRESS_HOP_MS });
  }
  events.sort((a, b) => a.e.t - b.e.t || a.order - b.order);
  // The balance after each write, in the order the writes happen.
  let balance = 0;
  const trace = events.map(({ e }) => {
    if (e.kind === 'write') balance += 1;
    return e.kind === 'write' || e.kind === 'process-ok' ? { ...e, balance } : e;
  });
  return { trace, from };
}
