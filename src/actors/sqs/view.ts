/**
 * What the SQS family's actors show on the stage and in the inspector, as pure folds of the trace
 * up to a virtual time. A queue is a pipe whose messages stack up: each copy it holds as a pill,
 * oldest first, tagged with the clock it waits on (its delay, or its visibility timeout while a
 * consumer has it), its depth and the age of the oldest in its note. A handler shows the message
 * in hand and a DUPLICATE mark when it has handled one message twice; the relay, how many laps
 * it has sent round; a sender, a REFUSED mark when SQS said no. Reads only this family's events.
 */
import type { TraceBase } from '../../kernel/types.ts';
import type { FamilyViews, NodeItem, NodeRef, NodeView } from '../family.ts';
import { sqsTimeSpace } from './timespace.ts';
import type { Ms, Party, SqsTraceEvent } from './types.ts';
import { SQS_KINDS } from './world.ts';
import { SQS_TRACE_KINDS, isSqsEvent, saySqs, secs, spoken, sqsName, tokenLabel } from './words.ts';

/** This family's events that have happened by time t, in order. */
const upTo = (trace: readonly TraceBase[], t: Ms): SqsTraceEvent[] => trace.filter((e): e is SqsTraceEvent => e.t <= t && isSqsEvent(e));

/** Whole seconds left until `at`, rounded up. */
const leftS = (at: Ms, t: Ms): number => Math.max(0, Math.ceil((at - t) / 1000));

/** One copy a queue holds. */
interface Held {
  id: string;
  msg: number;
  body: string;
  sentAt: Ms;
  visibleAt: Ms;
  delaySeconds: number;
  receiveCount: number;
  remaining?: number;
  heldBy?: Party;
}

function queueFold(id: Party, events: SqsTraceEvent[]) {
  const held = new Map<string, Held>();
  let ready: SqsTraceEvent | undefined;
  const deduped: SqsTraceEvent[] = [];
  const deadLettered: SqsTraceEvent[] = [];
  let stored = 0;
  let deleted = 0;
  for (const e of events) {
    if (e.from !== id) continue;
    if (e.kind === 'sqs-ready') ready = e;
    else if (e.kind === 'sqs-stored' && e.id) {
      stored++;
      held.set(e.id, { id: e.id, msg: e.msg ?? 0, body: e.body ?? '', sentAt: e.t, visibleAt: e.visibleAt ?? e.t, delaySeconds: e.delaySeconds ?? 0, receiveCount: 0, ...(e.remaining === undefined ? {} : { remaining: e.remaining }) });
    } else if (e.kind === 'sqs-receive' && e.id) {
      const h = held.get(e.id);
      if (h) held.set(e.id, { ...h, receiveCount: e.receiveCount ?? h.receiveCount + 1, visibleAt: e.visibleAt ?? e.t, ...(e.to ? { heldBy: e.to } : {}) });
    } else if (e.kind === 'sqs-deleted' && e.id) {
      if (held.delete(e.id)) deleted++;
    } else if (e.kind === 'sqs-dead-letter' && e.id) {
      held.delete(e.id);
      deadLettered.push(e);
    } else if (e.kind === 'sqs-deduped') deduped.push(e);
  }
  return { held: [...held.values()], ready, deduped, deadLettered, stored, deleted };
}

/**
 * A held copy's pill. A copy in the delay queue is labelled with the delay it still carries
 * ("1,900 s to go"); any other with the message. Its tag is the clock it waits on: its delay
 * ("612 s", with its progress, so the glyph draws a ring), or its visibility timeout while a
 * consumer has it.
 */
function heldItem(h: Held, t: Ms): NodeItem {
  const label = h.remaining === undefined ? h.body : `${secs(h.remaining)} to go`;
  const base: NodeItem = { id: h.id, label, tone: 'withdraw', since: h.sentAt };
  if (h.visibleAt <= t) return { ...base, tag: 'visible' };
  // In flight the tag is longer: the delay it carries is shown without "to go".
  if (h.receiveCount > 0) return { ...base, label: h.remaining === undefined ? h.body : secs(h.remaining), tag: `in flight ${leftS(h.visibleAt, t)} s` };
  const span = h.delaySeconds * 1000;
  return { ...base, tag: secs(leftS(h.visibleAt, t)), progress: span > 0 ? Math.max(0, Math.min(1, 1 - (h.visibleAt - t) / span)) : 1 };
}

/** "12 s", "15 min", "7 days": an age as the note shows it. */
const age = (ms: Ms): string => spoken(Math.floor(ms / 1000));

