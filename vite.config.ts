/**
 * Vite (dev server, production build, preview) and Vitest configuration.
 * The build is a static folder that works from any sub-path (`base: './'`) and offline.
 */
/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { offline } from './scripts/offline-plugin.ts';

export default defineConfig({
  base: './',
  // offline(): the build's service worker, sw.js, and the list of files it precaches.
  plugins: [svelte(), offline()],
  resolve: {
    // nats.js reaches for NKEY signing only with NKEY/JWT credentials, which live mode never
    // uses (see src/live/nkeys-stub.ts): leave tweetnacl and nkeys out of the browser build.
    alias: [{ find: /^@nats-io\/nkeys$/, replacement: fileURLToPath(new URL('./src/live/nkeys-stub.ts', import.meta.url)) }],
  },
  build: {
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
  },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**'],
    environment: 'node',
    testTimeout: 180_000,
    // Chapter 2's families load as chunks of their own: every test file waits for them once.
    setupFiles: ['tests/setup.ts'],
  },
});
