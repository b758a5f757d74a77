import { createRng } from './src/kernel/rng.ts';
import { randomSchedule, scheduleConfig } from './src/chapters/nats/chaos.ts';
import { createFastWorld } from './src/actors/nats/world.ts';
const rng = createRng(1);
const ss = Array.from({ length: 2000 }, () => randomSchedule(rng, 'naive'));
for (let k = 0; k < 30; k++) for (const s of ss) createFastWorld(scheduleConfig(s));
