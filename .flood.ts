import { runScene, forgetLiveWorlds } from './src/chapters/engine.ts';
import { floodScene } from './src/chapters/nats/flood.ts';
for (const n of [1000, 1000, 10000, 10000, 10000]) {
  forgetLiveWorlds();
  const s = floodScene(n);
  const t = performance.now();
  const r = runScene(s, s.steps.length - 1);
  const ms = performance.now() - t;
  console.log(n, ms.toFixed(0), 'ms', (ms * 1000 / n).toFixed(1), 'µs/msg', r.trace.length);
}
