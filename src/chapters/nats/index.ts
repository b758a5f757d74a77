/**
 * Chapter 1, concurrency with NATS Streaming (seeds 000 and 001), as the registry loads it: its
 * scenes, and the scenes it builds from links (a chaos replay, the sandbox).
 */
import type { Chapter } from '../chapter.ts';
import { scenes } from './scenes.ts';

export const chapter: Chapter = {
  id: 'nats',
  scenes,
};
