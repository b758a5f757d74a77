/**
 * Draws a declared stage (nodes in columns, edges) into an <svg> with idempotent d3 joins keyed
 * by node id: the dashed edges, every node with the glyph its kind registered (glyphs.ts; the
 * box glyph by default), the tokens in flight along the edges, the charts, and the clock and
 * scene title top right. Calling it again with the same (view, layout) changes nothing.
 */
import { select } from 'd3-selection';
import { clock } from '../../lib/format.ts';
import { fitText, textWidth } from '../layout.ts';
import { glyphFor, type GlyphContext } from '../glyphs.ts';
import { child, drawLines, drawVerdictCards, keyed, verdictsHeight, type Sel } from '../render.ts';
import type { Verdict } from '../view.ts';
import { hopPath, isStageNode, OUTCOME_KIND, type DeclaredLayout } from './layout.ts';
import type { DeclaredToken, DeclaredView } from './view.ts';
import { drawChart } from './chart.ts';
import { quietWrites } from '../quiet.ts';

// Every draw below is a join run again each frame: write only what changed (quiet.ts).
quietWrites();

export interface DeclaredRenderInput {
  t: number;
  title: string;
  view: DeclaredView;
  highlight: readonly string[];
  verdicts?: Verdict[];
}

/** A layer group directly under the svg root, created once, in call order. */
function layer(root: Sel<SVGSVGElement, unknown>, name: string): Sel<SVGGElement, unknown> {
  return root
    .selectAll<SVGGElement, unknown>(`:scope > g.layer-${name}`)
    .data([null] as unknown[])
    .join((enter) => enter.append('g').attr('class', `layer-${name}`));
}

/**
 * Draws `input` into `svg` using `layout`. Idempotent; safe to call every frame.
 * @example renderDeclared(svgEl, { t, title, view: declaredViewAt(scene, trace, t), highlight: [] }, declaredLayout('landscape', scene.stage), { reducedMotion: false })
 */
export function renderDeclared(svg: SVGSVGElement, input: DeclaredRenderInput, layout: DeclaredLayout, opts: { reducedMotion: boolean }): void {
  const root = select(svg) as Sel<SVGSVGElement, unknown>;
  const viewBox = `0 0 ${layout.widthPx} ${layout.heightPx}`;
  if (svg.getAttribute('viewBox') !== viewBox) root.attr('viewBox', viewBox).attr('data-layout', layout.kind);
  root.classed('reduced-motion', opts.reducedMotion).attr('data-stage', 'declared');
  const highlight = new Set(input.highlight);
  drawEdges(layer(root, 'edges'), layout);
  const ctx = (id: string): GlyphContext => ({ layout, t: input.t, highlighted: highlight.has(id), reducedMotion: opts.reducedMotion });
  const nodesG = layer(root, 'nodes');
  keyed(nodesG, 'node', input.view.nodes, (n) => `${layout.kind}:${n.ref.id}`).each(function (n) {
    const slot = layout.nodes.get(n.ref.id);
    if (!slot) return;
    const g = select(this) as Sel<SVGGElement, unknown>;
    g.attr('data-party', n.ref.id).attr('data-kind', n.ref.kind).attr('data-state', n.view.state).attr('data-down', String(n.view.down ?? false));
    glyphFor(n.ref.kind).draw(g, slot.rect, n.ref, n.view, ctx(n.ref.id));
  });
  const chartsG = layer(root, 'charts');
  keyed(chartsG, 'chart', input.view.charts, (c) => `${layout.kind}:${c.id}`).each(function (c) {
    const slot = layout.nodes.get(c.id);
    if (slot) drawChart(select(this) as Sel<SVGGElement, unknown>, slot.rect, slot.title, c, layout, input.t);
  });
  // The checks go in the node that reports the balances they check.
  const owner = input.view.nodes.find((n) => n.view.balances)?.ref.id;
  drawVerdicts(layer(root, 'verdicts'), input.verdicts ?? [], layout, owner);
  drawTokens(layer(root, 'tokens'), input.view.tokens, layout);
  drawHeader(layer(root, 'header'), input, layout);
}

function drawEdges(g: Sel<SVGGElement, unknown>, layout: DeclaredLayout): void {
  drawLines(g, layout.edges, (d) => `${layout.kind}:${d.from}>${d.to}`, layout.strokePx);
}

/** Width of a token pill holding `label`. */
const tokenWidth = (layout: DeclaredLayout, label: string): number => textWidth(layout, label, layout.fontPx.small) + layout.tokenHeightPx * 0.9;

