/**
 * Message pills, the one shape vocabulary for messages: a deposit is a rounded capsule with a +,
 * a withdraw a hexagon with a −, an ack a small rounded box. Shared by the SVG stage (pills at
 * rest) and the token canvas (pills in flight). Pure.
 */
import type { Payload } from '../machines/types.ts';
import { payloadLabel } from '../lib/format.ts';
import { textWidth, type StageLayout } from './layout.ts';

/** Outline of a message pill centred on (0,0): deposit a rounded capsule, withdraw a hexagon, ack a rounded box. */
export function pillPath(kind: Payload['kind'] | 'ack', w: number, h: number): string {
  const x0 = -w / 2;
  const y0 = -h / 2;
  if (kind === 'withdraw') {
    const n = h * 0.38;
    return `M${x0},0L${x0 + n},${y0}H${-x0 - n}L${-x0},0L${-x0 - n},${-y0}H${x0 + n}Z`;
  }
  const r = kind === 'ack' ? h * 0.22 : h / 2;
  return `M${x0 + r},${y0}H${-x0 - r}A${r},${r} 0 0 1 ${-x0},${y0 + r}V${-y0 - r}A${r},${r} 0 0 1 ${-x0 - r},${-y0}H${x0 + r}A${r},${r} 0 0 1 ${x0},${-y0 - r}V${y0 + r}A${r},${r} 0 0 1 ${x0 + r},${y0}Z`;
}

/** "+ deposit $70" on wide screens, "+$70" on phones. */
export function pillLabel(layout: StageLayout, p: Payload): string {
  const sign = p.kind === 'deposit' ? '+' : '\u2212';
  if (layout.kind === 'portrait') return `${sign}$${p.amount}`;
  // A numbered transaction drops the kind's word (the sign and the shape still say it) so the
  // number fits in the publisher's column: "− $100 · n3".
  return p.number !== undefined ? `${sign} $${p.amount} · n${p.number}` : `${sign} ${payloadLabel(p)}`;
}

/** Width of the pill that holds `label`. */
export const pillWidth = (layout: StageLayout, label: string): number =>
  Math.ceil(textWidth(layout, label, layout.fontPx.small) + 2 * layout.tokenPadPx + layout.tokenHeightPx * 0.4);

