/**
 * Pure rules of one SQS queue, `(ctx, event) → { ctx, out }` with nothing mutated:
 * - SendMessage: DelaySeconds must be 0–900 (else refused, with the reason); a FIFO queue takes
 *   no per-message DelaySeconds (only its queue-level delay) and needs a group id, and drops a
 *   send whose deduplication id it took in the last 5 minutes.
 * - A stored message is invisible until its delay has passed, then a waiting poller receives it
 *   (one message per receive; a long poll that waits as long as it takes).
 * - A received message stays invisible for the visibility timeout; if nobody deletes it by
 *   then it can be received again, its receive count one higher. With a redrive policy, the
 *   receive that would pass maxReceiveCount moves it to the dead-letter queue instead.
 * - FIFO: within a message group, nothing is received while an earlier message is in flight.
 * It says what it is when it starts (its 'sqs.boot'). A queue never goes down in these stories.
 */
import { DEDUP_WINDOW_MS, DEFAULT_VISIBILITY_MS, delayRefusal, MAX_DELAY_SECONDS, TONE } from './hops.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import type { Ms, Party, QueueConfig, RedrivePolicy } from './types.ts';

/** A message as a sender hands it over (SendMessage). */
export interface SendRequest {
  from: Party;
  msg: number;
  body: string;
  delaySeconds?: number;
  /** Message attributes: the relay's remaining delay, say. */
  attrs?: Record<string, number>;
  group?: string;
  dedupId?: string;
}

/** One copy of a message in the queue. */
export interface Stored {
  id: string;
  msg: number;
  body: string;
  attrs: Record<string, number>;
  /** SentTimestamp: when the queue took it. */
  sentAt: Ms;
  /** When it can next be received. */
  visibleAt: Ms;
  /** The DelaySeconds it was stored with. */
  delaySeconds: number;
  receiveCount: number;
  /** ApproximateFirstReceiveTimestamp. */
  firstReceiveAt?: Ms;
  /** Who received it last, while its visibility timeout runs. */
  heldBy?: Party;
  group?: string;
}

export interface QueueContext {
  name: Party;
  fifo: boolean;
  queueDelaySeconds: number;
  visibilityMs: Ms;
  redrive?: RedrivePolicy;
  messages: Stored[];
  /** Consumers waiting on a receive, in the order they asked. */
  pollers: Party[];
  /** Copies stored so far: the next MessageId. */
  seq: number;
  /** FIFO: deduplication ids taken, and when. */
  dedup: { id: string; at: Ms }[];
}

/** A message handed to a consumer (ReceiveMessage's answer). */
export interface Delivery {
  type: 'sqs.message';
  queue: Party;
  id: string;
  msg: number;
  body: string;
  attrs: Record<string, number>;
  sentAt: Ms;
  firstReceiveAt: Ms;
  receiveCount: number;
  group?: string;
}

/** A new queue's state. */
export function openQueue(name: Party, opts: { fifo?: boolean; delaySeconds?: number; visibilityTimeoutMs?: Ms; redrive?: RedrivePolicy } = {}): QueueContext {
  return {
    name,
    fifo: opts.fifo ?? false,
    queueDelaySeconds: opts.delaySeconds ?? 0,
    visibilityMs: opts.visibilityTimeoutMs ?? DEFAULT_VISIBILITY_MS,
    ...(opts.redrive ? { redrive: opts.redrive } : {}),
    messages: [],
    pollers: [],
    seq: 0,
    dedup: [],
  };
}

/** A queue's name and config. */
export interface QueueInput extends QueueConfig {
  name: Party;
}

/** What a queue hears: its start, SendMessage, ReceiveMessage, DeleteMessage and its own timers. */
export type QueueEvent =
  | (Timed & { type: 'sqs.boot' })
  | (Timed & { type: 'sqs.send' } & SendRequest)
  | (Timed & { type: 'sqs.receive'; from: Party })
  | (Timed & { type: 'sqs.delete'; from: Party; id: string })
  | (Timed & { type: 'sqs.due'; id: string; visibleAt: Ms });

/**
 * A queue's state at its start, from its name and config.
 * @example initQueue({ name: 'q', fifo: true }).fifo // true
 */
export const initQueue = (input: QueueInput): QueueContext => openQueue(input.name, input);

/** The queue says what it is: FIFO or not, its delay, its visibility timeout, its redrive policy. */
const ready = (ctx: QueueContext): Emitted => ({
  type: 'trace',
  entry: {
    kind: 'sqs-ready',
    from: ctx.name,
    queue: ctx.name,
    fifo: ctx.fifo,
    queueDelaySeconds: ctx.queueDelaySeconds,
    visibilityTimeoutMs: ctx.visibilityMs,
    ...(ctx.redrive ? { maxReceiveCount: ctx.redrive.maxReceiveCount, deadLetterQueue: ctx.redrive.deadLetterQueue } : {}),
  },
});

