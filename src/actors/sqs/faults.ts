/**
 * The faults that break the SQS family's pollers, as data: a handler or the delay relay crashes
 * after its work and before it deletes what it received, so the message comes back once its
 * visibility timeout runs out. Pure: no DOM.
 */
import type { AnyCommand } from '../../kernel/types.ts';
import type { FaultSpec } from '../family.ts';
import { sqsName } from './words.ts';
import { SQS_KINDS } from './world.ts';

const who = (c: AnyCommand): string => sqsName(String(c.actor));

/** In the order the panel offers them. */
export const sqsFaults: readonly FaultSpec[] = [
  {
    do: 'sqs.crash-before-delete',
    target: SQS_KINDS.consumer,
    field: 'actor',
    idOf: (actor) => actor,
    label: 'Crash before delete',
    command: (id) => ({ do: 'sqs.crash-before-delete', actor: id }),
    describe: (c) => `${who(c)} will crash after its next message's work, before it deletes the message`,
  },
  {
    do: 'sqs.crash-after-send',
    target: SQS_KINDS.relay,
    field: 'actor',
    idOf: (actor) => actor,
    label: 'Crash after hand-over',
    command: (id) => ({ do: 'sqs.crash-after-send', actor: id, handover: true }),
    describe: (c) => (c.handover ? `${who(c)} will crash after it hands a message to its destination, before it deletes it from the delay queue` : `${who(c)} will crash after its next re-send, before it deletes the message`),
  },
];
