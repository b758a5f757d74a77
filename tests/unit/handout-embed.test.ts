/**
 * The handout (?print) and the embed (?embed): parsing their query, choosing what they show from
 * it (a bad scene or step gets a notice and a safe fallback), the picture a step ends on, and the
 * state table printed under it.
 */
import { describe, expect, it } from 'vitest';
import { stepFrames } from '../../src/deck/frames.ts';
import { embedPlace, printSelection } from '../../src/deck/pick.ts';
import { parseQuery } from '../../src/deck/query.ts';
import { stateTable } from '../../src/deck/stateTable.ts';
import { scenes, findScene } from '../../src/chapters/nats/scenes.ts';

const pick = <K extends string>(o: object, keys: readonly K[]) => Object.fromEntries(Object.entries(o).filter(([k]) => (keys as readonly string[]).includes(k)));
const KEYS = ['print', 'embed', 'scene', 'step', 'seed'] as const;

describe('parseQuery: ?print and ?embed', () => {
  it.each([
    { args: '?print', expected: { print: true } },
    { args: '?print=1', expected: { print: true } },
    { args: '?print=', expected: { print: true } },
    { args: '?print=0', expected: {} },
    { args: '?print=false', expected: {} },
    { args: '?print=OFF', expected: {} },
    { args: '?print&scene=happy-path', expected: { print: true, scene: 'happy-path' } },
    { args: '?print&scene=%20happy-path%20', expected: { print: true, scene: 'happy-path' } },
    { args: '?print&scene=', expected: { print: true } },
    { args: '?print&scene=%20%20', expected: { print: true } },
    { args: '?print&scene=%3Cscript%3E', expected: { print: true, scene: '<script>' } },
    { args: '?embed&scene=slow-listener&step=2', expected: { embed: true, scene: 'slow-listener', step: '2' } },
    { args: '?embed&step=-4', expected: { embed: true, step: '-4' } },
    { args: '?embed&step=two', expected: { embed: true, step: 'two' } },
    { args: '?embed&step=', expected: { embed: true } },
    { args: '?embed&scene=a&scene=b', expected: { embed: true, scene: 'a' } },
    { args: '?embed&seed=7', expected: { embed: true, seed: 7 } },
    { args: '?embed=no&scene=x', expected: { scene: 'x' } },
    { args: 'print&embed', expected: { print: true, embed: true } },
    { args: '?%E0%A4%A', expected: {} },
  ])('$args', ({ args, expected }) => {
    expect(pick(parseQuery(args), KEYS)).toEqual(expected);
  });
});

describe('printSelection', () => {
  const all = scenes.map((s) => s.id);
  it.each([
    { args: undefined, expected: { ids: all, notice: false } },
    { args: 'happy-path', expected: { ids: ['happy-path'], notice: false } },
    { args: 'Slow-Listener', expected: { ids: ['slow-listener'], notice: false } },
    { args: 'nope', expected: { ids: all, notice: true } },
    { args: '../happy-path', expected: { ids: all, notice: true } },
    { args: 'x'.repeat(500), expected: { ids: all, notice: true } },
  ])('$args', ({ args, expected }) => {
    const before = scenes.map((s) => s.id);
    const got = printSelection(scenes, args);
    expect(got.scenes.map((s) => s.id)).toEqual(expected.ids);
    expect(got.notice !== undefined).toBe(expected.notice);
    if (got.notice) expect(got.notice.length).toBeLessThan(140);
    expect(scenes.map((s) => s.id)).toEqual(before);
  });

  it('says what it did with a bad id', () => {
    expect(printSelection(scenes, 'nope').notice).toBe('There is no scene called “nope”, so this handout has the whole deck.');
  });
});

describe('embedPlace', () => {
  it.each([
    { args: { query: {}, hash: '' }, expected: { place: { sceneId: 'happy-path', step: 0 }, notice: false } },
    { args: { query: { scene: 'slow-listener', step: '2' }, hash: '' }, expected: { place: { sceneId: 'slow-listener', step: 2 }, notice: false } },
    { args: { query: { scene: 'slow-listener' }, hash: '' }, expected: { place: { sceneId: 'slow-listener', step: 0 }, notice: false } },
    // A step by its name, in the query or in the hash; a name no step has is the scene's start, with a notice.
    { args: { query: { scene: 'slow-listener', step: 'b-races-ahead' }, hash: '' }, expected: { place: { sceneId: 'slow-listener', step: 3 }, notice: false } },
    { args: { query: {}, hash: '#/nats/duplicate/redelivered' }, expected: { place: { sceneId: 'duplicate', step: 2 }, notice: false } },
    { args: { query: { step: 'twice' }, hash: '#/nats/duplicate/redelivered' }, expected: { place: { sceneId: 'duplicate', step: 3 }, notice: false } },
    { args: { query: { scene: 'duplicate', step: 'no-such-step' }, hash: '' }, expected: { place: { sceneId: 'duplicate', step: 0 }, notice: true } },
    { args: { query: {}, hash: '#/nats/duplicate/3' }, expected: { place: { sceneId: 'duplicate', step: 3 }, notice: false } },
    { args: { query: { step: '1' }, hash: '#/nats/duplicate/3' }, expected: { place: { sceneId: 'duplicate', step: 1 }, notice: false } },
    { args: { query: { scene: 'redesign', step: '1' }, hash: '#/nats/duplicate/3' }, expected: { place: { sceneId: 'redesign', step: 1 }, notice: false } },
    { args: { query: { scene: 'nope', step: '2' }, hash: '' }, expected: { place: { sceneId: 'happy-path', step: 0 }, notice: true } },
    { args: { query: { scene: 'slow-listener', step: '99' }, hash: '' }, expected: { place: { sceneId: 'slow-listener', step: 4 }, notice: true } },
    { args: { query: { scene: 'slow-listener', step: '-1' }, hash: '' }, expected: { place: { sceneId: 'slow-listener', step: 0 }, notice: true } },
    { args: { query: { scene: 'slow-listener', step: 'two' }, hash: '' }, expected: { place: { sceneId: 'slow-listener', step: 0 }, notice: true } },
    { args: { query: { scene: 'slow-listener', step: '2/3' }, hash: '' }, expected: { place: { sceneId: 'slow-listener', step: 0 }, notice: true } },
    { args: { query: { scene: 'a/b' }, hash: '' }, expected: { place: { sceneId: 'happy-path', step: 0 }, notice: true } },
    { args: { query: {}, hash: '#/nats/chaos-replay/0?s=zz' }, expected: { place: { sceneId: 'happy-path', step: 0 }, notice: true } },
  ])('$args', ({ args, expected }) => {
    const got = embedPlace(scenes, args.query, args.hash);
    expect(got.place).toEqual(expected.place);
    expect(got.notice !== undefined).toBe(expected.notice);
  });

  it('names the bad scene in its notice', () => {
    expect(embedPlace(scenes, { scene: 'nope' }, '').notice).toBe('There is no scene called “nope”, so here is the start of “The happy path”.');
  });
});

