import { createRng } from './src/kernel/rng.ts';
import { randomSchedule, runSchedule } from './src/chapters/nats/chaos.ts';
const rng = createRng(1);
const ss = Array.from({ length: 2000 }, () => randomSchedule(rng, 'naive'));
for (let k = 0; k < 6; k++) for (const s of ss) runSchedule(s, { judgedOnly: true });
