/**
 * Pure rules of one delivery unit of a NATS Streaming channel: a plain subscription (one member)
 * or a queue group (several members sharing the work). They follow nats-streaming-server's
 * server.go as FACTS.md describes it:
 * - a member is sent new messages until it has MaxInflight unacked ones (then it is "stalled");
 * - an unacked message does not block the ones behind it;
 * - in a queue group the member chosen is the one with the fewest unacked messages, skipping
 *   stalled members and members with failed heartbeats; ties go to the first in line, who then
 *   moves to the back (findBestQueueSub);
 * - when the ack wait passes, expired messages are resent in order of expiry (which is the
 *   order they were sent, so sequence order for first deliveries), forced past MaxInflight; in a queue group to the best member, the original included, and a message that
 *   moves to another member counts as acked by the original;
 * - a member that leaves hands its unacked messages to the others; a durable unit with no members
 *   keeps them (and its position) until someone comes back.
 * Every function takes the context and returns a new one plus what to emit: nothing is mutated.
 * What did not change is shared with the old context (the log is a Seq shared with the server, a
 * member's unacked messages are copied only when they change), so an event costs the same
 * however many messages the unit has seen.
 */
import { Seq } from '../../kernel/seq.ts';
import type { Emitted, TraceDraft } from './ports.ts';
import type { Ms, Payload } from './types.ts';

/** The server's copy of one stored message, as the unit needs it. */
export interface LogEntry {
  seq: number;
  msg: number;
  payload: Payload;
}

export interface Pending {
  seq: number;
  /** When the ack wait for this message runs out. */
  expire: Ms;
  /** Deliveries of it so far (the redelivery count; not persisted by the real server). */
  attempt: number;
}

/** An unacked message of a member that left a durable unit: its sequence and deliveries so far. */
export interface Orphan {
  seq: number;
  attempt: number;
}

export interface Member {
  /** Listener id ('A'). */
  client: string;
  /** Which connection of that listener: deliveries to an older one are lost. */
  incarnation: number;
  /** Unacked messages, in sequence order. */
  pending: Seq<Pending>;
  stalled: boolean;
  failedHb: boolean;
  /** When this member's ack timer fires next (one timer per member, as on the real server). */
  timerAt: Ms | null;
}

export interface SubContext {
  /** Actor name, e.g. 'sub:account:deposit/myQueueGroup'. */
  name: string;
  channel: string;
  queue?: string;
  durable?: string;
  ackWaitMs: Ms;
  maxInflight: number;
  /** The channel's messages from the unit's start, shared with the server's log. */
  log: Seq<LogEntry>;
  /** Highest sequence sent to any member. */
  lastSent: number;
  /** In line order: the head of the line wins ties. */
  members: Member[];
  /** Unacked messages of members that left a durable unit, waiting for someone to come back. */
  orphans: Orphan[];
}

export interface Result {
  ctx: SubContext;
  out: Emitted[];
}

/** Ack timers fire for everything due within this slack, like the real server's 15 ms. */
export const ACK_SLACK_MS = 15;

const isQueue = (c: SubContext): boolean => c.queue !== undefined;

/**
 * A working copy that the helpers below may change in place; the input is left untouched. The
 * members are new objects; each one's unacked messages are a Seq, which a change never copies
 * when it is at the end (a new message) or the front (the oldest acked).
 */
function draft<C extends SubContext>(c: C): C {
  const members: Member[] = [];
  for (const m of c.members) members.push(copyMember(m));
  return copyUnit(c, members);
}

/** A member as a literal (see kernel/copy.ts for why not a spread). */
const copyMember = (m: Member): Member => ({ client: m.client, incarnation: m.incarnation, pending: m.pending, stalled: m.stalled, failedHb: m.failedHb, timerAt: m.timerAt });

/**
 * A unit's context as a literal with these members, every other field as it was, a unit's
 * lifecycle phase included when it has one.
 */
export function copyUnit<C extends SubContext>(c: C, members: Member[] = c.members): C {
  const copy: SubContext & { phase?: unknown } = {
    name: c.name,
    channel: c.channel,
    queue: c.queue,
    durable: c.durable,
    ackWaitMs: c.ackWaitMs,
    maxInflight: c.maxInflight,
    log: c.log,
    lastSent: c.lastSent,
    members,
    orphans: c.orphans,
  };
  if ('phase' in c) copy.phase = (c as { phase?: unknown }).phase;
  return copy as C;
}

function entryAt(c: SubContext, seq: number): LogEntry | undefined {
  // Sequences are dense from the first one stored in the unit's log.
  const first = c.log.first();
  return first ? c.log.at(seq - first.seq) : undefined;
}

/**
 * Index of the member to hand the next message to, and moves the head of the line to the back
 * when it wins (so ties rotate). Returns -1 when there are no members.
 */
