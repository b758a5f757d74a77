/**
 * Svelte compiler settings, read by the Vite plugin and by svelte-check.
 * Svelte 5 strips TypeScript types in `<script lang="ts">` itself; vitePreprocess adds `<style>`
 * preprocessing (pass `{ script: true }` to it if a component ever needs enums or decorators).
 * Every component in this project uses runes, so runes mode is on for all of them.
 */
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    runes: true,
  },
};
