/**
 * The storage: the Account Srv database (File Storage on the slides). It holds a balance
 * (and a timeline of tweets) per user and, for the designs that keep order, the last number
 * processed: per user (Last ID Processed) or per channel (the processed sequence numbers). It
 * applies one write at a time and answers the listener that asked: applied, refused (business
 * rule), failed (a hiccup injected by a fault), skipped (out of turn) or duplicate (already done).
 * Pure rules (`reactStorage`) and the machine made from them; nothing is mutated.
 */
import { put } from '../../kernel/copy.ts';
import type { Emitted, Timed } from './ports.ts';
import type { AccountRow, Design, Payload, Storage } from './types.ts';

export type WriteResult = 'applied' | 'refused' | 'failed' | 'skipped' | 'duplicate';

export interface StorageContext {
  design: Design;
  accounts: Storage;
  /** 'last-sequence': the last channel sequence processed, per channel ("Processed Sequence #'s"). */
  sequences: Record<string, number>;
  /** Writes still to fail, per listener id: a storage hiccup as that listener sees it. */
  failFor: Record<string, number>;
}

export type StorageEvent =
  | (Timed & { type: 'storage.write'; from: string; msg: number; payload: Payload; channel?: string; seq?: number })
  | (Timed & { type: 'storage.fail-writes'; listener: string; count: number });

export interface StorageInput {
  design: Design;
  users: Record<string, number>;
}

type WriteEvent = Extract<StorageEvent, { type: 'storage.write' }>;

/**
 * Pure: where an event stands in its line under a design, or null where the design keeps no order.
 * `n` is the event's own number, `after` the number it must follow, `last` the one processed last.
 */
export function place(ctx: Pick<StorageContext, 'design' | 'accounts' | 'sequences'>, e: Pick<WriteEvent, 'payload' | 'channel' | 'seq'>): { n: number; after: number; last: number } | null {
  const last = ctx.accounts[e.payload.user]?.lastNumber ?? 0;
  switch (ctx.design) {
    case 'per-user-number': {
      const n = e.payload.number ?? 0;
      return { n, after: n - 1, last };
    }
    case 'publisher-last-seq':
      return { n: e.payload.number ?? 0, after: e.payload.prev ?? 0, last };
    case 'last-sequence': {
      const n = e.seq ?? 0;
      return { n, after: n - 1, last: ctx.sequences[e.channel ?? ''] ?? 0 };
    }
    default:
      return null;
  }
}

/** Pure: what a write would do to the accounts. */
export function judgeWrite(ctx: StorageContext, e: WriteEvent): WriteResult {
  if ((ctx.failFor[e.from] ?? 0) > 0) return 'failed';
  const row = ctx.accounts[e.payload.user] ?? { balance: 0, lastNumber: 0 };
  const line = place(ctx, e);
  if (line) {
    if (line.n <= line.last) return 'duplicate';
    if (line.after !== line.last) return 'skipped';
  }
  if (e.payload.kind === 'withdraw' && row.balance < e.payload.amount) return 'refused';
  return 'applied';
}

/** Whether a result counts as processed: the number moves on (a refused withdraw was judged, so it counts). */
const processed = (result: WriteResult): boolean => result === 'applied' || result === 'refused';

/** Pure: the accounts after a write. A refused withdraw changes no balance but counts as processed. */
export function applyWrite(accounts: Storage, p: Payload, result: WriteResult): Storage {
  if (!processed(result)) return accounts;
  const row = accounts[p.user] ?? { balance: 0, lastNumber: 0 };
  const delta = result !== 'applied' ? 0 : p.kind === 'deposit' ? p.amount : p.kind === 'withdraw' ? -p.amount : 0;
  const next: AccountRow = { balance: row.balance + delta, lastNumber: p.number ?? row.lastNumber };
  if (p.kind === 'tweet') next.posts = [...(row.posts ?? []), p.text ?? ''];
  else if (row.posts !== undefined) next.posts = row.posts;
  return put(accounts, p.user, next);
}

/** Pure: the processed sequence per channel after a write ('last-sequence' only). */
export function applySequence(ctx: Pick<StorageContext, 'design' | 'sequences'>, e: Pick<WriteEvent, 'channel' | 'seq'>, result: WriteResult): Record<string, number> {
  if (ctx.design !== 'last-sequence' || !processed(result) || e.channel === undefined || e.seq === undefined) return ctx.sequences;
  return put(ctx.sequences, e.channel, e.seq);
}

function reply(e: WriteEvent, result: WriteResult, balance: number): Emitted {
  return { type: 'out', to: `listener:${e.from}`, via: 'local', event: { type: 'storage.result', msg: e.msg, result, balance } };
}


/** The storage's context with some parts replaced (a literal: see kernel/copy.ts). */
const withParts = (ctx: StorageContext, parts: Partial<Omit<StorageContext, 'design'>>): StorageContext => ({
  design: ctx.design,
  accounts: parts.accounts ?? ctx.accounts,
  sequences: parts.sequences ?? ctx.sequences,
  failFor: parts.failFor ?? ctx.failFor,
});

/**
 * Pure: a write is judged and applied (or failed, using up one planned failure); planned failures add up.
 * @example reactStorage(ctx, { type: 'storage.fail-writes', listener: 'A', count: 1, t: 0 }).ctx.failFor.A // 1
 */
export function reactStorage(ctx: StorageContext, e: StorageEvent): { ctx: StorageContext; out: Emitted[] } {
  if (e.type === 'storage.fail-writes') return { ctx: withParts(ctx, { failFor: put(ctx.failFor, e.listener, (ctx.failFor[e.listener] ?? 0) + e.count) }), out: [] };
  if (e.type !== 'storage.write') return { ctx, out: [] };
  const result = judgeWrite(ctx, e);
  if (result === 'failed') {
    const failFor = put(ctx.failFor, e.from, (ctx.failFor[e.from] ?? 1) - 1);
    return { ctx: withParts(ctx, { failFor }), out: [reply(e, 'failed', ctx.accounts[e.payload.user]?.balance ?? 0)] };
  }
  const accounts = applyWrite(ctx.accounts, e.payload, result);
  const balance = accounts[e.payload.user]?.balance ?? 0;
  const out: Emitted[] = [];
  if (result === 'applied') {
    out.push({ type: 'trace', entry: { kind: 'write', msg: e.msg, channel: e.channel, seq: e.seq, from: `listener:${e.from}`, to: 'storage', payload: e.payload, balance } });
  }
  out.push(reply(e, result, balance));
  return { ctx: withParts(ctx, { accounts, sequences: applySequence(ctx, e, result) }), out };
}

export const initStorage = (input: StorageInput): StorageContext => ({
  design: input.design,
  accounts: Object.fromEntries(Object.entries(input.users).map(([u, b]) => [u, { balance: b, lastNumber: 0 }])),
  sequences: {},
  failFor: {},
});

/** The storage's rules, as the kernel's hosts take them. */
export const storageRules = { init: initStorage, react: reactStorage };
