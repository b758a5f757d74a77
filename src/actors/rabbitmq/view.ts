/**
 * What the RabbitMQ family's actors show on the stage and in the inspector, as pure folds of the
 * trace up to a virtual time: a publisher's messages on their way and its refusals; a broker's
 * queued messages with their TTL's progress; the delay-level ladder (one row per level: its bit
 * for the latest message, its TTL, and whether the message is waiting there, waited there,
 * passed straight through, or never needed it); the plugin's exchange with what it holds; a
 * consumer's received messages with the queues their x-death names; and a side-by-side table.
 * Reads only this family's events. Pure: no DOM.
 *
 * @example viewRabbit({ id: 'rabbit', kind: 'rabbitmq.delay-levels', title: 'RabbitMQ' }, trace, t).table.rows[0].cells // ['27–06'…] folded by the glyph, one row per level here
 */
import type { TraceBase } from '../../kernel/types.ts';
import type { FamilyViews, NodeItem, NodeRef, NodeView } from '../family.ts';
import { levelName, levelOf } from './delay.ts';
import { rabbitTimeSpace } from './timespace.ts';
import type { Ms, Party, RabbitTraceEvent } from './types.ts';
import { RABBIT_KINDS } from './cast.ts';
import { deathQueues, duration, isRabbitEvent, shortDuration, rabbitName, rabbitTokenLabel, RABBIT_TRACE_KINDS, sayRabbit, sayRabbitTogether } from './words.ts';

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** This family's events that have happened by time t, in order. */
const upTo = (trace: readonly TraceBase[], t: Ms): RabbitTraceEvent[] => trace.filter((e): e is RabbitTraceEvent => e.t <= t && isRabbitEvent(e));

/** Where each message is inside one broker at t: the queue it waits in, or held by the plugin. */
interface Place {
  msg: number;
  label: string;
  queue?: string;
  since: Ms;
  until?: Ms;
  held?: boolean;
  /** The plugin's exchange that holds it. */
  exchange?: string;
}

function placesIn(broker: Party, events: readonly RabbitTraceEvent[]): Place[] {
  const places = new Map<string, Place>();
  for (const e of events) {
    if (e.broker !== broker || e.msg === undefined) continue;
    const key = (q: string | undefined) => `${e.msg}|${q ?? ''}`;
    if (e.kind === 'amqp-enqueue') places.set(key(e.queue), { msg: e.msg, label: e.label ?? `#${e.msg}`, queue: e.queue!, since: e.t, ...(e.expiresAt === undefined ? {} : { until: e.expiresAt }) });
    else if (e.kind === 'amqp-expire' || e.kind === 'amqp-deliver') places.delete(key(e.queue));
    else if (e.kind === 'amqp-hold') places.set(key('(held)'), { msg: e.msg, label: e.label ?? `#${e.msg}`, since: e.t, until: e.releaseAt!, held: true, exchange: e.exchange! });
    else if (e.kind === 'amqp-lost') places.delete(key('(held)'));
    else if (e.kind === 'amqp-route' || e.kind === 'amqp-unroutable') {
      // A message the plugin held is released the moment it routes from the plugin's exchange.
      if (places.get(key('(held)'))?.exchange === e.from) places.delete(key('(held)'));
    }
  }
  return [...places.values()];
}

const waitingItem = (p: Place, t: Ms): NodeItem => ({
  id: `${p.msg}|${p.queue ?? 'held'}`,
  label: p.label,
  tone: 'tweet',
  ...(p.until === undefined ? {} : { progress: clamp01((t - p.since) / Math.max(1, p.until - p.since)) }),
  tag: p.held ? `${duration(Math.max(0, (p.until ?? t) - t))} left` : (p.queue ?? ''),
  since: p.since,
});

/** A level's row in the ladder, as the view gives it to the glyph (and the inspector). */
export type LevelState = 'idle' | 'skipped' | 'ahead' | 'waiting' | 'waited' | 'passed';