function queueView(node: NodeRef, events: SqsTraceEvent[], t: Ms): NodeView {
  const f = queueFold(node.id, events);
  const items = f.held.map((h) => heldItem(h, t));
  const delaying = f.held.some((h) => h.visibleAt > t && h.receiveCount === 0);
  const inFlight = f.held.some((h) => h.visibleAt > t && h.receiveCount > 0);
  const oldest = f.held.length > 0 ? Math.min(...f.held.map((h) => h.sentAt)) : undefined;
  const kind = f.ready?.fifo ? `FIFO, delay ${secs(f.ready.queueDelaySeconds ?? 0)}` : 'standard';
  return {
    state: items.length === 0 ? 'empty' : inFlight ? 'in flight' : delaying ? 'delaying' : 'ready',
    items,
    badges: [...f.deduped.map((e) => ({ word: 'DEDUPLICATED', violation: false, t: e.t })), ...f.deadLettered.map((e) => ({ word: 'DEAD-LETTERED', violation: false, t: e.t }))],
    note: oldest === undefined ? kind : items.length === 1 ? `1 msg, ${age(t - oldest)} old` : `${items.length} msgs, oldest ${age(t - oldest)}`,
  };
}

function pollerFold(id: Party, events: SqsTraceEvent[], t: Ms) {
  let inHand: SqsTraceEvent | undefined;
  let down = false;
  const handled: SqsTraceEvent[] = [];
  const relayed: SqsTraceEvent[] = [];
  const crashes: SqsTraceEvent[] = [];
  for (const e of events) {
    if (e.kind === 'sqs-receive' && e.to === id && (e.arrives ?? e.t) <= t && !down) inHand = e;
    else if (e.from !== id) continue;
    else if (e.kind === 'sqs-handled') handled.push(e);
    else if (e.kind === 'sqs-relay') relayed.push(e);
    else if (e.kind === 'sqs-delete' && inHand?.id === e.id) inHand = undefined;
    else if (e.kind === 'sqs-crash') {
      crashes.push(e);
      down = true;
      inHand = undefined;
    } else if (e.kind === 'sqs-restart') down = false;
  }
  return { inHand, down, handled, relayed, crashes };
}

function pollerView(node: NodeRef, events: SqsTraceEvent[], t: Ms): NodeView {
  const f = pollerFold(node.id, events, t);
  const relay = node.kind === SQS_KINDS.relay;
  const items: NodeItem[] = f.inHand ? [{ id: f.inHand.id ?? 'msg', label: f.inHand.body ?? 'msg', tone: 'withdraw', tag: relay ? 're-sending' : `receive ${f.inHand.receiveCount ?? 1}` }] : [];
  const dupes = f.handled.filter((e) => (e.times ?? 1) > 1);
  const perMessage = new Map<number, number>();
  for (const e of f.handled) perMessage.set(e.msg ?? 0, e.times ?? 1);
  const tally = [...perMessage].map(([msg, times]) => `#${msg} \u00D7${times}`).join(', ');
  return {
    state: f.down ? 'crashed' : items.length > 0 ? (relay ? 'relaying' : 'handling') : 'polling',
    ...(f.down ? { down: true } : {}),
    items,
    badges: [...f.crashes.map((e) => ({ word: 'CRASHED', violation: false, t: e.t })), ...dupes.map((e) => ({ word: 'DUPLICATE', violation: true, t: e.t }))],
    note: relay ? `${f.relayed.length} passed on` : tally === '' ? '0 handled' : `handled ${tally}`,
  };
}

function senderView(node: NodeRef, events: SqsTraceEvent[], t: Ms): NodeView {
  const sent = events.filter((e) => e.kind === 'sqs-send' && e.from === node.id);
  const refused = events.filter((e) => e.kind === 'sqs-refused' && e.to === node.id && (e.arrives ?? e.t) <= t);
  return {
    state: 'idle',
    items: [],
    badges: refused.map((e) => ({ word: 'REFUSED', violation: false, t: e.arrives ?? e.t })),
    ...(sent.length > 0 ? { note: `${sent.length} sent${refused.length > 0 ? `, ${refused.length} refused` : ''}` } : {}),
  };
}

/**
 * What a node of one of this family's kinds shows at virtual time t.
 * @example viewSqs({ id: 'discount', kind: 'sqs.queue', title: 'discount' }, trace, t).items[0].tag // '⏱ 100 s'
 */
