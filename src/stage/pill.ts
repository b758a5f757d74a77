/**
 * Message pills, the one shape vocabulary for messages: a deposit is a rounded capsule with a +,
 * a withdraw a hexagon with a −, an ack a small rounded box. Shared by the SVG stage (pills at
 * rest) and the token canvas (pills in flight). Pure.
 */
import type { Payload } from '../actors/nats/types.ts';
import { payloadLabel } from '../lib/format.ts';
import { textWidth, type StageLayout } from './layout.ts';

/**
 * Outline of a message pill centred on (0,0): deposit a rounded capsule, withdraw a hexagon, a
 * tweet a speech bubble (a box with a tail at the lower left), ack a rounded box.
 */
export function pillPath(kind: Payload['kind'] | 'ack', w: number, h: number): string {
  const x0 = -w / 2;
  const y0 = -h / 2;
  if (kind === 'tweet') {
    const r = h * 0.22;
    const tail = h * 0.3;
    return `M${x0 + r},${y0}H${-x0 - r}A${r},${r} 0 0 1 ${-x0},${y0 + r}V${-y0 - r}A${r},${r} 0 0 1 ${-x0 - r},${-y0}H${x0 + r + tail}L${x0 + r * 0.2},${-y0 + tail * 0.8}L${x0 + r},${-y0 - r * 0.6}A${r},${r} 0 0 1 ${x0},${-y0 - r}V${y0 + r}A${r},${r} 0 0 1 ${x0 + r},${y0}Z`;
  }
  if (kind === 'withdraw') {
    const n = h * 0.38;
    return `M${x0},0L${x0 + n},${y0}H${-x0 - n}L${-x0},0L${-x0 - n},${-y0}H${x0 + n}Z`;
  }
  const r = kind === 'ack' ? h * 0.22 : h / 2;
  return `M${x0 + r},${y0}H${-x0 - r}A${r},${r} 0 0 1 ${-x0},${y0 + r}V${-y0 - r}A${r},${r} 0 0 1 ${-x0 - r},${-y0}H${x0 + r}A${r},${r} 0 0 1 ${x0},${-y0 - r}V${y0 + r}A${r},${r} 0 0 1 ${x0 + r},${y0}Z`;
}

/**
 * "+ deposit $70" on wide screens, "+$70" on phones; where a scene has several users the label
 * names the user instead of the kind ("+ Mary $40", "M+$40"): the sign and shape say the kind.
 */
export function pillLabel(layout: StageLayout, p: Payload): string {
  if (p.kind === 'tweet') return layout.kind === 'portrait' ? 'tweet' : `\u201C${p.text ?? ''}\u201D`;
  const sign = p.kind === 'deposit' ? '+' : '\u2212';
  if (layout.kind === 'portrait') return layout.namesUsers ? `${p.user.slice(0, 1)}${sign}$${p.amount}` : `${sign}$${p.amount}`;
  if (layout.namesUsers) {
    const tail = p.prev !== undefined ? ` · last ${p.prev || '\u2013'}` : p.number !== undefined ? ` · n${p.number}` : '';
    return `${sign} ${p.user} $${p.amount}${tail}`;
  }
  // A numbered transaction drops the kind's word (the sign and the shape still say it) so the
  // number fits in the publisher's column: "− $100 · n3".
  if (p.prev !== undefined) return `${sign} $${p.amount} · last ${p.prev || '\u2013'}`;
  return p.number !== undefined ? `${sign} $${p.amount} · n${p.number}` : `${sign} ${payloadLabel(p)}`;
}

/** Width of the pill that holds `label`. */
export const pillWidth = (layout: StageLayout, label: string): number =>
  Math.ceil(textWidth(layout, label, layout.fontPx.small) + 2 * layout.tokenPadPx + layout.tokenHeightPx * 0.4);

