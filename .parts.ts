import { createRng } from './src/kernel/rng.ts';
import { randomSchedule, scheduleCommands, scheduleConfig, runSchedule } from './src/chapters/nats/chaos.ts';
import { createFastWorld } from './src/actors/nats/world.ts';
const rng = createRng(1);
const ss = Array.from({ length: 5000 }, () => randomSchedule(rng, 'naive'));
const cpu = (f: () => void) => { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
for (let k = 0; k < 2; k++) {
  const gen = cpu(() => { const r = createRng(1); for (let i = 0; i < 5000; i++) randomSchedule(r, 'naive'); });
  const cmds = cpu(() => { for (const s of ss) { scheduleConfig(s); scheduleCommands(s); } });
  const build = cpu(() => { for (const s of ss) createFastWorld(scheduleConfig(s)); });
  const boot = cpu(() => { for (const s of ss) { const w = createFastWorld(scheduleConfig(s)); w.run({ kind: 'for', ms: 1999 }); } });
  const full = cpu(() => { for (const s of ss) runSchedule(s, { judgedOnly: true }); });
  console.log(`per schedule µs: gen ${(gen / 5).toFixed(1)} cmds ${(cmds / 5).toFixed(1)} build ${(build / 5).toFixed(1)} boot(to 2s) ${(boot / 5).toFixed(1)} full ${(full / 5).toFixed(1)}`);
}