/** The ladder for the latest message published to this broker: one row per level, highest first. */
export function ladderOf(broker: Party, events: readonly RabbitTraceEvent[], t: Ms) {
  const ready = events.find((e) => e.kind === 'amqp-ready' && e.broker === broker);
  const levels = (ready?.topology?.queues ?? []).flatMap((q) => {
    const level = levelOf(q.name);
    return level === undefined ? [] : [{ level, ttlMs: q.messageTtlMs ?? 0 }];
  });
  levels.sort((a, b) => b.level - a.level);
  const publish = [...events].reverse().find((e) => e.kind === 'amqp-publish' && e.to === broker);
  const msg = publish?.msg;
  const mine = events.filter((e) => e.broker === broker && msg !== undefined && e.msg === msg);
  const bitsOf = (key: string | undefined) => (key ?? '').split('.').slice(0, levels.length);
  const bits = publish ? bitsOf(publish.routingKey) : [];
  const first = publish ? levelOf(publish.exchange ?? '') : undefined;
  const waitingAt = placesIn(broker, mine).find((p) => p.queue !== undefined && levelOf(p.queue) !== undefined);
  const rows = levels.map(({ level, ttlMs }, i) => {
    const name = levelName(level);
    const bit = bits[i] === '1' ? 1 : bits[i] === '0' ? 0 : undefined;
    let state: LevelState = 'idle';
    if (bit !== undefined && first !== undefined) {
      if (level > first) state = 'skipped';
      else if (waitingAt?.queue === name) state = 'waiting';
      else if (mine.some((e) => e.kind === 'amqp-expire' && e.queue === name)) state = 'waited';
      else if (mine.some((e) => e.kind === 'amqp-route' && e.from === name && e.destinationType === 'exchange')) state = 'passed';
      else state = 'ahead';
    }
    return { level, name, bit, ttlMs, state, ...(state === 'waiting' && waitingAt ? { progress: clamp01((t - waitingAt.since) / Math.max(1, (waitingAt.until ?? t) - waitingAt.since)) } : {}) };
  });
  const delivered = mine.find((e) => e.kind === 'amqp-deliver');
  return { rows, publish, waitingAt, delivered, routingKey: publish?.routingKey };
}

/** The words of a level's state in its row. */
export const LEVEL_WORDS: Readonly<Record<LevelState, string>> = {
  idle: '',
  skipped: 'not needed',
  ahead: 'to come',
  waiting: 'waiting',
  waited: 'waited',
  passed: 'passed through',
};

function ladderView(node: NodeRef, events: RabbitTraceEvent[], t: Ms): NodeView {
  const l = ladderOf(node.id, events, t);
  const waits = l.rows.filter((r) => r.bit === 1).length;
  return {
    state: l.waitingAt ? 'waiting' : l.delivered ? 'delivered' : 'idle',
    items: l.waitingAt ? [waitingItem(l.waitingAt, t)] : [],
    table: {
      columns: ['Level', 'Bit', 'TTL', 'Now'],
      rows: l.rows.map((r) => ({ key: r.name, cells: [String(r.level).padStart(2, '0'), r.bit === undefined ? '' : String(r.bit), shortDuration(r.ttlMs), LEVEL_WORDS[r.state]] })),
    },
    badges: [],
    ...(l.routingKey ? { note: `key ${l.routingKey} · waits in ${waits} of ${l.rows.length}` } : {}),
  };
}

function brokerView(node: NodeRef, events: RabbitTraceEvent[], t: Ms): NodeView {
  const places = placesIn(node.id, events);
  const off = events.find((e) => e.kind === 'amqp-plugin-off' && e.broker === node.id);
  const lost = events.filter((e) => e.kind === 'amqp-lost' && e.broker === node.id);
  const held = places.filter((p) => p.held);
  return {
    state: off ? 'plugin off' : places.length > 0 ? (held.length > 0 ? 'holding' : 'queued') : 'idle',
    items: places.map((p) => waitingItem(p, t)),
    badges: [...(off ? [{ word: 'PLUGIN DISABLED', violation: false, t: off.t }] : []), ...lost.map((e) => ({ word: 'MESSAGE LOST', violation: true, t: e.t }))],
    ...(node.kind === RABBIT_KINDS.delayedExchange ? { note: held.length > 0 ? `${held.length} held on this node only` : 'x-delay up to 49.7 days' } : {}),
  };
}

function publisherView(node: NodeRef, events: RabbitTraceEvent[], t: Ms): NodeView {
  const sent = events.filter((e) => e.kind === 'amqp-publish' && e.from === node.id);
  const flying = sent.filter((e) => e.arrives !== undefined && e.arrives > t);
  const refused = events.filter((e) => e.kind === 'amqp-refuse' && e.from === node.id);
  return {
    state: flying.length > 0 ? 'publishing' : 'idle',
    items: flying.map((e) => ({ id: `pub${e.msg}`, label: e.label ?? `#${e.msg}`, tone: 'tweet' })),
    badges: refused.map((e) => ({ word: 'DELAY REFUSED', violation: false, t: e.t })),
    ...(sent.length > 0 ? { note: `${sent.length} published` } : {}),
  };
}

function consumerView(node: NodeRef, events: RabbitTraceEvent[]): NodeView {
  const got = events.filter((e) => e.kind === 'amqp-receive' && e.from === node.id);
  const sentAt = new Map(events.filter((e) => e.kind === 'amqp-publish').map((e) => [e.msg, e.t]));
  const last = got[got.length - 1];
  const after = last && sentAt.has(last.msg) ? `after ${duration(last.t - sentAt.get(last.msg)!)}` : undefined;
  const via = deathQueues(last?.headers?.['x-death']).map((q) => q.replace('delay-level-', '')).sort();
  return {
    state: 'idle',
    items: got.slice(-3).map((e) => ({ id: `got${e.msg}`, label: e.label ?? `#${e.msg}`, tone: 'tweet', since: e.t })),
    badges: [],
    // The last message's journey: how long it took, and the level queues its x-death names.
    ...(last ? { note: [`${got.length} received`, after, via.length > 0 ? `x-death ${via.join(', ')}` : undefined].filter(Boolean).join(' \u00B7 ') } : {}),
  };
}

