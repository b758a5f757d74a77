// @vitest-environment happy-dom
/**
 * The declared stage: any scene's nodes in columns and edges. Up to 6 columns of up to 8 nodes
 * fit the projector picture (inside it, apart, titles at 24 px or more) and the phone's; a bad
 * declaration is explained; each node is drawn by its family's view; a chart plots a node's
 * series computed once per trace.
 */
import { describe, expect, it } from 'vitest';
import type { Scene, StageDecl } from '../../src/chapters/types.ts';
import { checkDecl, declaredLayout, hopPath, MAX_COLUMNS, MAX_NODES_PER_COLUMN } from '../../src/stage/declared/layout.ts';
import { declaredViewAt, seriesOf } from '../../src/stage/declared/view.ts';
import { renderDeclared } from '../../src/stage/declared/render.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import type { Rect } from '../../src/stage/layout.ts';

const apart = (a: Rect, b: Rect) => a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
const inside = (r: Rect, w: number, h: number) => r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h;

/** `cols` columns of `rows` nodes each, every node linked to the next column's first. */
function grid(cols: number, rows: number): StageDecl {
  const columns = Array.from({ length: cols }, (_, c) => Array.from({ length: rows }, (_, r) => ({ id: `n${c}.${r}`, kind: 'http.service', title: `Node ${c}.${r}` })));
  const edges = columns.slice(1).flatMap((col, c) => columns[c]!.map((n) => ({ from: n.id, to: col[0]!.id })));
  return { columns, edges };
}

describe('declared layout', () => {
  for (const [cols, rows] of [
    [1, 1],
    [4, 2],
    [MAX_COLUMNS, MAX_NODES_PER_COLUMN],
    [MAX_COLUMNS, 1],
    [2, MAX_NODES_PER_COLUMN],
  ] as const) {
    it(`${cols} columns of ${rows}: every node inside the picture and apart, on the projector and the phone`, () => {
      const decl = grid(cols, rows);
      expect(checkDecl(decl)).toEqual([]);
      for (const kind of ['landscape', 'portrait'] as const) {
        const l = declaredLayout(kind, decl);
        const rects = [...l.nodes.values()].map((n) => n.rect);
        expect(rects).toHaveLength(cols * rows);
        for (const r of rects) expect(inside(r, l.widthPx, l.heightPx), `${kind} ${JSON.stringify(r)}`).toBe(true);
        for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(apart(rects[i]!, rects[j]!)).toBe(true);
        if (kind === 'landscape') {
          expect(Math.min(...Object.values(l.fontPx))).toBeGreaterThanOrEqual(24);
          // A node is at least a title line tall, and wide enough for a 12-letter title.
          for (const r of rects) expect(r.h).toBeGreaterThanOrEqual(l.fontPx.heading * 1.6);
          for (const r of rects) expect(r.w).toBeGreaterThanOrEqual(12 * l.fontPx.heading * l.charWidthEm * 0.9);
        }
        expect(l.edges).toHaveLength(decl.edges.length);
        expect(hopPath(l, decl.edges[0]?.from ?? 'n0.0', decl.edges[0]?.to ?? 'n0.0')).toEqual(decl.edges.length ? [l.edges[0]!.a, l.edges[0]!.b] : undefined);
      }
    });
  }

  it('on a phone: a band for the checks only when the scene has some (a line each for several); phoneSize sets a row’s height', () => {
    const decl: StageDecl = {
      columns: [[{ id: 'a', kind: 'http.caller', title: 'A', phoneSize: 0.7 }], [{ id: 'b', kind: 'http.service', title: 'B', phoneSize: 0.7 }], [{ id: 'c', kind: 'http.store', title: 'C', phoneSize: 1.75 }]],
      edges: [],
    };
    const one = declaredLayout('portrait', decl);
    const none = declaredLayout('portrait', decl, { checks: 0 });
    const three = declaredLayout('portrait', decl, { checks: 3 });
    expect(one.outcome?.h).toBe(96);
    expect(none.outcome).toBeUndefined();
    expect(three.outcome!.h).toBeGreaterThan(one.outcome!.h);
    expect(none.heightPx).toBeLessThan(one.heightPx);
    // A and B share a short row; C stands alone, taller than a default row.
    expect(one.nodes.get('a')!.rect.h).toBe(77);
    expect(one.nodes.get('b')!.rect.y).toBe(one.nodes.get('a')!.rect.y);
    expect(one.nodes.get('c')!.rect.h).toBe(193);
    // Landscape ignores it.
    expect(declaredLayout('landscape', decl).nodes.get('a')!.rect).toEqual(declaredLayout('landscape', { ...decl, columns: decl.columns.map((c) => c.map(({ phoneSize: _, ...n }) => n)) }).nodes.get('a')!.rect);
  });

  it('says what is wrong with a declaration it cannot draw', () => {
    expect(checkDecl(grid(MAX_COLUMNS + 1, 1))).toEqual([expect.stringMatching(/7 columns is more than the 6/)]);
    expect(checkDecl(grid(1, MAX_NODES_PER_COLUMN + 1))).toEqual([expect.stringMatching(/column 1 has 9 nodes/)]);
    expect(checkDecl({ columns: [[{ id: 'a', kind: 'x.y', title: 'A' }]], edges: [{ from: 'a', to: 'b' }] })).toEqual([expect.stringMatching(/names b, which is not a node/)]);
  });
});

