/**
 * What a chapter's sandbox offers the deck, behind one interface: settings read from and written
 * to a link in plain words (every value checked, with a sentence for each one corrected), a scene
 * built from them (fresh, or a scene's story continued from a step), and the settings form's
 * fields. The deck's sandbox, its settings dialog, the speaker window and the side-by-side view
 * read only this.
 */
import type { Scene } from './types.ts';

/** Where a fork started: a scene of the chapter and one of its steps. */
export interface ForkOrigin {
  sceneId: string;
  step: number;
}

/** The settings form, as fields named by their names in the link. */
export interface SandboxForm {
  /** Choices from a list (a design). */
  choices: readonly { url: string; label: string; testid: string; options: readonly { value: string; label: string }[] }[];
  /** On/off switches, written 'on' and 'off'. */
  switches: readonly { url: string; label: string }[];
  /** Numbers with bounds; `seconds` fields are shown and written in seconds. */
  numbers: readonly { url: string; label: string; min: number; max: number; seconds?: boolean }[];
  /** Why a field cannot be changed now (given the form's values and whether it is a fork), or undefined. */
  locked(url: string, fields: Readonly<Record<string, string>>, forked: boolean): string | undefined;
}

export interface SandboxSupport<P extends { from?: ForkOrigin } = { from?: ForkOrigin }> {
  /** The sandbox's scene id in links: `#/<chapter>/<id>/<step>?…`. */
  id: string;
  defaults: P;
  /** Reads settings from a link's query or the form; never throws: `notices` says what was corrected. */
  parse(query: string | URLSearchParams, scenes: readonly Scene[]): { params: P; notices: string[] };
  /** The settings as a link's query, every value spelled out. */
  format(params: P): string;
  /** The scene the settings make. */
  build(params: P, scenes: readonly Scene[]): Scene;
  /** Whether a scene of the chapter can be carried on in the sandbox. */
  canFork(scene: Scene): boolean;
  /** Why a scene of the chapter cannot be carried on, in a few words for the deck's notice (absent: the deck's own words). */
  whyNotFork?(scene: Scene): string | undefined;
  /** The settings that describe a scene's world as it is at a step (what a fork starts from). */
  fromScene(scene: Scene, step: number): P;
  /** The settings in one sentence. */
  describe(params: P): string;
  form: SandboxForm;
  /** The two designs side by side compares, in a few words for its button (default 'naive and redesign'). */
  compareLabel?: string;
  /** Side by side: the same settings under the chapter's broken design and its fix, each with its label. */
  variants(params: P): { design: string; label: string; params: P }[];
}
