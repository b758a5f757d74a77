/**
 * The trace CLI as a user runs it: through npm's script, with real exit codes; the many kinds of
 * bad input through the same command in-process (`captured`), which gives what the process would.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { captured } from '../../src/cli/args.ts';
import { TRACE_USAGE, trace } from '../../src/cli/traceCommand.ts';
import { runRandomSchedules } from '../../src/chapters/nats/chaos.ts';
import { ordering } from '../../src/chapters/nats/scenario.ts';

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/trace.ts', ...args], { encoding: 'utf8' });
const json = (...args: string[]) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/trace.ts', ...args, '--json'], { encoding: 'utf8' }));

describe('npm run trace', () => {
  it('--list names every scene of every loaded chapter as <chapter>/<scene>, with its title', () => {
    const r = run('--list');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^nats\/happy-path\s+The happy path/m);
    expect(r.stdout).toMatch(/^nats\/storage-fails /m);
    expect(r.stdout).toMatch(/^nats\/slow-listener /m);
    // The scenes the chapter builds from settings, with the settings they take.
    expect(r.stdout).toMatch(/^nats\/sandbox\s+Sandbox \(built from --set v, from, design, listeners/m);
    expect(r.stdout).toMatch(/^nats\/chaos-replay\s+.*--set s\)/m);
  });

  it('--json prints one object with scene, chapter, step, seed, trace, storage and state', () => {
    const j = json('storage-fails', '--seed', '7');
    expect(Object.keys(j).sort()).toEqual(['chapter', 'scene', 'seed', 'state', 'step', 'storage', 'trace']);
    expect(j).toMatchObject({ scene: 'storage-fails', chapter: 'nats', step: 5, seed: 7, storage: { Jim: { balance: 110 } } });
    expect(j.trace.some((e: { kind: string }) => e.kind === 'reject')).toBe(true);
  });

  it('state: every actor of the world, by name, with its state value and context, as JSON holds them', () => {
    const j = json('nats/happy-path');
    expect(Object.keys(j.state)).toEqual(expect.arrayContaining(['publisher', 'server', 'storage', 'listener:A', 'listener:B']));
    for (const actor of Object.values(j.state)) expect(Object.keys(actor as object).sort()).toEqual(['context', 'value']);
    expect(j.state.storage).toMatchObject({ context: { accounts: { Jim: { balance: j.storage.Jim.balance } } } });
    expect(j.state['listener:A']).toMatchObject({ context: { id: 'A', phase: 'idle' } });
    expect(Object.keys(j.state).some((name) => name.startsWith('sub:'))).toBe(true);
  });

  it("state: every actor of a world of another family (http) too, each with its state and context (what JSON cannot hold is written in words: cli-snapshot.test.ts)", () => {
    const j = json('nats/sync-http');
    expect(Object.keys(j.state).sort()).toEqual(['lb', 'service:A', 'service:B', 'storage', 'web']);
    for (const a of Object.values(j.state) as { value: unknown; context: unknown }[]) expect(a).toEqual({ value: expect.anything(), context: expect.any(Object) });
    expect(j.storage).toEqual({ Jim: { balance: 110, lastNumber: 0 } });
  });

  it.each([['happy-path'], ['nats/happy-path']])('%s: a bare id and a chapter-prefixed one are the same scene', (id) => {
    const j = json(id, '--step', '2');
    expect(j).toMatchObject({ scene: 'happy-path', chapter: 'nats', step: 2 });
  });

  it('--step picks a step and the text output reads as sentences', () => {
    const r = run('nats/happy-path', '--step', '1');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('the server delivers deposit $70 to listener A');
    expect(r.stdout).toMatch(/Jim\s+\$70/);
  });

  it('--set takes the sandbox’s settings by their link names', () => {
    const j = json('nats/sandbox', '--set', 'design=per-user-number', '--set', 'listeners=3', '--set', 'events=2');
    expect(j).toMatchObject({ scene: 'sandbox', chapter: 'nats' });
    expect(Object.keys(j.state).filter((n) => n.startsWith('listener:'))).toEqual(['listener:A', 'listener:B', 'listener:C']);
    expect(j.state.storage.context.design).toBe('per-user-number');
    expect(j.trace.filter((e: { kind: string }) => e.kind === 'publish')).toHaveLength(2);
  });

  it('--set with a value the sandbox corrects: the sentence on stderr as a notice, and the run goes on', () => {
    const r = run('nats/sandbox', '--set', 'listeners=9', '--set', 'design=nope', '--step', '0');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^notice: Listeners 9 is more than 3 \(.*\), so it is 3\.$/m);
    expect(r.stderr).toMatch(/^notice: There is no design called “nope”/m);
    expect(r.stderr).not.toContain('usage:');
    expect(r.stdout).toMatch(/^Sandbox — step 0/);
  });

  it('--set s=… replays a chaos schedule, to the end the explorer judged', () => {
    const [bad] = runRandomSchedules({ seed: 7, count: 10, design: 'naive' }).examples;
    const j = json('nats/chaos-replay', '--set', `s=${ordering.encode(bad!)}`);
    expect(j.scene).toBe('chaos-replay');
    expect(String(j.storage.Jim.balance)).toBe(ordering.judge(bad!).bucket);
  });

  it('bad input, as a process: one line and the usage on stderr, nothing on stdout, exit code 2', () => {
    const r = run('nats/nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^no scene "nats\/nope"\. Scenes of nats: .*\nusage: npm run trace -- <chapter>\/<scene>/);
    expect(r.stdout).toBe('');
  });

  it.each<[string[], RegExp]>([
    [['nope'], /no scene "nope"/],
    [['nats/nope'], /no scene "nats\/nope"\. Scenes of nats: happy-path/],
    [['zz/happy-path'], /no chapter "zz"\. Chapters: nats, future/],
    [['sync-async/anything'], /chapter "sync-async" .* is coming soon/],
    [['future/anything'], /no scene "future\/anything"\. Scenes of future: time-rule, /],
    [['happy-path', '--step', '9'], /steps 0 to 4/],
    [['happy-path', '--step', 'x'], /whole number/],
    [[], /which scene/],
    [['happy-path', '--bogus'], /Unknown option/],
    [['happy-path', '--set', 'design=naive'], /nats\/happy-path takes no settings, so --set design cannot be used/],
    [['happy-path', '--set', 'f=not-faults'], /does not hold faults nats\/happy-path can take/],
    [['nats/sandbox', '--set', 'listners=2'], /"listners" is not a setting of nats\/sandbox\. Its settings: v, from, design/],
    [['nats/sandbox', '--set', 'listeners'], /--set takes name=value, got "listeners"/],
    [['nats/chaos-replay'], /nats\/chaos-replay could not be built: This chaos replay link does not hold a schedule/],
  ])('%j fails with a clear message and exit 2', async (args, message) => {
    const r = await captured(trace, TRACE_USAGE, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage:');
  });
});
