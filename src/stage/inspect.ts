/**
 * The world inspector's data: every actor's state at one virtual instant, as plain data the
 * Inspector panel prints as text. It reads what the stage shows (viewAt) and adds, in one more
 * pass over the trace up to t, only what the picture does not keep: how many times each message
 * was delivered, queue group members, missed heartbeats, the contents of each inbox and what the
 * publisher stamped per user. Pure: no DOM; the scene and the trace are only read.
 *
 * @example inspect(storageFails, result.trace, 2500).listeners[0].unacked[0]
 *          // { msg: 1, what: "Jim's deposit $70", attempt: 1, leftS: 28.7, … }
 */
import { isStageNode } from './declared/layout.ts';
import { payloadLabel } from '../lib/format.ts';
import type { Design, Ms, Payload, TraceEvent } from '../actors/nats/types.ts';
import type { Scene } from '../chapters/types.ts';
import { listenerOf, viewAt, type ListenerState, type MarkKind, type ViewOptions } from './view.ts';
import { vocabularyFor } from './vocabulary.ts';
import { viewsFor } from './declared/view.ts';
import type { NodeView } from '../actors/family.ts';

/** The words the panel uses for chapter 1's board. */
export interface InspectorWords {
  publisher: string;
  server: string;
  storage: string;
  /** Heading of the broker's list: "Channels". */
  slots: string;
  /** What shares the work: "queue group". */
  group: string;
  /** Heading of the list of connected clients: "Clients". */
  clients: string;
  /** What tells the server a client is alive: "heartbeats". */
  heartbeat: string;
  /** A delivery that has not been acked yet: "unacked". */
  unacked: string;
  /** The storage column of the number an ordered design keeps per user ('' when it keeps none). */
  lastNumber: string;
  /** The publisher column of the number it stamps per user ('' when it stamps none). */
  stamped: string;
}

/** One message the server keeps in a channel. */
export interface MessageInspection {
  msg: number;
  /** Sequence in its channel. */
  seq: number;
  /** "Jim's deposit $70". */
  what: string;
  payload: Payload;
  acked: boolean;
  /** Deliveries so far, first delivery and redeliveries together. */
  deliveries: number;
  /** Listener ids the server is waiting on for an ack. */
  holders: string[];
}

export interface ChannelInspection {
  name: string;
  /** The channel's name, as the board titles its slot. */
  title: string;
  messages: MessageInspection[];
}

export interface GroupInspection {
  name: string;
  channels: string[];
  /** Listener ids the server counts as members now. */
  members: string[];
}

export interface ClientInspection {
  id: string;
  title: string;
  /** Heartbeats missed in a row, as the last miss reported it. */
  missed: number;
  /** Misses at which the server gives the client up. */
  limit: number;
  /** The server has given the client up (or it closed its connection). */
  closed: boolean;
  /** Why it was closed, as the trace says it. */
  reason?: string;
}

export interface JobInspection {
  msg: number;
  what: string;
  attempt: number;
  /** 0..1 through the processing time. */
  progress: number;
}

export interface InboxItem {
  msg: number;
  what: string;
  attempt: number;
}

export interface UnackedInspection {
  msg: number;
  what: string;
  attempt: number;
  /** Seconds of ack wait left (ackDeadline − t), never below 0. */
  leftS: number;
}

export interface ListenerInspection {
  id: string;
  title: string;
  state: ListenerState;
  /** It takes at least twice as long as the quickest listener. */
  slow: boolean;
  /** What it is processing now. */
  job?: JobInspection;
  /** Received, not yet started, oldest first. */
  inbox: InboxItem[];
  unacked: UnackedInspection[];
  /** Its latest outcome, cleared when it starts on its next message. */
  outcome?: { kind: MarkKind; what: string };
}

export interface PublisherUserRow {
  user: string;
  sent: number;
  /** The last number (or Seq) stamped on this user's events, when the design stamps one. */
  lastNumber?: number;
}

export interface StorageUserRow {
  user: string;
  balance: number;
  /** Last number processed, for the designs that keep one (see words.lastNumber). */
  lastNumber: number;
  posts: string[];
}

/** One node of a declared stage, as its family inspects it. */
export interface NodeInspection {
  id: string;
  title: string;
  kind: string;
  rows: { label: string; value: string }[];
}

export interface Inspection {
  t: Ms;
  /** A scene that declares its stage: its nodes as their families inspect them (the rest is then empty). */
  nodes?: NodeInspection[];
  design: Design;
  words: InspectorWords;
  publisher: { sent: number; users: PublisherUserRow[] };
  server: { channels: ChannelInspection[]; groups: GroupInspection[]; clients: ClientInspection[] };
  listeners: ListenerInspection[];
  /** sequences: 'last-sequence' only, the processed sequence per channel. */
  storage: { users: StorageUserRow[]; sequences: { channel: string; last: number }[] };
}

