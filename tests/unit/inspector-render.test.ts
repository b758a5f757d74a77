/**
 * The Inspector panel rendered to HTML on the server (svelte/server, no DOM needed): the region a
 * screen reader reaches, a heading per actor, and the facts of inspect() as words (for a declared
 * stage, its nodes' rows from their families).
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Inspector from '../../src/deck/Inspector.svelte';
import { runScene } from '../../src/chapters/engine.ts';
import { findScene } from '../../src/chapters/nats/scenes.ts';
import { inspect } from '../../src/stage/inspect.ts';

/** The panel's text at the end of a scene's step, tags stripped and spaces collapsed. */
function panel(sceneId: string, step: string): { html: string; text: string } {
  const scene = findScene(sceneId)!;
  const r = runScene(scene, scene.steps.findIndex((s) => s.name === step));
  const { body } = render(Inspector, { props: { inspection: inspect(scene, r.trace, r.t1, { step: r.step }) } });
  return { html: body, text: body.replace(/<!--[^]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') };
}

describe('Inspector', () => {
  it.each([
    { scene: 'storage-fails', step: 'publish-all', says: ['World inspector at 0:02.5', 'Publisher', '3 messages sent', 'NATS Streaming', "Jim's deposit $70: 28.7 s left, attempt 1", 'queue group myQueueGroup members A, B', 'File Storage'] },
    { scene: 'storage-fails', step: 'ack-wait', says: ["Jim's deposit $70 2× not acked, held by B", 'Last outcome refused: Jim\'s withdraw $100'] },
    { scene: 'dead-listener', step: 'heartbeats-fail', says: ['State crashed', 'given up: it missed its heartbeats'] },
    { scene: 'redesign', step: 'in-order', says: ['3 sent, last number 3', 'Last ID processed', 'Jim $10 3'] },
    // A declared stage's nodes, as their family (http) inspects them.
    { scene: 'sync-http', step: 'withdraw-refused', says: ['Web app', 'Load balancer', 'Requests in flight', 'Database'] },
  ])('$scene/$step reads as text', ({ scene, step, says }) => {
    const { html, text } = panel(scene, step);
    expect(html).toContain('aria-label="World inspector"');
    for (const s of says) expect(text).toContain(s);
  });
});
