/**
 * The words for each transport (see Transport in machines/types.ts): the same boxes and the same
 * trace events, named as a message broker, a load balancer in front of HTTP instances, or a
 * thread pool inside one process would name them. The stage's box titles, the tags in the middle
 * box, the label on a returning token and the narration log all read from here, so one scene
 * drawn three ways differs only in words. Pure: no DOM.
 *
 * @example vocabularyFor('http').party('listener:A') // 'instance A'
 */
import { partyName } from '../lib/format.ts';
import type { Party, TraceKind, Transport } from '../actors/nats/types.ts';

/** The pieces of one narration sentence, worked out once from a trace event. */
export interface Parts {
  /** The message: "deposit $70". */
  what: string;
  /** Who did it (the event's `from`), named for this transport. */
  who: string;
  /** Who it went to (the event's `to`), named for this transport. */
  to: string;
  /** ", attempt 2" on a second try, else empty. */
  attempt: string;
  /** The balance after a write or at a refusal: "$40". */
  balance: string;
  /** " (note)" when the event carries a note, else empty. */
  tail: string;
  /** The message was refused earlier (a refused withdraw is still answered). */
  refused: boolean;
}

/** What a returning token needs for its label. */
export interface Answer {
  kind: 'ack' | 'ack-lost';
  msg: number;
  seq?: number;
  refused?: boolean;
}

export interface Vocabulary {
  transport: Transport;
  /** Box titles, left to right. */
  publisherTitle: string;
  serverTitle: string;
  storageTitle: string;
  /** A listener's box title; `narrow` for the phone layout. */
  listenerTitle(id: string, narrow: boolean): string;
  /** The heading of a slot in the middle box (a channel's name for the broker). */
  slotTitle(channel: string): string;
  /** The line under the slot (the queue group for the broker). */
  slotNote(queue: string | undefined): string;
  /** Said in a slot with nothing in it (an empty channel says nothing). */
  emptySlot: string;
  /** The tag on a message in the middle box: its sequence in the channel, or who is handling it. */
  cellTag(m: { seq: number; holder?: string }): string;
  /** The label on a returning token: an ack, an HTTP response, a thread's result. */
  answer(a: Answer): string;
  /** A party as a sentence names it: 'listener:A' → "listener A", 'server' → "the server". */
  party(p: Party | undefined): string;
  /** Sentences that differ from the broker's, by trace kind; the rest use the broker's. */
  say: Partial<Record<TraceKind, (p: Parts) => string>>;
  /** The stage as a screen reader hears it. */
  stageLabel: string;
  /** Why live mode cannot play this transport on a NATS server; absent when it can. */
  noLive?: string;
}

const BROKER: Vocabulary = {
  transport: 'broker',
  publisherTitle: 'Publisher',
  serverTitle: 'NATS Streaming',
  storageTitle: 'File Storage',
  listenerTitle: (id, narrow) => (narrow ? `Listener ${id}` : `Account Srv ${id}`),
  slotTitle: (channel) => channel,
  slotNote: (queue) => (queue ? `queue group ${queue}` : ''),
  emptySlot: '',
  cellTag: (m) => `#${m.seq}`,
  answer: (a) => (a.kind === 'ack' ? `ack #${a.seq ?? a.msg}` : 'ack (lost)'),
  party: partyName,
  say: {},
  stageLabel: 'The stage: publisher, NATS Streaming, the Account Srv listeners and File Storage. The event log lists everything it shows.',
};

/** 'listener:A' → 'A'; anything else unchanged. */
const idOf = (p: Party): string => (p.startsWith('listener:') ? p.slice('listener:'.length) : p);

/** Names shared by the two transports without a broker: the caller, the middle, the workers. */
function partyNamer(names: { publisher: string; server: string; worker: string }): (p: Party | undefined) => string {
  return (p) => {
    if (!p) return 'someone';
    if (p.startsWith('listener:')) return `${names.worker} ${idOf(p)}`;
    if (p === 'publisher') return names.publisher;
    if (p === 'server') return names.server;
    if (p === 'storage') return 'the database';
    return partyName(p);
  };
}

