/**
 * The presenter's plumbing as pure functions: the key map (clicker keys included), saved
 * settings (every malformed input falls back field by field, with a notice), and the messages
 * two windows exchange (anything not sent by this version is ignored).
 */
import { describe, expect, it } from 'vitest';
import { KEYMAP, keyAction } from '../../src/deck/keys.ts';
import { DEFAULT_SETTINGS, loadSettings, parseSettings, saveSettings, serializeSettings } from '../../src/deck/settings.ts';
import { readMessage } from '../../src/deck/sync.ts';

describe('keys', () => {
  it.each([
    ['PageDown', 'next'],
    ['PageUp', 'prev'],
    ['.', 'blackout'],
    ['b', 'blackout'],
    ['F5', 'fullscreen'],
    ['Escape', 'overview'],
    ['o', 'overview'],
    ['s', 'speaker'],
    ['?', 'help'],
    ['i', 'inspector'],
    ['k', 'toggle-play'],
  ] as const)('%s → %s', (key, action) => {
    expect(keyAction({ key })).toBe(action);
  });

  it('no key is bound twice, and every action has a line in the help', () => {
    const keys = KEYMAP.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const b of KEYMAP) expect(b.what.length).toBeGreaterThan(3);
  });

  it('leaves typing, modified keys and Space on a button to the browser', () => {
    expect(keyAction({ key: 's', targetTag: 'INPUT' })).toBeUndefined();
    expect(keyAction({ key: 'b', ctrlKey: true })).toBeUndefined();
    expect(keyAction({ key: ' ', targetTag: 'BUTTON' })).toBeUndefined();
  });
});

describe('settings', () => {
  it.each([
    [null, DEFAULT_SETTINGS, false],
    ['{"theme":"light","speed":2,"predictions":false,"inspector":true}', { theme: 'light', speed: 2, predictions: false, inspector: true }, false],
    ['{"theme":"light"}', { ...DEFAULT_SETTINGS, theme: 'light' }, false],
    ['{"theme":"projector"}', { ...DEFAULT_SETTINGS, theme: 'projector' }, false],
    ['{oops', DEFAULT_SETTINGS, true],
    ['[]', DEFAULT_SETTINGS, true],
    ['"dark"', DEFAULT_SETTINGS, true],
    ['{"theme":"purple","speed":3}', DEFAULT_SETTINGS, true],
    ['{"speed":0.25,"predictions":"yes"}', { ...DEFAULT_SETTINGS, speed: 0.25 }, true],
  ] as const)('%s → %j (notice: %s)', (text, expected, notice) => {
    const loaded = parseSettings(text);
    expect(loaded.settings).toEqual(expected);
    expect(loaded.notice !== undefined).toBe(notice);
  });

  it('round-trips through storage, and a storage that throws means defaults, quietly', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const mine = { theme: 'light', speed: 0.5, predictions: false, inspector: true } as const;
    saveSettings(mine, storage);
    expect(loadSettings(storage)).toEqual({ settings: mine });
    expect(JSON.parse(serializeSettings(mine))).toEqual(mine);
    const broken = { getItem: () => { throw new Error('denied'); } };
    expect(loadSettings(broken)).toEqual({ settings: DEFAULT_SETTINGS });
    expect(() => saveSettings(mine, { setItem: () => { throw new Error('full'); } })).not.toThrow();
  });
});

describe('window sync messages', () => {
  const state = { sceneId: 'happy-path', step: 2, playing: false, progress: 1, speed: 1, blackout: false };
  it.each([
    [{ type: 'hello', from: 'x' }, true],
    [{ type: 'state', from: 'x', state }, true],
    [{ type: 'command', from: 'x', command: 'next' }, true],
    [{ type: 'command', from: 'x', command: 'rm -rf' }, false],
    [{ type: 'state', from: 'x', state: { ...state, step: 1.5 } }, false],
    [{ type: 'state', from: 'x', state: { ...state, progress: 2 } }, false],
    [{ type: 'state', state }, false],
    ['hello', false],
    [null, false],
  ])('%j is read: %s', (data, ok) => {
    expect(readMessage(data) !== undefined).toBe(ok);
  });
});
