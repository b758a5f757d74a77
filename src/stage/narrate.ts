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
 * How many events from trace[i] on are of its kind and at its instant, and narrated: a run its
 * family may tell as one line.
 */
function runAt(trace: readonly TraceEvent[], i: number, end: number): number {
  const e = trace[i]!;
  let j = i + 1;
  while (j < end && trace[j]!.kind === e.kind && trace[j]!.t === e.t && isNarrated(trace[j]!)) j++;
  return j - i;
}

/** A run of events of one kind at one instant as one sentence, if the family that wrote them tells them together. */
function togetherAt(trace: readonly TraceEvent[], i: number, run: number): string | undefined {
  if (run < 2) return undefined;
  const e = trace[i]!;
  const writer = views.find((f) => f.traceKinds.includes(e.kind));
  return writer?.sayTogether?.(trace.slice(i, i + run), writer.name ?? vocabularyFor().party);
}

/**
 * The log lines for trace[from..to), naming each message by its payload even on events that do
 * not carry one (acks), from what earlier events said, each in the words of the family that wrote it.
 * Events of one kind at one instant that their family tells together (the listeners' opening
 * subscriptions) make one line, keyed by the first of them.
 */
export function narrateTrace(trace: readonly TraceEvent[], from = 0, to = trace.length): LogLine[] {
  const payloads = new Map<number, Payload>();
  const refused = new Set<number>();
  const lines: LogLine[] = [];
  const remember = (e: TraceEvent): void => {
    if (e.payload && e.msg !== undefined && !payloads.has(e.msg)) payloads.set(e.msg, e.payload);
    if (e.kind === 'reject' && e.msg !== undefined) refused.add(e.msg);
  };
  // Read the whole trace for its users, so a line reads the same whichever slice is narrated.
  const withUser = new Set(trace.flatMap((e) => (e.payload && e.payload.kind !== 'tweet' ? [e.payload.user] : []))).size > 1;
  const end = Math.min(to, trace.length);
  for (let i = 0; i < end; i++) {
    const e = trace[i]!;
    remember(e);
    if (i < from || !isNarrated(e)) continue;
    const run = runAt(trace, i, end);
    const together = togetherAt(trace, i, run);
    if (together !== undefined) {
      for (let k = i + 1; k < i + run; k++) remember(trace[k]!);
      lines.push({ index: i, t: e.t, kind: e.kind, text: `${logTime(e.t)} — ${together}` });
      i += run - 1;
      continue;
    }
    const payload = e.payload ?? (e.msg !== undefined ? payloads.get(e.msg) : undefined);
    const opts = { refused: e.msg !== undefined && refused.has(e.msg), withUser };
    lines.push({ index: i, t: e.t, kind: e.kind, text: sentence(e, payload, opts) });
  }
  return lines;
}
