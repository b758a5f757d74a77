/**
 * Scene: one schedule from the chaos explorer, replayed on the stage. Built on the fly from a
 * Schedule (plain data), so any bad run the explorer finds can be watched step by step.
 */
import { DESIGN_LABELS, EXPECTED_BALANCE, channelsOf, describeFaults, runSchedule, scheduleCommands, scheduleConfig, type Schedule } from './chaos.ts';
import { createFastWorld } from '../../actors/nats/world.ts';
import type { Command } from '../../actors/nats/types.ts';
import { money } from '../../lib/format.ts';
import { decodeJson, encodeJson } from '../../lib/link.ts';
import type { Scene } from '../types.ts';

export const CHAOS_REPLAY_ID = 'chaos-replay';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The schedule's commands for the scene engine, which lets the listeners connect and subscribe
 * before the first step's commands: the first wait is shortened by that time, so every command
 * happens at the same virtual instant as in `runSchedule` and the replay ends the same way.
 */
function replayCommands(s: Schedule): Command[] {
  const world = createFastWorld(scheduleConfig(s));
  world.run({ kind: 'quiet' });
  const settled = world.now;
  world.stop();
  const commands = scheduleCommands(s);
  const first = commands[0];
  if (first?.do === 'wait' && settled > 0) {
    const rest = first.ms - settled;
    return rest > 0 ? [{ do: 'wait', ms: rest }, ...commands.slice(1)] : commands.slice(1);
  }
  return commands;
}

/**
 * A schedule as a two-step scene: the set-up, then the whole run with its faults.
 * @example chaosScene(runRandomSchedules({ seed: 7, count: 300, design: 'naive' }).examples[0]!).steps.length // 2
 */
export function chaosScene(s: Schedule): Scene {
  const verdict = runSchedule(s);
  const naive = s.design === 'naive';
  const label = DESIGN_LABELS[s.design];
  const faults = describeFaults(s);
  // A refusal is either a withdraw judged before the deposits landed, or a second copy of a
  // withdraw that was already applied: the trace tells which.
  const refusals = verdict.trace.flatMap((e, i) => {
    if (e.kind !== 'reject') return [];
    const applied = verdict.trace.slice(0, i).some((w) => w.kind === 'write' && w.msg === e.msg);
    return [applied ? 'a second copy of the withdraw, already applied, was refused' : 'the withdraw was refused before the deposits had landed'];
  });
  // A deposit written more than once: a redelivered copy applied again.
  const writes = new Map<number, { amount: number; n: number }>();
  for (const e of verdict.trace) {
    if (e.kind !== 'write' || e.msg === undefined || e.payload?.kind !== 'deposit') continue;
    const w = writes.get(e.msg) ?? { amount: e.payload.amount, n: 0 };
    w.n++;
    writes.set(e.msg, w);
  }
  const twice = [...writes.values()].filter((w) => w.n > 1).map((w) => `the ${money(w.amount)} deposit was applied ${w.n === 2 ? 'twice' : `${w.n} times`}`);
  const why = [...twice, ...new Set(refusals)].join(', and ');
  const outcome = verdict.correct
    ? `Jim ends at ${money(verdict.balance)}, as he should.`
    : verdict.balance === EXPECTED_BALANCE
      ? `Jim ends at ${money(verdict.balance)}, but not cleanly: ${why}. A correct run refuses nothing.`
      : `Jim ends at ${money(verdict.balance)} instead of ${money(EXPECTED_BALANCE)}${why ? `: ${why}` : ''}.`;
  return {
    id: CHAOS_REPLAY_ID,
    chapter: 'nats',
    title: 'Chaos replay: one random schedule',
    summary: `A schedule the chaos explorer drew (${label.toLowerCase()}): ${faults}.`,
    channels: channelsOf(s.design),
    world: scheduleConfig(s),
    expected: { Jim: EXPECTED_BALANCE },
    steps: [
      {
        name: 'setup',
        title: 'A schedule the explorer found',
        narration: `${naive ? 'The naive design' : s.design === 'per-user-number' ? 'The redesign' : `Design “${label}”`}: A takes ${seconds(s.processMs[0])} per event and B ${seconds(s.processMs[1])}; the ack wait is ${seconds(s.ackWaitMs)}. Faults: ${faults}.`,
        notes: 'Nothing exotic: each fault on its own is one of the chapter’s scenes. The explorer simply tries them together, at random times.',
        commands: [],
        highlight: ['listener:A', 'listener:B'],
      },
      {
        name: 'replay',
        title: verdict.correct ? 'It ends well' : 'It ends wrong',
        narration: `Jim’s $70 and $40 deposits and $100 withdraw go out ${seconds(s.gapsMs[0])} and ${seconds(s.gapsMs[1])} apart while the faults strike. ${outcome}`,
        notes: 'Handling each error case one by one does not help: the next random schedule combines them differently.',
        commands: replayCommands(s),
        highlight: ['storage'],
      },
    ],
  };
}

/** A schedule in a link: base64url of its JSON (`?s=…` after the replay's hash). */
export function encodeSchedule(s: Schedule): string {
  return encodeJson(s);
}

const MAX_MS = 600_000;
const isMs = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_MS;
const isPair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(isMs);
const isListener = (v: unknown) => v === 'A' || v === 'B';

function isFault(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  if (!isMs(f.atMs) || !isListener(f.listener)) return false;
  switch (f.kind) {
    case 'fail-write':
    case 'lose-ack':
      return Object.keys(f).length === 3;
    case 'slow':
      return isMs(f.processMs) && f.processMs > 0 && Object.keys(f).length === 4;
    case 'crash':
      return isMs(f.downMs) && Object.keys(f).length === 4;
    default:
      return false;
  }
}

/**
 * The schedule in a link, or undefined when the text is not one (bad base64, bad JSON, a field
 * missing, of the wrong kind or out of range): the deck then shows a notice and falls back.
 */
export function decodeSchedule(text: string): Schedule | undefined {
  const raw = decodeJson(text);
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  const ok =
    typeof s.design === 'string' &&
    Object.hasOwn(DESIGN_LABELS, s.design) &&
    typeof s.seed === 'number' &&
    Number.isInteger(s.seed) &&
    s.seed >= 0 &&
    s.seed < 2 ** 32 &&
    isPair(s.processMs) &&
    s.processMs.every((ms) => ms > 0) &&
    isPair(s.withdrawJoinMs) &&
    isPair(s.gapsMs) &&
    isMs(s.ackWaitMs) &&
    s.ackWaitMs >= 1_000 &&
    isMs(s.jitterMs) &&
    Array.isArray(s.faults) &&
    s.faults.length <= 8 &&
    s.faults.every(isFault) &&
    (s.copies === undefined || s.copies === 1 || s.copies === 2);
  if (!ok) return undefined;
  return {
    design: s.design as Schedule['design'],
    seed: s.seed as number,
    processMs: s.processMs as [number, number],
    withdrawJoinMs: s.withdrawJoinMs as [number, number],
    gapsMs: s.gapsMs as [number, number],
    ackWaitMs: s.ackWaitMs as number,
    jitterMs: s.jitterMs as number,
    faults: s.faults as Schedule['faults'],
    ...(s.copies === 1 || s.copies === 2 ? { copies: s.copies } : {}),
  };
}