/** What inspect needs of the stage's options: the step (for slow listeners) and which hops have landed. */
export type InspectOptions = Pick<ViewOptions, 'step' | 'landed'>;

/** The broker's words for the panel's lists. */
const WORDS: Pick<InspectorWords, 'slots' | 'group' | 'clients' | 'heartbeat' | 'unacked'> = { slots: 'Channels', group: 'queue group', clients: 'Clients', heartbeat: 'heartbeats', unacked: 'unacked' };

/** 'listener:A' → 'A'. */
const idOf = (party: string): string => party.slice(party.indexOf(':') + 1);

/** A client that (re)connects starts with a clean heartbeat record. */
function reconnect(c: ClientInspection): void {
  c.missed = 0;
  c.closed = false;
  delete c.reason;
}

/** "2 of 3" → [2, 3]. */
function missCount(note: string | undefined): [number, number] | undefined {
  const m = /(\d+) of (\d+)/.exec(note ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * What every actor of the world is doing at virtual time t, from the trace events with `e.t <= t`.
 * @example inspect(scene, result.trace, t, { step }).server.channels[0].messages[0].deliveries // 2
 */
export function inspect(scene: Scene, trace: readonly TraceEvent[], t: Ms, opts: InspectOptions = {}): Inspection {
  if (scene.stage) return inspectDeclared(scene, trace, t);
  const view = viewAt(scene, trace, t, opts);
  const vocab = vocabularyFor();
  const design = scene.world.design;
  const numbered = design === 'per-user-number' || design === 'publisher-last-seq';

  // What the picture does not keep, in one pass.
  const deliveries = new Map<number, number>();
  const payloads = new Map<number, Payload>();
  const groups = new Map<string, { channels: Set<string>; members: Set<string> }>();
  const limit = scene.world.heartbeat.failCount + 1;
  const clients = new Map<string, ClientInspection>(
    scene.world.listeners.map((l) => [l.id, { id: l.id, title: vocab.listenerTitle(l.id), missed: 0, limit, closed: false }]),
  );
  const inboxes = new Map<string, InboxItem[]>(scene.world.listeners.map((l) => [l.id, []]));
  const stamped = new Map<string, PublisherUserRow>();
  const label = (msg: number | undefined, payload: Payload | undefined): string =>
    payload ? payloadLabel(payload, true) : msg !== undefined ? `message ${msg}` : 'a message';

  for (const e of trace) {
    if (e.t > t) break;
    if (e.payload && e.msg !== undefined && !payloads.has(e.msg)) payloads.set(e.msg, e.payload);
    const party = listenerOf(e);
    const id = party ? idOf(party) : undefined;
    switch (e.kind) {
      case 'publish':
        if (e.payload) {
          const row = stamped.get(e.payload.user) ?? { user: e.payload.user, sent: 0 };
          row.sent += 1;
          if (e.payload.number !== undefined) row.lastNumber = e.payload.number;
          stamped.set(e.payload.user, row);
        }
        break;
      case 'deliver':
      case 'redeliver':
        if (e.msg !== undefined) deliveries.set(e.msg, (deliveries.get(e.msg) ?? 0) + 1);
        break;
      case 'subscribe':
        if (id) {
          const c = clients.get(id);
          if (c) reconnect(c);
          if (e.queue) {
            const g = groups.get(e.queue) ?? { channels: new Set<string>(), members: new Set<string>() };
            if (e.channel) g.channels.add(e.channel);
            g.members.add(id);
            groups.set(e.queue, g);
          }
        }
        break;
      case 'restart':
        if (id) {
          const c = clients.get(id);
          if (c) reconnect(c);
          inboxes.set(id, []);
        }
        break;
      case 'hb-miss':
        if (id) {
          const c = clients.get(id);
          const counted = missCount(e.note);
          if (c) {
            c.missed = counted ? counted[0] : c.missed + 1;
            if (counted) c.limit = counted[1];
          }
        }
        break;
      case 'client-closed':
        if (id) {
          const c = clients.get(id);
          if (c) {
            c.closed = true;
            if (e.note) c.reason = e.note;
          }
          for (const g of groups.values()) g.members.delete(id);
        }
        break;
      case 'receive':
        if (id && e.msg !== undefined) inboxes.get(id)?.push({ msg: e.msg, what: label(e.msg, e.payload ?? payloads.get(e.msg)), attempt: e.attempt ?? 1 });
        break;
      case 'process-start':
        if (id) {
          const inbox = inboxes.get(id);
          const k = inbox?.findIndex((m) => m.msg === e.msg) ?? -1;
          if (inbox && k >= 0) inbox.splice(k, 1);
        }
        break;
      case 'crash':
      case 'leave':
        if (id) inboxes.set(id, []);
        break;
      default:
        break;
    }
  }

  // Who the server is waiting on, per message.
  const holders = new Map<number, string[]>();
  for (const l of view.listeners) for (const u of l.unacked) holders.set(u.msg, [...(holders.get(u.msg) ?? []), l.id]);

  const channels: ChannelInspection[] = view.channels.map((ch) => ({
    name: ch.name,
    title: vocab.slotTitle(ch.name),
    messages: ch.messages.map((m) => ({
      msg: m.msg,
      seq: m.seq,
      what: label(m.msg, m.payload),
      payload: m.payload,
      acked: m.acked,
      deliveries: deliveries.get(m.msg) ?? 0,
      holders: m.acked ? [] : (holders.get(m.msg) ?? []),
    })),
  }));

  const listeners: ListenerInspection[] = view.listeners.map((l) => {
    const job = l.jobs[0];
    const out: ListenerInspection = {
      id: l.id,
      title: vocab.listenerTitle(l.id),
      state: l.state,
      slow: l.slow,
      inbox: inboxes.get(l.id) ?? [],
      unacked: l.unacked.map((u) => ({ msg: u.msg, what: label(u.msg, u.payload), attempt: u.attempt, leftS: Math.max(0, (u.ackDeadline - t) / 1000) })),
    };
    if (job) out.job = { msg: job.msg, what: label(job.msg, job.payload), attempt: job.attempt, progress: job.progress };
    if (l.mark) out.outcome = { kind: l.mark.kind, what: label(l.mark.msg, l.mark.payload ?? payloads.get(l.mark.msg)) };
    return out;
  });

  return {
    t,
    design,
    words: {
      publisher: vocab.publisherTitle,
      server: vocab.serverTitle,
      storage: vocab.storageTitle,
      ...WORDS,
      lastNumber: numbered ? 'Last ID processed' : '',
      stamped: design === 'per-user-number' ? 'last number' : design === 'publisher-last-seq' ? 'last Seq' : '',
    },
    publisher: { sent: view.publisher.sent.length, users: [...stamped.values()] },
    server: {
      channels,
      groups: [...groups].map(([name, g]) => ({ name, channels: [...g.channels], members: [...g.members] })),
      clients: [...clients.values()],
    },
    listeners,
    storage: {
      users: view.storage.map((r) => ({ user: r.user, balance: r.balance, lastNumber: r.lastNumber, posts: r.posts })),
      sequences: view.sequences.map((s) => ({ channel: s.channel, last: s.last })),
    },
  };
}

/** A declared stage's nodes, each as its family's inspect hook reads the trace up to t (its view's facts otherwise). */
function inspectDeclared(scene: Scene, trace: readonly TraceEvent[], t: Ms): Inspection {
  const upTo = trace.filter((e) => e.t <= t);
  const nodes = scene.stage!.columns.flat().filter((n) => !isStageNode(n.kind)).map((n) => {
    const ref = { id: n.id, kind: n.kind, title: n.title };
    const family = viewsFor(n.kind);
    const rows = family?.inspect?.(ref, upTo, t) ?? fromView(family?.view?.(ref, upTo, t));
    return { ...ref, rows };
  });
  const words: InspectorWords = { publisher: '', server: '', storage: '', slots: '', group: '', clients: '', heartbeat: '', unacked: '', lastNumber: '', stamped: '' };
  return { t, nodes, design: scene.world.design, words, publisher: { sent: 0, users: [] }, server: { channels: [], groups: [], clients: [] }, listeners: [], storage: { users: [], sequences: [] } };
}

/** A node's view as rows, for a family with no inspect hook of its own. */
function fromView(v: NodeView | undefined): { label: string; value: string }[] {
  if (!v) return [];
  return [
    { label: 'state', value: [v.state, v.down ? 'down' : '', v.slow ? 'slow' : '', v.waiting ? 'waiting' : ''].filter(Boolean).join(', ') || '\u2013' },
    ...v.items.map((it, i) => ({ label: i === 0 ? 'holds' : '', value: [it.label, it.tag, it.progress !== undefined ? `${Math.round(it.progress * 100)}%` : ''].filter(Boolean).join(' ') })),
    ...(v.table?.rows ?? []).map((r) => ({ label: r.cells[0] ?? r.key, value: r.cells.slice(1).join(' \u00b7 ') })),
    ...v.badges.map((b) => ({ label: 'outcome', value: b.word })),
  ];
}
