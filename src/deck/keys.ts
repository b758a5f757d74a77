/**
 * Keys, as reveal.js has them so presenters' clickers work: → ↓ Space PageDown N next;
 * ← ↑ PageUp P previous; Home/End first/last step of the scene; F (or F5, which clickers send
 * to start a show) fullscreen; S speaker window; O or Esc overview; B or . blackout; K play/pause;
 * + / − speed; ? help; I the world inspector; X inject a fault; E the sandbox (fork here, or its settings); L live mode (the scene on a real NATS server);
 * C the chaos explorer. KEYMAP is the one list: keyAction reads it and the help overlay shows it.
 */

export type KeyAction =
  | 'next'
  | 'prev'
  | 'first'
  | 'last'
  | 'toggle-play'
  | 'faster'
  | 'slower'
  | 'live'
  | 'chaos'
  | 'help'
  | 'overview'
  | 'blackout'
  | 'fullscreen'
  | 'speaker'
  | 'inspector'
  | 'break'
  | 'sandbox';

/** One row of the help overlay: the keys as a person reads them, the keys as KeyboardEvent.key gives them, and what they do. */
export interface KeyBinding {
  action: KeyAction;
  /** As shown: '→ ↓ Space PageDown N'. */
  shown: string;
  keys: readonly string[];
  what: string;
}

export const KEYMAP: readonly KeyBinding[] = [
  { action: 'next', shown: '→  ↓  Space  PageDown  N', keys: ['ArrowRight', 'ArrowDown', ' ', 'Spacebar', 'PageDown', 'n', 'N'], what: 'Next step' },
  { action: 'prev', shown: '←  ↑  PageUp  P', keys: ['ArrowLeft', 'ArrowUp', 'PageUp', 'p', 'P'], what: 'Previous step (shown at its end)' },
  { action: 'first', shown: 'Home', keys: ['Home'], what: 'First step of the scene' },
  { action: 'last', shown: 'End', keys: ['End'], what: 'Last step of the scene' },
  { action: 'toggle-play', shown: 'K', keys: ['k', 'K'], what: 'Play or pause the step’s animation' },
  { action: 'faster', shown: '+', keys: ['+', '='], what: 'Faster (up to 4×)' },
  { action: 'slower', shown: '−', keys: ['-', '_'], what: 'Slower (down to 0.25×)' },
  { action: 'overview', shown: 'O  Esc', keys: ['o', 'O', 'Escape'], what: 'Overview of every scene and step' },
  { action: 'speaker', shown: 'S', keys: ['s', 'S'], what: 'Speaker window: notes, next beat, timer' },
  { action: 'blackout', shown: 'B  .', keys: ['b', 'B', '.'], what: 'Black out the screen (any key returns)' },
  { action: 'fullscreen', shown: 'F  F5', keys: ['f', 'F', 'F5'], what: 'Fullscreen' },
  { action: 'inspector', shown: 'I', keys: ['i', 'I'], what: 'World inspector: every actor’s state in text' },
  { action: 'break', shown: 'X', keys: ['x', 'X'], what: 'Break it: inject a fault at this moment (or click a listener)' },
  { action: 'sandbox', shown: 'E', keys: ['e', 'E'], what: 'Sandbox: carry on from this step with your own settings (in the sandbox, change them)' },
  { action: 'live', shown: 'L', keys: ['l', 'L'], what: 'Run the scene on a real NATS server' },
  { action: 'chaos', shown: 'C', keys: ['c', 'C'], what: 'Chaos explorer: thousands of random fault schedules' },
  { action: 'help', shown: '?', keys: ['?'], what: 'This help' },
];

const ACTIONS: ReadonlyMap<string, KeyAction> = new Map(KEYMAP.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));

/** The part of a KeyboardEvent this needs. */
export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Tag name of the focused element ('BUTTON', 'INPUT'…), if any. */
  targetTag?: string;
  targetEditable?: boolean;
}

/**
 * The deck action for a key press, or undefined to leave it to the browser: modified keys,
 * typing in a field, and Space or Enter on a button (which press the button) are not the deck's.
 * Shift is allowed: '?' and '+' need it on most keyboards.
 * @example keyAction({ key: 'ArrowRight' }) === 'next'
 */
export function keyAction(e: KeyLike): KeyAction | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const tag = e.targetTag?.toUpperCase();
  if (e.targetEditable || tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return undefined;
  if ((tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') && (e.key === ' ' || e.key === 'Enter')) return undefined;
  return ACTIONS.get(e.key);
}

/** What the deck has open, which decides who a key belongs to. */
export interface KeyContext {
  chaosOpen: boolean;
  settingsOpen: boolean;
  blackout: boolean;
  helpOpen: boolean;
  overviewOpen: boolean;
  /** The key went to the log or the inspector, which scroll with ↑ ↓. */
  inScrollable: boolean;
}

/** Where a key goes: nowhere (a dialog or overlay keeps it), closing the explorer, lifting the blackout, or one of the deck's actions. */
export type KeyRoute = { to: 'nobody' } | { to: 'close-chaos' } | { to: 'unblank' } | { to: 'deck'; action: KeyAction };

/**
 * Who a key press belongs to, given what is open: a pure function, so the deck's key handler is
 * three lines and the rules are testable.
 * @example routeKey('ArrowRight', 'next', { ...closed, blackout: true }) // { to: 'unblank' }
 */
export function routeKey(key: string, action: KeyAction | undefined, open: KeyContext): KeyRoute {
  // The explorer is a dialog over the deck: the deck's keys wait until it closes.
  if (open.chaosOpen) return key === 'Escape' ? { to: 'close-chaos' } : { to: 'nobody' };
  // The sandbox's settings are a dialog too: its fields take the keys.
  if (open.settingsOpen) return { to: 'nobody' };
  // A blacked-out screen comes back on any key, as in reveal.js; the key does nothing else.
  if (open.blackout && !['Shift', 'Control', 'Alt', 'Meta'].includes(key)) return { to: 'unblank' };
  // An overlay keeps the keys for itself (Tab, Enter, Esc), except the one that toggles it.
  if ((open.helpOpen && action !== 'help') || (open.overviewOpen && action !== 'overview')) return { to: 'nobody' };
  if (!action) return { to: 'nobody' };
  // The log or the inspector, focused, scrolls with ↑ ↓; ← → and a clicker's keys still step.
  if ((key === 'ArrowUp' || key === 'ArrowDown') && open.inScrollable) return { to: 'nobody' };
  return { to: 'deck', action };
}