/** A token's centre at its progress; replies ride a little apart from requests on the same edge. */
function tokenAt(layout: DeclaredLayout, tk: DeclaredToken): { x: number; y: number } | undefined {
  const path = hopPath(layout, tk.from, tk.to);
  if (!path) return undefined;
  const [a, b] = path;
  const off = tk.back ? layout.tokenHeightPx * 0.62 : -layout.tokenHeightPx * 0.62;
  const horizontal = Math.abs(b.x - a.x) >= Math.abs(b.y - a.y);
  // A token leaving or reaching a node stays just outside its border, off the title that a phone's top port sits on.
  const len = Math.hypot(b.x - a.x, b.y - a.y);
  // Between two rows closer than two tokens' height, it holds the middle of the gap.
  const short = !horizontal && len <= layout.tokenHeightPx * 2;
  const inset = horizontal || short ? 0 : (layout.tokenHeightPx * 0.5 + 2) / len;
  const k = short ? 0.5 : inset + tk.progress * (1 - 2 * inset);
  return { x: a.x + (b.x - a.x) * k + (horizontal ? 0 : off), y: a.y + (b.y - a.y) * k + (horizontal ? off : 0) };
}

function drawTokens(g: Sel<SVGGElement, unknown>, tokens: readonly DeclaredToken[], layout: DeclaredLayout): void {
  const placed = tokens.flatMap((tk) => {
    const at = tokenAt(layout, tk);
    return at ? [{ tk, at }] : [];
  });
  const h = layout.tokenHeightPx;
  keyed(g, 'token', placed, (d) => d.tk.id).each(function ({ tk, at }) {
    const tg = select(this) as Sel<SVGGElement, unknown>;
    const w = tokenWidth(layout, tk.label);
    tg.attr('transform', `translate(${at.x.toFixed(1)},${at.y.toFixed(1)})`).attr('data-tone', tk.tone).attr('data-from', tk.from).attr('data-to', tk.to);
    child<SVGRectElement, unknown>(tg, 'rect', 'token-shape')
      .attr('x', -w / 2)
      .attr('y', -h / 2)
      .attr('width', w)
      .attr('height', h)
      .attr('rx', tk.tone === 'reply' ? h * 0.2 : h / 2)
      .attr('class', `token-shape pill-shape ${tk.tone === 'reply' ? 'ack' : tk.tone}`)
      .attr('stroke-width', layout.strokePx);
    child<SVGTextElement, unknown>(tg, 'text', 'pill-label').attr('text-anchor', 'middle').attr('dy', '0.35em').attr('font-size', layout.fontPx.small).text(tk.label);
  });
}

/**
 * The end-of-scene checks, as the NATS stage draws them: in the scene's outcome node where it
 * has one, else as big cards at the bottom of the node that reports the balances (else the last
 * node drawn), above its note; on the phone, in the band under the nodes.
 */
function drawVerdicts(g: Sel<SVGGElement, unknown>, verdicts: readonly Verdict[], layout: DeclaredLayout, owner: string | undefined): void {
  const f = layout.fontPx;
  // A place the scene set aside for the check: the cards fill it.
  const place = layout.kind === 'landscape' ? [...layout.nodes.values()].find((n) => n.kind === OUTCOME_KIND) : undefined;
  if (place) {
    drawVerdictCards(g, verdicts, { x: place.rect.x, y: place.rect.y, w: place.rect.w, h: place.rect.h }, layout);
    return;
  }
  const nodes = [...layout.nodes.values()].filter((n) => !isStageNode(n.kind));
  const last = (owner === undefined ? undefined : layout.nodes.get(owner)) ?? nodes[nodes.length - 1];
  if (!last && !layout.outcome) return;
  const need = Math.min(verdictsHeight(verdicts, layout) + verdicts.length * f.small * 3, last ? last.rect.h * 0.62 : Infinity);
  // The phone's band has a line for each of several checks: one that holds is that line; one that does not keeps its card.
  if (layout.outcome && verdicts.length > 1) {
    drawVerdictCards(g, verdicts, layout.outcome, layout, verdicts.map((v) => v.ok));
    return;
  }
  const area = layout.outcome ?? { x: last!.rect.x + f.small * 0.5, y: last!.rect.y + last!.rect.h - f.small * 1.9 - need, w: last!.rect.w - f.small, h: need };
  drawVerdictCards(g, verdicts, area, layout);
}

function drawHeader(g: Sel<SVGGElement, unknown>, input: DeclaredRenderInput, layout: DeclaredLayout): void {
  const h = layout.header;
  // The title ends where the clock begins, however long the clock reads ("4 y 093 d"), never later than the layout's own place for it.
  const clockWidth = textWidth(layout, clock(input.t), layout.fontPx.clock);
  const titleRight = Math.min(h.titleRight, h.clockRight - clockWidth - layout.fontPx.clock * 0.3);
  child<SVGTextElement, unknown>(g, 'text', 'scene-title')
    .attr('x', titleRight)
    .attr('y', h.y)
    .attr('text-anchor', 'end')
    .attr('font-size', layout.fontPx.title)
    .text(fitText(layout, input.title, layout.fontPx.title, titleRight - h.titleLeft));
  child<SVGTextElement, unknown>(g, 'text', 'clock').attr('x', h.clockRight).attr('y', h.y).attr('text-anchor', 'end').attr('font-size', layout.fontPx.clock).attr('data-t', String(input.t)).text(clock(input.t));
}
