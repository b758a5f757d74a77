/** The trace CLI as a user runs it: through npm's script, with real exit codes. */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/trace.ts', ...args], { encoding: 'utf8' });

describe('npm run trace', () => {
  it('--list names every scene with its title', () => {
    const r = run('--list');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/happy-path\s+The happy path/);
    expect(r.stdout).toMatch(/storage-fails/);
    expect(r.stdout).toMatch(/slow-listener/);
  });

  it('--json prints one object with scene, step, seed, trace and storage', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/trace.ts', 'storage-fails', '--json', '--seed', '7'], { encoding: 'utf8' });
    const j = JSON.parse(out);
    expect(Object.keys(j).sort()).toEqual(['scene', 'seed', 'step', 'storage', 'trace']);
    expect(j).toMatchObject({ scene: 'storage-fails', step: 5, seed: 7, storage: { Jim: { balance: 110 } } });
    expect(j.trace.some((e: { kind: string }) => e.kind === 'reject')).toBe(true);
  });

  it('--step picks a step and the text output reads as sentences', () => {
    const r = run('happy-path', '--step', '1');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('the server delivers deposit $70 to listener A');
    expect(r.stdout).toMatch(/Jim\s+\$70/);
  });

  it.each([
    [['nope'], /no scene "nope"/],
    [['happy-path', '--step', '9'], /steps 0 to 4/],
    [['happy-path', '--step', 'x'], /whole number/],
    [[], /which scene/],
    [['happy-path', '--bogus'], /Unknown option/],
  ])('%j fails with a clear message and exit 2', (args, message) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage:');
  });
});
