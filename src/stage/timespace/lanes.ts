/**
 * The lanes of a scene's time-space diagram, top to bottom in the order the stage puts its
 * actors left to right: the scene's own list when it gives one, else the declared stage's nodes
 * (the stage's own nodes, charts and the outcome's place, left out), else chapter 1's board (publisher, the server with its channels, each
 * listener, storage) under the board's own titles. Pure: no DOM.
 *
 * @example lanesOf(storageFails).map((l) => l.title) // ['Publisher', 'NATS Streaming', 'Account Srv A', 'Account Srv B', 'File Storage']
 */
import type { Scene } from '../../chapters/types.ts';
import { vocabularyFor } from '../vocabulary.ts';
import { isStageNode } from '../declared/layout.ts';
import type { LaneInput } from './model.ts';


/** Whether a scene asks for the diagram. */
export const hasTimeSpace = (scene: Scene): boolean => scene.timespace !== undefined && scene.panel === undefined;

export function lanesOf(scene: Scene): LaneInput[] {
  if (scene.timespace !== undefined && scene.timespace !== true) return scene.timespace.lanes.map((l) => ({ ...l }));
  if (scene.stage) return scene.stage.columns.flat().filter((n) => !isStageNode(n.kind)).map((n) => ({ id: n.id, title: n.title }));
  const words = vocabularyFor();
  return [
    { id: 'publisher', title: words.publisherTitle },
    { id: 'server', title: words.serverTitle, parties: scene.channels.map((c) => `channel:${c}`) },
    ...scene.world.listeners.map((l) => ({ id: `listener:${l.id}`, title: words.listenerTitle(l.id) })),
    { id: 'storage', title: words.storageTitle },
  ];
}
