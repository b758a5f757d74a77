/**
 * Entry point: applies the theme (dark, or `?theme=light`) and mounts the deck, or the stress
 * page for the bench when the URL says `?stress=N`, the printable handout for `?print` or one
 * scene for an iframe for `?embed`.
 */
import { mount } from 'svelte';
import App from './deck/App.svelte';
import Speaker from './deck/Speaker.svelte';
import Stress from './deck/Stress.svelte';
import { loadSettings } from './deck/settings.ts';
import './deck/app.css';
import { applyTheme } from './lib/theme.ts';
import { parseQuery } from './deck/query.ts';
import { registerServiceWorker } from './offline/register.ts';
import { loadAllChapters } from './chapters/index.ts';

declare global {
  interface Window {
    /** Set by the stress page when it has finished: each frame's duration and render script time, in ms. */
    __stress?: { frames: number[]; work: number[]; done: boolean };
  }
}

const query = parseQuery(location.search);
// Offline after the first visit (not for the bench's stress page, whose frames it would disturb).
if (import.meta.env.PROD && query.stress === undefined) registerServiceWorker();
// A theme in the link wins over the saved one, for this page.
applyTheme(query.theme ?? loadSettings().settings.theme);
const target = document.getElementById('app') ?? document.body;
// Each chapter is its own chunk: every view below reads the scenes of the chapters loaded here.
// Keys pressed while it loads (a presenter's first click) are kept and handed to the deck after.
const early: KeyboardEvent[] = [];
const keep = (e: KeyboardEvent) => early.push(e);
window.addEventListener('keydown', keep);
// A link to the landing or a recap fetches its screen while the chapters load (the deck's own
// first load carries neither).
if (/^#?\/*(\?.*)?$/.test(location.hash)) void import('./deck/Landing.svelte');
else if (/\/recap\/?$/i.test(location.hash)) void import('./deck/Recap.svelte');
await loadAllChapters();
window.removeEventListener('keydown', keep);
// After the deck below has mounted and listens.
setTimeout(() => {
  for (const e of early) window.dispatchEvent(new KeyboardEvent('keydown', { key: e.key, code: e.code, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, shiftKey: e.shiftKey }));
}, 0);
if (query.stress !== undefined) mount(Stress, { target, props: { count: query.stress, ...(query.messages === undefined ? {} : { messages: query.messages }) } });
else if (query.speaker) mount(Speaker, { target });
// The handout and the embed load on their own, so the deck's first load does not carry them.
else if (query.print) void import('./deck/Handout.svelte').then((m) => mount(m.default, { target, props: { ...(query.scene === undefined ? {} : { sceneId: query.scene }), ...(query.seed === undefined ? {} : { seed: query.seed }) } }));
else if (query.compare !== undefined) void import('./deck/Compare.svelte').then((m) => mount(m.default, { target, props: { text: query.compare!, hash: location.hash } }));
else if (query.embed) void import('./deck/Embed.svelte').then((m) => mount(m.default, { target, props: { ...(query.scene === undefined ? {} : { sceneId: query.scene }), ...(query.step === undefined ? {} : { step: query.step }), ...(query.seed === undefined ? {} : { seed: query.seed }), ...(query.timespace ? { timespace: true } : {}) } }));
else mount(App, { target, props: { ...(query.seed === undefined ? {} : { seed: query.seed }), ...(query.theme ? { theme: query.theme } : {}), ...(query.mode ? { mode: query.mode } : {}) } });
