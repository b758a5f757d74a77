/**
 * The NATS Streaming server machine: channels (append-only logs numbered from 1), the registry of
 * clients and their subscriptions, and heartbeats. Delivery itself is done by one subscription
 * machine per unit (plain subscription or queue group), which the server asks the world to start.
 *
 * Heartbeats follow nats-streaming-server: every `intervalMs` the server pings each client and
 * waits `timeoutMs`; a miss counts as a failed heartbeat (members with failed heartbeats are
 * passed over in queue groups); more than `failCount` misses in a row and the client is closed,
 * which hands its unacked messages to the other members. A client that reconnects with the same
 * id replaces the old connection.
 */
import { enqueueActions, setup } from 'xstate';
import type { Emitted, Timed } from './ports.ts';
import type { LogEntry } from './subscription.ts';
import { SUBSCRIPTION_KIND, type SubscriptionInput } from './subscriptionMachine.ts';
import type { Ms, Payload, SubscriptionConfig } from './types.ts';

/** Defaults from the NATS Streaming clients and server (FACTS.md). */
export const DEFAULT_ACK_WAIT_MS: Ms = 30_000;
export const MIN_ACK_WAIT_MS: Ms = 1_000;
export const DEFAULT_MAX_INFLIGHT = 16_384; // node-nats-streaming

export interface ClientState {
  incarnation: number;
  /** Consecutive failed heartbeats. */
  fhb: number;
  /** A pong for the current heartbeat arrived. */
  answered: boolean;
  /** Names of the subscription units this client is a member of. */
  units: string[];
}

export interface UnitInfo {
  channel: string;
  durable: boolean;
  members: string[];
}

export interface ServerContext {
  heartbeat: { intervalMs: Ms; timeoutMs: Ms; failCount: number };
  channels: Record<string, LogEntry[]>;
  clients: Record<string, ClientState>;
  units: Record<string, UnitInfo>;
}

export type ServerEvent =
  | (Timed & { type: 'pub'; channel: string; msg: number; payload: Payload })
  | (Timed & { type: 'client.connect'; client: string; incarnation: number })
  | (Timed & { type: 'sub.open'; client: string; incarnation: number; subscription: SubscriptionConfig })
  | (Timed & { type: 'client.close'; client: string; incarnation: number })
  | (Timed & { type: 'hb.check'; client: string; incarnation: number })
  | (Timed & { type: 'hb.pong'; client: string; incarnation: number })
  | (Timed & { type: 'hb.deadline'; client: string; incarnation: number });

/**
 * Pure: the actor name of the unit a subscription joins. Queue groups are shared by name (a
 * durable queue group is stored without the client id); a plain durable is per client + name;
 * a plain subscription is new each time.
 * @example unitName('A', 1, { channel: 'account:deposit', queue: 'myQueueGroup' }) // 'sub:account:deposit/myQueueGroup'
 */
export function unitName(client: string, incarnation: number, s: SubscriptionConfig): string {
  if (s.queue !== undefined) return `sub:${s.channel}/${s.durable !== undefined ? `${s.durable}:` : ''}${s.queue}`;
  if (s.durable !== undefined) return `sub:${s.channel}/${client}:${s.durable}`;
  return `sub:${s.channel}/${client}#${incarnation}`;
}

/** Pure: clamp an ack wait the way the server validates it (it refuses under 1 s). */
export const ackWaitOf = (s: SubscriptionConfig): Ms => Math.max(MIN_ACK_WAIT_MS, s.ackWaitMs ?? DEFAULT_ACK_WAIT_MS);

const leaveAll = (ctx: ServerContext, client: string): Emitted[] =>
  (ctx.clients[client]?.units ?? []).map((u) => ({ type: 'out', to: u, via: 'local', event: { type: 'member.leave', client } }));

/** Pure: the registry without a client, dropping non-durable units it was the last member of. */
function withoutClient(ctx: ServerContext, client: string): Pick<ServerContext, 'clients' | 'units'> {
  const clients = { ...ctx.clients };
  const units: Record<string, UnitInfo> = {};
  for (const [name, u] of Object.entries(ctx.units)) {
    const members = u.members.filter((m) => m !== client);
    if (members.length > 0 || u.durable) units[name] = { ...u, members };
  }
  delete clients[client];
  return { clients, units };
}

const check = (hb: ServerContext['heartbeat'], client: string, incarnation: number): Emitted => ({
  type: 'out',
  to: 'server',
  via: hb.intervalMs,
  background: true,
  event: { type: 'hb.check', client, incarnation },
});

