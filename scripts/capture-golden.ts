/**
 * Captures chapter 1's golden traces: for every scene and step, what `npm run trace -- <scene>
 * --step N --json` prints, reduced to (t, kind, msg, attempt, from, to) and the final storage.
 * Run once before a change to the core (`npx tsx scripts/capture-golden.ts`); the test
 * tests/unit/golden.test.ts then holds every later version to it.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const list = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/trace.ts', '--list'], { cwd: root, encoding: 'utf8' });
// The scenes written out (built ones, such as the sandbox, take settings and are not part of the golden set).
const scenes = list.split('\n').filter((l) => /^nats\/.*\(\d+ steps\)$/.test(l)).map((l) => ({ id: l.split(/\s+/)[0]!, steps: Number(/\((\d+) steps\)/.exec(l)![1]) }));
const out: Record<string, { step: number; trace: unknown[]; storage: unknown }[]> = {};
for (const s of scenes) {
  out[s.id] = [];
  for (let k = 0; k < s.steps; k++) {
    const j = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/trace.ts', s.id, '--step', String(k), '--json'], { cwd: root, encoding: 'utf8' }));
    const trace = (j.trace as Record<string, unknown>[]).map((e) => [e.t, e.kind, e.msg ?? null, e.attempt ?? null, e.from ?? null, e.to ?? null]);
    out[s.id]!.push({ step: k, trace, storage: j.storage });
  }
  process.stdout.write(`${s.id}: ${s.steps} steps\n`);
}
writeFileSync(new URL('tests/golden/chapter1.json', root), `${JSON.stringify(out)}\n`);
