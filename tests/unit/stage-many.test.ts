// @vitest-environment happy-dom
/**
 * A scene with 10,000 messages drawn (happy-dom): each box shows the newest few it has room for
 * and counts the rest ("+9,997 earlier"), at both layouts, as many elements as with a handful of
 * messages, its cells' long numbers set narrower to fit; and the stress page's query asks for it (`?stress=500&messages=10000`).
 */
import { describe, expect, it } from 'vitest';
import { floodScene } from '../../src/chapters/nats/flood.ts';
import { parseQuery } from '../../src/deck/query.ts';
import { stressTrace } from '../../src/chapters/nats/stressTrace.ts';
import { layoutFor, type LayoutKind } from '../../src/stage/layout.ts';
import { renderStage } from '../../src/stage/render.ts';
import { viewAt } from '../../src/stage/view.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The stress stream with `messages` in the channel, drawn at the window's start. */
function draw(messages: number, kind: LayoutKind) {
  const { trace, from } = stressTrace({ messages, inFlight: 60, windowMs: 300, processMs: 2 });
  const scene = floodScene(messages, { steps: 1, processMs: 2 });
  const view = viewAt(scene, trace, from, { step: 0 });
  const svg = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  document.body.append(svg);
  renderStage(svg, view, layoutFor(kind, scene), { reducedMotion: true });
  const text = (sel: string) => svg.querySelector(sel)?.textContent ?? '';
  const squeezed = [...svg.querySelectorAll('text.cell-seq')].map((t) => ({ text: t.textContent ?? '', length: t.getAttribute('textLength') }));
  const result = { view, squeezed, cells: svg.querySelectorAll('g.cell').length, sent: svg.querySelectorAll('g.sent').length, elements: svg.querySelectorAll('*').length, channelMore: text('text.channel-more'), pubMore: text('text.pub-more') };
  svg.remove();
  return result;
}

describe('a scene with 10,000 messages', () => {
  for (const kind of ['landscape', 'portrait'] as const) {
    it(`${kind}: the channel and the publisher show their newest few and count the rest`, () => {
      const many = draw(10_000, kind);
      const few = draw(40, kind);
      const stored = many.view.channels[0]!.messages.length;
      expect(stored).toBeGreaterThanOrEqual(10_000);
      expect(many.cells).toBeGreaterThan(0);
      expect(many.cells).toBeLessThanOrEqual(few.cells);
      expect(many.channelMore).toBe(`+${(stored - many.cells).toLocaleString('en-US')} earlier`);
      const sent = many.view.publisher.sent.length;
      expect(many.pubMore).toBe(`+${(sent - many.sent).toLocaleString('en-US')} earlier`);
      // The same picture's worth of elements, give or take the tokens' and the counts' own.
      expect(Math.abs(many.elements - few.elements)).toBeLessThan(20);
      // A four- or five-digit number is set narrower, to end before the cell's ring or check, inside the cell; a two-digit one is as it is.
      const cellWidth = layoutFor(kind, floodScene(40, { steps: 1, processMs: 2 })).cellWidthPx;
      expect(many.squeezed.length).toBeGreaterThan(0);
      for (const c of many.squeezed) {
        expect(c.text).toMatch(/^#\d{4,5}$/);
        expect(Number(c.length), c.text).toBeGreaterThan(0);
        expect(Number(c.length), c.text).toBeLessThan(cellWidth * 0.75);
      }
      // On the projector's cells a two-digit number has room as it is (the phone's smaller cells squeeze from three characters).
      expect(few.squeezed.length).toBeGreaterThan(0);
      if (kind === 'landscape') for (const c of few.squeezed) expect(c, c.text).toEqual({ text: expect.stringMatching(/^#\d{1,2}$/), length: null });
    });
  }

  it('the stress page puts them in its scene when asked', () => {
    expect(parseQuery('?stress=500&messages=10000')).toEqual({ stress: 500, messages: 10_000 });
    expect(parseQuery('?stress=500&messages=x')).toEqual({ stress: 500 });
    expect(parseQuery('?stress=5&messages=999999999').messages).toBe(100_000);
  });
});
