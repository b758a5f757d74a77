/**
 * The course around the deck: the last place a visitor was at (kept in localStorage so the
 * landing can offer "continue where you left off") and where a chapter ends, so Next from its
 * last step opens its recap. Pure but for the storage calls, which never throw.
 */
import { formatHash, formatScreen, parseHash, parseScreen, type Place, type SceneRef } from './route.ts';

/** The localStorage key; apart from the settings, so neither can spoil the other. */
export const LAST_PLACE_KEY = 'out-of-order.last-place.v1';

/** What the landing's "continue" button opens, and how it names it. */
export interface Resume {
  hash: string;
  label: string;
}

/**
 * The hash saved as the last place, or undefined for anything this version did not write.
 * @example parseLastPlace('{"hash":"#/nats/duplicate/2"}') // '#/nats/duplicate/2'
 */
export function parseLastPlace(text: string | null): string | undefined {
  if (text === null) return undefined;
  try {
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== 'object' || raw === null) return undefined;
    const hash = (raw as Record<string, unknown>).hash;
    return typeof hash === 'string' && hash.startsWith('#/') && hash.length <= 200 ? hash : undefined;
  } catch {
    return undefined;
  }
}

/** What is saved: the hash, nothing else. */
export const serializeLastPlace = (hash: string): string => JSON.stringify({ hash });

/** Reads the last place; storage that is missing or blocked means there is none. */
export function loadLastPlace(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string | undefined {
  try {
    return parseLastPlace(storage?.getItem(LAST_PLACE_KEY) ?? null);
  } catch {
    return undefined;
  }
}

/** Saves the last place; a full or blocked storage only means the landing will not offer to continue. */
export function saveLastPlace(hash: string, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(LAST_PLACE_KEY, serializeLastPlace(hash));
  } catch {
    // Nothing to do.
  }
}

/**
 * The chapter whose very last step `place` is (its last scene, that scene's last step), or
 * undefined: Next from there opens the chapter's recap.
 * @example chapterEndAt(scenes, { sceneId: 'broker-features', step: 3 }) // 'nats'
 */
export function chapterEndAt(scenes: readonly SceneRef[], place: Place): string | undefined {
  const i = scenes.findIndex((s) => s.id === place.sceneId);
  const scene = scenes[i];
  if (!scene || place.step !== scene.steps.length - 1) return undefined;
  const after = scenes[i + 1];
  return after && after.chapter === scene.chapter ? undefined : scene.chapter;
}

/**
 * A scene's number within its own chapter, and how many scenes the chapter has: how every list
 * and heading counts scenes ("Scene 1 of 12"). Zero for a scene not in the list.
 * @example sceneNumber(scenes, 'two-buyers') // { n: 2, of: 12, chapter: 'future' }
 */
export function sceneNumber(scenes: readonly SceneRef[], id: string): { n: number; of: number; chapter: string } {
  const scene = scenes.find((s) => s.id === id);
  if (!scene) return { n: 0, of: 0, chapter: '' };
  const own = scenes.filter((s) => s.chapter === scene.chapter);
  return { n: own.indexOf(scene) + 1, of: own.length, chapter: scene.chapter };
}

/** The first step of the first scene of `chapter` after this one that has scenes, or undefined. */
export function nextChapterStart(scenes: readonly SceneRef[], chapter: string): Place | undefined {
  const last = scenes.map((s) => s.chapter).lastIndexOf(chapter);
  const after = last < 0 ? undefined : scenes[last + 1];
  return after ? { sceneId: after.id, step: 0 } : undefined;
}

/**
 * Where "continue" goes, from the saved hash: a step of a scene or a chapter's recap, with a
 * label naming it. Undefined when there is nothing worth continuing to: nothing saved, a link
 * that no longer lands exactly where it did, or the deck's very first step (that is Start).
 * @example continuation('#/nats/duplicate/2', scenes, ['nats'], () => 'Chapter 1')?.label // 'Scene 5 of 15 · The same event twice, step 3 of 4'
 */
export function continuation(saved: string | undefined, scenes: readonly SceneRef[], recaps: readonly string[], chapterName: (id: string) => string): Resume | undefined {
  if (saved === undefined || scenes.length === 0) return undefined;
  const screen = parseScreen(saved, recaps);
  if (screen?.kind === 'recap') return { hash: formatScreen(screen), label: `the recap of ${chapterName(screen.chapter)}` };
  if (screen) return undefined;
  const { place, notice } = parseHash(saved, scenes);
  if (notice !== undefined) return undefined;
  const i = scenes.findIndex((s) => s.id === place.sceneId);
  const scene = scenes[i]!;
  if (i === 0 && place.step === 0) return undefined;
  const { n, of } = sceneNumber(scenes, scene.id);
  const chapter = scenes.some((s) => s.chapter !== scene.chapter) ? `${chapterName(scene.chapter).replace(/^./, (c) => c.toUpperCase())} · ` : '';
  return { hash: formatHash(scenes, place), label: `${chapter}Scene ${n} of ${of} · ${scene.title}, step ${place.step + 1} of ${scene.steps.length}` };
}
