/**
 * The registry of chapters: every chapter of the course in its order, with a loader for the
 * ones that are built. Loading is asynchronous (each chapter is its own chunk); once loaded, a
 * chapter is kept and can be read synchronously, so routing and drawing stay plain functions.
 *
 * @example await loadChapter('nats'); loadedScenes().length // 15
 */
import type { ChaosScenario } from './chaos.ts';
import type { Chapter, ChapterEntry, ChapterId } from './chapter.ts';
import type { Scene } from './types.ts';

export const chapters: readonly ChapterEntry[] = [
  {
    id: 'nats',
    number: 1,
    title: 'Concurrency with NATS Streaming',
    question: 'Why do events that were published in order get applied out of order, and what design fixes it?',
    status: 'ready',
    load: () => import('./nats/index.ts').then((m) => m.chapter),
  },
  {
    id: 'future',
    number: 2,
    title: 'A message from the future',
    question: 'How does a rule that depends on time stay right under concurrency, restarts and long delays?',
    status: 'ready',
    load: () => import('./future/index.ts').then((m) => m.chapter),
  },
  {
    id: 'sync-async',
    number: 3,
    title: 'Sync or async?',
    question: 'When should a service call another directly, and when should it send a message?',
    status: 'soon',
  },
  {
    id: 'styles',
    number: 4,
    title: 'Styles of communication',
    question: 'Request-response, events or shared data: what does each cost when things fail?',
    status: 'soon',
  },
];

const loaded = new Map<ChapterId, Chapter>();

/** The registry entry for an id, or undefined (any string is accepted: it may come from a link). */
export const chapterEntry = (id: string): ChapterEntry | undefined => chapters.find((c) => c.id === id);

/**
 * Loads a chapter's chunk (once) and keeps it. Resolves to undefined for a chapter that is not
 * built yet or does not exist.
 */
export async function loadChapter(id: string): Promise<Chapter | undefined> {
  const entry = chapterEntry(id);
  if (!entry?.load) return undefined;
  const have = loaded.get(entry.id);
  if (have) return have;
  const chapter = await entry.load();
  await chapter.ready;
  loaded.set(entry.id, chapter);
  return chapter;
}

/** Loads every built chapter. */
export async function loadAllChapters(): Promise<Chapter[]> {
  const all = await Promise.all(chapters.filter((c) => c.status === 'ready').map((c) => loadChapter(c.id)));
  return all.filter((c): c is Chapter => c !== undefined);
}

/** A chapter already loaded, or undefined. */
export const loadedChapter = (id: string): Chapter | undefined => loaded.get(id as ChapterId);

/** Every loaded chapter, in course order. */
export const loadedChapters = (): Chapter[] => chapters.flatMap((c) => loaded.get(c.id) ?? []);

/** The scenes of every loaded chapter, in course order. */
export function loadedScenes(): Scene[] {
  return chapters.flatMap((c) => loaded.get(c.id)?.scenes ?? []);
}

/** The chaos scenarios of every loaded chapter, in course order. */
export function loadedScenarios(): ChaosScenario<unknown>[] {
  return chapters.flatMap((c) => loaded.get(c.id)?.chaos ?? []);
}

/**
 * A loaded chapter's chaos scenario by its id, or undefined (any string is accepted: it may come from a command line).
 * @example await loadChapter('nats'); findScenario('nats/ordering')?.broken // 'naive'
 */
export const findScenario = (id: string): ChaosScenario<unknown> | undefined => loadedScenarios().find((s) => s.id === id);
