/**
 * The families of actors chapter 2 brings, each its own chunk, registered with the kernel, the
 * views, the faults and the glyphs when this chapter loads (src/actors/index.ts,
 * registerFamily). The chapter's own chunk holds its scenes and the rules its chaos scenario
 * runs; a family's words, views and pictures come in its chunk, fetched side by side with the
 * others, and a later chapter that uses the same family (RabbitMQ, the database) shares it.
 * `familiesReady` settles once every one is registered: the registry waits for it before it
 * hands the chapter out (Chapter.ready), and so does anything that runs the scenes directly.
 */
import { registerFamily } from '../../actors/index.ts';
import type { Family } from '../../actors/family.ts';

/** Each family's family.ts, loaded on its own. */
const loaders: readonly (() => Promise<Family>)[] = [
  () => import('../../actors/db/family.ts').then((m) => m.dbFamily),
  () => import('../../actors/shop/family.ts').then((m) => m.shopFamily),
  () => import('../../actors/batch/family.ts').then((m) => m.batchFamily),
  () => import('../../actors/rabbitmq/family.ts').then((m) => m.rabbitFamily),
  () => import('../../actors/sqs/family.ts').then((m) => m.sqsFamily),
  () => import('../../actors/saga/family.ts').then((m) => m.sagaFamily),
];

/** Settles when all of chapter 2's families are registered (in this order, whatever order they arrive in). */
export const familiesReady: Promise<void> = Promise.all(loaders.map((load) => load())).then((families) => {
  for (const f of families) registerFamily(f);
});
