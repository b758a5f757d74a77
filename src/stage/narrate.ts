/**
 * The narration log: each trace event as one plain sentence, read aloud by screen readers
 * (aria-live) and shown beside the stage, so every animated fact is also text.
 */
import type { Payload, TraceEvent } from '../actors/nats/types.ts';
import { logTime, money, payloadLabel } from '../lib/format.ts';
import { vocabularyFor } from './vocabulary.ts';
import { views } from '../actors/index.ts';

/** Trace kinds that only keep the world ticking and would drown the log (none, so far: only
 * missed heartbeats are traced, and those are the story of a dead listener). */
const QUIET = new Set<TraceEvent['kind']>([]);

/** Whether an event belongs in the narration log. */
export const isNarrated = (e: TraceEvent): boolean => !QUIET.has(e.kind);

/** What a sentence needs beyond its event. */
export interface DescribeOptions {
  /** The message was refused earlier: its answer says so. */
  refused?: boolean;
  /** Several users share the story: name the user in each label ("Mary's deposit $40"). */
  withUser?: boolean;
}

/**
 * One event as a sentence without its time.
 * @example describe({ t: 30400, kind: 'redeliver', msg: 1, to: 'listener:B', attempt: 2, payload })
 *   → "the server redelivers deposit $70 to listener B, attempt 2"
 */
export function describe(e: TraceEvent, label?: string, opts: DescribeOptions = {}): string {
  const v = vocabularyFor();
  const what = label ?? (e.payload ? payloadLabel(e.payload, opts.withUser) : e.msg !== undefined ? `message ${e.msg}` : 'a message');
  const who = v.party(e.from);
  const to = v.party(e.to);
  const attempt = (e.attempt ?? 1) > 1 ? `, attempt ${e.attempt}` : '';
  const balance = e.balance !== undefined ? money(e.balance) : '';
  const tail = e.note ? ` (${e.note})` : '';
  if (e.kind === 'note' || e.kind === 'runaway') return e.note ?? '';
  // Every other kind in the words of the family that wrote it.
  const writer = views.find((f) => f.traceKinds.includes(e.kind));
  const said = writer?.say(e, writer.name ?? v.party, { what, refused: opts.refused ?? false });
  // A kind no family claims still gets a line.
  return said ?? `${who}: ${e.kind} ${what}${tail}`;
}

/** "0:30.4 — the server redelivers deposit $70 to listener B, attempt 2" */
export function sentence(e: TraceEvent, payload: Payload | undefined = e.payload, opts: DescribeOptions = {}): string {
  return `${logTime(e.t)} — ${describe(e, payload ? payloadLabel(payload, opts.withUser) : undefined, opts)}`;
}

/** One line of the narration log. */
export interface LogLine {
  /** Index of the event in the trace: a stable key. */
  index: number;
  t: number;
  kind: TraceEvent['kind'];
  text: string;
}

/**
 * The log lines for trace[from..to), naming each message by its payload even on events that do
 * not carry one (acks), from what earlier events said, each in the words of the family that wrote it.
 */
export function narrateTrace(trace: readonly TraceEvent[], from = 0, to = trace.length): LogLine[] {
  const payloads = new Map<number, Payload>();
  const refused = new Set<number>();
  const lines: LogLine[] = [];
  // Read the whole trace for its users, so a line reads the same whichever slice is narrated.
  const withUser = new Set(trace.flatMap((e) => (e.payload && e.payload.kind !== 'tweet' ? [e.payload.user] : []))).size > 1;
  for (let i = 0; i < Math.min(to, trace.length); i++) {
    const e = trace[i]!;
    if (e.payload && e.msg !== undefined && !payloads.has(e.msg)) payloads.set(e.msg, e.payload);
    if (e.kind === 'reject' && e.msg !== undefined) refused.add(e.msg);
    if (i < from || !isNarrated(e)) continue;
    const payload = e.payload ?? (e.msg !== undefined ? payloads.get(e.msg) : undefined);
    const opts = { refused: e.msg !== undefined && refused.has(e.msg), withUser };
    lines.push({ index: i, t: e.t, kind: e.kind, text: sentence(e, payload, opts) });
  }
  return lines;
}
