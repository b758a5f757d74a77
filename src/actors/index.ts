/**
 * Every family of actors, registered with the kernel: a world built from a list of actors can
 * use any kind any family brings. Chapter 1's families are here from the start; a later chapter
 * registers its own families with `registerFamily` when its chunk loads (its folder's family.ts
 * says what it brings), so adding a family never edits this file.
 */
import { createRegistry, type Plugin } from '../kernel/registry.ts';
import type { KernelConfig } from '../kernel/types.ts';
import { FastWorld } from '../kernel/fast.ts';
import type { WorldOptions } from '../kernel/world.ts';
import type { Family, FamilyGlyph, FamilyViews, FaultSpec } from './family.ts';
import { httpFaults } from './http/faults.ts';
import { httpViews } from './http/view.ts';
import { httpPlugin } from './http/world.ts';
import { natsFaults } from './nats/faults.ts';
import { natsPlugin } from './nats/world.ts';
import { natsViews } from './nats/words.ts';
import type { TraceEvent } from './trace.ts';

export const registry = createRegistry([natsPlugin, httpPlugin]);

/** Every registered family's kernel plug-in. */
export const plugins: readonly Plugin[] = registry.plugins;

const allFaults: FaultSpec[] = [...natsFaults, ...httpFaults];
/** Every family's faults: the fault panel, the link codec and the narration read these. */
export const faults: readonly FaultSpec[] = allFaults;

/** The fault a command verb belongs to, if any. */
export const faultFor = (verb: string): FaultSpec | undefined => faults.find((f) => f.do === verb);

/**
 * A world of any families' actors, from a list of actors plus the network, on the fast host
 * (kernel/fast.ts): every family's pure rules on plain contexts. `keep` leaves out the trace kinds
 * a caller does not read. actors/xstate.ts builds the same world in XState (createKernelWorld).
 * @example createFastWorld(config, { keep: (k) => k === 'reject' }).trace
 */
export const createFastWorld = (config: KernelConfig, opts: WorldOptions = {}): FastWorld<TraceEvent> => new FastWorld<TraceEvent>(config, registry, opts);

const allViews: FamilyViews[] = [natsViews as FamilyViews, httpViews as FamilyViews];
/** Every family's words and views: the narration log, the declared stage and the inspector read these. */
export const views: readonly FamilyViews[] = allViews;

const glyphs = new Map<string, FamilyGlyph>();
/** The glyph a registered family brings for an actor kind, if any (the stage's glyph registry asks, and knows its type). */
export const familyGlyph = (kind: string): FamilyGlyph | undefined => glyphs.get(kind);

/**
 * Registers a family with the kernel, the views, the faults and the glyphs. Registering the same
 * family again does nothing, so a chapter's module can do it at load however often it is imported.
 * @example registerFamily(dbFamily); createFastWorld({ seed: 1, actors: [{ name: 'orders', kind: 'db.table', config }], network })
 */
export function registerFamily(family: Family): void {
  if (registry.plugins.includes(family.plugin)) return;
  if (allViews.some((v) => v.id === family.views.id)) throw new Error(`two families are called "${family.views.id}"`);
  registry.add(family.plugin);
  allViews.push(family.views as FamilyViews);
  allFaults.push(...(family.faults ?? []));
  for (const [kind, glyph] of Object.entries(family.glyphs ?? {})) glyphs.set(kind, glyph);
}
