import { createRng } from './src/kernel/rng.ts';
import { randomSchedule, runSchedule } from './src/chapters/nats/chaos.ts';
const rng = createRng(1);
const ss = Array.from({ length: 200 }, () => randomSchedule(rng, 'naive'));
for (let k = 0; k < 20; k++) for (const s of ss) runSchedule(s, { judgedOnly: true });
let best = Infinity;
for (let k = 0; k < 60; k++) {
  const t = performance.now();
  for (const s of ss) runSchedule(s, { judgedOnly: true });
  best = Math.min(best, performance.now() - t);
}
console.log(`fast best batch: ${(200 / best * 1000).toFixed(0)}/s`);
