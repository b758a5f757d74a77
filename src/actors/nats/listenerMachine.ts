/**
 * The listener machine: one instance of Account Srv. It connects, subscribes once the server has
 * answered, then handles one
 * message at a time: receive → process for `processMs` → write to storage → ack (manual ack mode).
 * A failed write is not acked, so the server redelivers it after the ack wait. Knobs for faults:
 * slow (a longer processMs), lost acks, crash and restart. A crashed listener answers nothing,
 * not even heartbeats: the server only finds out when they time out.
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
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

export interface ListenerContext {
  id: string;
  processMs: Ms;
  subscriptions: SubscriptionConfig[];
  inbox: Delivery[];
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
  | (Timed & { type: 'listener.restart' });

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

export const listenerMachine = setup({
  types: {
    context: {} as ListenerContext,
    events: {} as ListenerEvent,
    emitted: {} as Emitted,
    input: {} as ListenerInput,
  },
  delays: {
    processing: ({ context }) => context.processMs,
  },
  guards: {
    'has work waiting': ({ context }) => context.inbox.length > 0,
    'it is for this incarnation': ({ context, event }) => 'incarnation' in event && event.incarnation === context.incarnation,
  },
  actions: {
    connect: emit(({ context }) => connect(context)),
    subscribe: enqueueActions(({ context, enqueue }) => {
      for (const o of subscribe(context)) enqueue.emit(o);
    }),
    'take it in': enqueueActions(({ context, event, enqueue }) => {
      const e = event as Extract<ListenerEvent, { type: 'msg' }>;
      const d: Delivery = { sub: e.sub, channel: e.channel, seq: e.seq, msg: e.msg, payload: e.payload, attempt: e.attempt };
      enqueue.assign({ inbox: [...context.inbox, d] });
      enqueue.emit({ type: 'trace', entry: { kind: 'receive', msg: d.msg, channel: d.channel, seq: d.seq, to: `listener:${context.id}`, payload: d.payload, attempt: d.attempt } });
    }),
    'start the next one': enqueueActions(({ context, enqueue }) => {
      const [d, ...rest] = context.inbox;
      if (!d) return;
      enqueue.assign({ current: d, inbox: rest });
      enqueue.emit({ type: 'trace', entry: { kind: 'process-start', msg: d.msg, channel: d.channel, seq: d.seq, from: `listener:${context.id}`, payload: d.payload, attempt: d.attempt } });
    }),
    'write to storage': emit(({ context }) => {
      const d = context.current!;
      return { type: 'out', to: 'storage', via: 'local', event: { type: 'storage.write', from: context.id, msg: d.msg, payload: d.payload, channel: d.channel, seq: d.seq } };
    }),
    'settle the message': enqueueActions(({ context, event, enqueue }) => {
      const e = event as ResultEvent;
      const d = context.current;
      if (!d || d.msg !== e.msg) return;
      enqueue.emit({ type: 'trace', entry: outcomeTrace(context.id, d, e) });
      if (isAcked(e.result)) {
        const lost = context.loseAcks > 0;
        enqueue.emit({
          type: 'out',
          to: d.sub,
          via: 'net',
          lost,
          event: { type: 'ack', client: context.id, seq: d.seq },
          trace: { kind: lost ? 'ack-lost' : 'ack', msg: d.msg, channel: d.channel, seq: d.seq, from: `listener:${context.id}`, to: 'server', attempt: d.attempt },
        });
        if (lost) enqueue.assign({ loseAcks: context.loseAcks - 1 });
      }
      enqueue.assign({ current: null });
    }),
    'answer the heartbeat': emit(({ context, event }) => ({
      type: 'out',
      to: 'server',
      via: 'net',
      background: true,
      event: { type: 'hb.pong', client: context.id, incarnation: (event as Extract<ListenerEvent, { type: 'hb.ping' }>).incarnation },
    })),
    'drop everything': enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'trace', entry: { kind: 'crash', from: `listener:${context.id}`, note: context.current ? `was handling message ${context.current.msg}` : undefined } });
      enqueue.assign({ inbox: [], current: null });
    }),
    'lose the message': emit(({ context, event }) => {
      const e = event as Extract<ListenerEvent, { type: 'msg' }>;
      return { type: 'trace', entry: { kind: 'lost', msg: e.msg, channel: e.channel, seq: e.seq, to: `listener:${context.id}`, attempt: e.attempt } };
    }),
    'come back': enqueueActions(({ context, enqueue }) => {
      const next = { ...context, incarnation: context.incarnation + 1 };
      enqueue.assign({ incarnation: next.incarnation });
      enqueue.emit({ type: 'trace', entry: { kind: 'restart', from: `listener:${context.id}` } });
      enqueue.emit(connect(next));
    }),
    'say goodbye': enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'trace', entry: { kind: 'leave', from: `listener:${context.id}` } });
      enqueue.emit({ type: 'out', to: 'server', via: 'net', event: { type: 'client.close', client: context.id, incarnation: context.incarnation } });
      enqueue.assign({ inbox: [], current: null });
    }),
    'slow down': assign({ processMs: ({ event }) => (event as Extract<ListenerEvent, { type: 'listener.slow' }>).processMs }),
    'plan to lose acks': assign({
      loseAcks: ({ context, event }) => context.loseAcks + (event as Extract<ListenerEvent, { type: 'listener.lose-acks' }>).count,
    }),
  },
}).createMachine({
  id: 'listener',
  context: ({ input }) => ({
    id: input.id,
    processMs: input.processMs,
    subscriptions: input.subscriptions,
    inbox: [],
    current: null,
    loseAcks: 0,
    incarnation: 1,
  }),
  initial: 'offline',
  on: {
    'listener.slow': { actions: 'slow down' },
    'listener.lose-acks': { actions: 'plan to lose acks' },
  },
  states: {
    offline: {
      on: { 'listener.start': { target: 'connecting', actions: 'connect' } },
    },
    connecting: {
      on: {
        'client.connected': { guard: 'it is for this incarnation', target: 'running', actions: 'subscribe' },
        'hb.ping': { actions: 'answer the heartbeat' },
        msg: { actions: 'lose the message' },
        'listener.crash': { target: 'crashed' },
      },
    },
    running: {
      initial: 'idle',
      on: {
        msg: [{ guard: 'it is for this incarnation', actions: 'take it in' }, { actions: 'lose the message' }],
        'hb.ping': { actions: 'answer the heartbeat' },
        'listener.crash': { target: 'crashed' },
        'listener.leave': { target: 'left', actions: 'say goodbye' },
      },
      states: {
        idle: {
          always: { guard: 'has work waiting', target: 'processing' },
        },
        processing: {
          entry: 'start the next one',
          after: { processing: 'writing' },
        },
        writing: {
          entry: 'write to storage',
          on: { 'storage.result': { target: 'idle', actions: 'settle the message' } },
        },
      },
    },
    /** Closed its connection on purpose; a restart brings it back. */
    left: {
      on: {
        msg: { actions: 'lose the message' },
        'listener.restart': { target: 'connecting', actions: 'come back' },
      },
    },
    crashed: {
      entry: 'drop everything',
      on: {
        msg: { actions: 'lose the message' },
        'listener.restart': { target: 'connecting', actions: 'come back' },
      },
    },
  },
});
