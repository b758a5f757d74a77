/**
 * Faults someone injected into a scene (the sandbox's "break it yourself"), as text for a link:
 * base64url of a compact JSON list. Decoding checks every field against the scene (its steps,
 * its listeners) and sane bounds, so a damaged or stale link gives a notice, never a crash.
 */
import { decodeJson, encodeJson } from '../lib/link.ts';
import type { Injection } from './engine.ts';
import type { Scene } from './types.ts';

/** At most this many injected faults in one run. */
export const MAX_FAULTS = 20;
/** A slow listener takes between these (ms per event). */
export const SLOW_BOUNDS_MS = [200, 60_000] as const;
/** A delayed delivery is held up between these (ms). */
export const DELAY_BOUNDS_MS = [100, 120_000] as const;
/** Injections happen within the first day of virtual time. */
const MAX_AT_MS = 24 * 3600_000;

type Compact = [step: number, atMs: number, kind: Injection['command']['do'], listener: string, value?: number];

const toCompact = (f: Injection): Compact => {
  const c = f.command;
  const value = c.do === 'slow' ? c.processMs : c.do === 'delay' ? c.ms : c.do === 'fail-writes' || c.do === 'lose-acks' ? c.count : undefined;
  return value === undefined ? [f.step, f.atMs, c.do, c.listener] : [f.step, f.atMs, c.do, c.listener, value];
};

/** @example encodeFaults([{ step: 1, atMs: 2500, command: { do: 'crash', listener: 'A' } }]) // 'W1sxLDI1MDAsImNyYXNoIiwiQSJdXQ' */
export function encodeFaults(faults: readonly Injection[]): string {
  return encodeJson(faults.map(toCompact));
}

const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/** The faults a link holds for `scene`, or undefined when it holds anything this version would not have written. */
export function decodeFaults(text: string, scene: Scene): Injection[] | undefined {
  const raw = decodeJson(text);
  if (!Array.isArray(raw) || raw.length > MAX_FAULTS) return undefined;
  const listeners = new Set(scene.world.listeners.map((l) => l.id));
  const out: Injection[] = [];
  for (const item of raw) {
    if (!Array.isArray(item) || item.length < 4 || item.length > 5) return undefined;
    const [step, atMs, kind, listener, value] = item as unknown[];
    if (!isInt(step, 0, scene.steps.length - 1) || !isInt(atMs, 0, MAX_AT_MS) || typeof listener !== 'string' || !listeners.has(listener)) return undefined;
    if ((kind === 'crash' || kind === 'restart') && value === undefined) out.push({ step, atMs, command: { do: kind, listener } });
    else if (kind === 'slow' && isInt(value, SLOW_BOUNDS_MS[0], SLOW_BOUNDS_MS[1])) out.push({ step, atMs, command: { do: 'slow', listener, processMs: value } });
    else if (kind === 'delay' && isInt(value, DELAY_BOUNDS_MS[0], DELAY_BOUNDS_MS[1])) out.push({ step, atMs, command: { do: 'delay', listener, ms: value } });
    else if ((kind === 'fail-writes' || kind === 'lose-acks') && isInt(value, 1, 5)) out.push({ step, atMs, command: { do: kind, listener, count: value } });
    else return undefined;
  }
  return out;
}
