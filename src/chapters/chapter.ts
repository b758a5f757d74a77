/**
 * What a chapter is, to everything outside it: its scenes, its chaos scenario and its sandbox,
 * behind one interface. The deck, the CLIs and the tests reach a chapter only through the
 * registry (index.ts) and this shape, never by importing a chapter's files by name, so each
 * chapter is its own lazy chunk.
 */
import type { ChaosScenario } from './chaos.ts';
import type { TraceEvent as NatsTraceEvent } from '../actors/nats/types.ts';
import type { Scene } from './types.ts';
import type { SandboxSupport } from './sandbox.ts';

/** The four chapters, as their links name them: `#/<chapter>/<scene>/<step>`. */
export const CHAPTER_IDS = ['nats', 'future', 'sync-async', 'styles'] as const;
export type ChapterId = (typeof CHAPTER_IDS)[number];

/** A chapter's entry in the registry: enough to list it, and how to load the rest. */
export interface ChapterEntry {
  id: ChapterId;
  /** 1, 2, 3, 4: its place in the course. */
  number: number;
  title: string;
  /** The question the chapter answers, in one line. */
  question: string;
  /** 'soon': planned but not built; listed as coming soon, never a dead link. */
  status: 'ready' | 'soon';
  /** Loads the chapter's chunk (absent while it is coming soon). */
  load?: () => Promise<Chapter>;
}

/** A loaded chapter. */
export interface Chapter {
  id: ChapterId;
  /** Its scenes in the order a presenter gives them. */
  scenes: Scene[];
  /**
   * Scenes built from data rather than written out (a chaos replay, the sandbox): given the
   * scene id and the link's query, the scene, or a sentence saying why not. Absent: none.
   */
  build?: (sceneId: string, query: URLSearchParams, scenes: readonly Scene[]) => BuiltScene | undefined;
  /** The scenes `build` makes, with the names each reads from its link's query. Absent: none. */
  buildable?: readonly BuildableScene[];
  /**
   * The chapter's chaos scenario: random fault schedules, judged, in words, in links and as a
   * replay (chaos.ts). Absent: the chapter has none. Its schedules are the chapter's own type:
   * whoever reads them only passes them back to the same scenario.
   */
  chaos?: ChaosScenario<any>;
  /** The chapter's sandbox: settings in links, the scenes they make, forks and the form (sandbox.ts). Absent: none. */
  sandbox?: SandboxSupport<any>;
  /** The course around the scenes: how the landing groups them and what the closing recap says. Absent: a plain list, no recap. */
  course?: ChapterCourse;
  /**
   * What the chapter still loads before its scenes can run: its families of actors, each a chunk
   * of its own (src/chapters/future/families.ts). The registry waits for it before it hands the
   * chapter out. Absent: nothing.
   */
  ready?: Promise<void>;
  /**
   * For measuring, not for the audience (the bench's stress page, `?stress=500&messages=10000`):
   * a scene of `n` messages, and a trace of such a scene with a steady stream of messages in
   * flight. Chapter 1's: src/chapters/nats/flood.ts and stressTrace.ts.
   */
  measuring?: {
    scene(n: number, opts?: { steps?: number; processMs?: number }): Scene;
    stream(opts: { messages: number; inFlight: number; windowMs: number; processMs: number }): { trace: NatsTraceEvent[]; from: number };
  };
}

/** Where a scene stands in a chapter's story: the problem, the fixes that fail, the redesign, what it builds on. */
export type Act = 'problem' | 'non-solution' | 'redesign' | 'features';

/** A chapter's story around its scenes: the landing's scene map and the recap after its last step. */
export interface ChapterCourse {
  /** Each act in story order, with its scenes' ids in deck order; every scene of the chapter is in exactly one. A kind of act may come back (a second redesign after what it builds on). */
  acts: readonly { act: Act; title: string; scenes: readonly string[] }[];
  recap: Recap;
}

/** The closing recap: what the chapter showed, the designs that fail and why, and the one that holds. */
export interface Recap {
  /** Two or three sentences. */
  showed: string;
  /** Each design that fails, why, and the scene that shows it. */
  fails: readonly { design: string; why: string; scene: string }[];
  /** The design that holds, why, and the scene that shows it. */
  holds: { design: string; why: string; scene: string };
}

/** A scene a chapter builds from a link: what lists show of it, and the settings its link takes. */
export interface BuildableScene {
  /** 'sandbox' */
  id: string;
  title: string;
  /** One line for lists and the CLI. */
  summary: string;
  /** The names its link's query may hold ('design', 'listeners'…; a replay's 's'), besides `f`, the injected faults. */
  settings: readonly string[];
}

/** A scene built from a link: the scene, or why the link could not be used (with a fallback). */
export interface BuiltScene {
  scene?: Scene;
  /** The link's query as this version writes it, every value spelled out (the address bar is rewritten to it). */
  query?: string;
  /** Sentences for the on-screen notice. */
  notices: string[];
}
