/** The SQS family (Amazon SQS queues, their consumers and NServiceBus's delay relay), as chapter 2 registers it. */
import type { Family } from '../family.ts';
import { sqsFaults } from './faults.ts';
import { sqsGlyphs } from './glyph.ts';
import { sqsViews } from './view.ts';
import { sqsPlugin } from './world.ts';
import './types.ts';

export const sqsFamily: Family = {
  plugin: sqsPlugin,
  views: sqsViews,
  faults: sqsFaults,
  glyphs: sqsGlyphs,
};
