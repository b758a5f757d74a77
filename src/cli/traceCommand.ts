/**
 * The command of `npm run trace` (trace.ts runs it as a process): runs a scene of any loaded
 * chapter (or part of it) in Node and prints its trace and storage; with --json, the final
 * state of every actor as well. Scenes a chapter builds from a link (the sandbox, a chaos
 * replay) take their link's settings with --set, by the names the link uses, and any scene
 * takes `--set f=<faults>`, the faults a link injects.
 *
 *   npm run trace -- --list
 *   npm run trace -- nats/storage-fails --step 3 --seed 7
 *   npm run trace -- happy-path --json
 *   npm run trace -- nats/sandbox --set design=naive --set listeners=3
 *   npm run trace -- future/delay-levels --set delay=42 --json   (a scene's inputs, by name)
 */
import { parseArgs } from 'node:util';
import type { BuildableScene, Chapter } from '../chapters/chapter.ts';
import { runScene } from '../chapters/engine.ts';
import { xstateHost } from '../chapters/xstate.ts';
import { decodeFaults } from '../chapters/faults.ts';
import { chapterEntry, chapters, loadAllChapters, loadedScenes } from '../chapters/index.ts';
import type { Scene } from '../chapters/types.ts';
import { money } from '../lib/format.ts';
import { narrateTrace } from '../stage/narrate.ts';
import { fail, whole, type Io } from './args.ts';
import { worldState } from './snapshot.ts';

export const TRACE_USAGE = 'usage: npm run trace -- <chapter>/<scene> [--step N] [--seed N] [--set name=value]… [--json]\n       npm run trace -- --list';
/** The setting every scene's link may carry: the faults injected into it (chapters/faults.ts). */
const FAULTS = 'f';

/** A scene as the command line names it: one written out, or one its chapter builds from settings. */
type Found = { chapter: Chapter; scene: Scene; buildable?: undefined } | { chapter: Chapter; scene?: undefined; buildable: BuildableScene };

const inChapter = (chapter: Chapter, id: string): Found | undefined => {
  const scene = chapter.scenes.find((s) => s.id === id);
  if (scene) return { chapter, scene };
  const buildable = chapter.buildable?.find((b) => b.id === id);
  return buildable ? { chapter, buildable } : undefined;
};
const idsOf = (chapter: Chapter): string[] => [...chapter.scenes.map((s) => s.id), ...(chapter.buildable ?? []).map((b) => b.id)];

/** `nats/happy-path`, or a bare `happy-path` when one chapter alone has it. */
function findScene(loaded: readonly Chapter[], id: string): Found {
  const m = /^([^/]+)\/(.+)$/.exec(id);
  if (!m) {
    const hits = loaded.flatMap((c) => inChapter(c, id) ?? []);
    if (hits.length === 0) fail(`no scene "${id}". Scenes: ${loaded.flatMap((c) => idsOf(c).map((s) => `${c.id}/${s}`)).join(', ')}`);
    if (hits.length > 1) fail(`"${id}" is a scene of ${hits.map((h) => h.chapter.id).join(' and ')}: say which, as ${hits.map((h) => `${h.chapter.id}/${id}`).join(' or ')}`);
    return hits[0]!;
  }
  const [, chapterId, sceneId] = m as unknown as [string, string, string];
  const entry = chapterEntry(chapterId);
  if (!entry) fail(`no chapter "${chapterId}". Chapters: ${chapters.map((c) => c.id).join(', ')}`);
  const chapter = loaded.find((c) => c.id === entry.id);
  if (!chapter) fail(`chapter "${entry.id}" (${entry.title}) is coming soon: it has no scenes yet`);
  return inChapter(chapter, sceneId) ?? fail(`no scene "${id}". Scenes of ${chapter.id}: ${idsOf(chapter).join(', ')}`);
}

/** `--set name=value`, in order; a name given twice keeps its last value. */
function readSettings(raw: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of raw) {
    const m = /^([^=\s]+)=(.*)$/s.exec(item);
    if (!m) fail(`--set takes name=value, got "${item}"`);
    out.delete(m[1]!);
    out.set(m[1]!, m[2]!);
  }
  return out;
}

