/** The registry of every scene, in the order a presenter gives them. */
import { brokerFeatures } from './nats/broker-features.ts';
import { deadListener } from './nats/dead-listener.ts';
import { duplicate } from './nats/duplicate.ts';
import { happyPath } from './nats/happy-path.ts';
import { redesign } from './nats/redesign.ts';
import { singleCopy } from './nats/single-copy.ts';
import { slowListener } from './nats/slow-listener.ts';
import { storageFails } from './nats/storage-fails.ts';
import type { Scene } from './types.ts';

export const scenes: Scene[] = [happyPath, storageFails, slowListener, deadListener, duplicate, singleCopy, redesign, brokerFeatures];

/** The scene with this id, or undefined. */
export const findScene = (id: string): Scene | undefined => scenes.find((s) => s.id === id);
