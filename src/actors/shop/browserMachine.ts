/** The browser machine (kind shop.browser): the rules of browser.ts, always ready for the buyer's next order. */
import { setup } from 'xstate';
import type { Timed } from '../../kernel/ports.ts';
import { applyRules } from '../../kernel/rules.ts';
import type { ResponseEvent } from '../http/caller.ts';
import { onAnswer, onAttemptTimeout, onPlace, onRetry, type BrowserContext } from './browser.ts';
import type { ShopEmitted, ShopResult } from './orderApi.ts';
import type { Ms, Party } from './types.ts';

export type BrowserEvent =
  | (Timed & { type: 'browser.order'; account: string; amount: number; withKey?: boolean })
  | (Timed & ResponseEvent)
  | (Timed & { type: 'browser.timeout'; req: string })
  | (Timed & { type: 'browser.retry'; n: number });

/** Pure: which rule an event calls. */
export function react(ctx: BrowserContext, e: BrowserEvent): ShopResult<BrowserContext> {
  switch (e.type) {
    case 'browser.order':
      return onPlace(ctx, e, e.t);
    case 'http.response':
      return onAnswer(ctx, e, e.t);
    case 'browser.timeout':
      return onAttemptTimeout(ctx, e.req, e.t);
    case 'browser.retry':
      return onRetry(ctx, e.n, e.t);
  }
}

export const browserMachine = setup({
  types: { context: {} as BrowserContext, events: {} as BrowserEvent, emitted: {} as ShopEmitted, input: {} as { name: Party; target: Party; timeoutMs: Ms; retryDelaysMs: readonly Ms[] } },
  actions: { 'apply the rules': applyRules(react) },
}).createMachine({
  id: 'shop.browser',
  context: ({ input }) => ({ ...input, sent: 0, orders: [] }),
  initial: 'ready',
  states: {
    ready: {
      on: {
        'browser.order': { actions: 'apply the rules' },
        'http.response': { actions: 'apply the rules' },
        'browser.timeout': { actions: 'apply the rules' },
        'browser.retry': { actions: 'apply the rules' },
      },
    },
  },
});
