/**
 * The saga family, as chapter 2 registers it (src/chapters/future/families.ts): a durable broker
 * with delayed delivery and retries, a Discount host running a handler or the DiscountPolicy
 * saga, a store with optimistic concurrency, the Order API and the frontend.
 */
import type { Family } from '../family.ts';
import { sagaFaults } from './faults.ts';
import { sagaViews } from './view.ts';
import { sagaPlugin } from './world.ts';
import './types.ts';

export const sagaFamily: Family = { plugin: sagaPlugin, views: sagaViews, faults: sagaFaults };
