/**
 * What the RabbitMQ family's trace events draw on the time-space diagram: the publish from the
 * publisher to the broker and the delivery from the broker to the consumer as arrows; an expiry,
 * a refusal and a loss as marks on a lane. Pure: no DOM.
 */
import type { TraceBase } from '../../kernel/types.ts';
import type { TimeSpaceEntry } from '../family.ts';
import { isRabbitEvent } from './words.ts';

/** One event of this family on the time-space diagram, or undefined for one it leaves out (routes inside the broker). */
export function rabbitTimeSpace(event: TraceBase): TimeSpaceEntry | undefined {
  if (!isRabbitEvent(event)) return undefined;
  const e = event;
  const msg = e.msg === undefined ? {} : { msg: String(e.msg) };
  const lands = e.arrives === undefined ? {} : { arrives: e.arrives };
  switch (e.kind) {
    case 'amqp-publish':
      return e.from && e.to ? { from: e.from, to: e.to, kind: 'publish', tone: 'delayed', ...lands, ...msg, ...(e.label ? { label: e.label, what: e.label } : {}), journey: 'start' } : undefined;
    case 'amqp-deliver':
      return e.from && e.to ? { from: e.from, to: e.to, kind: 'deliver', tone: 'delayed', ...lands, ...msg, ...(e.label ? { label: e.label } : {}), journey: 'applied' } : undefined;
    case 'amqp-expire':
      return e.broker ? { at: e.broker, mark: 'timeout', tone: 'wait', ...msg, ...(e.queue ? { label: e.queue.replace('delay-level-', 'L') } : {}) } : undefined;
    case 'amqp-refuse':
      return e.from ? { at: e.from, mark: 'skip', tone: 'alarm', ...msg } : undefined;
    case 'amqp-lost':
      return e.broker ? { at: e.broker, mark: 'lost', tone: 'alarm', ...msg } : undefined;
    default:
      return undefined;
  }
}
