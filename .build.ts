import { createRng } from './src/kernel/rng.ts';
import { randomSchedule, scheduleConfig } from './src/chapters/nats/chaos.ts';
import { createFastWorld } from './src/actors/nats/world.ts';
import { VirtualClock } from './src/kernel/clock.ts';
const rng = createRng(1);
const ss = Array.from({ length: 5000 }, () => randomSchedule(rng, 'naive'));
const cpu = (f: () => void) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
for (let k = 0; k < 3; k++) {
  const clock = cpu(() => { for (let i = 0; i < 5000; i++) new VirtualClock(); });
  const cfg = cpu(() => { for (const s of ss) scheduleConfig(s); });
  const build = cpu(() => { for (const s of ss) createFastWorld(scheduleConfig(s)); });
  console.log(`µs: clock ${(clock / 5).toFixed(2)} cfg ${(cfg / 5).toFixed(2)} build ${(build / 5).toFixed(1)}`);
}
