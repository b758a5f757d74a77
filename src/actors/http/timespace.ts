/**
 * What the HTTP family's trace events draw on the time-space diagram (src/stage/timespace/):
 * requests going in (caller → balancer or pool → instance or thread → store) and replies coming
 * back, each on the lanes of the actors it joins; marks for a timeout, a crash and a dropped
 * request. A request's journey starts where its caller sends it and ends where the store applies
 * or refuses it, so two calls overtaking each other are two journeys that cross. Pure: no DOM.
 *
 * @example httpTimeSpace({ t: 1750, kind: 'db-write', req: 'web#2', from: 'storage', to: 'service:B', arrives: 1800, payload: { kind: 'deposit', user: 'Jim', amount: 40 }, balance: 40 })
 *   // { from: 'storage', to: 'service:B', kind: 'reply', arrives: 1800, tone: 'deposit', msg: 'web#2', label: '+$40', journey: 'applied', journeyAt: 'from' }
 */
import type { TraceBase } from '../../kernel/types.ts';
import { payloadLabel, signedAmount } from '../../lib/format.ts';
import type { TimeSpaceArrow, TimeSpaceEntry } from '../family.ts';
import type { HttpTraceEvent, Status } from './types.ts';
import { isHttpEvent } from './words.ts';

/** A status as its arrow's colour: an answer that went through, or one that did not. */
const statusTone = (s: Status | undefined): string => (s === undefined ? 'neutral' : s === 200 ? 'ack' : 'alarm');

/** An answer's few characters on the diagram: "200", "422". */
const statusText = (s: Status | undefined): string | undefined => (s === undefined ? undefined : String(s));

/** One event of this family on the time-space diagram, or undefined for one it leaves out ('ready', 'handle-start'). */
export function httpTimeSpace(event: TraceBase): TimeSpaceEntry | undefined {
  if (!isHttpEvent(event)) return undefined;
  const e: HttpTraceEvent = event;
  const msg = e.req ?? (e.msg === undefined ? undefined : String(e.msg));
  const withMsg = msg === undefined ? {} : { msg };
  const lands = e.arrives === undefined ? {} : { arrives: e.arrives };
  const tone = e.payload?.kind ?? 'neutral';
  const amount = e.payload ? { label: signedAmount(e.payload) } : {};
  const hop = (kind: string, extra: Partial<TimeSpaceArrow> = {}): TimeSpaceArrow | undefined =>
    e.from === undefined || e.to === undefined ? undefined : { from: e.from, to: e.to, kind, ...lands, tone, ...withMsg, ...extra };
  switch (e.kind) {
    case 'request':
      return hop('request', { ...amount, journey: 'start', ...(e.payload ? { key: e.payload.user, what: payloadLabel(e.payload, true) } : {}) });
    case 'forward':
    case 'dispatch':
    case 'query':
      return hop('request');
    case 'db-write':
      return hop('reply', { ...amount, journey: 'applied', journeyAt: 'from' });
    case 'db-refuse':
      return hop('reply', { label: 'refused', journey: 'refused', journeyAt: 'from' });
    case 'db-fail':
      return hop('reply', { tone: 'alarm', label: 'failed' });
    case 'reply':
    case 'thread-done':
      return hop('reply', { tone: statusTone(e.status) });
    case 'respond': {
      const text = statusText(e.status);
      return hop('reply', { tone: statusTone(e.status), ...(text === undefined ? {} : { label: text }) });
    }
    case 'timeout':
      return e.from === undefined ? undefined : { at: e.from, mark: 'timeout', tone: 'wait', ...withMsg };
    case 'instance-down':
      return e.from === undefined ? undefined : { at: e.from, mark: 'crash', tone: 'alarm' };
    case 'instance-up':
      return e.from === undefined ? undefined : { at: e.from, mark: 'restart', tone: 'ack' };
    case 'dropped':
      return e.to === undefined ? undefined : { at: e.to, mark: 'lost', tone: 'alarm', ...withMsg };
    default:
      return undefined;
  }
}
