// @vitest-environment happy-dom
import { it } from 'vitest';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { stepFrames } from '../../src/deck/frames.ts';
import { layoutFor } from '../../src/stage/layout.ts';
import { renderStage } from '../../src/stage/render.ts';
it('dbg', () => {
  for (const s of scenes.filter((x) => !x.stage)) {
    const out: string[] = [];
    for (const kind of ['landscape', 'portrait'] as const) {
      const L = layoutFor(kind, s);
      const big = { ...L, storage: { ...L.storage, rect: { ...L.storage.rect, h: 5000 } } };
      let need = 0;
      for (let k = 0; k < s.steps.length; k++) {
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement;
        renderStage(svg, stepFrames(s, k).at(1), big, { reducedMotion: true });
        const g = svg.querySelector('g.layer-storage')!;
        const b = [...g.querySelectorAll('text')].filter((t) => t.textContent && !t.classList.contains('box-title')).map((t) => Number(t.getAttribute('y')) + 6);
        for (const r of g.querySelectorAll('rect:not(.box)')) if (!r.closest('[display="none"]') && r.getAttribute('display') !== 'none') b.push(Number(r.getAttribute('y')) + Number(r.getAttribute('height')));
        need = Math.max(need, Math.max(...b) - L.storage.rect.y);
      }
      out.push(`${kind} need ${Math.round(need)} have ${Math.round(L.storage.rect.h)}`);
    }
    console.log(s.id, out.join(' | '));
  }
});
