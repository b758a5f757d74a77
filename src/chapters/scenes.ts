/** The registry of every scene, in the order a presenter gives them. */
import { brokerFeatures } from './nats/broker-features.ts';
import { deadListener } from './nats/dead-listener.ts';
import { channelPerUser } from './nats/channel-per-user.ts';
import { doesOrderMatter } from './nats/does-order-matter.ts';
import { duplicate } from './nats/duplicate.ts';
import { everyErrorCase } from './nats/every-error-case.ts';
import { happyPath } from './nats/happy-path.ts';
import { monolith } from './nats/monolith.ts';
import { redesign } from './nats/redesign.ts';
import { sharedSequence } from './nats/shared-sequence.ts';
import { singleCopy } from './nats/single-copy.ts';
import { slowListener } from './nats/slow-listener.ts';
import { storageFails } from './nats/storage-fails.ts';
import { syncHttp } from './nats/sync-http.ts';
import { whoPublishes } from './nats/who-publishes.ts';
import type { Scene } from './types.ts';

export const scenes: Scene[] = [happyPath, storageFails, slowListener, deadListener, duplicate, syncHttp, monolith, singleCopy, everyErrorCase, doesOrderMatter, sharedSequence, channelPerUser, whoPublishes, redesign, brokerFeatures];

/** The scene with this id, or undefined. */
export const findScene = (id: string): Scene | undefined => scenes.find((s) => s.id === id);