describe('stepFrames', () => {
  const happy = findScene('happy-path')!;

  it('ends the last step with the balance check, and earlier steps without it', () => {
    const end = stepFrames(happy, happy.steps.length - 1).at(1);
    expect(end.verdicts).toEqual([{ user: 'Jim', expected: 10, actual: 10, refused: 0, ok: true }]);
    expect(stepFrames(happy, 1).at(1).verdicts).toBeUndefined();
    expect(stepFrames(happy, happy.steps.length - 1).at(0.5).verdicts).toBeUndefined();
  });

  it('has every hop landed at the end of a step and the clock never behind where the last step left it', () => {
    for (let k = 0; k < happy.steps.length; k++) {
      const frames = stepFrames(happy, k);
      expect(frames.at(1).tokens).toEqual([]);
      expect(frames.at(0).t).toBeGreaterThanOrEqual(frames.result.t0);
      expect(frames.at(1).t).toBe(frames.timeline.t1);
    }
  });

  it('takes a seed, as the deck does', () => {
    expect(stepFrames(happy, 0, { seed: 5 }).result.seed).toBe(5);
  });
});

describe('stateTable', () => {
  it.each([
    {
      args: ['happy-path', 4],
      expected: {
        users: [{ user: 'Jim', balance: '$10' }],
        listeners: [
          { name: 'Account Srv A', state: 'idle', unacked: [] },
          { name: 'Account Srv B', state: 'idle', unacked: [] },
        ],
        sequences: [],
      },
    },
    {
      args: ['slow-listener', 2],
      expected: {
        users: [{ user: 'Jim', balance: '$0' }],
        listeners: [
          { name: 'Account Srv A', state: 'processing deposit $70 (slow)', unacked: ['deposit $70'] },
          { name: 'Account Srv B', state: 'processing deposit $40', unacked: ['deposit $40', 'withdraw $100'] },
        ],
        sequences: [],
      },
    },
  ] as const)('$args', ({ args, expected }) => {
    const view = stepFrames(findScene(args[0])!, args[1]).at(1);
    const copy = structuredClone(view);
    expect(stateTable(view)).toEqual(expected);
    expect(view).toEqual(copy);
  });

  it('has a last-number column exactly in the scenes whose design numbers each user’s events', () => {
    for (const scene of scenes.filter((s) => !s.panel)) {
      const table = stateTable(stepFrames(scene, scene.steps.length - 1).at(1));
      const numbered = scene.world.design === 'per-user-number' || scene.world.design === 'publisher-last-seq';
      expect(table.lastNumber !== undefined, scene.id).toBe(numbered && !scene.stage);
      expect(table.users.every((u) => (u.lastNumber !== undefined) === (table.lastNumber !== undefined)), scene.id).toBe(true);
    }
    expect(scenes.some((s) => s.world.design === 'per-user-number')).toBe(true);
  });

  it('names the redelivery attempt, the users of a shared scene and the last numbers', () => {
    const dead = stateTable(stepFrames(findScene('dead-listener')!, 2).at(1));
    expect(dead.listeners.find((l) => l.name === 'Account Srv A')?.state).toBe('crashed');
    expect(dead.listeners.flatMap((l) => l.unacked)).toContain('deposit $70, attempt 2');
    const redesign = findScene('redesign')!;
    const end = stateTable(stepFrames(redesign, redesign.steps.length - 1).at(1));
    expect(end.lastNumber).toBe('Last ID processed');
    expect(end.users.every((u) => /^\d+$/.test(u.lastNumber ?? ''))).toBe(true);
    const shared = findScene('shared-sequence')!;
    expect(stateTable(stepFrames(shared, shared.steps.length - 1).at(1)).sequences.length).toBeGreaterThan(0);
  });
});
