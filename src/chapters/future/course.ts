/**
 * Chapter 2's story around its scenes: the landing's scene map and the recap after its last step.
 */
import type { ChapterCourse } from '../chapter.ts';

export const course: ChapterCourse = {
  acts: [
    { act: 'problem', title: 'The problem', scenes: ['time-rule', 'two-buyers', 'customer-walks-in'] },
    { act: 'non-solution', title: 'Fixes that don’t hold', scenes: ['batch-job', 'resilient-http', 'client-retries'] },
    { act: 'redesign', title: 'A message from the future', scenes: ['durable-scheduling'] },
    { act: 'features', title: 'How brokers deliver later', scenes: ['sqs-delay', 'delay-levels', 'delay-plugin'] },
    { act: 'redesign', title: 'The saga', scenes: ['saga', 'what-messaging-bought'] },
  ],
  recap: {
    showed:
      'A discount that depends on the last 7 days of orders went wrong with nothing failing: two buyers ordering at once each read the same old total. Batch jobs, retries in memory and retries in the browser each narrow the gap a little and open another.',
    fails: [
      { design: 'A nightly batch job', why: 'Between runs the status is stale, and the run itself grows with every account until it no longer fits the night.', scene: 'batch-job' },
      { design: 'Retries in the service’s memory', why: 'They recover a passing failure, but a restart forgets the retry that was waiting, and the total is never corrected.', scene: 'resilient-http' },
      { design: 'Retries in the browser', why: 'They survive a restart, but each one adds its wait to what the buyer sees, and without an idempotency key a retry orders twice.', scene: 'client-retries' },
    ],
    holds: {
      design: 'A message from the future, handled by a saga',
      why: 'Each order adds to a running total and schedules “take this off again in 7 days” with the broker. The broker keeps the message through crashes and restarts, a conflicting update is simply retried, and the saga keeps its state and timeouts outside the process, so the rule holds exactly when it says.',
      scene: 'what-messaging-bought',
    },
  },
};
