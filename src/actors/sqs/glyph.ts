/**
 * The SQS family's picture of a queue: the stage's box glyph, plus a clock ring on every message
 * that waits out a delay, drawn just before its tag ("612 s") and emptying as the delay runs
 * down, so a delayed message reads as a timer at the back of the room. The only drawing file of
 * the family; it registers with the family (family.ts), never with the first load.
 */
import { select } from 'd3-selection';
import type { NodeRef, NodeView } from '../family.ts';
import { boxGlyph, drawnItems } from '../../stage/declared/box.ts';
import type { Glyph, GlyphContext } from '../../stage/glyphs.ts';
import type { Rect } from '../../stage/layout.ts';
import { child, keyed, type Sel } from '../../stage/render.ts';

/** The tag of a message waiting out its delay ("612 s"): such a pill, with its progress, gets a ring. */
export const DELAYED_TAG = /^[\d,]+ s$/;

function drawQueue(g: Sel<SVGGElement, unknown>, rect: Rect, node: NodeRef, view: NodeView, ctx: GlyphContext): void {
  boxGlyph.draw(g, rect, node, view, ctx);
  const { layout } = ctx;
  const f = layout.fontPx;
  const r = f.small * 0.4;
  // A ring for each delayed message the box drew (however many the queue holds).
  const drawn = drawnItems(g);
  const clocks = view.items.filter((it) => it.tag !== undefined && DELAYED_TAG.test(it.tag) && it.progress !== undefined && drawn.has(it.id));
  keyed(g, 'delay-ring', clocks, (it) => it.id).each(function (it) {
    const rg = select(this) as Sel<SVGGElement, unknown>;
    const tag = select(drawn.get(it.id)!).select<SVGTextElement>('text.item-tag');
    rg.attr('display', tag.empty() ? 'none' : null);
    if (tag.empty()) return;
    // Make room for the ring where the tag starts, and move the tag along.
    const x = Number(tag.attr('x'));
    const cx = x + r;
    const cy = Number(tag.attr('y'));
    tag.attr('x', x + 2 * r + f.small * 0.3);
    const circumference = 2 * Math.PI * r;
    const left = Math.max(0, Math.min(1, 1 - (it.progress ?? 0)));
    child<SVGCircleElement, unknown>(rg, 'circle', 'ackring-track').attr('cx', cx).attr('cy', cy).attr('r', r).attr('stroke-width', layout.strokePx * 1.2);
    child<SVGCircleElement, unknown>(rg, 'circle', 'ackring-fill')
      .attr('cx', cx)
      .attr('cy', cy)
      .attr('r', r)
      .attr('stroke-width', layout.strokePx * 1.2)
      .attr('stroke-dasharray', `${(circumference * left).toFixed(2)} ${circumference.toFixed(2)}`)
      .attr('transform', `rotate(-90 ${cx} ${cy})`);
  });
}

/** Glyphs of the SQS family's kinds that draw more than the box glyph does. */
export const sqsGlyphs: Readonly<Record<string, Glyph>> = {
  'sqs.queue': { draw: drawQueue },
};
