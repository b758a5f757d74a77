/**
 * Chapter 1's story around its scenes: the landing's scene map (the problem, the fixes that do
 * not hold, the redesign and the broker features it leans on) and the recap after its last step.
 */
import type { ChapterCourse } from '../chapter.ts';

export const course: ChapterCourse = {
  acts: [
    {
      act: 'problem',
      title: 'The problem',
      scenes: ['happy-path', 'storage-fails', 'slow-listener', 'dead-listener', 'duplicate', 'sync-http', 'monolith'],
    },
    {
      act: 'non-solution',
      title: 'Fixes that don’t hold',
      scenes: ['single-copy', 'every-error-case', 'does-order-matter', 'shared-sequence', 'channel-per-user'],
    },
    { act: 'redesign', title: 'The redesign', scenes: ['who-publishes', 'redesign'] },
    { act: 'features', title: 'What the broker gives', scenes: ['broker-features'] },
  ],
  recap: {
    showed:
      'Jim’s events leave the publisher in order: $70 in, $40 in, $100 out. With two listeners sharing the work, one failed write, one slow listener or one lost ack is enough for them to be applied out of order or twice, and his withdraw is refused. The broker is not to blame: the same race happens over HTTP and inside one process.',
    fails: [
      { design: 'Run a single copy', why: 'Nothing runs side by side, but every event waits in one line, and a failed event still comes back late, after the withdraw it should have come before.', scene: 'single-copy' },
      { design: 'Handle every error', why: 'Each patch fixes the failure it was written for; a thousand random fault schedules still find hundreds that end wrong.', scene: 'every-error-case' },
      { design: 'Ignore the order', why: 'Fine for tweets, wrong for money: a withdraw depends on the deposits before it.', scene: 'does-order-matter' },
      { design: 'One shared “last sequence processed”', why: 'Order is kept, but for everyone at once: Jim’s failed write makes Mary wait for the whole ack wait.', scene: 'shared-sequence' },
      { design: 'A channel per user', why: 'Each user keeps their own order, but the channels and subscriptions grow with every user and change while the system runs.', scene: 'channel-per-user' },
    ],
    holds: {
      design: 'Numbered transactions per user',
      why: 'The publisher, which saw the order, numbers each user’s transactions. A listener applies number n only after n−1 and skips anything early without an ack, so the broker brings it back when its turn has come. The same failure now ends at $10, and the broker’s history and durable subscriptions let a service start late or restart without losing its place.',
      scene: 'redesign',
    },
  },
};
