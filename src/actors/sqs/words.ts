/**
 * The SQS family's words: one plain sentence per trace kind for the narration log, the label on
 * a token in flight (the message and the delay it carries), and how its actors are named. Pure.
 */
import type { Namer } from '../family.ts';
import type { SqsTraceEvent, SqsTraceKind } from './types.ts';

/** Every trace kind this family writes. */
export const SQS_TRACE_KINDS: readonly SqsTraceKind[] = [
  'sqs-ready',
  'sqs-send',
  'sqs-refused',
  'sqs-stored',
  'sqs-deduped',
  'sqs-visible',
  'sqs-receive',
  'sqs-delete',
  'sqs-deleted',
  'sqs-dead-letter',
  'sqs-handled',
  'sqs-relay',
  'sqs-crash',
  'sqs-restart',
];

const KNOWN = new Set<string>(SQS_TRACE_KINDS);

/** Whether an event is one of this family's. */
export const isSqsEvent = (e: { kind: string }): e is SqsTraceEvent => KNOWN.has(e.kind);

/** 2800 → "2,800 s"; 604800 → "604,800 s". */
export const secs = (s: number): string => `${s.toLocaleString('en-US')} s`;

export { spoken } from './hops.ts';

/** Names for the actors of the SQS scenes. */
const NAMES: Readonly<Record<string, string>> = {
  api: 'the Order API',
  relay: 'the delay relay',
  handler: 'the Discount handler',
};

/** An actor as a sentence says it: a queue by its name, in code style. */
export const sqsName: Namer = (party) => {
  if (party === undefined) return 'someone';
  return NAMES[party] ?? party;
};

/** "message 1 (−100)". */
const what = (e: SqsTraceEvent): string => `message ${e.msg ?? '?'}${e.body ? ` (${e.body})` : ''}`;

/** 'discount-delay.fifo#3' → "copy 3": every send makes a new copy with its own MessageId. */
const copy = (e: SqsTraceEvent): string => (e.id ? `copy ${e.id.slice(e.id.lastIndexOf('#') + 1)}` : 'a copy');

/**
 * One event as a sentence, without its time.
 * @example saySqs({ t: 0, kind: 'sqs-refused', msg: 1, from: 'discount', to: 'api', reason: 'DelaySeconds must be between 0 and 900; 604,800 is not' }, sqsName)
 *   // 'discount refuses message 1: DelaySeconds must be between 0 and 900; 604,800 is not'
 */
export function saySqs(e: SqsTraceEvent, name: Namer): string | undefined {
  const from = name(e.from);
  const to = name(e.to);
  switch (e.kind) {
    case 'sqs-ready':
      return `${from} is ready: ${e.fifo ? 'a FIFO queue' : 'a standard queue'}${e.queueDelaySeconds ? `, every message waits ${secs(e.queueDelaySeconds)}` : ''}, visibility timeout ${(e.visibilityTimeoutMs ?? 0) / 1000} s${e.maxReceiveCount ? `, dead-letters after ${e.maxReceiveCount} receives` : ''}`;
    case 'sqs-send':
      if (e.remaining !== undefined) return `${from} sends ${what(e)} to ${to} with ${secs(e.remaining)} still to go in its attribute`;
      return `${from} sends ${what(e)} to ${to} with DelaySeconds ${(e.delaySeconds ?? 0).toLocaleString('en-US')}`;
    case 'sqs-refused':
      return `${from} refuses ${what(e)}: ${e.reason ?? 'invalid request'}`;
    case 'sqs-stored':
      return e.delaySeconds ? `${from} keeps ${what(e)} as ${copy(e)}, out of sight for ${secs(e.delaySeconds)}` : `${from} keeps ${what(e)} as ${copy(e)}, visible at once`;
    case 'sqs-deduped':
      return `${from} has seen ${what(e)}'s deduplication id in the last 5 minutes: the send succeeds, and the copy is dropped`;
    case 'sqs-visible':
      return e.receiveCount ? `${what(e)} was received but not deleted: its visibility timeout ran out and it is visible in ${from} again` : `${what(e)} has waited its delay in ${from}: it can be received now`;
    case 'sqs-receive':
      return `${to} receives ${what(e)} from ${from}${(e.receiveCount ?? 1) > 1 ? `, receive count ${e.receiveCount}` : ''}`;
    case 'sqs-delete':
      return `${from} deletes ${what(e)} from ${to}`;
    case 'sqs-deleted':
      return `${copy(e)} of ${what(e)} is gone from ${from}`;
    case 'sqs-dead-letter':
      return `${what(e)} has been received ${e.receiveCount} times: ${from} moves it to ${name(e.deadLetterQueue)}`;
    case 'sqs-handled':
      return (e.times ?? 1) > 1 ? `${from} handles ${what(e)} again: ${e.times} times now, a duplicate` : `${from} handles ${what(e)}`;
    case 'sqs-relay':
      return (e.remaining ?? 0) > 900 ? `${from}: ${secs(e.remaining ?? 0)} still to go, more than 900, so back into ${to}` : `${from}: ${secs(e.remaining ?? 0)} still to go, it fits, so on to ${to} with DelaySeconds ${e.remaining}`;
    case 'sqs-crash':
      return `${from} crashes before it deletes ${what(e)}`;
    case 'sqs-restart':
      return `${from} is back and polls ${name(e.queue)} again`;
    default:
      return undefined;
  }
}

/**
 * A token's label: the message and the delay it carries ("−100 · 1,900 s").
 * @example tokenLabel({ t: 0, kind: 'sqs-send', body: '−100', remaining: 1900 }) // '−100 · 1,900 s'
 */
export function tokenLabel(e: SqsTraceEvent): string {
  const body = e.body ?? 'msg';
  if (e.kind === 'sqs-send') return `${body} · ${secs(e.remaining ?? e.delaySeconds ?? 0)}`;
  if (e.kind === 'sqs-refused') return 'refused';
  if (e.kind === 'sqs-delete') return 'delete';
  if (e.kind === 'sqs-receive' && (e.receiveCount ?? 1) > 1) return `${body} ×${e.receiveCount}`;
  return body;
}
