import { createRng } from './src/kernel/rng.ts';
import { randomSchedule, runSchedule } from './src/chapters/nats/chaos.ts';
const rng = createRng(1);
const ss = Array.from({ length: 200 }, () => randomSchedule(rng, 'naive'));
for (let k = 0; k < 10; k++) for (const s of ss) runSchedule(s, { judgedOnly: true });
console.log('MARK');
for (let k = 0; k < 50; k++) for (const s of ss) runSchedule(s, { judgedOnly: true });
