/** Live mode's input checks and error sentences: bad input gets a clear message, never a crash. */
import { describe, expect, it } from 'vitest';
import { checkServerUrl, explain } from '../../src/live/browser.ts';

describe('checkServerUrl', () => {
  it.each([
    [' ws://127.0.0.1:8080 ', { ok: true, url: 'ws://127.0.0.1:8080' }],
    ['ws://localhost:4223/', { ok: true, url: 'ws://localhost:4223' }],
    ['wss://[::1]:9222', { ok: true, url: 'wss://[::1]:9222' }],
  ])('%j is accepted', (raw, expected) => {
    expect(checkServerUrl(raw)).toEqual(expected);
  });

  it.each([
    ['', /Type the WebSocket URL/],
    ['nats://127.0.0.1:4222', /must start with ws:\/\//],
    ['http://127.0.0.1:8080', /must start with ws:\/\//],
    ['ws://demo.nats.io:8080', /only connects to a server on this machine/],
    ['ws://10.0.0.5:8080', /only connects to a server on this machine/],
    ['ws://127.0.0.1', /Add the port/],
    ['not a url at all', /is not a URL/],
    ['\u0000\u0001garbage', /is not a URL/],
  ])('%j is refused with a clear message', (raw, message) => {
    const r = checkServerUrl(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('explain', () => {
  it.each([
    [new Error('connect timed out'), /did not answer within 3 s/],
    [new Error('ECONNREFUSED'), /Could not reach a NATS server/],
    [new Error('websocket error'), /Could not reach a NATS server/],
    [new Error('503 no responders available for request'), /JetStream turned off/],
    [new Error('unexpected token < in JSON'), /answered something unexpected/],
    ['a bare string', /answered something unexpected: a bare string/],
  ])('%s', (error, message) => {
    expect(explain(error, 'ws://127.0.0.1:1')).toMatch(message);
  });
});
