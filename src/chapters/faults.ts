/**
 * Faults someone injected into a scene (the sandbox's "break it yourself"), as text for a link:
 * base64url of a compact JSON list. Decoding checks every field against the scene (its steps,
 * its listeners) and sane bounds, so a damaged or stale link gives a notice, never a crash.
 */
import { faultFor, faults } from '../actors/index.ts';
import { MAX_INJECTION_AT_MS, type FaultSpec } from '../actors/family.ts';
import { decodeJson, encodeJson } from '../lib/link.ts';
import type { Injection } from './engine.ts';
import type { Scene } from './types.ts';

/** At most this many injected faults in one run. */
export const MAX_FAULTS = 20;
export { DELAY_BOUNDS_MS, SLOW_BOUNDS_MS } from '../actors/nats/faults.ts';

type Compact = [step: number, atMs: number, kind: string, target: string, value?: number];

const toCompact = (f: Injection): Compact => {
  const spec = faultFor(f.command.do);
  const c = f.command as unknown as Record<string, unknown>;
  const target = String(c[spec?.field ?? 'listener']);
  const value = spec?.value ? Number(c[spec.value.field]) : undefined;
  return value === undefined ? [f.step, f.atMs, f.command.do, target] : [f.step, f.atMs, f.command.do, target, value];
};

/** @example encodeFaults([{ step: 1, atMs: 2500, command: { do: 'crash', listener: 'A' } }]) // 'W1sxLDI1MDAsImNyYXNoIiwiQSJdXQ' */
export function encodeFaults(faults: readonly Injection[]): string {
  return encodeJson(faults.map(toCompact));
}

const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/** The ids a fault can target in a scene: its actors of the fault's kind ('A', 'B' for NATS listeners). */
export function faultTargets(scene: Scene, spec: FaultSpec): string[] {
  if (scene.kernel) return scene.kernel.actors.filter((a) => a.kind === spec.target).map((a) => spec.idOf(a.name));
  return spec.target === 'nats.listener' ? scene.world.listeners.map((l) => l.id) : [];
}

/** Everything in a scene that a fault can break, in stage order: its id (as commands name it), its kind and its name on the stage. */
export function breakables(scene: Scene): { id: string; kind: string; title: string }[] {
  const titles = new Map((scene.stage?.columns.flat() ?? []).map((n) => [n.id, n.title]));
  const out: { id: string; kind: string; title: string }[] = [];
  for (const spec of faults) {
    for (const id of faultTargets(scene, spec)) {
      if (out.some((t) => t.id === id && t.kind === spec.target)) continue;
      const actor = scene.kernel?.actors.find((a) => a.kind === spec.target && spec.idOf(a.name) === id)?.name ?? id;
      out.push({ id, kind: spec.target, title: titles.get(actor) ?? id });
    }
  }
  return out;
}

/** The breakable actor a party on the stage is ('listener:A' → 'A'), or undefined when nothing there can be broken. */
export function breakableAt(scene: Scene, party: string): string | undefined {
  for (const spec of faults) {
    const id = spec.idOf(party);
    if (faultTargets(scene, spec).includes(id) && (scene.kernel ? scene.kernel.actors.some((a) => a.name === party && a.kind === spec.target) : party === `listener:${id}`)) return id;
  }
  return undefined;
}

/** The faults a link holds for `scene`, or undefined when it holds anything this version would not have written. */
export function decodeFaults(text: string, scene: Scene): Injection[] | undefined {
  const raw = decodeJson(text);
  if (!Array.isArray(raw) || raw.length > MAX_FAULTS) return undefined;
  const out: Injection[] = [];
  for (const item of raw) {
    if (!Array.isArray(item) || item.length < 4 || item.length > 5) return undefined;
    const [step, atMs, kind, target, value] = item as unknown[];
    const spec = typeof kind === 'string' ? faultFor(kind) : undefined;
    if (!spec || !isInt(step, 0, scene.steps.length - 1) || !isInt(atMs, 0, MAX_INJECTION_AT_MS) || typeof target !== 'string' || !faultTargets(scene, spec).includes(target)) return undefined;
    if (spec.value ? !isInt(value, spec.value.bounds[0], spec.value.bounds[1]) : value !== undefined) return undefined;
    out.push({ step, atMs, command: spec.command(target, value as number | undefined) as Injection['command'] });
  }
  return out;
}
