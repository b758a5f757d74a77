/**
 * Who a key press belongs to (routeKey): dialogs and overlays keep theirs, the blackout takes any
 * key to lift itself, the log scrolls with ↑ ↓, and everything else is the deck's. A table.
 */
import { describe, expect, it } from 'vitest';
import { routeKey, type KeyContext } from '../../src/deck/keys.ts';

const closed: KeyContext = { chaosOpen: false, settingsOpen: false, blackout: false, helpOpen: false, overviewOpen: false, inScrollable: false };

describe('routeKey', () => {
  it.each([
    { key: 'ArrowRight', action: 'next', open: {}, expected: { to: 'deck', action: 'next' } },
    { key: 'x', action: undefined, open: {}, expected: { to: 'nobody' } },
    { key: 'Escape', action: 'overview', open: { chaosOpen: true }, expected: { to: 'close-chaos' } },
    { key: 'ArrowRight', action: 'next', open: { chaosOpen: true }, expected: { to: 'nobody' } },
    { key: 'ArrowRight', action: 'next', open: { settingsOpen: true }, expected: { to: 'nobody' } },
    { key: 'ArrowRight', action: 'next', open: { blackout: true }, expected: { to: 'unblank' } },
    { key: 'q', action: undefined, open: { blackout: true }, expected: { to: 'unblank' } },
    { key: 'Shift', action: undefined, open: { blackout: true }, expected: { to: 'nobody' } },
    { key: 'ArrowRight', action: 'next', open: { helpOpen: true }, expected: { to: 'nobody' } },
    { key: '?', action: 'help', open: { helpOpen: true }, expected: { to: 'deck', action: 'help' } },
    { key: 'o', action: 'overview', open: { overviewOpen: true }, expected: { to: 'deck', action: 'overview' } },
    { key: 'ArrowDown', action: 'next', open: { inScrollable: true }, expected: { to: 'nobody' } },
    { key: 'ArrowRight', action: 'next', open: { inScrollable: true }, expected: { to: 'deck', action: 'next' } },
  ] as const)('$key with $open → $expected.to', ({ key, action, open, expected }) => {
    const ctx = { ...closed, ...open };
    const before = structuredClone(ctx);
    expect(routeKey(key, action, ctx)).toEqual(expected);
    expect(ctx).toEqual(before);
  });
});
