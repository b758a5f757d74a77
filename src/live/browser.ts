/**
 * Live mode in the browser: a scene's publisher and listeners become real NATS clients over
 * WebSocket to a server the user started (`npm run broker`). Loaded only when live mode is used.
 * Every way it can go wrong — a bad URL, a server that is down, refuses, times out, has no
 * JetStream or speaks something else — ends in one plain sentence, and the deck falls back to
 * the simulation.
 */
import { wsconnect, type NatsConnection } from '@nats-io/nats-core';
import type { TraceEvent } from '../actors/nats/types.ts';
import type { Scene } from '../chapters/types.ts';
import { NO_BROKER_LIVE, runLive, type LiveResult } from './runner.ts';

/** Real ms per virtual ms in live mode: a 30 s ack wait takes 3 s. */
export const LIVE_SCALE = 0.1;
/** How long a connection attempt may take. */
export const CONNECT_TIMEOUT_MS = 3_000;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * Check what the user typed. Only WebSocket URLs on this machine are allowed: the page's
 * security policy permits nothing else, and the explainer never talks to another host.
 * @example checkServerUrl(' ws://127.0.0.1:8080 ') // { ok: true, url: 'ws://127.0.0.1:8080' }
 */
export function checkServerUrl(raw: string): UrlCheck {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'Type the WebSocket URL that npm run broker printed, such as ws://127.0.0.1:8080.' };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { ok: false, message: `“${text.slice(0, 60)}” is not a URL. It should look like ws://127.0.0.1:8080.` };
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
    return { ok: false, message: `Live mode talks WebSocket: the URL must start with ws:// (it starts with ${u.protocol}//).` };
  }
  if (!LOOPBACK.has(u.hostname)) {
    return { ok: false, message: `Live mode only connects to a server on this machine (127.0.0.1 or localhost), not ${u.hostname}.` };
  }
  if (!u.port) return { ok: false, message: 'Add the port, as npm run broker printed it: ws://127.0.0.1:PORT.' };
  return { ok: true, url: `${u.protocol}//${u.hostname}:${u.port}` };
}

/** Turn whatever a failed connection or run threw into one sentence for the audience. */
export function explain(error: unknown, url: string): string {
  const text = String((error as { message?: unknown })?.message ?? error);
  if (/timeout|timed out/i.test(text)) return `The server at ${url} did not answer within ${CONNECT_TIMEOUT_MS / 1000} s. Is it running?`;
  if (/refused|ECONNREFUSED|closed|connection|socket|websocket/i.test(text)) return `Could not reach a NATS server at ${url}. Start one with npm run broker and paste the URL it prints.`;
  if (/jetstream|503|no responders/i.test(text)) return `The server at ${url} has JetStream turned off; npm run broker starts one with it on.`;
  if (/did not settle/i.test(text)) return `The real server stopped answering in the middle of the scene (${text}).`;
  return `The server at ${url} answered something unexpected: ${text.slice(0, 120)}`;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Open one client connection; fails fast, never retries (a dead server must not hang the deck). */
export function connectTo(url: string, name: string): Promise<NatsConnection> {
  return withTimeout(wsconnect({ servers: url, name, timeout: CONNECT_TIMEOUT_MS, reconnect: false }), CONNECT_TIMEOUT_MS + 500, 'connect');
}

export type LiveOutcome = { ok: true; result: LiveResult } | { ok: false; message: string };

/**
 * Play a scene against the server at `url`, calling `onEvent` with each real event as it happens.
 * Never throws: a failure comes back as a message.
 */
export async function playLive(scene: Scene, url: string, onEvent: (e: TraceEvent) => void): Promise<LiveOutcome> {
  if (scene.kernel) return { ok: false, message: NO_BROKER_LIVE };
  const checked = checkServerUrl(url);
  if (!checked.ok) return checked;
  try {
    // One probe first, so a server that is down fails in seconds with a clear message.
    const probe = await connectTo(checked.url, 'out-of-order probe');
    await probe.close();
    const result = await runLive(scene, { connect: (name) => connectTo(checked.url, name), scale: LIVE_SCALE, stepTimeoutMs: 20_000, onEvent });
    return { ok: true, result };
  } catch (e) {
    return { ok: false, message: explain(e, checked.url) };
  }
}