/**
 * The side-by-side table of scene 10: the delay levels and the plugin, aspect by aspect (FACTS.md
 * §3). What disabling the plugin does is left open ('?') until the story has shown it.
 */
export function comparisonTable(events: readonly RabbitTraceEvent[]): { columns: string[]; rows: { key: string; cells: string[] }[] } {
  const shown = events.some((e) => e.kind === 'amqp-plugin-off');
  return {
    columns: ['', 'Levels', 'Plugin'],
    rows: [
      { key: 'how', cells: ['Needs', '28 queues', '1 exchange'] },
      { key: 'longest', cells: ['Longest', '8.5 years', '49.7 days'] },
      { key: 'where', cells: ['Kept in', 'queues', 'one node'] },
      { key: 'off', cells: ['Plugin off', 'no effect', shown ? 'lost' : '?'] },
      { key: 'scale', cells: ['Holds 100,000s', 'yes', 'no'] },
    ],
  };
}

/**
 * What a node of one of this family's kinds shows at virtual time t.
 * @example viewRabbit({ id: 'discount', kind: 'rabbitmq.consumer', title: 'Discount' }, trace, t).items[0].tag // 'after 42.1 s'
 */
export function viewRabbit(node: NodeRef, trace: readonly TraceBase[], t: Ms): NodeView {
  const events = upTo(trace, t);
  switch (node.kind) {
    case RABBIT_KINDS.delayLevels:
      return ladderView(node, events, t);
    case RABBIT_KINDS.broker:
    case RABBIT_KINDS.delayedExchange:
      return brokerView(node, events, t);
    case RABBIT_KINDS.publisher:
      return publisherView(node, events, t);
    case RABBIT_KINDS.consumer:
      return consumerView(node, events);
    case RABBIT_KINDS.comparison:
      return { state: '', items: [], badges: [], table: comparisonTable(events) };
    default:
      return { state: 'idle', items: [], badges: [] };
  }
}

const list = (xs: readonly string[]): string => (xs.length > 0 ? xs.join('; ') : 'none');

/** The inspector's rows for a node: every fact the picture leaves out. */
export function inspectRabbit(node: NodeRef, trace: readonly TraceBase[], t: Ms): { label: string; value: string }[] {
  const events = upTo(trace, t);
  switch (node.kind) {
    case RABBIT_KINDS.delayLevels: {
      const l = ladderOf(node.id, events, t);
      return [
        { label: 'Routing key', value: l.routingKey ?? 'nothing published yet' },
        { label: 'First level', value: l.publish?.exchange ?? '\u2013' },
        { label: 'Waits in', value: list(l.rows.filter((r) => r.bit === 1).map((r) => `${r.name} (${duration(r.ttlMs)})`)) },
        { label: 'Waiting now', value: l.waitingAt ? `${l.waitingAt.queue}, ${duration(Math.max(0, (l.waitingAt.until ?? t) - t))} left` : 'no' },
        { label: 'Rule', value: 'level N: binding *.×(27−N) 1.# to its queue (TTL 2^N s, dead-letters to level N−1), 0.# straight to exchange N−1' },
      ];
    }
    case RABBIT_KINDS.broker:
    case RABBIT_KINDS.delayedExchange:
      return [
        { label: 'Holds', value: list(placesIn(node.id, events).map((p) => `${p.label} in ${p.queue ?? 'the plugin exchange'}${p.until === undefined ? '' : `, ${duration(Math.max(0, p.until - t))} left`}`)) },
        { label: 'Lost', value: String(events.filter((e) => e.kind === 'amqp-lost' && e.broker === node.id).length) },
      ];
    case RABBIT_KINDS.consumer:
      return events
        .filter((e) => e.kind === 'amqp-receive' && e.from === node.id)
        .map((e) => ({ label: `${e.label ?? e.msg} at ${duration(e.t)}`, value: `x-death: ${list(deathQueues(e.headers?.['x-death']))}` }));
    case RABBIT_KINDS.publisher:
      return [
        { label: 'Published', value: list(events.filter((e) => e.kind === 'amqp-publish' && e.from === node.id).map((e) => `${e.label} \u2192 ${e.exchange} (${e.routingKey})`)) },
        { label: 'Refused', value: list(events.filter((e) => e.kind === 'amqp-refuse' && e.from === node.id).map((e) => e.reason ?? '')) },
      ];
    default:
      return [];
  }
}

/** The RabbitMQ family's words and pictures-as-data. */
export const rabbitViews: FamilyViews<TraceBase> = {
  id: 'rabbitmq',
  traceKinds: RABBIT_TRACE_KINDS,
  say: (e, name) => sayRabbit(e, name),
  sayTogether: (events, name) => sayRabbitTogether(events, name),
  name: rabbitName,
  view: viewRabbit,
  tokenLabel: rabbitTokenLabel,
  inspect: inspectRabbit,
  timespace: rabbitTimeSpace,
};
