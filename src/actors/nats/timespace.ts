/**
 * What the NATS family's trace events draw on the time-space diagram (src/stage/timespace/): the
 * publisher's publish, the server's deliveries and redeliveries, a listener's write to storage
 * (or its refusal, or a write that failed) and its ack (or an ack lost on the way), and marks for
 * crashes, ack waits running out, skipped and lost messages. A message's journey starts where it
 * is published and ends where storage applies it (or where the withdraw is refused), so
 * "published in order, applied out of order" is two journeys that cross. Pure: no DOM.
 *
 * @example natsTimeSpace({ t: 900, kind: 'publish', msg: 1, from: 'publisher', to: 'server', arrives: 1200, payload: { kind: 'deposit', user: 'Jim', amount: 70 } })
 *   // { from: 'publisher', to: 'server', kind: 'publish', arrives: 1200, tone: 'deposit', msg: '1', label: '+$70', journey: 'start', key: 'Jim', what: 'deposit $70' }
 */
import { payloadLabel, signedAmount } from '../../lib/format.ts';
import type { TimeSpaceEntry } from '../family.ts';
import type { Payload, TraceEvent } from './types.ts';

const SERVER = 'server';
const STORAGE = 'storage';

/** The few characters a message is known by on the diagram: "+$70", "−$100", a tweet's first words. */
function short(p: Payload | undefined): string | undefined {
  if (!p) return undefined;
  if (p.kind !== 'tweet') return signedAmount(p);
  // A tweet by its first words, short enough for a pill: "Boarding", "Landed!".
  const text = p.text ?? 'tweet';
  return text.length > 8 ? `${text.slice(0, 7)}\u2026` : text;
}

/** One event of this family on the time-space diagram, or undefined for one it leaves out (a subscription, a receive). */
export function natsTimeSpace(e: TraceEvent): TimeSpaceEntry | undefined {
  const msg = e.msg === undefined ? undefined : String(e.msg);
  const tone = e.payload?.kind ?? 'neutral';
  const withMsg = msg === undefined ? {} : { msg };
  const lands = e.arrives === undefined ? {} : { arrives: e.arrives };
  const label = short(e.payload);
  const labelled = label === undefined ? {} : { label };
  switch (e.kind) {
    case 'publish':
      return {
        from: e.from ?? 'publisher',
        to: e.to ?? SERVER,
        kind: 'publish',
        ...lands,
        tone,
        ...withMsg,
        ...labelled,
        journey: 'start',
        ...(e.payload ? { key: e.payload.user, what: payloadLabel(e.payload, true) } : {}),
      };
    case 'deliver':
    case 'redeliver':
      return e.to === undefined ? undefined : { from: e.from ?? SERVER, to: e.to, kind: e.kind, ...lands, tone, ...withMsg };
    case 'write':
      return e.from === undefined ? undefined : { from: e.from, to: e.to ?? STORAGE, kind: 'write', tone, ...withMsg, ...labelled, journey: 'applied' };
    case 'reject':
      return e.from === undefined ? undefined : { from: e.from, to: STORAGE, kind: 'refuse', tone, ...withMsg, label: 'refused', journey: 'refused' };
    case 'process-fail':
      return e.from === undefined ? undefined : { from: e.from, to: STORAGE, kind: 'fail', tone: 'alarm', ...withMsg, label: 'failed', cut: true };
    case 'ack':
      return e.from === undefined ? undefined : { from: e.from, to: e.to ?? SERVER, kind: 'ack', ...lands, tone: 'ack', ...withMsg };
    case 'ack-lost':
      return e.from === undefined ? undefined : { from: e.from, to: e.to ?? SERVER, kind: 'ack-lost', ...lands, tone: 'alarm', ...withMsg, cut: true };
    case 'ack-timeout':
      return { at: SERVER, mark: 'timeout', tone: 'wait', ...withMsg };
    case 'crash':
      return e.from === undefined ? undefined : { at: e.from, mark: 'crash', tone: 'alarm' };
    case 'restart':
      return e.from === undefined ? undefined : { at: e.from, mark: 'restart', tone: 'ack' };
    case 'client-closed': {
      const who = e.to ?? e.from;
      return who === undefined ? undefined : { at: who, mark: 'closed', tone: 'alarm' };
    }
    case 'hb-miss': {
      const who = e.to ?? e.from;
      return who === undefined ? undefined : { at: who, mark: 'miss', tone: 'wait' };
    }
    case 'lost':
      return e.to === undefined ? undefined : { at: e.to, mark: 'lost', tone: 'alarm', ...withMsg };
    case 'skip':
      return e.from === undefined ? undefined : { at: e.from, mark: 'skip', tone: 'wait', ...withMsg };
    case 'duplicate':
      return e.from === undefined ? undefined : { at: e.from, mark: 'ignored', tone: 'ack', ...withMsg };
    default:
      return undefined;
  }
}
