/** The registry of every scene, in the order a presenter gives them. */
import { brokerFeatures } from './broker-features.ts';
import { deadListener } from './dead-listener.ts';
import { channelPerUser } from './channel-per-user.ts';
import { doesOrderMatter } from './does-order-matter.ts';
import { duplicate } from './duplicate.ts';
import { everyErrorCase } from './every-error-case.ts';
import { happyPath } from './happy-path.ts';
import { monolith } from './monolith.ts';
import { redesign } from './redesign.ts';
import { sharedSequence } from './shared-sequence.ts';
import { singleCopy } from './single-copy.ts';
import { slowListener } from './slow-listener.ts';
import { storageFails } from './storage-fails.ts';
import { syncHttp } from './sync-http.ts';
import { whoPublishes } from './who-publishes.ts';
import type { Scene } from '../types.ts';

export const scenes: Scene[] = [happyPath, storageFails, slowListener, deadListener, duplicate, syncHttp, monolith, singleCopy, everyErrorCase, doesOrderMatter, sharedSequence, channelPerUser, whoPublishes, redesign, brokerFeatures];

/** The scene with this id, or undefined. */
export const findScene = (id: string): Scene | undefined => scenes.find((s) => s.id === id);
