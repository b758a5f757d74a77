/**
 * The registry of glyphs: how each kind of actor is drawn on a declared stage. Every node is
 * drawn by the glyph its kind registered here, or by the box glyph, which draws any family's
 * NodeView (a title, a state word, message pills, a table, outcome badges). A family with a
 * picture of its own ships a glyph file (actors/<family>/glyph.ts): chapter 1's are imported
 * here, the only place the stage names a family; a later family brings its glyphs with its
 * registration (actors/index.ts, registerFamily).
 */
import type { NodeRef, NodeView } from '../actors/family.ts';
import type { Rect } from './layout.ts';
import type { Sel } from './render.ts';
import type { DeclaredLayout } from './declared/layout.ts';
import { boxGlyph } from './declared/box.ts';
import { httpGlyphs } from '../actors/http/glyph.ts';
import { familyGlyph } from '../actors/index.ts';

/** What a glyph knows besides its node. */
export interface GlyphContext {
  layout: DeclaredLayout;
  /** Virtual time shown. */
  t: number;
  highlighted: boolean;
  reducedMotion: boolean;
}

export interface Glyph {
  /** Draws one node into its <g> (an idempotent join: the same arguments change nothing). */
  draw(g: Sel<SVGGElement, unknown>, rect: Rect, node: NodeRef, view: NodeView, ctx: GlyphContext): void;
}

/** Glyphs by actor kind; kinds without one use the box glyph. A family's glyph file adds its own here. */
const glyphs = new Map<string, Glyph>(Object.entries({ ...httpGlyphs }));

/** The glyph that draws an actor kind. */
export const glyphFor = (kind: string): Glyph => glyphs.get(kind) ?? (familyGlyph(kind) as Glyph | undefined) ?? boxGlyph;
