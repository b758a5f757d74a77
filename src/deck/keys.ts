/**
 * Keys, as reveal.js has them so presenters' clickers work: → ↓ Space PageDown N next;
 * ← ↑ PageUp P previous; Home/End first/last step of the scene; K play/pause; + / − speed;
 * L live mode (the scene on a real NATS server); C the chaos explorer.
 */

export type KeyAction = 'next' | 'prev' | 'first' | 'last' | 'toggle-play' | 'faster' | 'slower' | 'live' | 'chaos';

const ACTIONS: Record<string, KeyAction> = {
  ArrowRight: 'next',
  ArrowDown: 'next',
  ' ': 'next',
  Spacebar: 'next',
  PageDown: 'next',
  n: 'next',
  N: 'next',
  ArrowLeft: 'prev',
  ArrowUp: 'prev',
  PageUp: 'prev',
  p: 'prev',
  P: 'prev',
  Home: 'first',
  End: 'last',
  k: 'toggle-play',
  K: 'toggle-play',
  '+': 'faster',
  '=': 'faster',
  '-': 'slower',
  _: 'slower',
  l: 'live',
  L: 'live',
  c: 'chaos',
  C: 'chaos',
};

/** The part of a KeyboardEvent this needs. */
export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Tag name of the focused element ('BUTTON', 'INPUT'…), if any. */
  targetTag?: string;
  targetEditable?: boolean;
}

/**
 * The deck action for a key press, or undefined to leave it to the browser: modified keys,
 * typing in a field, and Space or Enter on a button (which press the button) are not the deck's.
 * @example keyAction({ key: 'ArrowRight' }) === 'next'
 */
export function keyAction(e: KeyLike): KeyAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const tag = e.targetTag?.toUpperCase();
  if (e.targetEditable || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return undefined;
  if ((tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') && (e.key === ' ' || e.key === 'Enter')) return undefined;
  return ACTIONS[e.key];
}
