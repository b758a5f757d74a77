/**
 * Keeps the audience window and the speaker window together over a BroadcastChannel (same
 * origin, works from a static build and offline). Either window may move: each announces its
 * place, playback and any scene built from a link it shows (a replay, the sandbox); the other follows. Messages are validated, so
 * a stray or malformed one is ignored rather than trusted.
 */

/** The channel name: one deck per origin and path, so two decks on one host stay apart. */
export const channelName = (path: string): string => `out-of-order:${path}`;

export interface DeckState {
  sceneId: string;
  step: number;
  /** When the place is a scene its chapter built from a link (a chaos replay, the sandbox): that chapter… */
  chapter?: string;
  /** …and the link's query that builds it (`s=…`, the sandbox's settings), without the faults. */
  query?: string;
  /** Faults injected into the scene, as link text (`?f=` value). */
  faults?: string;
  playing: boolean;
  /** 0..1 through the step's animation. */
  progress: number;
  speed: number;
  /** The screen is blacked out. */
  blackout: boolean;
}

export type SyncMessage =
  /** A window's state, sent on every change. */
  | { type: 'state'; from: string; state: DeckState }
  /** A window that just opened asks the others for their state. */
  | { type: 'hello'; from: string }
  /**
   * The speaker window asks one audience window (`to`, the last one it heard from) to do
   * something; that window announces the result and the others follow, so a command is carried
   * out once however many audience windows are open.
   */
  | { type: 'command'; from: string; to?: string; command: 'next' | 'prev' | 'first' | 'last' | 'toggle-play' | 'blackout' };

const COMMANDS = new Set(['next', 'prev', 'first', 'last', 'toggle-play', 'blackout']);

const isState = (s: unknown): s is DeckState => {
  if (typeof s !== 'object' || s === null) return false;
  const d = s as Record<string, unknown>;
  return (
    typeof d.sceneId === 'string' &&
    d.sceneId.length < 100 &&
    Number.isInteger(d.step) &&
    (d.chapter === undefined || (typeof d.chapter === 'string' && d.chapter.length < 40)) &&
    (d.query === undefined || (typeof d.query === 'string' && d.query.length < 5000)) &&
    (d.faults === undefined || (typeof d.faults === 'string' && d.faults.length < 5000)) &&
    typeof d.playing === 'boolean' &&
    typeof d.progress === 'number' &&
    d.progress >= 0 &&
    d.progress <= 1 &&
    typeof d.speed === 'number' &&
    typeof d.blackout === 'boolean'
  );
};

/** The message, if it is one this version sends; otherwise undefined. */
export function readMessage(data: unknown): SyncMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (typeof m.from !== 'string') return undefined;
  if (m.type === 'hello') return { type: 'hello', from: m.from };
  if (m.type === 'state' && isState(m.state)) return { type: 'state', from: m.from, state: m.state };
  if (m.type === 'command' && typeof m.command === 'string' && COMMANDS.has(m.command) && (m.to === undefined || typeof m.to === 'string')) return m as SyncMessage;
  return undefined;
}

/** A window's end of the channel; `onmessage` sees only valid messages from other windows. */
export class DeckSync {
  readonly id = Math.random().toString(36).slice(2);
  #channel: BroadcastChannel | undefined;

  constructor(path: string, onmessage: (m: SyncMessage) => void) {
    if (typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(channelName(path));
    this.#channel.onmessage = (e: MessageEvent) => {
      const m = readMessage(e.data);
      if (m && m.from !== this.id) onmessage(m);
    };
  }

  send(m: { type: 'hello' } | { type: 'state'; state: DeckState } | { type: 'command'; to?: string; command: Extract<SyncMessage, { type: 'command' }>['command'] }): void {
    this.#channel?.postMessage({ ...m, from: this.id });
  }

  close(): void {
    this.#channel?.close();
    this.#channel = undefined;
  }
}
