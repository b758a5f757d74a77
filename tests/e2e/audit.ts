/**
 * The layout audit the fit tests run in the page: which texts and controls of the deck are
 * outside the viewport, clipped by their container, or on top of each other, and how small the
 * stage's text is drawn. Runs as one page.evaluate, so it is self-contained.
 */
import type { Page } from '@playwright/test';

export interface Audit {
  problems: string[];
  /** The deck's scale (1 at 1920×1080; a phone's layout is unscaled). */
  scale: number;
  /** The rendered size of the deck's body text (the log's or the "where" line's, else the narration's), in CSS px. */
  bodyPx: number;
  /** The rendered size of the stage's smallest text, in CSS px; undefined when no stage is shown. */
  stageMinPx: number | undefined;
}

/** `root`: the screen to audit; `pageScrolls`: a screen that is a page of its own (the landing on a phone) may run below the fold. */
export function auditPage(page: Page, root = 'main.deck', pageScrolls = false): Promise<Audit> {
  return page.evaluate(([rootSelector, scrollsDown]: [string, boolean]): Audit => {
    const problems: string[] = [];
    const main = document.querySelector(rootSelector);
    if (!main) return { problems: [`no ${rootSelector}`], scale: 1, bodyPx: 0, stageMinPx: undefined };
    const vw = document.documentElement.clientWidth;
    const vh = scrollsDown ? Math.max(window.innerHeight, document.documentElement.scrollHeight) : window.innerHeight;
    const tol = 1.5;
    const name = (el: Element): string => {
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      const id = el.getAttribute('data-testid');
      return `<${el.tagName.toLowerCase()}${id ? ` ${id}` : ''}${el.getAttribute('class') ? ` .${String(el.getAttribute('class')).split(' ')[0]}` : ''}> “${text}”`;
    };
    const shown = (el: Element): boolean => {
      for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return false;
      }
      const r = el.getBoundingClientRect();
      return r.width > 0.5 && r.height > 0.5;
    };
    const scrolls = (e: Element): boolean => {
      const cs = getComputedStyle(e);
      return (/(auto|scroll)/.test(cs.overflowY) && e.scrollHeight > e.clientHeight + 1) || (/(auto|scroll)/.test(cs.overflowX) && e.scrollWidth > e.clientWidth + 1);
    };
    const clips = (e: Element): boolean => {
      const cs = getComputedStyle(e);
      return /(hidden|clip)/.test(cs.overflowX) || /(hidden|clip)/.test(cs.overflowY);
    };

    // Texts (elements with a text node of their own, SVG <text>) and controls.
    const items = [...main.querySelectorAll('*')].filter((el) => {
      if (el.closest('.visually-hidden, [aria-hidden="true"], canvas, option, optgroup')) return false;
      if (el instanceof SVGElement && el.tagName.toLowerCase() !== 'text') return false;
      const control = el.matches('button, select, input, textarea, a[href], summary');
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (el.tagName.toLowerCase() === 'tspan') return false;
      return (control || ownText || el.tagName.toLowerCase() === 'text') && shown(el);
    });
    const inControl = (el: Element) => el.parentElement?.closest('button, select, a[href], summary, label') != null && !el.matches('button, select, input, a[href]');
    const boxes: { el: Element; parts: DOMRect[] }[] = [];
    for (const el of items) {
      const r = el.getBoundingClientRect();
      let scroller: Element | null = null;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (scrolls(a)) {
          scroller = a;
          break;
        }
      }
      // Only the log, the inspector, an open sheet and the chaos explorer may scroll: any other text that needs scrolling is cut for a room.
      // (On a phone, the chaos scene's panel, with its explorer above and its notes below, is the one more that may.)
      if (scroller && !scroller.matches('.log ol, .inspector-wrap, .sheets, .stage-wrap.embedded, .stage-wrap.embedded *, .deck.portrait .panel:has(.aside)')) problems.push(`${name(scroller)} needs scrolling to be read`);
      // Outside the viewport (a scrolling container's own rectangle stands for what it holds).
      const out = scroller ? scroller.getBoundingClientRect() : r;
      if (!scroller && (r.left < -tol || r.top < -tol || r.right > vw + tol || r.bottom > vh + tol)) {
        problems.push(`${name(el)} lies outside the ${vw}×${vh} viewport (${Math.round(r.left)},${Math.round(r.top)} → ${Math.round(r.right)},${Math.round(r.bottom)})`);
      } else if (scroller && (out.left < -tol || out.top < -tol || out.right > vw + tol || out.bottom > vh + tol)) {
        problems.push(`${name(scroller)} (scrolling) lies outside the viewport`);
      }
      // Clipped by an ancestor that hides its overflow and does not scroll.
      for (let a = el.parentElement; a && a !== main.parentElement; a = a.parentElement) {
        if (a === scroller) break;
        if (a instanceof SVGElement) continue;
        if (!clips(a)) continue;
        const c = a.getBoundingClientRect();
        if (r.left < c.left - tol || r.top < c.top - tol || r.right > c.right + tol || r.bottom > c.bottom + tol) {
          problems.push(`${name(el)} is clipped by ${name(a)}`);
          break;
        }
      }
      // Its words spilling out of its box over what follows (a box squeezed shorter than its text, which shows anyway):
      // by half a line or more, not by the ascent of a large glyph set with a tight line height.
      const own = getComputedStyle(el);
      if (el instanceof HTMLElement && !clips(el) && !/(auto|scroll)/.test(own.overflowY) && own.display !== 'inline' && el.scrollHeight - el.clientHeight > parseFloat(own.fontSize) * 0.5) problems.push(`${name(el)} spills out of its box (${el.scrollHeight} px of text in ${el.clientHeight})`);
      // Its own text cut (an ellipsis, a fixed box).
      if (!(el instanceof SVGElement) && el.tagName !== 'SELECT' && el.tagName !== 'INPUT' && clips(el) && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} cuts its own text`);
      if (el instanceof HTMLSelectElement) {
        const option = el.selectedOptions[0];
        const ctx = document.createElement('canvas').getContext('2d')!;
        const cs = getComputedStyle(el);
        ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const need = ctx.measureText(option?.textContent ?? '').width;
        const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 20;
        if (need > room + 1) problems.push(`${name(el)} cuts the name it shows (“${option?.textContent}” needs ${Math.round(need)} px, has ${Math.round(room)})`);
      }
      // What a scrolling container shows of it: the part inside the container's rectangle.
      const seen = scroller ? new DOMRect(Math.max(r.left, out.left), Math.max(r.top, out.top), Math.max(0, Math.min(r.right, out.right) - Math.max(r.left, out.left)), Math.max(0, Math.min(r.bottom, out.bottom) - Math.max(r.top, out.top))) : r;
      // An inline text that wraps is several boxes (its lines), not their bounding rectangle.
      const lines = [...el.getClientRects()].map((q) => (scroller ? new DOMRect(Math.max(q.left, out.left), Math.max(q.top, out.top), Math.max(0, Math.min(q.right, out.right) - Math.max(q.left, out.left)), Math.max(0, Math.min(q.bottom, out.bottom) - Math.max(q.top, out.top))) : q));
      const parts = (lines.length > 1 ? lines : [seen]).filter((q) => q.width > 0 && q.height > 0);
      if (!inControl(el) && parts.length > 0) boxes.push({ el, parts });
    }

    // Nothing on top of anything else (an element and what it contains do not count).
    const overlap = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        if (a.parts.some((p) => b.parts.some((q) => overlap(p, q)))) problems.push(`${name(a.el)} overlaps ${name(b.el)}`);
      }
    }

    const scale = Number(main.getAttribute('data-scale') ?? '1') || 1;
    // The deck's body text: the log's lines, else the "Scene n of N" line (both 24 px in the 1920×1080 design), else the narration.
    const body = main.querySelector('.log li') ?? main.querySelector('.narration .where') ?? main.querySelector('[data-testid="narration"]');
    const bodyPx = body ? parseFloat(getComputedStyle(body).fontSize) * scale : 0;
    let stageMinPx: number | undefined;
    for (const svg of main.querySelectorAll<SVGSVGElement>('svg.stage')) {
      const vb = svg.viewBox.baseVal;
      if (!vb || vb.width === 0) continue;
      const k = svg.getBoundingClientRect().width / vb.width;
      for (const t of svg.querySelectorAll('text')) {
        if (!shown(t) || (t.textContent ?? '').trim() === '') continue;
        const px = parseFloat(getComputedStyle(t).fontSize) * k;
        stageMinPx = stageMinPx === undefined ? px : Math.min(stageMinPx, px);
      }
    }
    return { problems: [...new Set(problems)], scale, bodyPx, stageMinPx };
  }, [root, pageScrolls] as [string, boolean]);
}
