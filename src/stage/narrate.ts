/**
 * The narration log: each trace event as one plain sentence, read aloud by screen readers
 * (aria-live) and shown beside the stage, so every animated fact is also text.
 */
import type { Payload, TraceEvent, Transport } from '../actors/nats/types.ts';
import { logTime, money, payloadLabel } from '../lib/format.ts';
import { vocabularyFor } from './vocabulary.ts';

/** Trace kinds that only keep the world ticking and would drown the log (none, so far: only
 * missed heartbeats are traced, and those are the story of a dead listener). */
const QUIET = new Set<TraceEvent['kind']>([]);

/** Whether an event belongs in the narration log. */
export const isNarrated = (e: TraceEvent): boolean => !QUIET.has(e.kind);

/** What a sentence needs beyond its event. */
export interface DescribeOptions {
  /** Whose words: the broker's (the default), HTTP's or threads' (see vocabulary.ts). */
  transport?: Transport;
  /** The message was refused earlier: its answer says so. */
  refused?: boolean;
  /** Several users share the story: name the user in each label ("Mary's deposit $40"). */
  withUser?: boolean;
}

/**
 * One event as a sentence without its time.
 * @example describe({ t: 30400, kind: 'redeliver', msg: 1, to: 'listener:B', attempt: 2, payload })
 *   → "the server redelivers deposit $70 to listener B, attempt 2"
 * @example describe({ t: 600, kind: 'deliver', msg: 1, to: 'listener:A', payload }, undefined, { transport: 'http' })
 *   → "the load balancer forwards deposit $70 to instance A (fewest in flight)"
 */
export function describe(e: TraceEvent, label?: string, opts: DescribeOptions = {}): string {
  const v = vocabularyFor(opts.transport);
  const what = label ?? (e.payload ? payloadLabel(e.payload, opts.withUser) : e.msg !== undefined ? `message ${e.msg}` : 'a message');
  const who = v.party(e.from);
  const to = v.party(e.to);
  const seq = e.seq !== undefined ? ` #${e.seq}` : '';
  const ch = e.channel ? ` ${e.channel}` : '';
  const attempt = (e.attempt ?? 1) > 1 ? `, attempt ${e.attempt}` : '';
  const balance = e.balance !== undefined ? money(e.balance) : '';
  const tail = e.note ? ` (${e.note})` : '';
  const own = v.say[e.kind];
  if (own) return own({ what, who, to: v.party(e.to ?? e.from), attempt, balance, tail, refused: opts.refused ?? false });
  switch (e.kind) {
    case 'publish':
      return `the publisher publishes ${what} on${ch}`;
    case 'store':
      return `the server stores ${what} as${ch}${seq}`;
    case 'deliver':
      return `the server delivers ${what} to ${to}${e.queue ? ` in queue group ${e.queue}` : ''}`;
    case 'redeliver':
      return `the server redelivers ${what} to ${to}${attempt}`;
    case 'receive':
      return `${v.party(e.to ?? e.from)} receives ${what}${attempt}`;
    case 'process-start':
      return `${who} starts processing ${what}`;
    case 'write':
      if (e.payload?.kind === 'tweet') return `${who} adds ${what} to ${e.payload.user}'s timeline`;
      return `${who} writes ${what}: ${e.payload ? `${e.payload.user}'s` : 'the'} balance is now ${balance}`;
    case 'process-ok':
      return `${who} finishes ${what}`;
    case 'process-fail':
      return `${who} fails to write ${what} to storage and does not ack it`;
    case 'reject':
      return `${who} REFUSES ${what}: the balance is only ${balance}`;
    case 'skip':
      return `${who} skips ${what}: it is out of order, so no ack`;
    case 'ack':
      return `${who} acks ${what}${e.channel ? ` (${e.channel}${seq})` : ''}`;
    case 'ack-lost':
      return `${who} sends an ack for ${what}, but it is lost on the way`;
    case 'ack-timeout':
      return `the ack wait for ${what} runs out with no ack from ${to}`;
    case 'stalled':
      return `the subscription of ${to} has too many unacked messages and stops getting new ones`;
    case 'subscribe':
      return `${who} subscribes to${ch}${e.queue ? ` in queue group ${e.queue}` : ''}`;
    case 'crash':
      return `${who} crashes${tail}`;
    case 'restart':
      return `${who} restarts`;
    case 'leave':
      return `${who} closes its connection`;
    case 'hb-miss':
      return `${v.party(e.to ?? e.from)} misses a heartbeat${e.note ? ` (${e.note})` : ''}`;
    case 'client-closed':
      return `the server gives up on ${v.party(e.to ?? e.from)}${tail}`;
    case 'lost':
      return `${what} reaches ${to}, which is down: it is not processed there, and the server will have to send it again`;
    case 'duplicate':
      return `${who} gets ${what} again: it was already processed, so it acks it without applying it twice`;
    case 'note':
      return e.note ?? '';
    default:
      // A kind added to the world after this was written still gets a line.
      return `${who}: ${(e as TraceEvent).kind} ${what}${tail}`;
  }
}

/** "0:30.4 — the server redelivers deposit $70 to listener B, attempt 2" */
export function sentence(e: TraceEvent, payload: Payload | undefined = e.payload, opts: DescribeOptions = {}): string {
  return `${logTime(e.t)} — ${describe(e, payload ? payloadLabel(payload, opts.withUser) : undefined, opts)}`;
}

/** One line of the narration log. */
export interface LogLine {
  /** Index of the event in the trace: a stable key. */
  index: number;
  t: number;
  kind: TraceEvent['kind'];
  text: string;
}

/**
 * The log lines for trace[from..to), naming each message by its payload even on events that do
 * not carry one (acks), from what earlier events said, in the words of `transport`.
 */
export function narrateTrace(trace: readonly TraceEvent[], from = 0, to = trace.length, transport?: Transport): LogLine[] {
  const payloads = new Map<number, Payload>();
  const refused = new Set<number>();
  const lines: LogLine[] = [];
  // Read the whole trace for its users, so a line reads the same whichever slice is narrated.
  const withUser = new Set(trace.flatMap((e) => (e.payload && e.payload.kind !== 'tweet' ? [e.payload.user] : []))).size > 1;
  for (let i = 0; i < Math.min(to, trace.length); i++) {
    const e = trace[i]!;
    if (e.payload && e.msg !== undefined && !payloads.has(e.msg)) payloads.set(e.msg, e.payload);
    if (e.kind === 'reject' && e.msg !== undefined) refused.add(e.msg);
    if (i < from || !isNarrated(e)) continue;
    const payload = e.payload ?? (e.msg !== undefined ? payloads.get(e.msg) : undefined);
    const opts = { transport, refused: e.msg !== undefined && refused.has(e.msg), withUser };
    lines.push({ index: i, t: e.t, kind: e.kind, text: sentence(e, payload, opts) });
  }
  return lines;
}