const HTTP: Vocabulary = {
  transport: 'http',
  publisherTitle: 'Web app',
  serverTitle: 'Load balancer',
  storageTitle: 'Database',
  listenerTitle: (id, narrow) => (narrow ? `Instance ${id}` : `Account Srv ${id}`),
  slotTitle: () => 'requests in flight',
  slotNote: () => 'least outstanding requests',
  emptySlot: 'none',
  cellTag: (m) => `\u2192 ${m.holder ?? '?'}`,
  answer: (a) => (a.kind === 'ack-lost' ? 'reply (lost)' : a.refused ? '422 refused' : '200 OK'),
  party: partyNamer({ publisher: 'the web app', server: 'the load balancer', worker: 'instance' }),
  say: {
    publish: (p) => `the web app sends ${p.what} to the load balancer`,
    deliver: (p) => `the load balancer forwards ${p.what} to ${p.to} (fewest in flight)`,
    redeliver: (p) => `the load balancer sends ${p.what} to ${p.to} again${p.attempt}`,
    ack: (p) => (p.refused ? `${p.who} answers 422 for ${p.what}: insufficient funds` : `${p.who} answers 200 OK for ${p.what}`),
    'ack-lost': (p) => `${p.who} answers for ${p.what}, but the reply is lost on the way`,
    'ack-timeout': (p) => `the load balancer gives up waiting for ${p.to} to answer ${p.what}`,
    'process-fail': (p) => `${p.who} fails to write ${p.what} to the database and answers 500`,
    subscribe: (p) => `${p.who} joins the load balancer's pool`,
    stalled: (p) => `${p.to} has too many requests in flight and gets no new ones`,
    leave: (p) => `${p.who} shuts down`,
    'hb-miss': (p) => `${p.to} fails a health check${p.tail}`,
    'client-closed': (p) => `the load balancer takes ${p.who} out of its pool${p.tail}`,
  },
  stageLabel: 'The stage: the web app, a load balancer, two Account Srv instances and the database. The event log lists everything it shows.',
  noLive: 'This scene has no broker: it plays HTTP calls through a load balancer, so there is nothing to run on a NATS server. Live mode plays the broker scenes.',
};

const THREADS: Vocabulary = {
  transport: 'threads',
  publisherTitle: 'Clients',
  serverTitle: 'Account Srv process',
  storageTitle: 'Database',
  listenerTitle: (id) => `Thread ${id}`,
  slotTitle: () => 'thread pool',
  slotNote: () => 'next request \u2192 least busy thread',
  emptySlot: 'all idle',
  cellTag: (m) => `\u2192 T${m.holder ?? '?'}`,
  answer: (a) => (a.kind === 'ack-lost' ? 'result (lost)' : a.refused ? 'refused' : 'done'),
  party: partyNamer({ publisher: 'a client', server: 'the thread pool', worker: 'thread' }),
  say: {
    publish: (p) => `a client sends ${p.what} to the Account Srv process`,
    deliver: (p) => `the thread pool hands ${p.what} to ${p.to} (least busy)`,
    redeliver: (p) => `the thread pool hands ${p.what} to ${p.to} again${p.attempt}`,
    ack: (p) => (p.refused ? `${p.who} is done with ${p.what} and returns "insufficient funds"` : `${p.who} is done with ${p.what} and returns OK`),
    'ack-lost': (p) => `${p.who} finishes ${p.what}, but its result is lost`,
    'ack-timeout': (p) => `the thread pool gives up waiting for ${p.to} to finish ${p.what}`,
    'process-fail': (p) => `${p.who} fails to write ${p.what} to the database and returns an error`,
    subscribe: (p) => `${p.who} starts and waits for work`,
    stalled: (p) => `${p.to} has too much work queued and gets no more`,
    leave: (p) => `${p.who} stops`,
    'hb-miss': (p) => `${p.to} does not respond${p.tail}`,
    'client-closed': (p) => `the thread pool stops giving work to ${p.who}${p.tail}`,
  },
  stageLabel: 'The stage: clients, one Account Srv process with a thread pool, its two threads and the database. The event log lists everything it shows.',
  noLive: 'This scene has no broker: it plays two threads inside one process, so there is nothing to run on a NATS server. Live mode plays the broker scenes.',
};

const VOCABULARIES: Record<Transport, Vocabulary> = { broker: BROKER, http: HTTP, threads: THREADS };

/**
 * The words for a transport; the broker's when none is given.
 * @example vocabularyFor(undefined).serverTitle // 'NATS Streaming'
 */
export const vocabularyFor = (transport: Transport | undefined): Vocabulary => VOCABULARIES[transport ?? 'broker'];
