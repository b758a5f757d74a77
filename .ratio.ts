import { createRng } from './src/kernel/rng.ts';
import { randomSchedule, runSchedule } from './src/chapters/nats/chaos.ts';
const rng = createRng(1);
const ss = Array.from({ length: 2000 }, () => randomSchedule(rng, 'naive'));
const cpu = (f: () => void) => { const c0 = process.cpuUsage(); const t = performance.now(); f(); const c = process.cpuUsage(c0); return [(c.user + c.system) / 1000, performance.now() - t]; };
for (let k = 0; k < 2; k++) {
  const [fc, fw] = cpu(() => { for (const s of ss) runSchedule(s, { judgedOnly: true }); });
  const [xc, xw] = cpu(() => { for (const s of ss.slice(0, 500)) runSchedule(s, { host: 'xstate' }); });
  console.log(`fast ${(2000 / fc * 1000).toFixed(0)}/s cpu ${(2000 / fw * 1000).toFixed(0)}/s wall; xstate ${(500 / xc * 1000).toFixed(0)}/s cpu ${(500 / xw * 1000).toFixed(0)}/s wall; ratio ${((2000 / fc) / (500 / xc)).toFixed(1)}`);
}
