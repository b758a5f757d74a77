/**
 * Quiet writes for d3-selection: `attr`, `text` and `classed` that touch the DOM only where the
 * value differs from what the element already holds.
 *
 * d3 writes every time, same value or not, and the browser treats each write as a change: it
 * queues a mutation record, restyles the element, lays out SVG geometry and text again and
 * repaints their area. The stage's renderers are idempotent joins called every frame with a view
 * that changed in a few places, so most of their writes repeat what is there. On the stress page
 * (10,000 messages, 500 moving) about 200 of a frame's writes were repeats, and the board's
 * share of a frame was more than half of it.
 *
 * Installed once on d3's own selection prototype, so every renderer (render.ts, tables.ts, the
 * families' glyphs, declared/ and timespace/) gets it without a wrapper of its own; reading
 * (`attr(name)`, `text()`, `classed(name)`) and namespaced names ("xlink:href") are d3's, as are
 * `style` and `property`, which the stage does not write per frame.
 */
import { selection, type BaseType } from 'd3-selection';

type Value = string | number | boolean | null | undefined;
type ValueOf = Value | ((this: BaseType, datum: unknown, index: number, group: ArrayLike<BaseType>) => Value);

function setAttribute(el: Element, name: string, value: Value): void {
  if (value == null) {
    if (el.hasAttribute(name)) el.removeAttribute(name);
    return;
  }
  const text = String(value);
  if (el.getAttribute(name) !== text) el.setAttribute(name, text);
}

function setText(el: Element, value: Value): void {
  const text = value == null ? '' : String(value);
  if (el.textContent !== text) el.textContent = text;
}

function setClassed(el: Element, names: readonly string[], on: boolean): void {
  for (const name of names) if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
}

let installed = false;

/**
 * Makes d3-selection's attr, text and classed write only what differs. Idempotent.
 * @example quietWrites(); select(svg).attr('width', 10).attr('width', 10) // one write
 */
export function quietWrites(): void {
  if (installed) return;
  installed = true;
  const proto = selection.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const { attr, text, classed } = proto as { attr: (...args: unknown[]) => unknown; text: (...args: unknown[]) => unknown; classed: (...args: unknown[]) => unknown };
  type Each = { each(fn: (this: Element, d: unknown, i: number, g: ArrayLike<Element>) => void): unknown };
  proto.attr = function (this: Each, ...args: unknown[]): unknown {
    const [name, value] = args as [string, ValueOf];
    if (args.length < 2 || name.includes(':')) return attr.apply(this, args);
    if (typeof value === 'function')
      return this.each(function (d, i, g) {
        setAttribute(this, name, value.call(this, d, i, g));
      });
    return this.each(function () {
      setAttribute(this, name, value);
    });
  };
  proto.text = function (this: Each, ...args: unknown[]): unknown {
    if (args.length === 0) return text.apply(this, args);
    const value = args[0] as ValueOf;
    if (typeof value === 'function')
      return this.each(function (d, i, g) {
        setText(this, value.call(this, d, i, g));
      });
    return this.each(function () {
      setText(this, value);
    });
  };
  proto.classed = function (this: Each, ...args: unknown[]): unknown {
    if (args.length < 2) return classed.apply(this, args);
    const names = String(args[0]).trim().split(/\s+/).filter(Boolean);
    const value = args[1] as ValueOf;
    return this.each(function (d, i, g) {
      setClassed(this, names, Boolean(typeof value === 'function' ? value.call(this, d, i, g) : value));
    });
  };
}
