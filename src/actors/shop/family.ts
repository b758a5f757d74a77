/** The shop family (chapter 2's Order API, Discount service and retrying browser) as chapter 2 registers it. */
import type { Family } from '../family.ts';
import { shopFaults } from './faults.ts';
import { shopGlyphs } from './glyph.ts';
import { shopViews } from './view.ts';
import { shopPlugin } from './world.ts';
import './types.ts';

export const shopFamily: Family = { plugin: shopPlugin, views: shopViews, faults: shopFaults, glyphs: shopGlyphs };
