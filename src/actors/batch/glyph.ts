/**
 * The batch family's run-time chart (kind 'batch.runtime-chart'): the job's run time against the
 * number of accounts, a straight line that climbs through a dashed "6-hour night" line; where it
 * crosses, the most accounts one night can hold; a dot where the platform is now. Axes are named in
 * plain words ("accounts", "hours"). Drawn with d3-selection from the figures the
 * family's view puts on the node (view.ts, RunTimeChartView); at any rect the stage gives it,
 * landscape or the phone's short row (which folds the x axis's name onto the tick line). The only
 * drawing file of the family.
 */
import { select } from 'd3-selection';
import type { NodeRef, NodeView } from '../family.ts';
import { boxGlyph } from '../../stage/declared/box.ts';
import type { Glyph, GlyphContext } from '../../stage/glyphs.ts';
import { fitText, textWidth, type Rect } from '../../stage/layout.ts';
import { child, highlightRing, keyed, type Sel } from '../../stage/render.ts';
import { runTimeMs } from './rule.ts';
import type { RunTimeChart, RunTimeChartView } from './view.ts';
import { count } from './words.ts';

/**
 * 0..max onto from..to: all the chart needs of a scale (d3-scale would bring d3-interpolate,
 * d3-color and d3-format into the chapter's chunk, about 9 KiB gzipped, for one straight line).
 */
const linear = (max: number, from: number, to: number) => (v: number): number => from + ((to - from) * v) / (max || 1);

const HOUR_MS = 3_600_000;

/** A round number at or above x, for an axis's end: 1, 2 or 5 times a power of ten. */
export function niceCeil(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return ([1, 2, 5, 10].find((m) => m * p >= x) ?? 10) * p;
}

/** 20000 → "20k", 500 → "500". */
const short = (n: number): string => (n >= 1000 ? `${(n / 1000).toLocaleString('en-US')}k` : String(n));

/**
 * The chart's axes: accounts up to a round number well past the crossing (and past now), hours up
 * to what the line reaches there.
 * @example chartDomain({ msPerAccount: 1800, nightMs: 21_600_000, accounts: 4000, fit: 12000 }) // { xMax: 20000, yMax: 10 }
 */
export function chartDomain(c: RunTimeChart): { xMax: number; yMax: number } {
  const xMax = niceCeil(Math.max(c.fit * 1.5, c.accounts * 1.15, 10));
  const yMax = Math.max(c.nightMs / HOUR_MS + 1, Math.ceil(runTimeMs(xMax, c.msPerAccount) / HOUR_MS));
  return { xMax, yMax };
}