export function viewSqs(node: NodeRef, trace: readonly TraceBase[], t: Ms): NodeView {
  const events = upTo(trace, t);
  switch (node.kind) {
    case SQS_KINDS.queue:
      return queueView(node, events, t);
    case SQS_KINDS.consumer:
    case SQS_KINDS.relay:
      return pollerView(node, events, t);
    case SQS_KINDS.sender:
      return senderView(node, events, t);
    default:
      return { state: 'idle', items: [], badges: [] };
  }
}

const list = (xs: readonly string[]): string => (xs.length > 0 ? xs.join('; ') : 'none');

/**
 * The inspector's rows for a node: every fact the picture leaves out.
 * @example inspectSqs({ id: 'discount-delay.fifo', kind: 'sqs.queue', title: 'Delay queue' }, trace, t)[0] // { label: 'Queue', value: 'discount-delay.fifo (FIFO)' }
 */
export function inspectSqs(node: NodeRef, trace: readonly TraceBase[], t: Ms): { label: string; value: string }[] {
  const events = upTo(trace, t);
  switch (node.kind) {
    case SQS_KINDS.queue: {
      const f = queueFold(node.id, events);
      const r = f.ready;
      return [
        { label: 'Queue', value: `${node.id} (${r?.fifo ? 'FIFO' : 'standard'})` },
        { label: 'Queue-level delay', value: secs(r?.queueDelaySeconds ?? 0) },
        { label: 'Visibility timeout', value: `${(r?.visibilityTimeoutMs ?? 0) / 1000} s` },
        ...(r?.maxReceiveCount ? [{ label: 'Redrive', value: `to ${r.deadLetterQueue} after ${r.maxReceiveCount} receives` }] : []),
        {
          label: 'Messages',
          value: list(
            f.held.map(
              (h) =>
                `${h.id}: ${h.body}${h.remaining === undefined ? '' : `, ${secs(h.remaining)} to go in its attribute`}, ${h.visibleAt > t ? (h.receiveCount === 0 ? `delayed ${secs(leftS(h.visibleAt, t))} more` : `in flight with ${h.heldBy ?? 'a consumer'}, visible again in ${leftS(h.visibleAt, t)} s`) : 'visible'}, received ${h.receiveCount} times`,
            ),
          ),
        },
        { label: 'Stored / deleted', value: `${f.stored} / ${f.deleted}` },
        { label: 'Deduplicated sends', value: String(f.deduped.length) },
      ];
    }
    case SQS_KINDS.consumer:
    case SQS_KINDS.relay: {
      const f = pollerFold(node.id, events, t);
      return [
        { label: 'State', value: f.down ? 'crashed' : f.inHand ? 'working on a message' : 'polling' },
        { label: 'In hand', value: f.inHand ? `${f.inHand.id} (${f.inHand.body}), receive count ${f.inHand.receiveCount ?? 1}` : 'nothing' },
        ...(node.kind === SQS_KINDS.relay
          ? [{ label: 'Decisions', value: list(f.relayed.map((e) => `message ${e.msg}: ${secs(e.remaining ?? 0)} to go \u2192 ${e.to}`)) }]
          : [{ label: 'Handled', value: list(f.handled.map((e) => `message ${e.msg} (${e.body})${(e.times ?? 1) > 1 ? `, time ${e.times}` : ''}`)) }]),
        { label: 'Crashes before a delete', value: String(f.crashes.length) },
      ];
    }
    case SQS_KINDS.sender: {
      const sent = events.filter((e) => e.kind === 'sqs-send' && e.from === node.id);
      const refused = events.filter((e) => e.kind === 'sqs-refused' && e.to === node.id);
      return [
        { label: 'Sent', value: list(sent.map((e) => `message ${e.msg} to ${e.to}${e.remaining === undefined ? ` with DelaySeconds ${e.delaySeconds}` : ` with ${secs(e.remaining)} in its attribute`}`)) },
        { label: 'Refused', value: list(refused.map((e) => `message ${e.msg}: ${e.reason}`)) },
      ];
    }
    default:
      return [];
  }
}

/** The SQS family's words and pictures-as-data. */
export const sqsViews: FamilyViews<TraceBase> = {
  id: 'sqs',
  traceKinds: SQS_TRACE_KINDS,
  say: (e, name) => (isSqsEvent(e) ? saySqs(e, name) : undefined),
  name: sqsName,
  view: viewSqs,
  tokenLabel: (e) => tokenLabel(e as SqsTraceEvent),
  inspect: inspectSqs,
  timespace: sqsTimeSpace,
};
