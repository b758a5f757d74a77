/**
 * Links to places and runs: a hash `#/<chapter>/<scene>/<step>?<query>` resolves to a place, a
 * scene built from data when the link names one (a chapter's sandbox, a chaos replay: whatever
 * its `build` makes) and the faults injected into the run (`f=`). Parsing never fails: a damaged
 * link lands on the nearest valid place with a sentence saying what happened. The deck, the
 * speaker window and the side-by-side view read links only through here. No DOM.
 */
import { loadedChapter, loadedChapters } from '../chapters/index.ts';
import type { Injection } from '../chapters/engine.ts';
import { decodeFaults, encodeFaults } from '../chapters/faults.ts';
import type { Scene } from '../chapters/types.ts';
import { parseHash, type Place } from './route.ts';

/** A scene a chapter built from a link, with the query that rebuilds it exactly. */
export interface Built {
  chapter: string;
  /** The built scene's id ('sandbox', 'chaos-replay'). */
  id: string;
  scene: Scene;
  /** Its settings as this version writes them (`s=…`, `v=1&design=naive&…`), without the faults. */
  query: string;
}

export interface Resolution {
  place: Place;
  notice?: string;
  built: Built | null;
  faults: Injection[];
}

/** Sentences for one notice, in order, leaving out the missing ones. */
export const joinNotices = (...parts: (string | undefined)[]): string | undefined => parts.filter((x) => x).join(' ') || undefined;

/**
 * Asks a chapter to build one of its scenes from a query.
 * @example buildScene('nats', 'sandbox', 'listeners=3', scenes).built?.scene.world.listeners.length // 3
 */
export function buildScene(chapterId: string, id: string, query: string, scenes: readonly Scene[]): { built: Built | null; notices: string[] } {
  const chapter = loadedChapter(chapterId);
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  const made = chapter?.build?.(id, params, scenes);
  if (!made) {
    // A deck scene with inputs (a delay), remade for the values the query gives.
    const own = scenes.find((s) => s.id === id && s.chapter === chapterId);
    return own?.inputs ? applyInputs(own, inputValues(own, params)) : { built: null, notices: [] };
  }
  if (!made.scene) return { built: null, notices: made.notices };
  return { built: { chapter: chapterId, id, scene: made.scene, query: made.query ?? query }, notices: made.notices };
}

/** The values of a scene's inputs a query gives, as text, by name (the others are left out). */
export function inputValues(scene: Scene, query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of scene.inputs?.fields ?? []) {
    const v = query.get(f.name);
    if (v !== null) out[f.name] = v;
  }
  return out;
}

/** A scene's inputs as a link's query: `delay=42`. */
export const inputsQuery = (scene: Scene): string => new URLSearchParams((scene.inputs?.fields ?? []).map((f) => [f.name, String(f.value)])).toString();

/**
 * A deck scene remade for new values of its inputs, as a built scene that takes its place in the
 * deck (same id, same spot), or no scene and the sentences saying why a value was refused.
 * @example applyInputs(delayLevels, { delay: '7' }).built?.query // 'delay=7'
 */
export function applyInputs(scene: Scene, values: Readonly<Record<string, string>>): { built: Built | null; notices: string[] } {
  const made = scene.inputs?.apply(values);
  if (!made?.scene) return { built: null, notices: made?.notices ?? [] };
  return { built: { chapter: scene.chapter, id: scene.id, scene: made.scene, query: inputsQuery(made.scene) }, notices: made.notices };
}

/**
 * The deck's scenes with a built one in them: in its own scene's place when it remakes a deck
 * scene (inputs), after the deck's own otherwise (a replay, the sandbox).
 */
export function withBuilt(scenes: readonly Scene[], built: Built | null): Scene[] {
  if (!built) return [...scenes];
  return scenes.some((s) => s.id === built.id) ? scenes.map((s) => (s.id === built.id ? built.scene : s)) : [...scenes, built.scene];
}

