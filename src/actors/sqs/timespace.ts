/**
 * What the SQS family's trace events draw on the time-space diagram: sends into a queue,
 * receives out of it (a receive with a count above 1 is a redelivery), deletes, a refusal, and
 * marks for a crash, a restart, a visibility timeout running out and a deduplicated send. A
 * message's journey starts at its first send (a refusal ends it). Pure: no DOM.
 */
import type { TraceBase } from '../../kernel/types.ts';
import type { TimeSpaceArrow, TimeSpaceEntry } from '../family.ts';
import type { SqsTraceEvent } from './types.ts';
import { isSqsEvent, tokenLabel } from './words.ts';

/** One event of this family on the time-space diagram, or undefined for one it leaves out. */
export function sqsTimeSpace(event: TraceBase): TimeSpaceEntry | undefined {
  if (!isSqsEvent(event)) return undefined;
  const e: SqsTraceEvent = event;
  const withMsg = e.msg === undefined ? {} : { msg: String(e.msg) };
  const lands = e.arrives === undefined ? {} : { arrives: e.arrives };
  const hop = (kind: string, extra: Partial<TimeSpaceArrow> = {}): TimeSpaceArrow | undefined =>
    e.from === undefined || e.to === undefined ? undefined : { from: e.from, to: e.to, kind, ...lands, tone: 'withdraw', ...withMsg, label: tokenLabel(e), ...extra };
  switch (e.kind) {
    case 'sqs-send':
      // The sender's own send starts the journey; a relay's re-send carries it on.
      return e.resend ? hop('publish') : hop('publish', { journey: 'start', what: `${e.body ?? 'a message'} in ${e.remaining ?? e.delaySeconds ?? 0} s` });
    case 'sqs-refused':
      return hop('refuse', { tone: 'alarm', label: 'refused', journey: 'refused', journeyAt: 'to' });
    case 'sqs-receive':
      return hop((e.receiveCount ?? 1) > 1 ? 'redeliver' : 'deliver');
    case 'sqs-delete':
      return hop('ack', { tone: 'ack', label: 'delete' });
    case 'sqs-crash':
      return e.from === undefined ? undefined : { at: e.from, mark: 'crash', tone: 'alarm', ...withMsg };
    case 'sqs-restart':
      return e.from === undefined ? undefined : { at: e.from, mark: 'restart', tone: 'ack' };
    case 'sqs-visible':
      return e.from === undefined || !e.receiveCount ? undefined : { at: e.from, mark: 'timeout', tone: 'wait', ...withMsg };
    case 'sqs-deduped':
      return e.from === undefined ? undefined : { at: e.from, mark: 'skip', tone: 'neutral', label: 'dedup', ...withMsg };
    default:
      return undefined;
  }
}
