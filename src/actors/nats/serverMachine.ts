/**
 * The NATS Streaming server, as pure rules (`reactServer`) and the machine made from them: channels (append-only logs numbered from 1), the registry of
 * clients and their subscriptions, and heartbeats. Delivery itself is done by one subscription
 * machine per unit (plain subscription or queue group), which the server asks the world to start.
 *
 * Heartbeats follow nats-streaming-server: every `intervalMs` the server pings each client and
 * waits `timeoutMs`; a miss counts as a failed heartbeat (members with failed heartbeats are
 * passed over in queue groups); more than `failCount` misses in a row and the client is closed,
 * which hands its unacked messages to the other members. A client that reconnects with the same
 * id replaces the old connection. Nothing is mutated; a channel's log is a Seq shared with the
 * units that read it, so storing a message copies nothing.
 */
import { drop, put } from '../../kernel/copy.ts';
import { Seq } from '../../kernel/seq.ts';
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
  channels: Record<string, Seq<LogEntry>>;
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
  const units: Record<string, UnitInfo> = {};
  for (const name in ctx.units) {
    const u = ctx.units[name]!;
    const members = u.members.filter((m) => m !== client);
    if (members.length > 0 || u.durable) units[name] = { channel: u.channel, durable: u.durable, members };
  }
  return { clients: drop(ctx.clients, client), units };
}

/** The server's context with some parts replaced (a literal: see kernel/copy.ts). */
const withParts = (ctx: ServerContext, parts: Partial<Pick<ServerContext, 'channels' | 'clients' | 'units'>>): ServerContext => ({
  heartbeat: ctx.heartbeat,
  channels: parts.channels ?? ctx.channels,
  clients: parts.clients ?? ctx.clients,
  units: parts.units ?? ctx.units,
});

/** A client's state with some fields replaced. */
const withClient = (c: ClientState, over: Partial<ClientState>): ClientState => ({
  incarnation: over.incarnation ?? c.incarnation,
  fhb: over.fhb ?? c.fhb,
  answered: over.answered ?? c.answered,
  units: over.units ?? c.units,
});

const check = (hb: ServerContext['heartbeat'], client: string, incarnation: number): Emitted => ({
  type: 'out',
  to: 'server',
  via: hb.intervalMs,
  background: true,
  event: { type: 'hb.check', client, incarnation },
});


interface Result {
  ctx: ServerContext;
  out: Emitted[];
}

/** Events of one connection: only the current connection of a client is heard. */
type ConnectionEvent = Extract<ServerEvent, { incarnation: number }>;

function store(ctx: ServerContext, e: Extract<ServerEvent, { type: 'pub' }>): Result {
  const log = ctx.channels[e.channel] ?? Seq.empty<LogEntry>();
  const entry: LogEntry = { seq: log.length + 1, msg: e.msg, payload: e.payload };
  const out: Emitted[] = [{ type: 'trace', entry: { kind: 'store', msg: e.msg, channel: e.channel, seq: entry.seq, to: `channel:${e.channel}`, payload: e.payload } }];
  for (const name in ctx.units) {
    if (ctx.units[name]!.channel === e.channel) out.push({ type: 'out', to: name, via: 'local', event: { type: 'channel.append', entry } });
  }
  return { ctx: withParts(ctx, { channels: put(ctx.channels, e.channel, log.push(entry)) }), out };
}

function register(ctx: ServerContext, e: Extract<ServerEvent, { type: 'client.connect' }>): Result {
  const { client, incarnation } = e;
  const out: Emitted[] = [];
  let reg: Pick<ServerContext, 'clients' | 'units'> = { clients: ctx.clients, units: ctx.units };
  if (ctx.clients[client]) {
    // Same client id again: the old connection is replaced and its subscriptions closed.
    out.push({ type: 'trace', entry: { kind: 'client-closed', from: `listener:${client}`, note: 'replaced by a new connection' } });
    out.push(...leaveAll(ctx, client));
    reg = withoutClient(ctx, client);
  }
  out.push({ type: 'out', to: `listener:${client}`, via: 'net', event: { type: 'client.connected', incarnation } });
  out.push(check(ctx.heartbeat, client, incarnation));
  return { ctx: withParts(ctx, { units: reg.units, clients: put<ClientState>(reg.clients, client, { incarnation, fhb: 0, answered: true, units: [] }) }), out };
}

