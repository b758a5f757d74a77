import { runScene } from './src/chapters/engine.ts';
import { scenes } from './src/chapters/future/scenes.ts';
import { declaredViewAt, declaredVerdicts } from './src/stage/declared/view.ts';
import { narrateTrace } from './src/stage/narrate.ts';
import { clock } from './src/lib/format.ts';
for (const id of ['durable-scheduling', 'saga', 'what-messaging-bought']) {
  const s = scenes.find((x) => x.id === id)!;
  for (let k = 0; k < s.steps.length; k++) {
    const r = runScene(s, k);
    const v = declaredViewAt(s, r.trace, r.t1);
    const store = v.nodes.find((n) => n.ref.id === 'store')!.view;
    console.log(id, k, s.steps[k]!.name, clock(r.t1), JSON.stringify(store.balances), r.world.halted ?? '');
    if (process.argv[2] === id) for (const l of narrateTrace(r.trace, r.stepStart)) console.log('   ', l.text);
    if (k === s.steps.length - 1) console.log(JSON.stringify(declaredVerdicts(s, v)));
  }
}
