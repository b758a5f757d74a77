/**
 * The RabbitMQ family's words: one plain sentence per trace kind for the narration log, the
 * label on a token in flight, and how its actors and queues are named. Pure: no DOM.
 */
import type { Namer } from '../family.ts';
import { levelOf } from './delay.ts';
import type { RabbitTraceEvent, RabbitTraceKind, XDeath } from './types.ts';

/** Every trace kind this family writes. */
export const RABBIT_TRACE_KINDS: readonly RabbitTraceKind[] = [
  'amqp-ready',
  'amqp-publish',
  'amqp-refuse',
  'amqp-route',
  'amqp-unroutable',
  'amqp-enqueue',
  'amqp-expire',
  'amqp-dead-letter',
  'amqp-hold',
  'amqp-deliver',
  'amqp-receive',
  'amqp-plugin-off',
  'amqp-lost',
];

const KNOWN = new Set<string>(RABBIT_TRACE_KINDS);

/** Whether an event is one of this family's. */
export const isRabbitEvent = (e: { kind: string }): e is RabbitTraceEvent => KNOWN.has(e.kind);

const NAMES: Readonly<Record<string, string>> = {
  rabbit: 'RabbitMQ',
  orders: 'the Order API',
  discount: 'Discount',
};

/**
 * An actor, exchange or queue as a sentence says it.
 * @example rabbitName('delay-level-05') // 'delay-level-05'
 * @example rabbitName('orders') // 'the Order API'
 */
export const rabbitName: Namer = (party) => (party === undefined ? 'someone' : (NAMES[party] ?? party));

/** "2 s", "1 min 4 s", "1.5 days": a TTL or a wait, as the log says it. */
export function duration(ms: number): string {
  const s = ms / 1000;
  const r = (x: number) => Number(x.toFixed(1)).toLocaleString('en-US');
  if (s < 60) return `${r(s)} s`;
  if (s < 3600) return `${r(s / 60)} min`;
  if (s < 86_400) return `${r(s / 3600)} h`;
  if (s < 365 * 86_400) return `${r(s / 86_400)} days`;
  return `${r(s / (365 * 86_400))} years`;
}

/**
 * A binding pattern as the log writes it: a run of `*.` is counted, not spelled out.
 * @example shortPattern('*.*.*.*.1.#') // '*.×4 1.#'
 */
export function shortPattern(pattern: string | undefined): string {
  if (pattern === undefined) return '';
  const m = /^((?:\*\.){3,})(.*)$/.exec(pattern);
  return m ? `*.\u00D7${m[1]!.length / 2} ${m[2]}` : pattern;
}

/**
 * A TTL as a ladder's row writes it: like duration, but whole numbers from 10 up ("194 days",
 * not "194.2 days"), so every row's TTL fits one width.
 * @example shortDuration(2 ** 24 * 1000) // '194 days'
 */
export function shortDuration(ms: number): string {
  return duration(ms).replace(/^(\d{2,})\.\d/, '$1');
}

/** A queue's name, or "a queue". */
const where = (name: string | undefined): string => name ?? 'a queue';

/** The queues an x-death header names, newest first: "delay-level-01, delay-level-03, delay-level-05". */
export const deathQueues = (deaths: readonly XDeath[] | undefined): string[] => (deaths ?? []).map((d) => d.queue);

/**
 * One event as a sentence, without its time; undefined for kinds this family does not write.
 * @example sayRabbit({ t: 0, kind: 'amqp-expire', msg: 1, broker: 'rabbit', from: 'delay-level-05', queue: 'delay-level-05', label: '42 s' }) // 'the message “42 s” has waited out delay-level-05’s TTL at the head of the queue'
 */