function open(ctx: ServerContext, e: Extract<ServerEvent, { type: 'sub.open' }>): Result {
  const { client, incarnation, subscription: s } = e;
  const name = unitName(client, incarnation, s);
  const log = ctx.channels[s.channel] ?? Seq.empty<LogEntry>();
  const out: Emitted[] = [];
  let unit = ctx.units[name];
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
    out.push({ type: 'out', to: 'world', via: 'local', event: { type: 'spawn', spec: { name, kind: SUBSCRIPTION_KIND, config: input } } });
    unit = { channel: s.channel, durable: s.durable !== undefined, members: [] };
  }
  const c = ctx.clients[client]!;
  out.push({ type: 'out', to: name, via: 'local', event: { type: 'member.join', client, incarnation } });
  out.push({ type: 'trace', entry: { kind: 'subscribe', channel: s.channel, from: `listener:${client}`, queue: s.queue, note: s.durable ? `durable ${s.durable}` : undefined } });
  return {
    ctx: withParts(ctx, {
      units: put(ctx.units, name, { channel: unit.channel, durable: unit.durable, members: [...unit.members, client] }),
      clients: put(ctx.clients, client, withClient(c, { units: [...c.units, name] })),
    }),
    out,
  };
}

function close(ctx: ServerContext, client: string): Result {
  const out: Emitted[] = [{ type: 'trace', entry: { kind: 'client-closed', from: `listener:${client}`, note: 'it closed its connection' } }, ...leaveAll(ctx, client)];
  return { ctx: withParts(ctx, withoutClient(ctx, client)), out };
}

function ping(ctx: ServerContext, { client, incarnation }: ConnectionEvent): Result {
  const c = ctx.clients[client]!;
  return {
    ctx: withParts(ctx, { clients: put(ctx.clients, client, withClient(c, { answered: false })) }),
    out: [
      { type: 'out', to: `listener:${client}`, via: 'net', background: true, event: { type: 'hb.ping', incarnation } },
      { type: 'out', to: 'server', via: ctx.heartbeat.timeoutMs, background: true, event: { type: 'hb.deadline', client, incarnation } },
    ],
  };
}

/** Tell each of a client's units whether its heartbeats fail. */
function tell(out: Emitted[], c: ClientState, client: string, failed: boolean): void {
  for (const u of c.units) out.push({ type: 'out', to: u, via: 'local', event: { type: 'member.heartbeat', client, failed } });
}

function judgeHeartbeat(ctx: ServerContext, { client, incarnation }: ConnectionEvent): Result {
  const c = ctx.clients[client]!;
  const out: Emitted[] = [];

  if (c.answered) {
    if (c.fhb > 0) tell(out, c, client, false);
    out.push(check(ctx.heartbeat, client, incarnation));
    return { ctx: withParts(ctx, { clients: put(ctx.clients, client, withClient(c, { fhb: 0 })) }), out };
  }
  const fhb = c.fhb + 1;
  out.push({ type: 'trace', entry: { kind: 'hb-miss', to: `listener:${client}`, note: `${fhb} of ${ctx.heartbeat.failCount + 1}` } });
  if (fhb > ctx.heartbeat.failCount) {
    out.push({ type: 'trace', entry: { kind: 'client-closed', from: `listener:${client}`, note: 'it missed its heartbeats' } });
    out.push(...leaveAll(ctx, client));
    return { ctx: withParts(ctx, withoutClient(ctx, client)), out };
  }
  if (fhb === 1) tell(out, c, client, true);
  out.push(check(ctx.heartbeat, client, incarnation));
  return { ctx: withParts(ctx, { clients: put(ctx.clients, client, withClient(c, { fhb })) }), out };
}

/**
 * Pure: what one event does to the server. Events of a connection that is no longer the
 * client's current one are ignored.
 * @example reactServer(initServer({ heartbeat }), { type: 'client.connect', client: 'A', incarnation: 1, t: 0 }).ctx.clients.A.fhb // 0
 */
export function reactServer(ctx: ServerContext, e: ServerEvent): Result {
  if (e.type === 'pub') return store(ctx, e);
  if (e.type === 'client.connect') return register(ctx, e);
  if (ctx.clients[e.client]?.incarnation !== e.incarnation) return { ctx, out: [] };
  switch (e.type) {
    case 'sub.open':
      return open(ctx, e);
    case 'client.close':
      return close(ctx, e.client);
    case 'hb.check':
      return ping(ctx, e);
    case 'hb.pong':
      return { ctx: withParts(ctx, { clients: put(ctx.clients, e.client, withClient(ctx.clients[e.client]!, { answered: true })) }), out: [] };
    case 'hb.deadline':
      return judgeHeartbeat(ctx, e);
  }
}

export const initServer = (input: { heartbeat: ServerContext['heartbeat'] }): ServerContext => ({ heartbeat: input.heartbeat, channels: {}, clients: {}, units: {} });

/** The server's rules, as the kernel's hosts take them. */
export const serverRules = { init: initServer, react: reactServer };
