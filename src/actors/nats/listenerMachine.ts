/**
 * The listener: one instance of Account Srv, as pure rules (`reactListener`) and the machine made
 * from them. It connects, subscribes once the server has answered, then handles one message at a
 * time: receive → process for `processMs` → write to storage → ack (manual ack mode). A failed
 * write is not acked, so the server redelivers it after the ack wait. Knobs for faults: slow (a
 * longer processMs), lost acks, crash and restart. A crashed listener answers nothing, not even
 * heartbeats: the server only finds out when they time out. Its lifecycle is `phase` in the
 * context: offline → connecting → idle ⇄ processing → writing, and left or crashed until a restart.
 * Nothing is mutated.
 */
import { Seq } from '../../kernel/seq.ts';
import type { Emitted, Timed, TraceDraft } from './ports.ts';
import type { WriteResult } from './storageMachine.ts';
import type { Ms, Payload, SubscriptionConfig } from './types.ts';

/** A message as the listener received it. */
export interface Delivery {
  /** Actor name of the subscription that sent it; acks go back there. */
  sub: string;
  channel: string;
  seq: number;
  msg: number;
  payload: Payload;
  attempt: number;
}

/** Where a listener is in its life. */
export type ListenerPhase = 'offline' | 'connecting' | 'idle' | 'processing' | 'writing' | 'left' | 'crashed';

export interface ListenerContext {
  id: string;
  phase: ListenerPhase;
  processMs: Ms;
  subscriptions: SubscriptionConfig[];
  /** Messages received and not yet started, oldest first. */
  inbox: Seq<Delivery>;
  current: Delivery | null;
  /** Acks still to lose on the network. */
  loseAcks: number;
  /** Bumped on every restart; the server tells incarnations apart by it. */
  incarnation: number;
}

export type ListenerEvent =
  | (Timed & { type: 'listener.start' })
  | (Timed & { type: 'client.connected'; incarnation: number })
  | (Timed & { type: 'msg'; incarnation: number } & Delivery)
  | (Timed & { type: 'storage.result'; msg: number; result: WriteResult; balance: number })
  | (Timed & { type: 'hb.ping'; incarnation: number })
  | (Timed & { type: 'listener.slow'; processMs: Ms })
  | (Timed & { type: 'listener.lose-acks'; count: number })
  | (Timed & { type: 'listener.crash' })
  | (Timed & { type: 'listener.leave' })
  | (Timed & { type: 'listener.restart' })
  /** Its own timer: processing the current message is done. */
  | (Timed & { type: 'listener.processed' });

export interface ListenerInput {
  id: string;
  processMs: Ms;
  subscriptions: SubscriptionConfig[];
}

type ResultEvent = Extract<ListenerEvent, { type: 'storage.result' }>;

/** Pure: the trace line for an outcome of the current message. */
export function outcomeTrace(id: string, d: Delivery, e: ResultEvent): TraceDraft {
  const kind = ({ applied: 'process-ok', refused: 'reject', failed: 'process-fail', skipped: 'skip', duplicate: 'duplicate' } as const)[e.result];
  return { kind, msg: d.msg, channel: d.channel, seq: d.seq, from: `listener:${id}`, payload: d.payload, balance: e.balance, attempt: d.attempt };
}

/** Pure: whether an outcome is acked. Failed writes and skipped numbers are left for redelivery. */
export const isAcked = (result: WriteResult): boolean => result !== 'failed' && result !== 'skipped';

/** Pure: the connect request. */
const connect = ({ id: client, incarnation }: ListenerContext): Emitted => ({
  type: 'out',
  to: 'server',
  via: 'net',
  event: { type: 'client.connect', client, incarnation },
});

/** Pure: once connected, one subscription request per subscription, in order. */
const subscribe = ({ id: client, incarnation, subscriptions }: ListenerContext): Emitted[] =>
  subscriptions.map((subscription) => ({
    type: 'out',
    to: 'server',
    via: 'net',
    after: subscription.afterMs ?? 0,
    event: { type: 'sub.open', client, incarnation, subscription },
  }));


