/**
 * The vocabulary of the HTTP family: synchronous calls from a caller (a web app, the clients of a
 * process) through a load balancer or a thread pool to instances or threads that read and write
 * an accounts database. Its trace kinds and fields, the configs of its kinds and the commands it
 * takes. Plain data only: everything here survives JSON.stringify and structuredClone.
 *
 * The business events are chapter 1's: a request carries the same Payload (deposit $70,
 * withdraw $100), so the stage draws the same pills.
 */
import type { Ms, Party, TraceBase } from '../../kernel/types.ts';
import type { Payload } from '../nats/types.ts';

export type { Ms, Party, Payload };

/**
 * HTTP status of an answer: 200 OK, 422 refused (insufficient funds), 500 the store write
 * failed, 503 nobody to hand it to, 504 the load balancer gave up waiting for the instance.
 */
export type Status = 200 | 422 | 500 | 503 | 504;

export type HttpTraceKind =
  | 'ready' // an actor is up: a worker with its time per request, the store with its balances
  | 'request' // caller → balancer or pool (a hop)
  | 'forward' // balancer → instance (a hop)
  | 'dispatch' // pool → thread (a hop inside the process)
  | 'handle-start' // a worker starts on a request: processMs of work before it touches the store
  | 'query' // worker → store: apply this payload (a hop, or in-process for a thread)
  | 'db-write' // store → worker: applied, with the new balance
  | 'db-refuse' // store → worker: a withdraw below zero, refused; no balance changed
  | 'db-fail' // store → worker: the write failed (a fault); no balance changed
  | 'reply' // instance → balancer, with the status (a hop)
  | 'thread-done' // thread → pool, with the status (a hop inside the process)
  | 'respond' // balancer or pool → caller, relaying the status (a hop)
  | 'response' // the caller has its answer (or, `late`, an answer it had given up on)
  | 'timeout' // the caller gave up waiting
  | 'slowed' // a worker now takes longer per request
  | 'instance-down' // a worker crashed: what it was handling is lost
  | 'instance-up' // a crashed worker is back, with nothing in hand
  | 'dropped'; // a request reached a worker that is down, and vanished

/**
 * One fact of an HTTP world, in time order.
 * @example { t: 300, kind: 'forward', msg: 1, req: 'web#1', from: 'lb', to: 'service:A',
 *            payload: { kind: 'deposit', user: 'Jim', amount: 70 }, arrives: 600 }
 */
export interface HttpTraceEvent extends TraceBase {
  kind: HttpTraceKind;
  /** The caller's number for the request, 1, 2, 3… in the order it sent them. */
  msg?: number;
  /** The request's id across the world: caller and number, 'web#1'. */
  req?: string;
  /** The caller that sent the request (on hops further along). */
  caller?: Party;
  payload?: Payload;
  status?: Status;
  /** Balance of payload.user after a write, or when a withdraw is refused. */
  balance?: number;
  /** 'ready', 'slowed', 'handle-start': the worker's time per request, now. */
  processMs?: Ms;
  /** 'ready', 'slowed': 'instance' (a service) or 'thread', to compare a worker with its peers. */
  role?: WorkerRole;
  /** 'handle-start': when the work is done and the store is asked. */
  ends?: Ms;
  /** 'request': when the caller gives up, if it has a timeout. */
  deadline?: Ms;
  /** 'ready' of a store: the balance of every user it starts with. */
  balances?: Record<string, number>;
  /** 'response': it came after the caller had given up. */
  late?: boolean;
  /** 'instance-down': the requests it was handling, lost. */
  lost?: number[];
}

/** What a worker is, for the words and to find its peers: an instance of a service, or a thread of a process. */
export type WorkerRole = 'instance' | 'thread';

/** Every config may put its actor on a host: everything in one process shares it (see ActorKind.host). */
interface Hosted {
  /** The host it runs on (the monolith's process); default its own name. */
  host?: string;
}

export interface CallerConfig extends Hosted {
  /** Where its requests go: a balancer, a pool, or an instance directly. */
  target: Party;
  /** Gives up on a request after this long; no timeout when absent. */
  timeoutMs?: Ms;
}

export interface RouterConfig extends Hosted {
  /** The instances or threads it hands requests to, in line order: ties go to the first. */
  upstreams: Party[];
  /** Answers 504 when an instance has not answered in this long (nginx's proxy_read_timeout is 60 s); none when absent. */
  upstreamTimeoutMs?: Ms;
}

export interface WorkerConfig extends Hosted {
  /** Work on one request before it reads and writes the store. */
  processMs: Ms;
  /** The store it writes to; default 'storage'. */
  store?: Party;
}

export interface StoreConfig extends Hosted {
  /** Starting balance per user. */
  users: Record<string, number>;
}

/** A row of the accounts store, in the shape chapter 1's storage readout reads. */
export interface Account {
  balance: number;
  /** Kept at 0: this store numbers nothing; the field is there for the storage readout. */
  lastNumber: number;
}

export type Accounts = Record<string, Account>;

/** What a scene step (or a fault) asks an HTTP world to do. Verbs are the family's own. */
export type HttpCommand =
  /** The caller sends a request with this payload. */
  | { do: 'http.call'; caller: Party; payload: Payload }
  /** A worker (an instance or a thread, by actor name) now takes this long per request. */
  | { do: 'http.slow'; actor: Party; processMs: Ms }
  | { do: 'http.crash'; actor: Party }
  | { do: 'http.restart'; actor: Party }
  /** The next `count` writes this worker sends to its store fail. */
  | { do: 'http.fail-writes'; actor: Party; count: number };
