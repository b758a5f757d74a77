/**
 * The RabbitMQ family as chapter 2 registers it (src/chapters/future/families.ts): its kinds and
 * commands for the kernel, its words and views, and its glyphs (the delay-level ladder and the
 * side-by-side table). It brings no faults of its own: the plugin's disabling is a step of scene
 * 10, not a fault the panel offers.
 */
import type { Family } from '../family.ts';
import { rabbitGlyphs } from './glyph.ts';
import { rabbitViews } from './view.ts';
import { rabbitPlugin } from './world.ts';

export const rabbitFamily: Family = { plugin: rabbitPlugin, views: rabbitViews, glyphs: rabbitGlyphs };