/** The scene to run, from what the command line named and set; what a link's parser corrected goes to `io.err` as notices. */
function sceneFor(found: Found, settings: Map<string, string>, io: Io): Scene {
  const name = `${found.chapter.id}/${found.scene?.id ?? found.buildable!.id}`;
  const named = [...settings.keys()].filter((k) => k !== FAULTS);
  if (found.scene) {
    const inputs = found.scene.inputs;
    const takes = (inputs?.fields ?? []).map((f) => f.name);
    const unknown = named.filter((k) => !takes.includes(k));
    if (unknown.length > 0) {
      const takesWhat = takes.length > 0 ? `takes only --set ${takes.join(', ')}` : 'takes no settings';
      fail(`${name} ${takesWhat}, so --set ${unknown[0]} cannot be used (any scene takes --set ${FAULTS}=<faults>, the faults its link injects)`);
    }
    if (!inputs || named.length === 0) return found.scene;
    const made = inputs.apply(Object.fromEntries(named.map((k) => [k, settings.get(k)!])));
    if (!made.scene) fail(`${name}: ${made.notices.join(' ')}`);
    for (const notice of made.notices) io.err(`notice: ${notice}\n`);
    return made.scene;
  }
  const { buildable } = found;
  const unknown = named.filter((k) => !buildable.settings.includes(k));
  if (unknown.length > 0) fail(`${unknown.map((k) => `"${k}"`).join(', ')} ${unknown.length === 1 ? 'is not a setting' : 'are not settings'} of ${name}. Its settings: ${buildable.settings.join(', ')}, and ${FAULTS} (the faults its link injects)`);
  const query = new URLSearchParams(named.map((k) => [k, settings.get(k)!]));
  const built = found.chapter.build?.(buildable.id, query, loadedScenes());
  if (!built?.scene) fail(`${name} could not be built: ${built?.notices.join(' ') || 'its chapter builds no such scene.'} Its settings: ${buildable.settings.join(', ')}`);
  // What the link's parser corrected (a value clamped, a default used): said, and the run goes on.
  for (const notice of built.notices) io.err(`notice: ${notice}\n`);
  return built.scene;
}

/**
 * The command: `argv` as after `npm run trace --`.
 * @example await trace(['nats/happy-path', '--step', '1'], io) // the step's trace as sentences, then storage
 */
export async function trace(argv: string[], io: Io): Promise<void> {
  const loaded: Chapter[] = await loadAllChapters();
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        step: { type: 'string' },
        seed: { type: 'string' },
        set: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`${TRACE_USAGE}\n`);
    return;
  }
  if (values.list) {
    const ids = loaded.flatMap((c) => [...c.scenes.map((s) => `${c.id}/${s.id}`), ...(c.buildable ?? []).map((b) => `${c.id}/${b.id}`)]);
    const width = Math.max(24, ...ids.map((x) => x.length + 1));
    const steps = (n: number) => `${n} ${n === 1 ? 'step' : 'steps'}`;
    for (const c of loaded) {
      for (const s of c.scenes) {
        const inputs = s.inputs ? `; --set ${s.inputs.fields.map((f) => f.name).join(', ')}` : '';
        io.out(`${`${c.id}/${s.id}`.padEnd(width)} ${s.title} (${steps(s.steps.length)}${inputs})\n`);
      }
      for (const b of c.buildable ?? []) io.out(`${`${c.id}/${b.id}`.padEnd(width)} ${b.title} (built from --set ${b.settings.join(', ')})\n`);
    }
    return;
  }
  const [id, ...extra] = positionals;
  if (!id) fail('which scene? (--list shows them)');
  if (extra.length > 0) fail(`unexpected argument: ${extra.join(' ')}`);
  const found = findScene(loaded, id);
  const settings = readSettings(values.set ?? []);
  const scene = sceneFor(found, settings, io);
  const label = `${scene.chapter}/${scene.id}`;
  const faultsText = settings.get(FAULTS);
  const faults = faultsText === undefined ? [] : decodeFaults(faultsText, scene);
  if (!faults) fail(`--set ${FAULTS}=… does not hold faults ${label} can take (each names one of its steps and one of its listeners, as its links write them)`);
  const last = scene.steps.length - 1;
  const step = whole('step', values.step) ?? last;
  if (step > last) fail(`scene "${label}" has steps 0 to ${last}; --step ${step} is out of range`);
  const seed = whole('seed', values.seed);
  // --json prints the machines' own state too, so that run is on the XState world (the same trace as the fast host's).
  const r = runScene(scene, step, { ...(seed === undefined ? {} : { seed }), faults, ...(values.json ? { host: xstateHost } : {}) });
  if (values.json) {
    const storage = Object.fromEntries(Object.entries(r.storage).map(([u, row]) => [u, { balance: row.balance, lastNumber: row.lastNumber }]));
    io.out(`${JSON.stringify({ scene: scene.id, chapter: scene.chapter, step: r.step, seed: r.seed, trace: r.trace, storage, state: worldState(r.world) })}\n`);
    return;
  }
  io.out(`${scene.title} — step ${r.step} of ${last} (${scene.steps[r.step]!.name}), seed ${r.seed}\n\n`);
  for (const line of narrateTrace(r.trace, 0, r.trace.length)) io.out(`  ${line.text}\n`);
  io.out('\nstorage:\n');
  for (const [user, row] of Object.entries(r.storage)) {
    const want = scene.expected[user];
    const verdict = r.step === last && want !== undefined ? (row.balance === want ? '  (as expected)' : `  (expected ${money(want)})`) : '';
    io.out(`  ${user.padEnd(8)} ${money(row.balance)}${verdict}\n`);
  }
}
