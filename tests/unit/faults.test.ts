/**
 * Injected faults (break it yourself): the engine replays them exactly, they change the story
 * as they should, and their link text survives a round trip while damaged links are refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScene, type Injection } from '../../src/chapters/engine.ts';
import { decodeFaults, encodeFaults } from '../../src/chapters/faults.ts';
import { findScene } from '../../src/chapters/nats/scenes.ts';

const happy = findScene('happy-path')!;

describe('injected faults in the engine', () => {
  it('a write failure injected into the happy path brings back the refused withdraw of storage-fails', () => {
    const clean = runScene(happy, 4);
    expect(clean.storage.Jim!.balance).toBe(10);
    // A's next write fails, injected at the start of the first publish step.
    const faults: Injection[] = [{ step: 1, atMs: clean.trace.find((e) => e.kind === 'publish')!.t - 1, command: { do: 'fail-writes', listener: 'A', count: 1 } }];
    const broken = runScene(happy, 4, { faults });
    expect(broken.trace.some((e) => e.kind === 'process-fail')).toBe(true);
    expect(broken.trace.some((e) => e.kind === 'note' && e.note?.includes('next write to storage fails'))).toBe(true);
  });

  it('a crash injected mid-step is traced at its moment, and the same faults give the same trace', () => {
    const at = runScene(happy, 1).t0 + 500;
    const faults: Injection[] = [{ step: 1, atMs: at, command: { do: 'crash', listener: 'A' } }];
    const a = runScene(happy, 4, { faults });
    const b = runScene(happy, 4, { faults });
    expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
    expect(a.trace.find((e) => e.kind === 'crash')!.t).toBe(at);
  });

  it('a delayed delivery arrives late, holds back what follows on its connection, and a long one is redelivered to the other member', () => {
    const publishStep = runScene(happy, 1);
    const firstPublish = publishStep.trace.find((e) => e.kind === 'publish')!.t;
    const clean = runScene(happy, 4);
    const short: Injection[] = [{ step: 1, atMs: firstPublish - 1, command: { do: 'delay', listener: 'A', ms: 5_000 } }];
    const held = runScene(happy, 4, { faults: short });
    const toA = (r: ReturnType<typeof runScene>) => r.trace.filter((e) => e.kind === 'deliver' && e.to === 'listener:A');
    const cleanFirst = toA(clean)[0]!;
    const heldFirst = toA(held)[0]!;
    expect(heldFirst.arrives! - heldFirst.t).toBeGreaterThanOrEqual(5_000);
    expect(heldFirst.arrives! - heldFirst.t - (cleanFirst.arrives! - cleanFirst.t)).toBe(5_000);
    // The next delivery to A on the same connection cannot overtake the held one.
    for (const later of toA(held).slice(1)) expect(later.arrives!).toBeGreaterThanOrEqual(heldFirst.arrives!);
    // Held past the 30 s ack wait: the server gives up on A's copy and B processes it as well.
    const long: Injection[] = [{ step: 1, atMs: firstPublish - 1, command: { do: 'delay', listener: 'A', ms: 40_000 } }];
    const late = runScene(happy, 4, { faults: long });
    expect(late.trace.some((e) => e.kind === 'redeliver' && e.to === 'listener:B')).toBe(true);
    expect(late.storage.Jim!.balance).not.toBe(10);
  });

  it('faults of a later step do not change earlier steps', () => {
    const faults: Injection[] = [{ step: 3, atMs: 99_000, command: { do: 'crash', listener: 'B' } }];
    expect(runScene(happy, 2, { faults }).trace).toEqual(runScene(happy, 2).trace);
  });
});

describe('faults in a link', () => {
  const commandArb = fc.oneof(
    fc.record({ do: fc.constant('crash' as const), listener: fc.constantFrom('A', 'B') }),
    fc.record({ do: fc.constant('restart' as const), listener: fc.constantFrom('A', 'B') }),
    fc.record({ do: fc.constant('slow' as const), listener: fc.constantFrom('A', 'B'), processMs: fc.integer({ min: 200, max: 60_000 }) }),
    fc.record({ do: fc.constantFrom('fail-writes' as const, 'lose-acks' as const), listener: fc.constantFrom('A', 'B'), count: fc.integer({ min: 1, max: 5 }) }),
    fc.record({ do: fc.constant('delay' as const), listener: fc.constantFrom('A', 'B'), ms: fc.integer({ min: 100, max: 120_000 }) }),
  );
  const faultArb = fc.record({ step: fc.integer({ min: 0, max: 4 }), atMs: fc.integer({ min: 0, max: 600_000 }), command: commandArb });

  it('round-trips any valid list', () => {
    fc.assert(
      fc.property(fc.array(faultArb, { maxLength: 20 }), (faults) => {
        expect(decodeFaults(encodeFaults(faults), happy)).toEqual(faults);
      }),
      { seed: 8, numRuns: 500 },
    );
  });

  it.each([
    ['', 'empty'],
    ['!!!', 'not base64url'],
    [encodeFaults([{ step: 9, atMs: 0, command: { do: 'crash', listener: 'A' } }]), 'a step the scene does not have'],
    [encodeFaults([{ step: 0, atMs: 0, command: { do: 'crash', listener: 'Z' } }]), 'a listener the scene does not have'],
    [encodeFaults([{ step: 0, atMs: 0, command: { do: 'slow', listener: 'A', processMs: 5 } }]), 'a slowness out of bounds'],
    [encodeFaults([{ step: 0, atMs: 0, command: { do: 'delay', listener: 'A', ms: 10 } }]), 'a delay out of bounds'],
    [btoa('{"not":"a list"}').replace(/=+$/, ''), 'JSON of the wrong shape'],
  ])('refuses %j (%s)', (text) => {
    expect(decodeFaults(text, happy)).toBeUndefined();
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        expect(() => decodeFaults(text, happy)).not.toThrow();
      }),
      { seed: 9, numRuns: 1_000 },
    );
  });
});
