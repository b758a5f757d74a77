/**
 * Where the deck is, as a URL hash: `#/nats/<scene>/<step>`, the step named by its stable name
 * (`#/nats/storage-fails/withdraw-refused`), so a link survives a step added before it. A number
 * is still read as links always had it, 0-based (`#/nats/slow-listener/3` is the fourth step).
 * Parsing never fails: a bad or stale link resolves to the nearest valid place and says, in a
 * sentence for the on-screen notice, what happened. Pure, no DOM.
 */

import { chapterEntry } from '../chapters/index.ts';
import { quote } from '../lib/format.ts';

/** What routing needs to know about a scene. */
export interface SceneRef {
  id: string;
  chapter: string;
  title: string;
  /** Each step's stable name (Step.name): what links call it. */
  steps: readonly { readonly name: string }[];
}

export interface Place {
  sceneId: string;
  /** 0-based. */
  step: number;
}

export interface Resolved {
  place: Place;
  /** Set when the link had to be corrected: what was asked for and where it landed. */
  notice?: string;
}

/** Whether two places are the same step of the same scene. */
export const samePlace = (a: Place, b: Place): boolean => a.sceneId === b.sceneId && a.step === b.step;

/** A step number in a link (0-based): any step text that is not one is a step's name. */
const NUMBER = /^-?\d+$/;

/**
 * What a link calls step `k` of a scene: its name, or its 0-based number when the name could not
 * be read back to the same step (missing, numeric, or shared with another step).
 * @example stepKey(storageFails, 3) // 'withdraw-refused'
 */
export function stepKey(scene: SceneRef | undefined, k: number): string {
  const name = scene?.steps[k]?.name;
  if (!scene || !name || NUMBER.test(name) || findStep(scene, name) !== k) return String(k);
  return name;
}

/** The step a name calls, exact first, then letter case aside; -1 when no step, or more than one, has it. */
function findStep(scene: SceneRef, name: string): number {
  const only = (same: (n: string) => boolean): number => {
    const hits = scene.steps.flatMap((s, k) => (same(s.name) ? [k] : []));
    return hits.length === 1 ? hits[0]! : -1;
  };
  const lower = name.toLowerCase();
  const exact = only((n) => n === name);
  return exact >= 0 ? exact : only((n) => n.toLowerCase() === lower);
}

