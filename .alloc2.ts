import { createRng } from './src/kernel/rng.ts';
import { randomSchedule, scheduleConfig, scheduleCommands } from './src/chapters/nats/chaos.ts';
import { createFastWorld } from './src/actors/nats/world.ts';
const mode = process.argv[2];
const rng = createRng(1);
const ss = Array.from({ length: 200 }, () => randomSchedule(rng, 'naive'));
const once = (s: any) => {
  if (mode === 'cfg') { scheduleConfig(s); scheduleCommands(s); return; }
  const w = createFastWorld(scheduleConfig(s), { keep: (k) => k === 'reject' });
  if (mode === 'build') return;
  if (mode === 'boot') { w.run({ kind: 'for', ms: 1999 }); return; }
  for (const c of scheduleCommands(s)) w.apply(c);
  w.run({ kind: 'quiet' });
};
for (let k = 0; k < 10; k++) for (const s of ss) once(s);
console.log('MARK');
for (let k = 0; k < 50; k++) for (const s of ss) once(s);
