import { it } from 'vitest';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { layoutFor } from '../../src/stage/layout.ts';
it('dbg', () => {
  for (const s of scenes) console.log(s.id, layoutFor('landscape', s).heightPx, layoutFor('portrait', s).heightPx);
});
