/**
 * The course around the deck, as tables: which hashes name the landing and a recap, where a
 * chapter ends, what the landing offers to continue to, the saved last place, and chapter 1's
 * scene map (every scene in exactly one act, in deck order) and recap (its links name real scenes).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { chapterEntry, loadChapter } from '../../src/chapters/index.ts';
import type { Chapter } from '../../src/chapters/chapter.ts';
import { LAST_PLACE_KEY, chapterEndAt, continuation, loadLastPlace, nextChapterStart, parseLastPlace, saveLastPlace, serializeLastPlace } from '../../src/deck/course.ts';
import { formatScreen, parseHash, parseScreen, type SceneRef } from '../../src/deck/route.ts';

const scenes: SceneRef[] = [
  { id: 'happy-path', chapter: 'nats', title: 'The happy path', steps: [{ name: 's1' }, { name: 's2' }, { name: 's3' }, { name: 's4' }, { name: 's5' }] },
  { id: 'duplicate', chapter: 'nats', title: 'The same event twice', steps: [{ name: 's1' }, { name: 's2' }, { name: 's3' }, { name: 's4' }] },
  { id: 'broker-features', chapter: 'nats', title: 'What the broker gives us', steps: [{ name: 's1' }, { name: 's2' }, { name: 's3' }, { name: 's4' }] },
  { id: 'clock', chapter: 'future', title: 'A clock', steps: [{ name: 's1' }, { name: 's2' }] },
];

describe('parseScreen', () => {
  it.each([
    { args: '', expected: { kind: 'landing' } },
    { args: '#', expected: { kind: 'landing' } },
    { args: '#/', expected: { kind: 'landing' } },
    { args: '#//', expected: { kind: 'landing' } },
    { args: '#/?f=W1sw', expected: undefined },
    { args: '#/nats/recap', expected: { kind: 'recap', chapter: 'nats' } },
    { args: '#/nats/recap/', expected: { kind: 'recap', chapter: 'nats' } },
    { args: '#/NATS/Recap', expected: { kind: 'recap', chapter: 'nats' } },
    // Not screens: steps of scenes, a recap of a chapter that has none, anything longer.
    { args: '#/nats/happy-path/0', expected: undefined },
    { args: '#/nats', expected: undefined },
    { args: '#/recap', expected: undefined },
    { args: '#/future/recap', expected: undefined },
    { args: '#/nats/recap/2', expected: undefined },
    { args: '#/nats/recap-ish', expected: undefined },
  ])('$args', ({ args, expected }) => {
    expect(parseScreen(args, ['nats'])).toEqual(expected);
  });

  it('round-trips with formatScreen', () => {
    expect(formatScreen({ kind: 'landing' })).toBe('#/');
    expect(formatScreen({ kind: 'recap', chapter: 'nats' })).toBe('#/nats/recap');
    for (const s of [{ kind: 'landing' }, { kind: 'recap', chapter: 'nats' }] as const) expect(parseScreen(formatScreen(s), ['nats'])).toEqual(s);
  });

  it('leaves every hash it does not claim to parseHash, which still reads the empty hash as the first step', () => {
    expect(parseHash('#/', scenes)).toEqual({ place: { sceneId: 'happy-path', step: 0 } });
  });
});

describe('chapterEndAt and nextChapterStart', () => {
  it.each([
    { place: { sceneId: 'broker-features', step: 3 }, expected: 'nats' },
    { place: { sceneId: 'broker-features', step: 2 }, expected: undefined },
    { place: { sceneId: 'duplicate', step: 3 }, expected: undefined },
    { place: { sceneId: 'clock', step: 1 }, expected: 'future' },
    { place: { sceneId: 'sandbox', step: 0 }, expected: undefined },
  ])('$place.sceneId/$place.step → $expected', ({ place, expected }) => {
    expect(chapterEndAt(scenes, place)).toBe(expected);
  });

  it('finds the first step of the next chapter, or nothing after the last', () => {
    expect(nextChapterStart(scenes, 'nats')).toEqual({ sceneId: 'clock', step: 0 });
    expect(nextChapterStart(scenes, 'future')).toBeUndefined();
    expect(nextChapterStart(scenes, 'styles')).toBeUndefined();
  });
});

describe('the last place', () => {
  it.each([
    { args: null, expected: undefined },
    { args: '', expected: undefined },
    { args: '{oops', expected: undefined },
    { args: '"#/nats/duplicate/2"', expected: undefined },
    { args: '{"hash":42}', expected: undefined },
    { args: '{"hash":"javascript:alert(1)"}', expected: undefined },
    { args: `{"hash":"#/${'x'.repeat(300)}"}`, expected: undefined },
    { args: '{"hash":"#/nats/duplicate/2"}', expected: '#/nats/duplicate/2' },
    { args: serializeLastPlace('#/nats/recap'), expected: '#/nats/recap' },
  ])('$args', ({ args, expected }) => {
    expect(parseLastPlace(args)).toBe(expected);
  });

  it('is saved under its own key and read back; blocked storage is quiet', () => {
    const map = new Map<string, string>();
    const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
    saveLastPlace('#/nats/duplicate/2', storage);
    expect([...map.keys()]).toEqual([LAST_PLACE_KEY]);
    expect(loadLastPlace(storage)).toBe('#/nats/duplicate/2');
    const blocked = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    expect(() => saveLastPlace('#/nats/duplicate/2', blocked)).not.toThrow();
    expect(loadLastPlace(blocked)).toBeUndefined();
  });
});

describe('continuation', () => {
  const name = (id: string) => `chapter ${chapterEntry(id)?.number}`;
  it.each([
    // A saved number (an old link) is continued at the step's name.
    // Scenes are counted within their chapter, and the chapter is named once there is more than one.
    { saved: '#/nats/duplicate/2', expected: { hash: '#/nats/duplicate/s3', label: 'Chapter 1 · Scene 2 of 3 · The same event twice, step 3 of 4' } },
    { saved: '#/nats/broker-features/s4', expected: { hash: '#/nats/broker-features/s4', label: 'Chapter 1 · Scene 3 of 3 · What the broker gives us, step 4 of 4' } },
    { saved: '#/future/clock/s2', expected: { hash: '#/future/clock/s2', label: 'Chapter 2 · Scene 1 of 1 · A clock, step 2 of 2' } },
    { saved: '#/nats/recap', expected: { hash: '#/nats/recap', label: 'the recap of chapter 1' } },
    // Nothing worth continuing to: nothing saved, the start itself, the landing, a link that no longer lands where it did.
    { saved: undefined, expected: undefined },
    { saved: '#/nats/happy-path/0', expected: undefined },
    { saved: '#/', expected: undefined },
    { saved: '#/nats/gone-scene/2', expected: undefined },
    { saved: '#/nats/duplicate/99', expected: undefined },
  ])('$saved', ({ saved, expected }) => {
    expect(continuation(saved, scenes, ['nats'], name)).toEqual(expected);
  });
});

describe("chapter 1's course", () => {
  let nats: Chapter;
  beforeAll(async () => {
    nats = (await loadChapter('nats'))!;
  });

  it('puts every scene in exactly one act, the acts in story order and the scenes in deck order', () => {
    const course = nats.course!;
    expect(course.acts.map((a) => a.act)).toEqual(['problem', 'non-solution', 'redesign', 'features']);
    expect(course.acts.flatMap((a) => a.scenes)).toEqual(nats.scenes.map((s) => s.id));
    expect(nats.scenes).toHaveLength(15);
  });

  it('recaps with links to real scenes: the designs that fail, then the one that holds', () => {
    const ids = new Set(nats.scenes.map((s) => s.id));
    const { recap } = nats.course!;
    expect(recap.fails.length).toBeGreaterThanOrEqual(3);
    for (const f of [...recap.fails, recap.holds]) {
      expect(ids.has(f.scene), f.scene).toBe(true);
      expect(f.why).toMatch(/^[A-Z].*\.$/);
    }
    // Each failing design is shown by a scene of the fixes that don't hold; the one that holds, by the redesign.
    const act = (id: string) => nats.course!.acts.find((a) => a.scenes.includes(id))!.act;
    expect(new Set(recap.fails.map((f) => act(f.scene)))).toEqual(new Set(['non-solution']));
    expect(act(recap.holds.scene)).toBe('redesign');
  });
});

describe("chapter 2's course", () => {
  let future: Chapter;
  beforeAll(async () => {
    future = (await loadChapter('future'))!;
  });

  it('puts every one of its 12 scenes in exactly one act, in deck order, the saga after how brokers deliver later', () => {
    const course = future.course!;
    expect(course.acts.flatMap((a) => a.scenes)).toEqual(future.scenes.map((s) => s.id));
    expect(future.scenes).toHaveLength(12);
    expect(course.acts.map((a) => a.act)).toEqual(['problem', 'non-solution', 'redesign', 'features', 'redesign']);
  });

  it('recaps with links to its own scenes: the failing designs from the fixes that do not hold, the one that holds from a redesign', () => {
    const ids = new Set(future.scenes.map((s) => s.id));
    const { recap } = future.course!;
    const act = (id: string) => future.course!.acts.find((a) => a.scenes.includes(id))!.act;
    for (const f of [...recap.fails, recap.holds]) {
      expect(ids.has(f.scene), f.scene).toBe(true);
      expect(f.why).toMatch(/^[A-Z].*\.$/);
    }
    expect(new Set(recap.fails.map((f) => act(f.scene)))).toEqual(new Set(['non-solution']));
    expect(act(recap.holds.scene)).toBe('redesign');
  });
});
