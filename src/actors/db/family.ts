/** The db family (the Orders DB of chapter 2) as chapter 2 registers it: kernel plug-in, words and views, faults, the timeline glyph. */
import type { Family } from '../family.ts';
import { dbFaults } from './faults.ts';
import { dbGlyphs } from './glyph.ts';
import { dbViews } from './view.ts';
import { dbPlugin } from './world.ts';
import './types.ts';

export const dbFamily: Family = { plugin: dbPlugin, views: dbViews, faults: dbFaults, glyphs: dbGlyphs };