export function sayRabbit(e: { kind: string } & Partial<Omit<RabbitTraceEvent, 'kind'>>, name: Namer = rabbitName): string | undefined {
  if (!isRabbitEvent(e)) return undefined;
  const what = e.label ? `the message \u201C${e.label}\u201D` : `message ${e.msg ?? ''}`.trim();
  switch (e.kind) {
    case 'amqp-ready': {
      const q = e.topology?.queues.length ?? 0;
      const x = e.topology?.exchanges.length ?? 0;
      return `${name(e.from)} is up with ${x} exchange${x === 1 ? '' : 's'} and ${q} queue${q === 1 ? '' : 's'}`;
    }
    case 'amqp-publish':
      return `${name(e.from)} publishes ${what} to exchange ${e.exchange} with routing key ${e.routingKey}`;
    case 'amqp-refuse':
      return `${name(e.from)} does not send ${what}: ${e.reason ?? 'the delay is out of range'}`;
    case 'amqp-route': {
      const lvl = levelOf(e.from ?? '');
      if (e.destinationType === 'exchange') return `exchange ${e.from} passes ${what} straight on to exchange ${e.to} (binding ${shortPattern(e.pattern)}${lvl === undefined ? '' : `: bit ${lvl} is 0`})`;
      return `exchange ${e.from} routes ${what} to queue ${e.to} (binding ${shortPattern(e.pattern)}${lvl === undefined ? '' : `: bit ${lvl} is 1`})`;
    }
    case 'amqp-unroutable':
      return `exchange ${e.exchange} has no binding for ${what}: it is dropped`;
    case 'amqp-enqueue':
      return e.expiresAt === undefined ? `${what} lands in queue ${where(e.queue)}` : `${what} waits in queue ${where(e.queue)}, which keeps it ${duration(e.expiresAt - (e.t ?? 0))}`;
    case 'amqp-expire':
      return `${what} has waited out ${where(e.queue)}\u2019s TTL at the head of the queue`;
    case 'amqp-dead-letter':
      return `${where(e.queue)} dead-letters ${what} to exchange ${e.to}; x-death now names ${deathQueues(e.headers?.['x-death']).join(', ')}`;
    case 'amqp-hold':
      return `exchange ${e.exchange} holds ${what} for its x-delay of ${duration((e.releaseAt ?? 0) - (e.t ?? 0))}, on this one node`;
    case 'amqp-deliver':
      return `queue ${e.queue} delivers ${what} to ${name(e.to)}`;
    case 'amqp-receive': {
      const deaths = e.headers?.['x-death'];
      return `${name(e.from)} receives ${what}${deaths && deaths.length > 0 ? `, dead-lettered through ${deaths.length} queue${deaths.length === 1 ? '' : 's'}` : ''}`;
    }
    case 'amqp-plugin-off':
      return `the delayed-message plugin is disabled on ${name(e.from)}`;
    case 'amqp-lost':
      return `${what}, held by exchange ${e.exchange}, is lost with the plugin`;
  }
}

/** Several routes at one instant read as one fall: "exchange delay-level-04 passes … to 03, 03 routes to queue 03". */
export function sayRabbitTogether(events: readonly (RabbitTraceEvent | { kind: string })[], name: Namer = rabbitName): string | undefined {
  const routes = events.filter((e): e is RabbitTraceEvent => e.kind === 'amqp-route');
  if (routes.length < 3 || routes.length !== events.length) return undefined;
  const passed = routes.filter((r) => r.destinationType === 'exchange').map((r) => r.from!);
  const last = routes[routes.length - 1]!;
  const what = last.label ? `the message \u201C${last.label}\u201D` : 'the message';
  const span = passed.length > 1 ? `${passed[0]} to ${passed[passed.length - 1]}` : (passed[0] ?? '');
  return `${what} falls through exchanges ${span} (their bit is 0) and ${last.destinationType === 'queue' ? `lands in queue ${last.to}` : `reaches exchange ${last.to}`}`;
}

/** The label on a token in flight: the message's text. */
export function rabbitTokenLabel(e: { kind: string; label?: string; msg?: number }): string {
  return e.label ?? (e.msg === undefined ? '' : `#${e.msg}`);
}
