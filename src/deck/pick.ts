/**
 * Which scenes the handout prints (`?print&scene=<id>`) and where an embed opens
 * (`?embed&scene=<id>&step=<name or k>`, or the deck's own hash `#/nats/<id>/<name or k>`). A bad scene or step
 * gets a sentence for the on-screen notice and a safe fallback: the whole deck for the handout,
 * the nearest valid place for an embed. Pure, no DOM.
 */
import { parseHash, quote, type Resolved, type SceneRef } from './route.ts';

/** What the handout prints, and why, when it is not what the link asked for. */
export interface PrintSelection<S extends SceneRef> {
  scenes: S[];
  notice?: string;
}

/**
 * The scenes a handout prints: every one, or the one `sceneId` names (letter case aside).
 * @example printSelection(scenes, 'nope') → { scenes: [...all], notice: 'There is no scene called “nope”, …' }
 */
export function printSelection<S extends SceneRef>(scenes: readonly S[], sceneId?: string): PrintSelection<S> {
  if (sceneId === undefined) return { scenes: [...scenes] };
  const found = scenes.find((s) => s.id === sceneId) ?? scenes.find((s) => s.id.toLowerCase() === sceneId.toLowerCase());
  if (found) return { scenes: [found] };
  return { scenes: [...scenes], notice: `There is no scene called ${quote(sceneId)}, so this handout has the whole deck.` };
}

/**
 * Where an embed opens: the query's scene and step when it has either (a step alone is a step of
 * the hash's scene), otherwise the hash. A step is named as in the hash: by its name, or by its
 * 0-based number as older links have it.
 * @example embedPlace(scenes, { scene: 'slow-listener', step: 'publish-all' }, '') → { place: { sceneId: 'slow-listener', step: 2 } }
 * @example embedPlace(scenes, { scene: 'slow-listener', step: '2' }, '') → { place: { sceneId: 'slow-listener', step: 2 } }
 */
export function embedPlace(scenes: readonly SceneRef[], query: { scene?: string; step?: string }, hash: string): Resolved {
  if (query.scene === undefined && query.step === undefined) return parseHash(hash, scenes);
  const sceneId = query.scene ?? parseHash(hash, scenes).place.sceneId;
  const chapter = scenes.find((s) => s.id === sceneId)?.chapter ?? scenes[0]?.chapter ?? '';
  const step = query.step === undefined ? '' : `/${encodeURIComponent(query.step)}`;
  return parseHash(`#/${chapter}/${encodeURIComponent(sceneId)}${step}`, scenes);
}
