/**
 * The vocabulary of the SQS family: queues as Amazon SQS keeps them (standard, or FIFO with a
 * queue-level delay and message groups), the clients that send to them, the consumers that poll
 * them, and NServiceBus's delay relay, which carries a delay longer than 900 s through a FIFO
 * delay queue lap after lap. Its trace kinds and fields, the configs of its kinds and the commands
 * it takes. Plain data only: everything here survives JSON.stringify and structuredClone.
 */
import type { Ms, Party, TraceBase } from '../../kernel/types.ts';

export type { Ms, Party };

export type SqsTraceKind =
  | 'sqs-ready' // a queue exists: FIFO or not, its queue-level delay, visibility timeout, redrive policy
  | 'sqs-send' // client → queue (a hop): SendMessage with DelaySeconds, or with the relay's attribute
  | 'sqs-refused' // queue → client (a hop): SendMessage refused (DelaySeconds outside 0–900, say), with the reason
  | 'sqs-stored' // queue: the message is kept, invisible until its delay has passed
  | 'sqs-deduped' // FIFO queue: a send whose deduplication id it took in the last 5 minutes, accepted and dropped
  | 'sqs-visible' // queue: a message's delay, or its visibility timeout after a receive, ran out: it can be received
  | 'sqs-receive' // queue → consumer (a hop): one message, with its receive count
  | 'sqs-delete' // consumer → queue (a hop): DeleteMessage
  | 'sqs-deleted' // queue: the message is gone for good
  | 'sqs-dead-letter' // queue: a receive would pass maxReceiveCount, so the message moves to the dead-letter queue
  | 'sqs-handled' // consumer: its handler ran (the business effect), and how many times it has run for this message
  | 'sqs-relay' // delay relay: the remaining delay, worked out, and where the message goes next
  | 'sqs-crash' // a consumer or relay dies before it deletes what it received
  | 'sqs-restart'; // it is back, polling again, with nothing in hand

/**
 * One fact of an SQS world, in time order.
 * @example { t: 900050, kind: 'sqs-receive', msg: 1, id: 'discount-delay.fifo#1', from: 'discount-delay.fifo', to: 'relay', receiveCount: 1, arrives: 900100 }
 */
export interface SqsTraceEvent extends TraceBase {
  kind: SqsTraceKind;
  /** The application's message (the sender's number for it, 1, 2…): the same across every lap and copy. */
  msg?: number;
  /** SQS's MessageId of one copy in one queue: 'discount#1'. Every re-send is a new copy. */
  id?: string;
  /** The queue an event is about. */
  queue?: Party;
  /** What the message says, short: '−100'. */
  body?: string;
  /** 'sqs-send', 'sqs-stored': the DelaySeconds asked for or applied. */
  delaySeconds?: number;
  /** 'sqs-send' to a delay queue, 'sqs-relay': the delay still to go (NServiceBus.AmazonSQS.DelaySeconds). */
  remaining?: number;
  /** 'sqs-stored', 'sqs-receive': when the copy can next be received. */
  visibleAt?: Ms;
  /** 'sqs-receive', 'sqs-visible', 'sqs-handled': ApproximateReceiveCount of the copy. */
  receiveCount?: number;
  /** 'sqs-handled': how many times this consumer has now handled this message. */
  times?: number;
  /** 'sqs-refused': why, in words. */
  reason?: string;
  /** 'sqs-send': the plain API call a sender made itself, not NServiceBus's routing. */
  straight?: boolean;
  /** 'sqs-send': the delay relay sending a message on (a lap, or the handover), not its first send. */
  resend?: boolean;
  /** 'sqs-ready' of a queue. */
  fifo?: boolean;
  queueDelaySeconds?: number;
  visibilityTimeoutMs?: Ms;
  maxReceiveCount?: number;
  deadLetterQueue?: Party;
  /** FIFO: MessageGroupId and MessageDeduplicationId. */
  group?: string;
  dedupId?: string;
  /** On a hop: the tone its token is drawn in (the stage reads `payload.kind`): 'withdraw', as the message takes money off a total. */
  payload?: { kind: string };
  /** 'sqs-crash': the step it did not reach. */
  before?: 'delete';
}

/** SQS's redrive policy: after maxReceiveCount receives the next one moves the message to the DLQ. */
export interface RedrivePolicy {
  /** 1–1000. */
  maxReceiveCount: number;
  deadLetterQueue: Party;
}

export interface QueueConfig {
  /** A FIFO queue (its name ends in .fifo): per-message DelaySeconds are refused, a group id is required. */
  fifo?: boolean;
  /** DelaySeconds of the queue, 0–900: a message not given one of its own waits this long. Default 0. */
  delaySeconds?: number;
  /** How long a received message stays invisible. Default 30 s, at most 12 h. */
  visibilityTimeoutMs?: Ms;
  redrive?: RedrivePolicy;
}

/** What a consumer does with a message. */
export interface ConsumerConfig {
  /** The queue it polls. */
  queue: Party;
  /** Its handler's time per message. Default 200 ms. */
  processMs?: Ms;
  /** How long it stays down after a crash. Default 5 s. */
  restartMs?: Ms;
}

/** NServiceBus's delayed-message consumer on an endpoint's `<queue>-delay.fifo`. */
export interface RelayConfig {
  /** The FIFO delay queue it polls and re-sends to. */
  queue: Party;
  /** The endpoint's input queue, where the last hop goes with DelaySeconds. */
  destination: Party;
  restartMs?: Ms;
}

/** An endpoint that sends delayed messages, the way NServiceBus's SQS transport does. */
export interface SenderConfig {
  /** The destination's input queue. */
  destination: Party;
  /** Its `-delay.fifo` queue. */
  delayQueue: Party;
}

/** What a scene step (or a fault) asks an SQS world to do. */
export type SqsCommand =
  /**
   * The sender sends `body` to be handled `delaySeconds` from now. `straight`: one plain
   * SendMessage to the destination with that DelaySeconds, as if no library helped.
   */
  | { do: 'sqs.send'; sender: Party; body: string; delaySeconds: number; straight?: boolean }
  /** A handler dies after its next message's work, before it deletes the message; it is back after its restart time. */
  | { do: 'sqs.crash-before-delete'; actor: Party }
  /**
   * The delay relay dies after its next send and before it deletes what it received (with
   * `handover`, only before a send to the destination); it is back after its restart time.
   */
  | { do: 'sqs.crash-after-send'; actor: Party; handover?: boolean };

declare module '../trace.ts' {
  interface TraceEventsByFamily {
    sqs: SqsTraceEvent;
  }
  interface CommandsByFamily {
    sqs: SqsCommand;
  }
}
