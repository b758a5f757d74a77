/**
 * The subscription unit: one delivery unit of a channel — a plain subscription or a queue group
 * such as 'myQueueGroup' — with its members, unacked messages and ack timers. The delivery rules
 * live in subscription.ts as pure functions; `reactUnit` adds the lifecycle, kept as `phase` in
 * the context: waiting until a first member joins, active while it has members, offline when a
 * durable unit has none (it keeps its place and its unacked messages), closed for good when a
 * non-durable one loses its last member. The machine is made from these rules.
 */
import type { Emitted, Timed } from './ports.ts';
import { copyUnit, onAck, onAckTimer, onAppend, onHeartbeat, onJoin, onLeave, type LogEntry, type Result, type SubContext } from './subscription.ts';

/** Where a unit is in its life. */
export type UnitPhase = 'waiting' | 'active' | 'offline' | 'closed';

/** A unit's context: the delivery rules' context and its phase. */
export interface UnitContext extends SubContext {
  phase: UnitPhase;
}
import type { Ms } from './types.ts';

export type SubscriptionEvent =
  | (Timed & { type: 'channel.append'; entry: LogEntry })
  | (Timed & { type: 'ack'; client: string; seq: number })
  | (Timed & { type: 'ackwait.expired'; client: string; at: Ms })
  | (Timed & { type: 'member.join'; client: string; incarnation: number })
  | (Timed & { type: 'member.leave'; client: string })
  | (Timed & { type: 'member.heartbeat'; client: string; failed: boolean });

/** The kind the server spawns a unit as. */
export const SUBSCRIPTION_KIND = 'nats.subscription';

/** What a unit starts from: its identity and limits, the channel's history and the start position
 * (`lastSent` 0 delivers all available; the last sequence delivers only new messages). */
export type SubscriptionInput = Pick<SubContext, 'name' | 'channel' | 'queue' | 'durable' | 'ackWaitMs' | 'maxInflight' | 'log' | 'lastSent'>;

/** Pure: which delivery rule an event calls, while the unit is active. */
export function react(ctx: SubContext, e: SubscriptionEvent): Result {
  switch (e.type) {
    case 'channel.append':
      return onAppend(ctx, e.entry, e.t);
    case 'ack':
      return onAck(ctx, e.client, e.seq, e.t);
    case 'ackwait.expired':
      return onAckTimer(ctx, e.client, e.at, e.t);
    case 'member.join':
      return onJoin(ctx, e.client, e.incarnation, e.t);
    case 'member.leave':
      return onLeave(ctx, e.client, e.t);
    case 'member.heartbeat':
      return onHeartbeat(ctx, e.client, e.failed);
  }
}


/**
 * A rule's result in a phase. A rule that changed anything returned a new context of its own
 * (a copy of the unit's, phase included), so the phase is set on it in place; one that changed
 * nothing returned the unit's own context, which is copied first.
 */
function withPhase(ctx: UnitContext, r: Result, phase: UnitPhase): { ctx: UnitContext; out: Result['out'] } {
  if (r.ctx === ctx) {
    if (ctx.phase === phase) return { ctx, out: r.out };
    const next = copyUnit(ctx);
    next.phase = phase;
    return { ctx: next, out: r.out };
  }
  (r.ctx as UnitContext).phase = phase;
  return { ctx: r.ctx as UnitContext, out: r.out };
}

/**
 * Pure: what one event does to a unit, in each phase of its life. Waiting or offline, it only
 * keeps the channel's new messages in its log until a member joins; closed, it hears nothing.
 * @example reactUnit(initUnit(input), { type: 'member.join', client: 'A', incarnation: 1, t: 0 }).ctx.phase // 'active'
 */
export function reactUnit(ctx: UnitContext, e: SubscriptionEvent): { ctx: UnitContext; out: Result['out'] } {
  switch (ctx.phase) {
    case 'closed':
      return { ctx, out: [] };
    case 'waiting':
    case 'offline':
      if (e.type === 'channel.append') {
        const next = copyUnit(ctx);
        next.log = ctx.log.push(e.entry);
        return { ctx: next, out: [] };
      }
      if (e.type === 'member.join') return withPhase(ctx, react(ctx, e), 'active');
      return { ctx, out: [] };
    case 'active': {
      if (e.type === 'member.leave') {
        const last = ctx.members.length === 1 && ctx.members[0]!.client === e.client;
        const r = react(ctx, e);
        return withPhase(ctx, r, !last ? 'active' : ctx.durable !== undefined ? 'offline' : 'closed');
      }
      // Active, a rule keeps it active: its context is a copy of this one, phase and all.
      return react(ctx, e) as { ctx: UnitContext; out: Result['out'] };
    }
  }
}

/** A new unit: waiting for its first member, its log the channel's so far. */
export const initUnit = (input: SubscriptionInput): UnitContext => ({
  name: input.name,
  phase: 'waiting',
  channel: input.channel,
  queue: input.queue,
  durable: input.durable,
  ackWaitMs: input.ackWaitMs,
  maxInflight: input.maxInflight,
  log: input.log,
  lastSent: input.lastSent,
  members: [],
  orphans: [],
});

/** The unit's rules, as the kernel's hosts take them. */
export const unitRules = { init: initUnit, react: reactUnit };
