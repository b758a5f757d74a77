/**
 * The headless entry point: run a scene (or part of it) in Node and print its trace and storage.
 *
 *   npm run trace -- --list
 *   npm run trace -- storage-fails --step 3 --seed 7
 *   npm run trace -- happy-path --json
 */
import { parseArgs } from 'node:util';
import { runScene } from '../chapters/engine.ts';
import { loadAllChapters, loadedScenes } from '../chapters/index.ts';
import { money } from '../lib/format.ts';
import { narrateTrace } from '../stage/narrate.ts';

const USAGE = 'usage: npm run trace -- <scene> [--step N] [--seed N] [--json]\n       npm run trace -- --list';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

/** Parse a whole non-negative number, or explain what was wrong. */
function whole(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) fail(`--${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

await loadAllChapters();
const scenes = loadedScenes();
const findScene = (id: string) => scenes.find((s) => s.id === id);

function main(argv: string[]): void {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { step: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    fail((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.list) {
    for (const s of scenes) process.stdout.write(`${`nats/${s.id}`.padEnd(24)} ${s.title} (${s.steps.length} steps)\n`);
    return;
  }
  const [id, ...extra] = positionals;
  if (!id) fail('which scene? (--list shows them)');
  if (extra.length > 0) fail(`unexpected argument: ${extra.join(' ')}`);
  const scene = findScene(id.replace(/^nats\//, ''));
  if (!scene) fail(`no scene "${id}". Scenes: ${scenes.map((s) => s.id).join(', ')}`);
  const last = scene.steps.length - 1;
  const step = whole('step', values.step) ?? last;
  if (step > last) fail(`scene "${scene.id}" has steps 0 to ${last}; --step ${step} is out of range`);
  const seed = whole('seed', values.seed);
  const r = runScene(scene, step, seed === undefined ? {} : { seed });
  if (values.json) {
    const storage = Object.fromEntries(Object.entries(r.storage).map(([u, row]) => [u, { balance: row.balance, lastNumber: row.lastNumber }]));
    process.stdout.write(`${JSON.stringify({ scene: scene.id, step: r.step, seed: r.seed, trace: r.trace, storage })}\n`);
    return;
  }
  process.stdout.write(`${scene.title} — step ${r.step} of ${last} (${scene.steps[r.step]!.name}), seed ${r.seed}\n\n`);
  for (const line of narrateTrace(r.trace, 0, r.trace.length, scene.world.transport)) process.stdout.write(`  ${line.text}\n`);
  process.stdout.write('\nstorage:\n');
  for (const [user, row] of Object.entries(r.storage)) {
    const want = scene.expected[user];
    const verdict = r.step === last && want !== undefined ? (row.balance === want ? '  (as expected)' : `  (expected ${money(want)})`) : '';
    process.stdout.write(`  ${user.padEnd(8)} ${money(row.balance)}${verdict}\n`);
  }
}

main(process.argv.slice(2));