/** A copy of a listener's context that a rule may finish in place (see kernel/copy.ts for why not a spread). */
const copyListener = (c: ListenerContext): ListenerContext => ({
  id: c.id,
  phase: c.phase,
  processMs: c.processMs,
  subscriptions: c.subscriptions,
  inbox: c.inbox,
  current: c.current,
  loseAcks: c.loseAcks,
  incarnation: c.incarnation,
});

/** A copy with some fields changed. */
function edit(c: ListenerContext, change: (next: ListenerContext) => void): ListenerContext {
  const next = copyListener(c);
  change(next);
  return next;
}

/** The timer of the message in hand, by listener. */
const processingKey = (id: string): string => `listener:${id}|processing`;

interface Result {
  ctx: ListenerContext;
  out: Emitted[];
}

const same = (ctx: ListenerContext): Result => ({ ctx, out: [] });

/**
 * Idle with work waiting: take the oldest message and process it for `processMs`. `next` is a
 * context the calling rule has just made (never the one it was given), so it is finished in place.
 */
function startNext(next: ListenerContext, out: Emitted[]): ListenerContext {
  const d = next.inbox.first();
  if (next.phase !== 'idle' || !d) return next;
  out.push({ type: 'trace', entry: { kind: 'process-start', msg: d.msg, channel: d.channel, seq: d.seq, from: `listener:${next.id}`, payload: d.payload, attempt: d.attempt } });
  out.push({ type: 'out', to: `listener:${next.id}`, via: next.processMs, key: processingKey(next.id), event: { type: 'listener.processed' } });
  next.phase = 'processing';
  next.current = d;
  next.inbox = next.inbox.shift();
  return next;
}

function lose(ctx: ListenerContext, e: Extract<ListenerEvent, { type: 'msg' }>): Result {
  return { ctx, out: [{ type: 'trace', entry: { kind: 'lost', msg: e.msg, channel: e.channel, seq: e.seq, to: `listener:${ctx.id}`, attempt: e.attempt } }] };
}

const answer = (ctx: ListenerContext, e: Extract<ListenerEvent, { type: 'hb.ping' }>): Result => ({
  ctx,
  out: [{ type: 'out', to: 'server', via: 'net', background: true, event: { type: 'hb.pong', client: ctx.id, incarnation: e.incarnation } }],
});

/** Leaving the running phases stops the processing timer, as leaving a state cancels its delayed event. */
const stopProcessing = (ctx: ListenerContext, out: Emitted[]): void => {
  if (ctx.phase === 'processing') out.push({ type: 'cancel', key: processingKey(ctx.id) });
};

function crash(ctx: ListenerContext): Result {
  const out: Emitted[] = [];
  stopProcessing(ctx, out);
  out.push({ type: 'trace', entry: { kind: 'crash', from: `listener:${ctx.id}`, note: ctx.current ? `was handling message ${ctx.current.msg}` : undefined } });
  return { ctx: edit(ctx, (n) => { n.phase = 'crashed'; n.inbox = Seq.empty(); n.current = null; }), out };
}

function comeBack(ctx: ListenerContext): Result {
  const next = edit(ctx, (n) => { n.phase = 'connecting'; n.incarnation = ctx.incarnation + 1; });
  return { ctx: next, out: [{ type: 'trace', entry: { kind: 'restart', from: `listener:${ctx.id}` } }, connect(next)] };
}

function takeIn(ctx: ListenerContext, e: Extract<ListenerEvent, { type: 'msg' }>): Result {
  const d: Delivery = { sub: e.sub, channel: e.channel, seq: e.seq, msg: e.msg, payload: e.payload, attempt: e.attempt };
  const out: Emitted[] = [{ type: 'trace', entry: { kind: 'receive', msg: d.msg, channel: d.channel, seq: d.seq, to: `listener:${ctx.id}`, payload: d.payload, attempt: d.attempt } }];
  return { ctx: startNext(edit(ctx, (n) => { n.inbox = ctx.inbox.push(d); }), out), out };
}