/** `#/nats/happy-path/publish-all`: the step by its name (a number only where a name cannot say it). */
export function formatHash(scenes: readonly SceneRef[], place: Place): string {
  const scene = scenes.find((s) => s.id === place.sceneId);
  const chapter = scene?.chapter ?? 'nats';
  return `#/${chapter}/${place.sceneId}/${encodeURIComponent(stepKey(scene, place.step))}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export { quote };

/**
 * Resolves a location hash against the scene list.
 * @example parseHash('#/nats/storage-fails/withdraw-refused', scenes) → { place: { sceneId: 'storage-fails', step: 3 } }
 * @example parseHash('#/nats/happy-path/99', scenes)
 *   → { place: { sceneId: 'happy-path', step: 4 }, notice: 'The happy path has 5 steps, … last one.' }
 */
export function parseHash(hash: string, scenes: readonly SceneRef[]): Resolved {
  const first = scenes[0];
  if (!first) throw new Error('parseHash needs at least one scene');
  const start: Place = { sceneId: first.id, step: 0 };
  const raw = hash.replace(/^#/, '');
  const parts = raw
    .split('/')
    .filter((p) => p !== '')
    .map(safeDecode);
  if (parts.length === 0) return { place: start };

  const [chapter, sceneId, stepText, ...rest] = parts;
  const scene =
    scenes.find((s) => s.id === sceneId) ??
    scenes.find((s) => s.id.toLowerCase() === sceneId?.toLowerCase()) ??
    // A scene id given without its chapter: #/happy-path/2, #/happy-path/publish-all
    scenes.find((s) => s.id === chapter);
  if (!scene) {
    const soon = chapterEntry(chapter ?? '');
    if (soon && soon.status === 'soon') {
      return { place: start, notice: `Chapter ${soon.number}, ${quote(soon.title)}, is coming soon, so here is the start of ${quote(first.title)}.` };
    }
    const what = sceneId === undefined ? `The link ${quote(`#${raw}`)} does not name a scene` : `There is no scene called ${quote(sceneId)}`;
    return { place: start, notice: `${what}, so here is the start of ${quote(first.title)}.` };
  }
  const chapterLess = scene.id === chapter;
  const text = chapterLess ? sceneId : stepText;
  const extra = chapterLess ? [stepText, ...rest].filter((p) => p !== undefined) : rest;
  const n = scene.steps.length;
  const counted = (k: number) => `step ${k + 1} of ${n}`;
  const notes: string[] = [];
  if (!chapterLess && chapter !== scene.chapter) notes.push(`${quote(scene.title)} is in chapter ${quote(scene.chapter)}, not ${quote(chapter ?? '')}`);
  if (chapterLess) notes.push(`the link left out the chapter`);
  if (extra.length > 0) notes.push(`the end of the link (${quote(extra.join('/'))}) was ignored`);

  let step = 0;
  if (text !== undefined) {
    if (!NUMBER.test(text)) {
      const named = findStep(scene, text);
      if (named >= 0) step = named;
      else notes.push(`${quote(scene.title)} has no step called ${quote(text)}, so here is ${counted(0)}`);
    } else {
      const k = Number(text);
      if (k < 0) notes.push(`steps start at 0, so here is ${counted(0)}`);
      else if (k >= n) {
        step = n - 1;
        notes.push(`${quote(scene.title)} has ${n} steps and step ${k} is past the end, so here is the last one`);
      } else step = k;
    }
  }
  const place = { sceneId: scene.id, step };
  if (notes.length === 0) return { place };
  const sentence = notes.join('; ');
  return { place, notice: `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.` };
}

export type Direction = 'next' | 'prev' | 'first' | 'last';

/**
 * The place one key press away. Next at a scene's last step crosses into the next scene's first;
 * previous at step 0 goes to the previous scene's last step; the ends of the deck stay put.
 */
export function neighbour(scenes: readonly SceneRef[], place: Place, dir: Direction): Place {
  const i = scenes.findIndex((s) => s.id === place.sceneId);
  const scene = scenes[i];
  if (!scene) return place;
  const last = scene.steps.length - 1;
  switch (dir) {
    case 'first':
      return { sceneId: scene.id, step: 0 };
    case 'last':
      return { sceneId: scene.id, step: last };
    case 'next': {
      if (place.step < last) return { sceneId: scene.id, step: place.step + 1 };
      const after = scenes[i + 1];
      return after ? { sceneId: after.id, step: 0 } : place;
    }
    case 'prev': {
      if (place.step > 0) return { sceneId: scene.id, step: place.step - 1 };
      const before = scenes[i - 1];
      return before ? { sceneId: before.id, step: before.steps.length - 1 } : place;
    }
  }
}

/** A screen of the course around the steps: the landing page, or a chapter's closing recap. */
export type Screen = { kind: 'landing' } | { kind: 'recap'; chapter: string };

/**
 * The course screen a hash names, or undefined when it names a place in the deck (parseHash's
 * job). The landing is a hash with nothing but slashes (`''`, `#`, `#/`); a recap is
 * `#/<chapter>/recap` for one of `recaps`, the chapters that have one.
 * @example parseScreen('#/', ['nats']) // { kind: 'landing' }
 * @example parseScreen('#/nats/recap', ['nats']) // { kind: 'recap', chapter: 'nats' }
 */
export function parseScreen(hash: string, recaps: readonly string[]): Screen | undefined {
  const raw = hash.replace(/^#/, '');
  // Only slashes: the landing. A query with no place (`#/?f=…`) is still the deck's to read.
  if (/^\/*$/.test(raw)) return { kind: 'landing' };
  const parts = raw.split('?')[0]!.split('/').filter((p) => p !== '');
  const [chapter, what] = parts.map((p) => safeDecode(p).toLowerCase());
  if (parts.length === 2 && what === 'recap' && chapter !== undefined && recaps.includes(chapter)) return { kind: 'recap', chapter };
  return undefined;
}

/** `#/` or `#/nats/recap` */
export const formatScreen = (screen: Screen): string => (screen.kind === 'landing' ? '#/' : `#/${screen.chapter}/recap`);
