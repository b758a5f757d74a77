/**
 * The slow-listener race told without a broker: one line of requests shared by two workers (two
 * HTTP instances behind a load balancer, or two threads of one process). The world is the same
 * machines with `transport` set, so nothing is stored in a history and nothing is resent; the
 * member choice is the queue group's, fewest requests in flight first, which is what a
 * least-outstanding-requests load balancer or an idle-thread-first pool does.
 */
import type { Command, ListenerConfig, Payload, Transport, WorldConfig } from '../../actors/nats/types.ts';
import { baseConfig } from '../../actors/nats/world.ts';
import { PROCESS_MS, deposit, withdraw } from './cast.ts';

/** One line for every request: a load balancer or a thread pool counts all of a worker's work. */
export const REQUESTS = 'account-srv';

/** How long the slow worker takes over one request (the slow-listener scene's 8 s). */
export const SLOW_MS = 8_000;

/** A request to Account Srv, whatever its kind, on the one line. */
export const call = (payload: Payload): Command => ({ do: 'publish', channel: REQUESTS, payload });

/** Jim's two deposits, a moment apart (from two senders, so neither waits for the other's answer). */
export const TWO_DEPOSITS: Command[] = [call(deposit('Jim', 70)), { do: 'wait', ms: 100 }, call(deposit('Jim', 40))];

/** The withdraw, a second after the $40 deposit was answered. */
export const LATE_WITHDRAW: Command[] = [{ do: 'wait', ms: 1_000 }, call(withdraw('Jim', 100))];

const worker = (id: string): ListenerConfig => ({ id, processMs: PROCESS_MS, subscriptions: [{ channel: REQUESTS, queue: REQUESTS }] });

/**
 * Two workers sharing the one line, over `transport`.
 * @example twoWorkers('threads', ['1', '2']).listeners.map((l) => l.id) // ['1', '2']
 */
export function twoWorkers(transport: Exclude<Transport, 'broker'>, ids: [string, string]): WorldConfig {
  return baseConfig({ transport, users: { Jim: 0 }, listeners: ids.map(worker) });
}