function settle(ctx: ListenerContext, e: ResultEvent): Result {
  const d = ctx.current;
  const out: Emitted[] = [];
  const next = edit(ctx, (n) => { n.phase = 'idle'; n.current = null; });
  if (d && d.msg === e.msg) {
    out.push({ type: 'trace', entry: outcomeTrace(ctx.id, d, e) });
    if (isAcked(e.result)) {
      const lost = ctx.loseAcks > 0;
      out.push({
        type: 'out',
        to: d.sub,
        via: 'net',
        lost,
        event: { type: 'ack', client: ctx.id, seq: d.seq },
        trace: { kind: lost ? 'ack-lost' : 'ack', msg: d.msg, channel: d.channel, seq: d.seq, from: `listener:${ctx.id}`, to: 'server', attempt: d.attempt },
      });
      if (lost) next.loseAcks = ctx.loseAcks - 1;
    }
  } else {
    // An answer for another message than the one in hand changes nothing but the phase (it went back to idle).
    next.current = ctx.current;
  }
  return { ctx: startNext(next, out), out };
}

/**
 * Pure: what one event does to a listener.
 * @example reactListener(initListener(input), { type: 'listener.start', t: 0 }).ctx.phase // 'connecting'
 */
export function reactListener(ctx: ListenerContext, e: ListenerEvent): Result {
  if (e.type === 'listener.slow') return same(edit(ctx, (n) => { n.processMs = e.processMs; }));
  if (e.type === 'listener.lose-acks') return same(edit(ctx, (n) => { n.loseAcks = ctx.loseAcks + e.count; }));
  switch (ctx.phase) {
    case 'offline':
      return e.type === 'listener.start' ? { ctx: edit(ctx, (n) => { n.phase = 'connecting'; }), out: [connect(ctx)] } : same(ctx);
    case 'connecting':
      if (e.type === 'client.connected') {
        if (e.incarnation !== ctx.incarnation) return same(ctx);
        const out = subscribe(ctx);
        return { ctx: startNext(edit(ctx, (n) => { n.phase = 'idle'; }), out), out };
      }
      if (e.type === 'hb.ping') return answer(ctx, e);
      if (e.type === 'msg') return lose(ctx, e);
      if (e.type === 'listener.crash') return crash(ctx);
      return same(ctx);
    case 'idle':
    case 'processing':
    case 'writing':
      switch (e.type) {
        case 'msg':
          return e.incarnation === ctx.incarnation ? takeIn(ctx, e) : lose(ctx, e);
        case 'hb.ping':
          return answer(ctx, e);
        case 'listener.crash':
          return crash(ctx);
        case 'listener.leave': {
          const out: Emitted[] = [];
          stopProcessing(ctx, out);
          out.push({ type: 'trace', entry: { kind: 'leave', from: `listener:${ctx.id}` } });
          out.push({ type: 'out', to: 'server', via: 'net', event: { type: 'client.close', client: ctx.id, incarnation: ctx.incarnation } });
          return { ctx: edit(ctx, (n) => { n.phase = 'left'; n.inbox = Seq.empty(); n.current = null; }), out };
        }
        case 'listener.processed': {
          if (ctx.phase !== 'processing') return same(ctx);
          const d = ctx.current!;
          const write: Emitted = { type: 'out', to: 'storage', via: 'local', event: { type: 'storage.write', from: ctx.id, msg: d.msg, payload: d.payload, channel: d.channel, seq: d.seq } };
          return { ctx: edit(ctx, (n) => { n.phase = 'writing'; }), out: [write] };
        }
        case 'storage.result':
          return ctx.phase === 'writing' ? settle(ctx, e) : same(ctx);
        default:
          return same(ctx);
      }
    case 'left':
    case 'crashed':
      if (e.type === 'msg') return lose(ctx, e);
      if (e.type === 'listener.restart') return comeBack(ctx);
      return same(ctx);
  }
}

/** A listener before it starts: offline, nothing received. */
export const initListener = (input: ListenerInput): ListenerContext => ({
  id: input.id,
  phase: 'offline',
  processMs: input.processMs,
  subscriptions: input.subscriptions,
  inbox: Seq.empty(),
  current: null,
  loseAcks: 0,
  incarnation: 1,
});

/** The listener's rules, as the kernel's hosts take them. */
export const listenerRules = { init: initListener, react: reactListener };
