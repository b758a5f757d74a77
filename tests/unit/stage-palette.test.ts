/** Every text colour on the stage reads at 7:1 or better against what it sits on. */
import { describe, expect, it } from 'vitest';
import { contrast, TEXT_PAIRS } from '../../src/stage/palette.ts';

describe('palette', () => {
  it.each([
    { args: ['#000000', '#ffffff'], expected: 21 },
    { args: ['#777777', '#777777'], expected: 1 },
  ])('contrast($args) = $expected', ({ args, expected }) => {
    expect(contrast(args[0]!, args[1]!)).toBeCloseTo(expected, 5);
  });

  it.each(TEXT_PAIRS.map(([fg, bg]) => ({ fg, bg })))('$fg on $bg is at least 7:1', ({ fg, bg }) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(7);
  });
});
