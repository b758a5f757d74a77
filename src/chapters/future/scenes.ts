/** Chapter 2's scenes in the order a presenter gives them (STORYBOARD.md, "Chapter 2"). */
import type { Scene } from '../types.ts';
import { timeRule } from './time-rule.ts';
import { twoBuyers } from './two-buyers.ts';
import { customerWalksIn } from './customer-walks-in.ts';
import { batchJob } from './batch-job.ts';
import { resilientHttp } from './resilient-http.ts';
import { clientRetries } from './client-retries.ts';
import { durableScheduling } from './durable-scheduling.ts';
import { sqsDelay } from './sqs-delay.ts';
import { delayLevels } from './delay-levels.ts';
import { delayPlugin } from './delay-plugin.ts';
import { saga } from './saga.ts';
import { whatMessagingBought } from './what-messaging-bought.ts';

export const scenes: Scene[] = [timeRule, twoBuyers, customerWalksIn, batchJob, resilientHttp, clientRetries, durableScheduling, sqsDelay, delayLevels, delayPlugin, saga, whatMessagingBought];
