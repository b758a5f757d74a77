/**
 * The batch family as chapter 2 registers it: a nightly job that recomputes every account's
 * discount status from the orders, the status table it writes, the orders store it reads, the
 * Order API that prices orders from the table, and the run-time chart's glyph.
 */
import type { Family } from '../family.ts';
import { batchGlyphs } from './glyph.ts';
import './types.ts';
import { batchViews } from './view.ts';
import { batchPlugin } from './world.ts';

export const batchFamily: Family = {
  plugin: batchPlugin,
  views: batchViews,
  glyphs: batchGlyphs,
};