function drawRunTimeChart(g: Sel<SVGGElement, unknown>, rect: Rect, node: NodeRef, view: NodeView, ctx: GlyphContext): void {
  const { layout } = ctx;
  const f = layout.fontPx;
  const pad = f.label * 0.6;
  child<SVGRectElement, unknown>(g, 'rect', 'box').attr('x', rect.x).attr('y', rect.y).attr('width', rect.w).attr('height', rect.h).attr('rx', layout.cornerPx).attr('stroke-width', ctx.highlighted ? layout.thickStrokePx * 0.75 : layout.strokePx).classed('highlight', ctx.highlighted);
  highlightRing(g, rect, layout.cornerPx, layout.thickStrokePx, ctx.highlighted);
  const titleY = rect.y + f.heading * 1.3;
  child<SVGTextElement, unknown>(g, 'text', 'box-title').attr('x', rect.x + pad).attr('y', titleY).attr('font-size', f.heading).text(fitText(layout, node.title, f.heading, rect.w - 2 * pad));
  const c = (view as RunTimeChartView).chart;
  const plot = child<SVGGElement, unknown>(g, 'g', 'runtime-plot').attr('display', c ? null : 'none');
  if (!c) return;

  const { xMax, yMax } = chartDomain(c);
  const yTicks = [0, c.nightMs / HOUR_MS, yMax].filter((v, i, a) => a.indexOf(v) === i);
  const yTickW = Math.max(...yTicks.map((v) => textWidth(layout, String(v), f.small)));
  // A short row (the phone's) names the x axis on its tick line; a tall box gives it a line of its own.
  const compact = rect.h < f.small * 12;
  const left = rect.x + pad + yTickW + f.small * 0.4;
  const right = rect.x + rect.w - pad - f.small * 0.5;
  const top = titleY + f.small * (compact ? 0.9 : 1.6);
  const bottom = rect.y + rect.h - pad * 0.6 - f.small * (compact ? 1.5 : 2.5);
  const x = linear(xMax, left, right);
  const y = linear(yMax, bottom, top);
  const hoursAt = (n: number) => runTimeMs(n, c.msPerAccount) / HOUR_MS;
  const night = c.nightMs / HOUR_MS;
  const fit = Math.min(c.fit, xMax);

  // Axes and their names.
  child<SVGPathElement, unknown>(plot, 'path', 'runtime-axes').attr('d', `M${left},${top}V${bottom}H${right}`).attr('fill', 'none').style('stroke', 'var(--text-muted)').attr('stroke-width', layout.strokePx);
  child<SVGTextElement, unknown>(plot, 'text', 'runtime-y-name')
    .classed('chart-axis', true).attr('x', left + f.small * 0.4).attr('y', top + f.small * 0.2).attr('font-size', f.small).text('hours');
  // The x axis's ticks: 0, the crossing (in the night's colour), and its end, where a phone names the axis instead.
  const xTicks = [0, fit, ...(compact ? [] : [xMax])];
  const tickY = bottom + f.small * 1.1;
  keyed(plot, 'runtime-xtick', xTicks, (v) => String(v)).each(function (v) {
    child<SVGTextElement, unknown>(select(this) as Sel<SVGGElement, unknown>, 'text', 'chart-axis')
      .attr('x', x(v))
      .attr('y', tickY)
      .attr('text-anchor', v === 0 ? 'start' : v === xMax ? 'end' : 'middle')
      .attr('font-size', f.small)
      .style('fill', () => (v === fit ? 'var(--alarm)' : null))
      .style('font-weight', () => (v === fit ? '700' : null))
      .text(v === fit ? count(v) : short(v));
  });
  child<SVGTextElement, unknown>(plot, 'text', 'runtime-x-name')
    .classed('chart-axis', true)
    .attr('x', compact ? right : (left + right) / 2)
    .attr('y', compact ? tickY : tickY + f.small * 1.2)
    .attr('text-anchor', compact ? 'end' : 'middle')
    .attr('font-size', f.small)
    .text('accounts');
  keyed(plot, 'runtime-ytick', yTicks, (v) => String(v)).each(function (v) {
    child<SVGTextElement, unknown>(select(this) as Sel<SVGGElement, unknown>, 'text', 'chart-axis')
      .attr('x', left - f.small * 0.3)
      .attr('y', y(v))
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .attr('font-size', f.small)
      .text(String(v));
  });

  // The night: a dashed line at its length, named above its left end, where the run line is still low.
  child<SVGPathElement, unknown>(plot, 'path', 'runtime-night').attr('d', `M${left},${y(night)}H${right}`).style('stroke', 'var(--alarm)').attr('stroke-width', layout.strokePx).attr('stroke-dasharray', `${layout.strokePx * 4} ${layout.strokePx * 3}`);
  child<SVGTextElement, unknown>(plot, 'text', 'runtime-night-name').attr('x', left + f.small * 0.4).attr('y', y(night) - f.small * 0.35).attr('font-size', f.small).style('fill', 'var(--alarm)').text(`${night.toLocaleString('en-US')}-hour night`);

  // The run time: within the night, then past it.
  child<SVGPathElement, unknown>(plot, 'path', 'runtime-fits')
    .classed('chart-line', true).attr('d', `M${x(0)},${y(0)}L${x(fit)},${y(hoursAt(fit))}`).attr('stroke-width', layout.strokePx * 1.6);
  child<SVGPathElement, unknown>(plot, 'path', 'runtime-over')
    .attr('d', fit < xMax ? `M${x(fit)},${y(hoursAt(fit))}L${x(xMax)},${y(Math.min(yMax, hoursAt(xMax)))}` : '')
    .attr('fill', 'none')
    .style('stroke', 'var(--alarm)')
    .attr('stroke-width', layout.strokePx * 2.2);

  // Where it crosses: a mark, and a dotted drop to its tick on the accounts axis.
  child<SVGPathElement, unknown>(plot, 'path', 'runtime-drop').attr('d', `M${x(fit)},${y(night)}V${bottom}`).style('stroke', 'var(--alarm)').attr('stroke-width', layout.strokePx).attr('stroke-dasharray', `${layout.strokePx} ${layout.strokePx * 2}`);
  child<SVGCircleElement, unknown>(plot, 'circle', 'runtime-cross').attr('cx', x(fit)).attr('cy', y(night)).attr('r', layout.strokePx * 2.2).style('fill', 'var(--alarm)');

  // Now: a dot on the line, and what it means, on the side away from the crossing's words.
  const nowH = Math.min(yMax, hoursAt(c.accounts));
  const past = c.accounts > c.fit;
  const nowLabel = `now ${count(c.accounts)}`;
  child<SVGCircleElement, unknown>(plot, 'circle', 'runtime-now').attr('cx', x(c.accounts)).attr('cy', y(nowH)).attr('r', layout.strokePx * 2.6).style('fill', past ? 'var(--alarm)' : 'var(--busy)').style('stroke', 'var(--text)').attr('stroke-width', layout.strokePx * 0.6);
  child<SVGTextElement, unknown>(plot, 'text', 'runtime-now-label')
    .attr('x', past ? x(c.accounts) - f.small * 0.6 : x(c.accounts) + f.small * 0.6)
    .attr('y', past ? y(nowH) - f.small * 0.5 : y(nowH) + f.small * 0.35)
    .attr('text-anchor', past ? 'end' : 'start')
    .attr('font-size', f.small)
    .style('font-weight', '700')
    .text(compact ? '' : nowLabel);
}

