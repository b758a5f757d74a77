/**
 * The NATS family's words: each of its trace events as one plain sentence for the narration log
 * (read aloud by screen readers), in the words of the slides: the publisher, the server, channels,
 * queue groups, listeners and acks. Pure: no DOM.
 *
 * @example natsViews.say({ t: 30400, kind: 'redeliver', msg: 1, to: 'listener:B', attempt: 2 }, partyName, { what: 'deposit $70' })
 *   → "the server redelivers deposit $70 to listener B, attempt 2"
 */
import type { FamilyViews, Namer, SayContext } from '../family.ts';
import { natsTimeSpace } from './timespace.ts';
import type { TraceEvent, TraceKind } from './types.ts';

/** Every kind the family writes (the kernel writes 'note' and 'runaway'). */
export const NATS_TRACE_KINDS: readonly TraceKind[] = [
  'publish', 'store', 'deliver', 'redeliver', 'receive', 'process-start', 'write', 'process-ok', 'process-fail', 'reject', 'skip',
  'duplicate', 'ack', 'ack-lost', 'ack-timeout', 'stalled', 'subscribe', 'crash', 'leave', 'restart', 'hb-miss', 'client-closed', 'lost',
];

const money = (n: number): string => `${n < 0 ? '\u2212' : ''}$${Math.abs(n).toLocaleString('en-US')}`;

/** One event of this family as a sentence, or undefined for a kind it does not write. */
export function sayNats(e: TraceEvent, name: Namer, ctx: SayContext = {}): string | undefined {
  const what = ctx.what ?? (e.msg !== undefined ? `message ${e.msg}` : 'a message');
  const who = name(e.from);
  const to = name(e.to);
  const seq = e.seq !== undefined ? ` #${e.seq}` : '';
  const ch = e.channel ? ` ${e.channel}` : '';
  const attempt = (e.attempt ?? 1) > 1 ? `, attempt ${e.attempt}` : '';
  const balance = e.balance !== undefined ? money(e.balance) : '';
  const tail = e.note ? ` (${e.note})` : '';
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
      return `${name(e.to ?? e.from)} receives ${what}${attempt}`;
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
      return `${name(e.to ?? e.from)} misses a heartbeat${e.note ? ` (${e.note})` : ''}`;
    case 'client-closed':
      return `the server gives up on ${name(e.to ?? e.from)}${tail}`;
    case 'lost':
      return `${what} reaches ${to}, which is down: it is not processed there, and the server will have to send it again`;
    case 'duplicate':
      return `${who} gets ${what} again: it was already processed, so it acks it without applying it twice`;
    default:
      return undefined;
  }
}

/** "a", "a and b", "a, b and c". */
const list = (items: readonly string[]): string => (items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/**
 * The subscriptions a scene opens with, folded into one sentence when every listener takes the
 * same channels in the same way; undefined otherwise (and for every other kind), so each is told
 * on its own.
 * @example sayNatsTogether([A to deposit, A to withdraw, B to deposit, B to withdraw], partyName)
 *   → "listeners A and B subscribe to account:deposit and account:withdraw in queue group myQueueGroup"
 */
export function sayNatsTogether(events: readonly TraceEvent[], name: Namer): string | undefined {
  const first = events[0];
  if (!first || first.kind !== 'subscribe' || events.length < 2) return undefined;
  if (events.some((e) => e.kind !== 'subscribe' || !e.from || !e.channel || e.queue !== first.queue || e.note !== first.note)) return undefined;
  const channels = new Map<string, string[]>();
  for (const e of events) channels.set(e.from!, [...(channels.get(e.from!) ?? []), e.channel!]);
  const lists = [...channels.values()].map((c) => c.join(' '));
  if (lists.some((l) => l !== lists[0])) return undefined;
  const parties = [...channels.keys()];
  const listeners = parties.every((p) => p.startsWith('listener:'));
  const who = parties.length === 1 ? name(parties[0]) : listeners ? `listeners ${list(parties.map((p) => p.slice('listener:'.length)))}` : list(parties.map((p) => name(p)));
  const verb = parties.length === 1 ? 'subscribes' : 'subscribe';
  return `${who} ${verb} to ${list(channels.get(parties[0]!)!)}${first.queue ? ` in queue group ${first.queue}` : ''}${first.note ? ` (${first.note})` : ''}`;
}

/** The NATS family's words for the narration log (its stage is chapter 1's board: stage/render.ts). */
export const natsViews: FamilyViews<TraceEvent> = {
  id: 'nats',
  traceKinds: NATS_TRACE_KINDS,
  say: sayNats,
  timespace: natsTimeSpace,
  sayTogether: sayNatsTogether,
};