/** The chapter and built scene a link's path names: `#/<chapter>/<id>[/step]`, or `#/<id>[/step]` for the first chapter that builds it. */
function builtTarget(path: string): { chapter: string; id: string; step: string } | undefined {
  const parts = path.replace(/^#?\//, '').split('/');
  for (const chapter of loadedChapters()) {
    for (const b of chapter.buildable ?? []) {
      const [first, second, ...rest] = parts;
      if (first?.toLowerCase() === chapter.id && second?.toLowerCase() === b.id.toLowerCase()) return { chapter: chapter.id, id: b.id, step: rest.join('/') };
      if (first?.toLowerCase() === b.id.toLowerCase()) return { chapter: chapter.id, id: b.id, step: [second, ...rest].filter((p) => p !== undefined).join('/') };
    }
  }
  return undefined;
}

/**
 * Resolves a hash against the deck's scenes and the scenes chapters build from links. A built
 * scene's settings that had to be corrected, or faults that cannot be read, give a notice and are
 * clamped or left out; a link a chapter cannot build from gives a notice and the start of the deck.
 */
export function resolveLink(hash: string, scenes: readonly Scene[]): Resolution {
  const [path = '', ...tail] = hash.split('?');
  const query = tail.join('?');
  const first = scenes[0]!;
  const target = builtTarget(path);
  let built: Built | null = null;
  let parsed: { place: Place; notice?: string };
  let notices: string[] = [];
  if (target) {
    const made = buildScene(target.chapter, target.id, withoutFaults(query), scenes);
    if (!made.built) {
      const why = joinNotices(...made.notices)?.replace(/\.$/, '') ?? `The link ${quoteShort(hash)} could not be read`;
      return { place: { sceneId: first.id, step: 0 }, notice: `${why}, so here is the start of “${first.title}”.`, built: null, faults: [] };
    }
    built = made.built;
    notices = made.notices;
    parsed = parseHash(`#/${target.chapter}/${target.id}/${target.step}`, [...scenes, built.scene]);
  } else {
    parsed = parseHash(path, scenes);
    // A deck scene with inputs: the link's values remake it (or a refused value is said, and the scene stays as it is).
    const own = scenes.find((x) => x.id === parsed.place.sceneId);
    const values = own ? inputValues(own, new URLSearchParams(query)) : {};
    if (own?.inputs && Object.keys(values).length > 0) {
      const made = applyInputs(own, values);
      built = made.built;
      notices = made.notices;
    }
  }
  const notice = joinNotices(parsed.notice, ...notices);
  const f = new URLSearchParams(query).get('f');
  if (f === null) return { place: parsed.place, notice, built, faults: [] };
  const scene = (built?.id === parsed.place.sceneId ? built.scene : undefined) ?? scenes.find((x) => x.id === parsed.place.sceneId) ?? first;
  const faults = decodeFaults(f, scene);
  if (faults) return { place: parsed.place, notice, built, faults };
  const why = 'The faults in this link could not be read (it may come from another version), so the scene plays without them.';
  return { place: parsed.place, notice: joinNotices(notice, why), built, faults: [] };
}

/** A query without its `f=` (the faults ride beside a built scene's own settings). */
function withoutFaults(query: string): string {
  const q = new URLSearchParams(query);
  q.delete('f');
  return q.toString();
}

const quoteShort = (s: string): string => `“${s.length > 40 ? `${s.slice(0, 39)}…` : s}”`;

/**
 * What the link holds after the place: a built scene's own settings, then the injected faults.
 * @example runQuery(null, [{ step: 1, atMs: 2500, command: { do: 'crash', listener: 'A' } }]) // 'f=W1sx…'
 */
export function runQuery(built: Built | null, faults: readonly Injection[]): string {
  const f = faults.length > 0 ? `f=${encodeFaults(faults)}` : '';
  return [built?.query ?? '', f].filter((x) => x).join('&');
}
