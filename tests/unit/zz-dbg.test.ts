import { it } from 'vitest';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { stepFrames } from '../../src/deck/frames.ts';
import { layoutFor, tokenPath } from '../../src/stage/layout.ts';
import { tokenBox, tokenPosition } from '../../src/stage/tokens.canvas.ts';
it('dbg', () => {
  const s = scenes.find((x) => x.id === 'storage-fails')!;
  const L = layoutFor('landscape', s);
  const v = stepFrames(s, 1).at(0.1);
  for (const t of v.tokens) console.log(t.kind, t.msg, t.lane, t.progress, JSON.stringify(tokenPath(L, t)), JSON.stringify(tokenPosition(L, t)), JSON.stringify(tokenBox(L, t)));
});
