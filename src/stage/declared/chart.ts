/**
 * The chart glyph: a small time series on the stage (d3-scale, d3-shape), plotting one node's
 * series up to the instant shown — messages waiting, the age of the oldest, or hops on their
 * way — with its axis named in plain words. Any declared scene can place one (kind 'stage.chart').
 */
import { scaleLinear } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import type { SeriesMetric } from '../../chapters/types.ts';
import { fitText, type Rect } from '../layout.ts';
import { child, type Sel } from '../render.ts';
import type { DeclaredLayout } from './layout.ts';
import type { SeriesPoint } from './view.ts';

/** The axis, as the audience reads it. */
export const METRIC_WORDS: Record<SeriesMetric, string> = {
  depth: 'messages waiting',
  oldest: 'oldest, seconds',
  inflight: 'on their way',
};

const valueOf = (p: SeriesPoint, m: SeriesMetric): number => (m === 'oldest' ? p.oldest / 1000 : m === 'depth' ? p.depth : p.inflight);

/** Draws a chart of `series` into `g` inside `rect`. */
export function drawChart(g: Sel<SVGGElement, unknown>, rect: Rect, title: string, series: { points: SeriesPoint[]; metric: SeriesMetric; of: string }, layout: DeclaredLayout, t: number): void {
  const f = layout.fontPx;
  const pad = f.small * 0.6;
  child<SVGRectElement, unknown>(g, 'rect', 'box').attr('x', rect.x).attr('y', rect.y).attr('width', rect.w).attr('height', rect.h).attr('rx', layout.cornerPx).attr('stroke-width', layout.strokePx);
  child<SVGTextElement, unknown>(g, 'text', 'box-title').attr('x', rect.x + pad).attr('y', rect.y + f.heading * 1.2).attr('font-size', f.small).text(fitText(layout, title, f.small, rect.w - 2 * pad));
  const pts = series.points;
  const max = Math.max(1, ...pts.map((p) => valueOf(p, series.metric)));
  const t0 = pts[0]?.t ?? 0;
  const x = scaleLinear().domain([t0, Math.max(t0 + 1, t)]).range([rect.x + pad, rect.x + rect.w - pad]);
  const y = scaleLinear().domain([0, max]).range([rect.y + rect.h - f.small * 1.6, rect.y + f.heading * 1.6]);
  // Steps: a count holds its value until the next change.
  const path = line<SeriesPoint>().x((p) => x(p.t)).y((p) => y(valueOf(p, series.metric))).curve(curveStepAfter);
  child<SVGPathElement, unknown>(g, 'path', 'chart-line').attr('d', pts.length > 0 ? (path([...pts, { ...pts[pts.length - 1]!, t }]) ?? '') : '').attr('stroke-width', layout.strokePx);
  child<SVGTextElement, unknown>(g, 'text', 'chart-axis').attr('x', rect.x + pad).attr('y', rect.y + rect.h - f.small * 0.4).attr('font-size', f.small).text(`${METRIC_WORDS[series.metric]} (max ${Math.round(max)})`);
}