describe('declared view and drawing', () => {
  const sync = scenes.find((s) => s.id === 'sync-http')!;
  const withChart: Scene = { ...sync, id: 'sync-http-chart', stage: { ...sync.stage!, columns: [...sync.stage!.columns, [{ id: 'chart', kind: 'stage.chart', title: 'Load balancer: requests in flight', chart: { of: 'lb', metric: 'depth' } }]] } };

  it("every node gets its family's view; tokens travel only along declared edges", () => {
    const r = runScene(sync, 1);
    for (const t of [r.t0, (r.t0 + r.t1) / 2, r.t1]) {
      const v = declaredViewAt(sync, r.trace, t);
      expect(v.nodes.map((n) => n.ref.id)).toEqual(sync.stage!.columns.flat().map((n) => n.id));
      const edges = new Set(sync.stage!.edges.flatMap((e) => [`${e.from}>${e.to}`, `${e.to}>${e.from}`]));
      for (const tk of v.tokens) expect(edges.has(`${tk.from}>${tk.to}`), `${tk.from}>${tk.to}`).toBe(true);
    }
    // The load balancer holds both deposits at the end of the step, and says where each went.
    const lb = declaredViewAt(sync, r.trace, r.t1).nodes.find((n) => n.ref.id === 'lb')!.view;
    expect(lb.items.map((i) => i.tag)).toEqual(['\u2192 A', '\u2192 B']);
  });

  it('computes the series once per trace, and a chart draws it up to the instant shown', () => {
    const r = runScene(withChart, withChart.steps.length - 1);
    const once = seriesOf(withChart, r.trace);
    expect(seriesOf(withChart, r.trace)).toBe(once);
    const depth = once.get('lb')!.map((p) => p.depth);
    expect(Math.max(...depth)).toBe(2);
    expect(depth.at(-1)).toBe(0);
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement;
    const layout = declaredLayout('landscape', withChart.stage!);
    const view = declaredViewAt(withChart, r.trace, r.t1);
    renderDeclared(svg, { t: r.t1, title: withChart.title, view, highlight: [] }, layout, { reducedMotion: true });
    const line = svg.querySelector('g.chart path.chart-line')!.getAttribute('d')!;
    expect(line).toMatch(/^M[\d.]+,[\d.]+(H|L|V)/);
    expect(svg.querySelector('g.chart text.chart-axis')!.textContent).toBe('messages waiting (max 2)');
    // Drawing again with the same input changes nothing.
    const before = svg.outerHTML;
    renderDeclared(svg, { t: r.t1, title: withChart.title, view, highlight: [] }, layout, { reducedMotion: true });
    expect(svg.outerHTML).toBe(before);
  });
});

describe("the handout's table of a declared stage", () => {
  it('lists the balances its nodes report and every other node with its state and what it holds', async () => {
    const { stateTable } = await import('../../src/deck/stateTable.ts');
    const { viewAt } = await import('../../src/stage/view.ts');
    const sync = scenes.find((s) => s.id === 'sync-http')!;
    const r = runScene(sync, 2);
    const table = stateTable(viewAt(sync, r.trace, r.t1, { step: 2 }));
    expect(table.words).toEqual({ actor: 'Actor', held: 'Holds' });
    expect(table.users).toEqual([{ user: 'Jim', balance: '$40' }]);
    expect(table.listeners.map((l) => l.name)).toEqual(['Web app', 'Load balancer', 'Account Srv A', 'Account Srv B']);
    expect(table.listeners.find((l) => l.name === 'Account Srv A')!.state).toBe('handling (slow)');
    expect(table.listeners.find((l) => l.name === 'Account Srv A')!.unacked[0]).toMatch(/\+\$70/);
  });
});

describe('a node holding thousands of messages', () => {
  it("draws what fits and counts the rest; the queue's delay rings are for the pills drawn, not for all 5,000", () => {
    const decl: StageDecl = { columns: [[{ id: 'q', kind: 'sqs.queue', title: 'Delay queue' }]], edges: [] };
    const layout = declaredLayout('landscape', decl);
    const items = Array.from({ length: 5_000 }, (_, i) => ({ id: `m${i}`, label: `#${i + 1}`, tone: 'deposit', tag: '612 s', progress: 0.5 }));
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement;
    document.body.append(svg);
    const view = { nodes: [{ ref: { id: 'q', kind: 'sqs.queue', title: 'Delay queue' }, view: { state: 'holding', items, badges: [] } }], tokens: [], charts: [] };
    renderDeclared(svg, { t: 0, title: 'A long queue', view, highlight: [] }, layout, { reducedMotion: true });
    const pills = svg.querySelectorAll('g.node-item').length;
    expect(pills).toBeGreaterThan(0);
    expect(pills).toBeLessThan(50);
    expect(svg.querySelector('text.node-more')?.textContent).toBe(`+${5_000 - pills} more`);
    // One ring per pill drawn, each beside its own tag.
    expect(svg.querySelectorAll('g.delay-ring').length).toBe(pills);
    expect(svg.querySelectorAll('g.delay-ring[display="none"]').length).toBe(0);
    svg.remove();
  });
});
