/**
 * The vocabulary of the NATS family (chapter 1's world): message payloads, its trace kinds and
 * fields, how its world is configured and the commands it takes. Plain data only: everything
 * here survives JSON.stringify and structuredClone.
 */
import type { Ms, Party, RunUntil as KernelRunUntil, TraceBase } from '../../kernel/types.ts';

export type { Ms, Party };

/** How far the world runs after a step's commands (the kernel's, with this family's trace kinds). */
export type RunUntil = KernelRunUntil<TraceKind>;

/** A business event carried by a message. */
export interface Payload {
  /**
   * 'deposit' adds to the balance, 'withdraw' takes from it (refused if it would go below zero);
   * 'tweet' is a post added to the user's timeline, where no rule cares about order.
   */
  kind: 'deposit' | 'withdraw' | 'tweet';
  user: string;
  /** Dollars (0 for a tweet). */
  amount: number;
  /** A tweet's words. */
  text?: string;
  /**
   * Stamped by the publisher: the user's own 1, 2, 3… in 'per-user-number'; the publisher's
   * running Seq over every event in 'publisher-last-seq'. Absent in the other designs.
   */
  number?: number;
  /** 'publisher-last-seq': the Seq of this user's previous event (0 for the first), the "Last Seq" it must follow. */
  prev?: number;
  /**
   * How the narration names this payload when it is not one of chapter 1's deposits or withdraws
   * ("an order of $100", chapter 2's shop): the log says it instead of "deposit $100".
   */
  what?: string;
}

export type TraceKind =
  | 'publish' // publisher sends a message to the server
  | 'store' // server appends it to the channel's history with a sequence number
  | 'deliver' // server sends it to a subscriber (first time)
  | 'redeliver' // server sends it again after the ack wait (or to another member)
  | 'receive' // the listener got it off the wire
  | 'process-start'
  | 'write' // the listener's write reached storage and was applied
  | 'process-ok'
  | 'process-fail' // storage write failed: the listener does not ack
  | 'reject' // business rule: a withdraw that would overdraw is refused (still acked)
  | 'skip' // redesign: number out of order, not processed and not acked
  | 'duplicate' // redesign: number already processed, acked without applying it again
  | 'ack' // the ack reached the server; the message is done for that subscription
  | 'ack-lost' // the listener sent an ack that never arrived
  | 'ack-timeout' // the ack wait passed with no ack
  | 'stalled' // a subscription reached MaxInflight
  | 'subscribe'
  | 'crash'
  | 'leave' // a listener closes its connection on purpose (a deploy, a shutdown)
  | 'restart'
  | 'hb-miss' // a client missed a heartbeat
  | 'client-closed' // the server gave up on a client (heartbeats) or it closed
  | 'lost' // a message arrived at a crashed listener and vanished
  | 'note' // narration-only marker
  | 'runaway'; // the kernel stopped a world that scheduled work without end

/**
 * One fact of the world, in time order.
 * @example { t: 30400, kind: 'redeliver', msg: 1, channel: 'account:deposit', seq: 1,
 *            from: 'server', to: 'listener:B', attempt: 2 }
 */
export interface TraceEvent extends TraceBase {
  t: Ms;
  kind: TraceKind;
  /** Global message id, 1, 2, 3… in publish order (channel sequences restart per channel). */
  msg?: number;
  channel?: string;
  /** Sequence number within the channel. */
  seq?: number;
  from?: Party;
  to?: Party;
  /** Delivery attempt, 1 for the first delivery. */
  attempt?: number;
  payload?: Payload;
  /** Balance of payload.user after a write, or when a withdraw is refused. */
  balance?: number;
  /** When the ack wait for this delivery runs out (deliver / redeliver). */
  ackDeadline?: Ms;
  /** Virtual time at which the event that started here arrives (publish, deliver, ack). */
  arrives?: Ms;
  /** Queue group name, where one is involved. */
  queue?: string;
  /** Extra words for the narration log. */
  note?: string;
}

export interface SubscriptionConfig {
  channel: string;
  /** Queue group name; members share the work. */
  queue?: string;
  /** Durable name: the server remembers what was acked across restarts. */
  durable?: string;
  /** Start from the first stored message instead of only new ones (setDeliverAllAvailable). */
  deliverAll?: boolean;
  /** Ack wait; the server refuses less than 1 s. Default 30 s. */
  ackWaitMs?: Ms;
  /** Unacked messages allowed before the server stops sending. Default 16384 (the Node client). */
  maxInflight?: number;
  /** Sent this long after the listener connects (subscription requests go one by one; join order matters). */
  afterMs?: Ms;
}

export interface ListenerConfig {
  /** 'A', 'B'… shown as "Account Srv (Listener) A". */
  id: string;
  /** Time to handle one message before its storage write. */
  processMs: Ms;
  /** Subscriptions, opened in this order at start-up. */
  subscriptions: SubscriptionConfig[];
  /** Milliseconds after the start of the world when this listener connects (join order). */
  startAtMs?: Ms;
  /** Not started with the world: a `start` command brings it up (a service deployed later). */
  manualStart?: boolean;
}

/**
 * How the listener decides what to do with an event:
 * - 'naive': apply whatever arrives;
 * - 'last-sequence': the database keeps the last channel sequence processed, per channel, and
 *   applies sequence n only after n−1 (the slides' "share the last event processed");
 * - 'publisher-last-seq': the publisher numbers every event (Seq) and stamps the Seq of the same
 *   user's previous one; the database keeps each user's Last ID Processed and applies an event
 *   only when its Last Seq matches;
 * - 'per-user-number': the redesign; the publisher numbers each user's transactions 1, 2, 3…
 *   and the database applies number n only after n−1.
 * Out of turn: skipped and not acked. Already processed: acked without applying it twice.
 */
export type Design = 'naive' | 'last-sequence' | 'publisher-last-seq' | 'per-user-number';


export interface WorldConfig {
  seed: number;
  design: Design;
  /** Starting balance per user. */
  users: Record<string, number>;
  listeners: ListenerConfig[];
  /** One network hop (publisher→server, server→listener, listener→server). */
  latencyMs: Ms;
  /** Up to this much extra, drawn from the seeded generator, on each hop. */
  jitterMs: Ms;
  /** Server heartbeat settings (nats-streaming-server -hbi -hbt -hbf). */
  heartbeat: { intervalMs: Ms; timeoutMs: Ms; failCount: number };
}

/** What a scene step (or a fault schedule) asks the world to do. */
export type Command =
  | { do: 'publish'; channel: string; payload: Payload }
  | { do: 'slow'; listener: string; processMs: Ms }
  | { do: 'fail-writes'; listener: string; count: number }
  | { do: 'lose-acks'; listener: string; count: number }
  /** The next delivery the server sends this listener is held up this long on the network (and what follows it on that connection waits behind it). */
  | { do: 'delay'; listener: string; ms: Ms }
  | { do: 'crash'; listener: string }
  | { do: 'restart'; listener: string }
  | { do: 'start'; listener: string }
  | { do: 'leave'; listener: string }
  | { do: 'wait'; ms: Ms };


export interface AccountRow {
  balance: number;
  /** Last per-user number processed ("Last ID Processed" on the slides). */
  lastNumber: number;
  /** The user's timeline: tweets in the order they were stored (present once there is one). */
  posts?: string[];
}

export type Storage = Record<string, AccountRow>;
