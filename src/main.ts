/**
 * Entry point: applies the projector palette and mounts the deck, or the stress page for the
 * bench when the URL says `?stress=N`.
 */
import { mount } from 'svelte';
import App from './deck/App.svelte';
import Stress from './deck/Stress.svelte';
import './deck/app.css';
import { applyPalette } from './lib/theme.ts';
import { parseQuery } from './deck/query.ts';

declare global {
  interface Window {
    /** Set by the stress page when it has finished: each frame's duration and render script time, in ms. */
    __stress?: { frames: number[]; work: number[]; done: boolean };
  }
}

applyPalette();
const target = document.getElementById('app') ?? document.body;
const query = parseQuery(location.search);
if (query.stress !== undefined) mount(Stress, { target, props: { count: query.stress } });
else mount(App, { target, props: query.seed === undefined ? {} : { seed: query.seed } });