/**
 * The queue's rules: which rule each event calls (an event it does not know changes nothing).
 * @example reactQueue(openQueue('q'), { type: 'sqs.boot', t: 0 }).out[0] // the 'sqs-ready' trace
 */
export function reactQueue(ctx: QueueContext, e: QueueEvent): Result<QueueContext> {
  switch (e.type) {
    case 'sqs.boot':
      return { ctx, out: [ready(ctx)] };
    case 'sqs.send':
      return onSend(ctx, e, e.t);
    case 'sqs.receive':
      return onReceive(ctx, e.from, e.t);
    case 'sqs.delete':
      return onDelete(ctx, e.id, e.t);
    case 'sqs.due':
      return onDue(ctx, e.id, e.visibleAt, e.t);
    default:
      return { ctx, out: [] };
  }
}

/** The timer key of a copy: one timer per copy, replaced when its visibility changes. */
const dueKey = (id: string): string => `sqs-due:${id}`;

/** A timer to itself when a copy becomes visible. */
const dueAt = (ctx: QueueContext, m: Stored, now: Ms): Emitted => ({
  type: 'out',
  to: ctx.name,
  via: Math.max(0, m.visibleAt - now),
  key: dueKey(m.id),
  event: { type: 'sqs.due', id: m.id, visibleAt: m.visibleAt },
});

/**
 * Why this queue refuses a send, or undefined when it takes it.
 * @example sendRefusal(openQueue('q'), { from: 'a', msg: 1, body: 'x', delaySeconds: 901 }) // 'DelaySeconds must be between 0 and 900; 901 is not'
 */
export function sendRefusal(ctx: QueueContext, s: SendRequest): string | undefined {
  if (ctx.fifo && s.delaySeconds !== undefined) return 'a FIFO queue takes no DelaySeconds per message, only its queue-level delay';
  if (ctx.fifo && s.group === undefined) return 'a FIFO queue needs a MessageGroupId';
  return s.delaySeconds === undefined ? undefined : delayRefusal(s.delaySeconds);
}

/** SendMessage arrives: refused, dropped as a duplicate (FIFO), or stored until its delay has passed. */
export function onSend(ctx: QueueContext, s: SendRequest, now: Ms): Result<QueueContext> {
  const refusal = sendRefusal(ctx, s);
  if (refusal) {
    return {
      ctx,
      out: [
        {
          type: 'out',
          to: s.from,
          via: 'net',
          event: { type: 'sqs.refused', msg: s.msg, reason: refusal },
          trace: { payload: TONE, kind: 'sqs-refused', msg: s.msg, from: ctx.name, to: s.from, queue: ctx.name, body: s.body, reason: refusal, ...(s.delaySeconds === undefined ? {} : { delaySeconds: s.delaySeconds }) },
        },
      ],
    };
  }
  const dedup = ctx.dedup.filter((d) => now - d.at < DEDUP_WINDOW_MS);
  if (ctx.fifo && s.dedupId !== undefined && dedup.some((d) => d.id === s.dedupId)) {
    return { ctx: { ...ctx, dedup }, out: [{ type: 'trace', entry: { kind: 'sqs-deduped', msg: s.msg, from: ctx.name, queue: ctx.name, body: s.body, dedupId: s.dedupId } }] };
  }
  const delaySeconds = Math.min(MAX_DELAY_SECONDS, s.delaySeconds ?? ctx.queueDelaySeconds);
  const seq = ctx.seq + 1;
  const m: Stored = {
    id: `${ctx.name}#${seq}`,
    msg: s.msg,
    body: s.body,
    attrs: s.attrs ?? {},
    sentAt: now,
    visibleAt: now + delaySeconds * 1000,
    delaySeconds,
    receiveCount: 0,
    ...(s.group === undefined ? {} : { group: s.group }),
  };
  const next: QueueContext = {
    ...ctx,
    seq,
    messages: [...ctx.messages, m],
    dedup: ctx.fifo && s.dedupId !== undefined ? [...dedup, { id: s.dedupId, at: now }] : dedup,
  };
  const stored: Emitted = {
    type: 'trace',
    entry: { kind: 'sqs-stored', msg: m.msg, id: m.id, from: ctx.name, queue: ctx.name, body: m.body, delaySeconds, visibleAt: m.visibleAt, ...(m.attrs.remaining === undefined ? {} : { remaining: m.attrs.remaining }), ...(m.group === undefined ? {} : { group: m.group }) },
  };
  if (delaySeconds > 0) return { ctx: next, out: [stored, dueAt(next, m, now)] };
  const handed = deliver(next, now);
  return { ctx: handed.ctx, out: [stored, ...handed.out] };
}

