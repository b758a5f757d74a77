/**
 * The publisher machine: the service that emits account events. In the naive design it publishes
 * what it is told; in the redesign it also keeps the last number it gave each user ("Last Seq"
 * on the slides) and stamps the next one on every event.
 */
import { enqueueActions, setup } from 'xstate';
import type { Emitted, Timed } from './ports.ts';
import type { Design, Payload } from './types.ts';

export interface PublisherContext {
  design: Design;
  /** Global message ids, 1, 2, 3… in publish order. */
  nextMsg: number;
  /** Last per-user number handed out. */
  lastNumber: Record<string, number>;
}

export type PublisherEvent = Timed & { type: 'publish'; channel: string; payload: Payload };

/** Pure: the payload as it leaves the publisher under a design. */
export function stamp(ctx: PublisherContext, p: Payload): Payload {
  if (ctx.design !== 'per-user-number') return p;
  return { ...p, number: (ctx.lastNumber[p.user] ?? 0) + 1 };
}

export const publisherMachine = setup({
  types: {
    context: {} as PublisherContext,
    events: {} as PublisherEvent,
    emitted: {} as Emitted,
    input: {} as { design: Design },
  },
  actions: {
    'send it to the server': enqueueActions(({ context, event, enqueue }) => {
      const payload = stamp(context, event.payload);
      const msg = context.nextMsg;
      enqueue.assign({
        nextMsg: msg + 1,
        lastNumber: payload.number === undefined ? context.lastNumber : { ...context.lastNumber, [payload.user]: payload.number },
      });
      enqueue.emit({
        type: 'out',
        to: 'server',
        via: 'net',
        event: { type: 'pub', channel: event.channel, msg, payload },
        trace: { kind: 'publish', msg, channel: event.channel, from: 'publisher', to: 'server', payload },
      });
    }),
  },
}).createMachine({
  id: 'publisher',
  context: ({ input }) => ({ design: input.design, nextMsg: 1, lastNumber: {} }),
  initial: 'ready',
  states: {
    ready: { on: { publish: { actions: 'send it to the server' } } },
  },
});