export function pickMember(c: SubContext): number {
  let best = -1;
  let least = Number.POSITIVE_INFINITY;
  c.members.forEach((m, i) => {
    if (!m.stalled && !m.failedHb && m.pending.length < least) {
      least = m.pending.length;
      best = i;
    }
  });
  if (best === -1 && c.members.length > 0) best = 0;
  if (best === 0 && c.members.length > 1) {
    const [head] = c.members.splice(0, 1);
    c.members.push(head!);
    return c.members.length - 1;
  }
  return best;
}

const timerKey = (c: SubContext, m: Member): string => `${c.name}|${m.client}`;

function timer(c: SubContext, m: Member, at: Ms, now: Ms): Emitted {
  m.timerAt = at;
  return { type: 'out', to: c.name, via: Math.max(0, at - now), key: timerKey(c, m), event: { type: 'ackwait.expired', client: m.client, at } };
}

function stopTimer(c: SubContext, m: Member, out: Emitted[]): void {
  if (m.timerAt === null) return;
  m.timerAt = null;
  out.push({ type: 'cancel', key: timerKey(c, m) });
}

/**
 * Send one stored message to member i; `before` is how many times it was delivered already.
 * Returns whether it was sent.
 */
function send(c: SubContext, i: number, e: LogEntry, before: number, force: boolean, redelivered: boolean, now: Ms, out: Emitted[]): boolean {
  const m = c.members[i]!;
  if (!force && m.pending.length >= c.maxInflight) {
    stall(c, m, out);
    return false;
  }
  const attempt = before + 1;
  const pending = m.pending;
  const k = indexOf(pending, e.seq);
  let deadline: Ms;
  if (k !== -1) {
    deadline = pending.at(k)!.expire + c.ackWaitMs;
    m.pending = pending.with(k, { seq: e.seq, expire: deadline, attempt });
  } else {
    deadline = now + c.ackWaitMs;
    // Most messages are the newest one: they go at the end without a search.
    const last = pending.at(pending.length - 1);
    const at = last === undefined || last.seq < e.seq ? pending.length : firstAfter(pending, e.seq);
    m.pending = pending.insert(at, { seq: e.seq, expire: deadline, attempt });
  }
  if (e.seq > c.lastSent) c.lastSent = e.seq;
  if (m.timerAt === null) out.push(timer(c, m, now + c.ackWaitMs, now));
  const trace: TraceDraft = {
    kind: redelivered ? 'redeliver' : 'deliver',
    msg: e.msg,
    channel: c.channel,
    seq: e.seq,
    from: 'server',
    to: `listener:${m.client}`,
    attempt,
    payload: e.payload,
    ackDeadline: deadline,
    queue: c.queue,
  };
  out.push({
    type: 'out',
    to: `listener:${m.client}`,
    via: 'net',
    event: { type: 'msg', incarnation: m.incarnation, sub: c.name, channel: c.channel, seq: e.seq, msg: e.msg, payload: e.payload, attempt },
    trace,
    // A delivery is what a `delay` fault holds up on the network.
    holdable: true,
  });
  if (!force && m.pending.length >= c.maxInflight) stall(c, m, out);
  return true;
}

/** Mark a member stalled at MaxInflight; traced once, when it starts. */
function stall(c: SubContext, m: Member, out: Emitted[]): void {
  if (!m.stalled) out.push({ type: 'trace', entry: { kind: 'stalled', channel: c.channel, to: `listener:${m.client}`, queue: c.queue } });
  m.stalled = true;
}

