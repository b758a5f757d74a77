/**
 * The families of actors chapter 2 brings, registered with the kernel, the views, the faults and
 * the glyphs when this chapter's chunk loads (src/actors/index.ts, registerFamily). Importing this
 * module is what makes the chapter's actor kinds known, so every scene file of the chapter imports
 * it; registering twice does nothing.
 */
import { registerFamily } from '../../actors/index.ts';
import type { Family } from '../../actors/family.ts';
import { dbFamily } from '../../actors/db/family.ts';
import { shopFamily } from '../../actors/shop/family.ts';
import { batchFamily } from '../../actors/batch/family.ts';
import { rabbitFamily } from '../../actors/rabbitmq/family.ts';
import { sqsFamily } from '../../actors/sqs/family.ts';
import { sagaFamily } from '../../actors/saga/family.ts';

/** Each family's family.ts exports one Family; add it here. */
export const families: readonly Family[] = [dbFamily, shopFamily, batchFamily, rabbitFamily, sqsFamily, sagaFamily];

for (const f of families) registerFamily(f);