export const serverMachine = setup({
  types: {
    context: {} as ServerContext,
    events: {} as ServerEvent,
    emitted: {} as Emitted,
    input: {} as { heartbeat: ServerContext['heartbeat'] },
  },
  guards: {
    'it is the current connection': ({ context, event }) =>
      'incarnation' in event && context.clients[event.client]?.incarnation === event.incarnation,
  },
  actions: {
    'store and hand out': enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'pub') return;
      const log = context.channels[event.channel] ?? [];
      const entry: LogEntry = { seq: log.length + 1, msg: event.msg, payload: event.payload };
      enqueue.assign({ channels: { ...context.channels, [event.channel]: [...log, entry] } });
      enqueue.emit({ type: 'trace', entry: { kind: 'store', msg: event.msg, channel: event.channel, seq: entry.seq, to: `channel:${event.channel}`, payload: event.payload } });
      for (const [name, u] of Object.entries(context.units)) {
        if (u.channel === event.channel) enqueue.emit({ type: 'out', to: name, via: 'local', event: { type: 'channel.append', entry } });
      }
    }),
    'register the client': enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'client.connect') return;
      const { client, incarnation } = event;
      let reg: Pick<ServerContext, 'clients' | 'units'> = { clients: context.clients, units: context.units };
      if (context.clients[client]) {
        // Same client id again: the old connection is replaced and its subscriptions closed.
        enqueue.emit({ type: 'trace', entry: { kind: 'client-closed', from: `listener:${client}`, note: 'replaced by a new connection' } });
        for (const o of leaveAll(context, client)) enqueue.emit(o);
        reg = withoutClient(context, client);
      }
      enqueue.assign({ ...reg, clients: { ...reg.clients, [client]: { incarnation, fhb: 0, answered: true, units: [] } } });
      enqueue.emit({ type: 'out', to: `listener:${client}`, via: 'net', event: { type: 'client.connected', incarnation } });
      enqueue.emit(check(context.heartbeat, client, incarnation));
    }),
    'open the subscription': enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'sub.open') return;
      const { client, incarnation, subscription: s } = event;
      const name = unitName(client, incarnation, s);
      const log = context.channels[s.channel] ?? [];
      let unit = context.units[name];
      if (!unit) {
        const input: SubscriptionInput = {
          name,
          channel: s.channel,
          queue: s.queue,
          durable: s.durable,
          ackWaitMs: ackWaitOf(s),
          maxInflight: Math.max(1, s.maxInflight ?? DEFAULT_MAX_INFLIGHT),
          log,
          lastSent: s.deliverAll ? 0 : log.length,
        };
        enqueue.emit({ type: 'out', to: 'world', via: 'local', event: { type: 'spawn', spec: { name, kind: SUBSCRIPTION_KIND, config: input } } });
        unit = { channel: s.channel, durable: s.durable !== undefined, members: [] };
      }
      const c = context.clients[client]!;
      enqueue.assign({
        units: { ...context.units, [name]: { ...unit, members: [...unit.members, client] } },
        clients: { ...context.clients, [client]: { ...c, units: [...c.units, name] } },
      });
      enqueue.emit({ type: 'out', to: name, via: 'local', event: { type: 'member.join', client, incarnation } });
      enqueue.emit({
        type: 'trace',
        entry: { kind: 'subscribe', channel: s.channel, from: `listener:${client}`, queue: s.queue, note: s.durable ? `durable ${s.durable}` : undefined },
      });
    }),
    'close the client': enqueueActions(({ context, event, enqueue }) => {
      const { client } = event as Extract<ServerEvent, { type: 'client.close' }>;
      enqueue.emit({ type: 'trace', entry: { kind: 'client-closed', from: `listener:${client}`, note: 'it closed its connection' } });
      for (const o of leaveAll(context, client)) enqueue.emit(o);
      enqueue.assign(withoutClient(context, client));
    }),
    'ping the client': enqueueActions(({ context, event, enqueue }) => {
      const { client, incarnation } = event as Extract<ServerEvent, { type: 'hb.check' }>;
      const c = context.clients[client]!;
      enqueue.assign({ clients: { ...context.clients, [client]: { ...c, answered: false } } });
      enqueue.emit({ type: 'out', to: `listener:${client}`, via: 'net', background: true, event: { type: 'hb.ping', incarnation } });
      enqueue.emit({ type: 'out', to: 'server', via: context.heartbeat.timeoutMs, background: true, event: { type: 'hb.deadline', client, incarnation } });
    }),
    'note the answer': enqueueActions(({ context, event, enqueue }) => {
      const { client } = event as Extract<ServerEvent, { type: 'hb.pong' }>;
      enqueue.assign({ clients: { ...context.clients, [client]: { ...context.clients[client]!, answered: true } } });
    }),
    'judge the heartbeat': enqueueActions(({ context, event, enqueue }) => {
      const { client, incarnation } = event as Extract<ServerEvent, { type: 'hb.deadline' }>;
      const c = context.clients[client]!;
      const tell = (failed: boolean) => {
        for (const u of c.units) enqueue.emit({ type: 'out', to: u, via: 'local', event: { type: 'member.heartbeat', client, failed } });
      };
      if (c.answered) {
        if (c.fhb > 0) tell(false);
        enqueue.assign({ clients: { ...context.clients, [client]: { ...c, fhb: 0 } } });
        enqueue.emit(check(context.heartbeat, client, incarnation));
        return;
      }
      const fhb = c.fhb + 1;
      enqueue.emit({ type: 'trace', entry: { kind: 'hb-miss', to: `listener:${client}`, note: `${fhb} of ${context.heartbeat.failCount + 1}` } });
      if (fhb > context.heartbeat.failCount) {
        enqueue.emit({ type: 'trace', entry: { kind: 'client-closed', from: `listener:${client}`, note: 'it missed its heartbeats' } });
        for (const o of leaveAll(context, client)) enqueue.emit(o);
        enqueue.assign(withoutClient(context, client));
        return;
      }
      if (fhb === 1) tell(true);
      enqueue.assign({ clients: { ...context.clients, [client]: { ...c, fhb } } });
      enqueue.emit(check(context.heartbeat, client, incarnation));
    }),
  },
}).createMachine({
  id: 'server',
  context: ({ input }) => ({ heartbeat: input.heartbeat, channels: {}, clients: {}, units: {} }),
  initial: 'running',
  states: {
    running: {
      on: {
        pub: { actions: 'store and hand out' },
        'client.connect': { actions: 'register the client' },
        'sub.open': { guard: 'it is the current connection', actions: 'open the subscription' },
        'client.close': { guard: 'it is the current connection', actions: 'close the client' },
        'hb.check': { guard: 'it is the current connection', actions: 'ping the client' },
        'hb.pong': { guard: 'it is the current connection', actions: 'note the answer' },
        'hb.deadline': { guard: 'it is the current connection', actions: 'judge the heartbeat' },
      },
    },
  },
});
