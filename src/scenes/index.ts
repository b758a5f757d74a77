/** The registry of every scene, in the order a presenter gives them. */
import { happyPath } from './nats/happy-path.ts';
import { slowListener } from './nats/slow-listener.ts';
import { storageFails } from './nats/storage-fails.ts';
import type { Scene } from './types.ts';

export const scenes: Scene[] = [happyPath, storageFails, slowListener];

/** The scene with this id, or undefined. */
export const findScene = (id: string): Scene | undefined => scenes.find((s) => s.id === id);
