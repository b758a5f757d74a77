import { createRng } from './src/kernel/rng.ts';
import { randomSchedule, scheduleConfig } from './src/chapters/nats/chaos.ts';
import { createFastWorld } from './src/actors/nats/world.ts';
const rng = createRng(1);
const ss = Array.from({ length: 2000 }, () => randomSchedule(rng, 'naive'));
(globalThis as any).gc();
const h0 = process.memoryUsage().heapUsed;
const keep = ss.map((s) => createFastWorld(scheduleConfig(s)));
(globalThis as any).gc();
const h1 = process.memoryUsage().heapUsed;
console.log('bytes per world', ((h1 - h0) / keep.length).toFixed(0));
const w = keep[0] as any;
for (const k of Object.keys(w)) { (globalThis as any).gc(); }
console.log(Object.keys(w));
console.log(JSON.stringify(w.config).length, 'config json chars');