/**
 * A table kept within its box: the box glyph draws every row it is given, so a short box (the
 * phone's) keeps the latest rows that fit, and a narrow one leaves out the columns named here
 * (the amount, the week's total), which the inspector still lists.
 */
export function fitTable(view: NodeView, rect: Rect, node: NodeRef, ctx: GlyphContext, narrowDrops: readonly string[]): NodeView {
  const table = view.table;
  if (!table) return view;
  const { layout } = ctx;
  const f = layout.fontPx;
  const pad = f.label * 0.6;
  const keep = table.columns.map((c) => !(layout.kind === 'portrait' && narrowDrops.includes(c)));
  // Where the box glyph starts the table (under the title, or under the state when it does not fit beside it) and where its note sits.
  const beside = textWidth(layout, node.title, f.heading) + textWidth(layout, view.state, f.small) + pad <= rect.w - 2 * pad;
  const top = rect.y + f.heading * 1.3 + (beside ? 0 : f.small * 1.3) + f.small * 0.7 + f.small;
  const floor = rect.y + rect.h - pad * 0.6 - (view.note ? f.small * 1.45 : 0);
  const rows = Math.max(0, Math.floor((floor - top) / (f.label * 1.35)));
  return {
    ...view,
    table: {
      columns: table.columns.filter((_, i) => keep[i]),
      rows: table.rows.slice(Math.max(0, table.rows.length - rows)).map((r) => ({ ...r, cells: r.cells.filter((_, i) => keep[i]) })),
    },
  };
}

const tableGlyph = (narrowDrops: readonly string[]): Glyph => ({
  draw: (g, rect, node, view, ctx) => boxGlyph.draw(g, rect, node, fitTable(view, rect, node, ctx, narrowDrops), ctx),
});

/** Glyphs of the batch family's kinds. */
export const batchGlyphs: Readonly<Record<string, Glyph>> = {
  'batch.runtime-chart': { draw: drawRunTimeChart },
  'batch.orders': tableGlyph(['Amount']),
  'batch.status': tableGlyph(['Week']),
};