/** A consumer asks for a message (a long poll: it waits until one is there). */
export function onReceive(ctx: QueueContext, from: Party, now: Ms): Result<QueueContext> {
  if (ctx.pollers.includes(from)) return { ctx, out: [] };
  return deliver({ ...ctx, pollers: [...ctx.pollers, from] }, now);
}

/** Whether a copy can be received now: its delay or visibility timeout has passed, and (FIFO) no earlier message of its group is in flight or waiting. */
export function receivable(ctx: QueueContext, m: Stored, now: Ms): boolean {
  if (m.visibleAt > now) return false;
  if (!ctx.fifo || m.group === undefined) return true;
  // In a group, only the first message in line may go, and only when it is not in flight.
  const first = ctx.messages.find((x) => x.group === m.group);
  return first === m;
}

/** Hand visible messages to waiting pollers, oldest first; a receive past maxReceiveCount dead-letters the copy instead. */
export function deliver(ctx: QueueContext, now: Ms): Result<QueueContext> {
  let c = ctx;
  const out: Emitted[] = [];
  for (;;) {
    const poller = c.pollers[0];
    if (poller === undefined) break;
    const m = c.messages.find((x) => receivable(c, x, now));
    if (!m) break;
    const redrive = c.redrive;
    if (redrive && m.receiveCount >= redrive.maxReceiveCount) {
      const dlq = redrive.deadLetterQueue;
      c = { ...c, messages: c.messages.filter((x) => x !== m) };
      out.push({ type: 'cancel', key: dueKey(m.id) });
      out.push({
        type: 'out',
        to: dlq,
        via: 'local',
        event: { type: 'sqs.send', from: c.name, msg: m.msg, body: m.body, attrs: m.attrs, ...(m.group === undefined ? {} : { group: m.group }) },
        trace: { payload: TONE, kind: 'sqs-dead-letter', msg: m.msg, id: m.id, from: c.name, queue: c.name, body: m.body, receiveCount: m.receiveCount, maxReceiveCount: redrive.maxReceiveCount, deadLetterQueue: dlq },
      });
      continue;
    }
    const received: Stored = { ...m, receiveCount: m.receiveCount + 1, firstReceiveAt: m.firstReceiveAt ?? now, visibleAt: now + c.visibilityMs, heldBy: poller };
    c = { ...c, pollers: c.pollers.slice(1), messages: c.messages.map((x) => (x === m ? received : x)) };
    const delivery: Delivery = {
      type: 'sqs.message',
      queue: c.name,
      id: received.id,
      msg: received.msg,
      body: received.body,
      attrs: received.attrs,
      sentAt: received.sentAt,
      firstReceiveAt: received.firstReceiveAt!,
      receiveCount: received.receiveCount,
      ...(received.group === undefined ? {} : { group: received.group }),
    };
    out.push({
      type: 'out',
      to: poller,
      via: 'net',
      event: delivery as unknown as { type: string },
      trace: { payload: TONE, kind: 'sqs-receive', msg: received.msg, id: received.id, from: c.name, to: poller, queue: c.name, body: received.body, receiveCount: received.receiveCount, attempt: received.receiveCount, visibleAt: received.visibleAt, ...(received.attrs.remaining === undefined ? {} : { remaining: received.attrs.remaining }) },
    });
    out.push(dueAt(c, received, now));
  }
  return { ctx: c, out };
}

/** A copy's timer: its delay or its visibility timeout has run out (a timer of a visibility since replaced does nothing). */
export function onDue(ctx: QueueContext, id: string, visibleAt: Ms, now: Ms): Result<QueueContext> {
  const m = ctx.messages.find((x) => x.id === id);
  if (!m || m.visibleAt !== visibleAt) return { ctx, out: [] };
  const { heldBy: _gone, ...freed } = m;
  const c = { ...ctx, messages: ctx.messages.map((x) => (x === m ? freed : x)) };
  const visible: Emitted = { type: 'trace', entry: { kind: 'sqs-visible', msg: m.msg, id: m.id, from: ctx.name, queue: ctx.name, body: m.body, receiveCount: m.receiveCount } };
  const handed = deliver(c, now);
  return { ctx: handed.ctx, out: [visible, ...handed.out] };
}

/** DeleteMessage: the copy is gone (a copy already gone is no error, as in SQS). */
export function onDelete(ctx: QueueContext, id: string, now: Ms): Result<QueueContext> {
  const m = ctx.messages.find((x) => x.id === id);
  if (!m) return { ctx, out: [] };
  const c = { ...ctx, messages: ctx.messages.filter((x) => x !== m) };
  // A FIFO group's next message may go now that this one is done.
  const handed = deliver(c, now);
  return {
    ctx: handed.ctx,
    out: [{ type: 'cancel', key: dueKey(m.id) }, { type: 'trace', entry: { kind: 'sqs-deleted', msg: m.msg, id: m.id, from: ctx.name, queue: ctx.name, body: m.body, receiveCount: m.receiveCount } }, ...handed.out],
  };
}