/** Where a sequence is among a member's unacked messages (in sequence order), or -1. */
function indexOf(pending: Seq<Pending>, seq: number): number {
  let lo = 0;
  let hi = pending.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = pending.at(mid)!.seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Where the first unacked message with a sequence above `seq` stands (or the length). */
function firstAfter(pending: Seq<Pending>, seq: number): number {
  let lo = 0;
  let hi = pending.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pending.at(mid)!.seq > seq) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Send what members can take, from the message after lastSent onwards. */
function sendAvailable(c: SubContext, now: Ms, out: Emitted[]): void {
  while (c.members.length > 0) {
    const e = entryAt(c, c.lastSent + 1);
    if (!e) return;
    const i = pickMember(c);
    if (!send(c, i, e, 0, false, false, now, out)) return;
  }
}

/** Hand the given unacked messages to the best members, forced, as redeliveries. */
function reassign(c: SubContext, held: readonly Orphan[], now: Ms, out: Emitted[]): void {
  for (const { seq, attempt } of held) {
    const e = entryAt(c, seq);
    if (!e || c.members.length === 0) continue;
    send(c, pickMember(c), e, attempt, true, true, now, out);
  }
}

/** The channel stored a new message. */
export function onAppend(ctx: SubContext, e: LogEntry, now: Ms): Result {
  const c = draft(ctx);
  c.log = c.log.push(e);
  const out: Emitted[] = [];
  sendAvailable(c, now, out);
  return { ctx: c, out };
}

/** An ack from a member arrived. Acks for messages it no longer holds are ignored. */
export function onAck(ctx: SubContext, client: string, seq: number, now: Ms): Result {
  const c = draft(ctx);
  const out: Emitted[] = [];
  const m = c.members.find((x) => x.client === client);
  if (!m) return { ctx, out };
  const at = indexOf(m.pending, seq);
  if (at === -1) return { ctx, out };
  m.pending = m.pending.without(at);
  if (m.pending.length === 0) stopTimer(c, m, out);
  if (m.stalled && m.pending.length < c.maxInflight) {
    m.stalled = false;
    sendAvailable(c, now, out);
  }
  return { ctx: c, out };
}

/** A member's ack timer fired: resend what has expired, in sequence order. */
export function onAckTimer(ctx: SubContext, client: string, at: Ms, now: Ms): Result {
  const original = ctx.members.find((x) => x.client === client);
  if (!original || original.timerAt !== at) return { ctx, out: [] };
  const c = draft(ctx);
  const out: Emitted[] = [];
  let m = c.members.find((x) => x.client === client)!;
  m.timerAt = null;
  if (!isQueue(c) && m.failedHb) {
    // The real server skips redelivery to a plain subscriber that misses heartbeats.
    out.push(timer(c, m, now + c.ackWaitMs, now));
    return { ctx: c, out };
  }
  // Like the real server (makeSortedPendingMsgs): walk the unacked messages by expiry, then
  // sequence, and stop at the first one not yet due; the timer is set for that one.
  let next: Ms | null = null;
  const byExpiry = m.pending.toArray().sort((a, b) => a.expire - b.expire || a.seq - b.seq);
  for (const p of byExpiry) {
    if (p.expire > now + ACK_SLACK_MS) {
      next = p.expire;
      break;
    }
    const e = entryAt(c, p.seq);
    if (!e) continue;
    out.push({ type: 'trace', entry: { kind: 'ack-timeout', msg: e.msg, channel: c.channel, seq: p.seq, to: `listener:${client}`, payload: e.payload, attempt: p.attempt } });
    if (isQueue(c)) {
      const i = pickMember(c);
      const target = c.members[i]!;
      send(c, i, e, p.attempt, true, true, now, out);
      if (target.client !== client) {
        // Implicit ack for the original member, processed like a real one (server.go processAck):
        // a member that drops below MaxInflight is no longer stalled and new messages flow again.
        m = c.members.find((x) => x.client === client)!;
        const k = indexOf(m.pending, p.seq);
        if (k !== -1) m.pending = m.pending.without(k);
        if (m.stalled && m.pending.length < c.maxInflight) {
          m.stalled = false;
          sendAvailable(c, now, out);
        }
      }
    } else {
      send(c, c.members.indexOf(m), e, p.attempt, true, true, now, out);
    }
    m = c.members.find((x) => x.client === client)!;
  }
  if (m.pending.length > 0 && (m.timerAt === null || next !== null)) {
    // A resend in the loop may have armed the timer a full ack wait out; like the real server's
    // adjustAckTimer, it is set for the first message not yet due.
    // Always strictly later than now, so a timer can never spin in place.
    out.push(timer(c, m, Math.max(now + 1, next ?? Math.min(...m.pending.map((p) => p.expire))), now));
  }
  return { ctx: c, out };
}

/** A listener subscribed (or came back). A returning durable member gets its unacked messages first. */
export function onJoin(ctx: SubContext, client: string, incarnation: number, now: Ms): Result {
  const c = draft(ctx);
  const out: Emitted[] = [];
  if (c.members.some((m) => m.client === client)) return { ctx, out };
  c.members.push({ client, incarnation, pending: Seq.empty(), stalled: false, failedHb: false, timerAt: null });
  const orphans = c.orphans;
  c.orphans = [];
  reassign(c, orphans, now, out);
  sendAvailable(c, now, out);
  return { ctx: c, out };
}

/** A member left (closed, or its connection was declared dead). */
export function onLeave(ctx: SubContext, client: string, now: Ms): Result {
  const gone = ctx.members.find((m) => m.client === client);
  if (!gone) return { ctx, out: [] };
  const c = draft(ctx);
  const out: Emitted[] = [];
  stopTimer(c, c.members.find((m) => m.client === client)!, out);
  c.members = c.members.filter((m) => m.client !== client);
  const held = gone.pending.map(({ seq, attempt }): Orphan => ({ seq, attempt }));
  if (c.members.length > 0 && isQueue(c)) reassign(c, held, now, out);
  else if (c.durable !== undefined) c.orphans = [...c.orphans, ...held].sort((a, b) => a.seq - b.seq);
  return { ctx: c, out };
}

/** The server's heartbeat verdict on a member's client. */
export function onHeartbeat(ctx: SubContext, client: string, failed: boolean): Result {
  if (!ctx.members.some((m) => m.client === client)) return { ctx, out: [] };
  const c = draft(ctx);
  c.members.find((m) => m.client === client)!.failedHb = failed;
  return { ctx: c, out: [] };
}
