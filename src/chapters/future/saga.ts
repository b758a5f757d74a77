/**
 * Scene: the saga (STORYBOARD.md, chapter 2, item 11). The DiscountPolicy saga keeps Alice's
 * running total as saga data; its business logic is three handlers: find the saga by account,
 * handle OrderPlaced (discount, add, RequestTimeout in 7 days), handle the timeout (take it off).
 * The saga host crashes with Bob's order in hand; the broker redelivers it; the timeouts fire.
 */
import { sagaOrder } from '../../actors/saga/cast.ts';
import type { Scene } from '../types.ts';
import { totalKey } from '../../actors/saga/types.ts';
import { ACCOUNT, BUYERS, FUTURE_WORLD, MINUTE, ORDER_AMOUNT } from './cast.ts';
import './families.ts';
import { HOLD_LAST_WEEK, sagaKernel, sagaStage, untilStored } from './saga-world.ts';

const [ANN, BOB] = BUYERS;
const order = (buyer: string) => sagaOrder(buyer, ACCOUNT, ORDER_AMOUNT);

export const saga: Scene = {
  id: 'saga',
  chapter: 'future',
  title: 'The saga',
  summary: 'A DiscountPolicy saga keeps the running total and asks for a timeout in 7 days.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: sagaKernel('saga'),
  stage: sagaStage({ host: 'Saga host', store: 'Saga store' }),
  expected: { [totalKey(ACCOUNT)]: 0, [`${ANN}’s discount`]: 0, [`${BOB}’s discount`]: 10 },
  steps: [
    {
      name: 'three-handlers',
      title: 'Three handlers',
      narration:
        'A DiscountPolicy saga holds one number per account, its 7-day total, and three handlers: find it by account; on OrderPlaced, discount, add, ask for a 7-day timeout; on the timeout, subtract.',
      notes:
        'Everything else is the framework’s: loading and saving the saga data with optimistic concurrency, storing the timeout in the broker, retrying a handler that throws. The saga data is $450 now, last week’s orders, and the broker already holds their timeout, due on day 6.',
      commands: [HOLD_LAST_WEEK],
      until: { kind: 'for', ms: 1_000 },
      highlight: ['discount', 'store'],
    },
    {
      name: 'order-placed',
      title: 'OrderPlaced',
      narration: 'Ann orders $100. The saga reads $450: no discount. It saves $550 and requests its timeout for day 7; the broker stores it.',
      notes:
        'RequestTimeout is just a message to itself with a due time. The saga host keeps nothing in memory between messages: the saga data is in the saga store, the timeout in the broker.',
      commands: [order(ANN)],
      until: untilStored(3),
      highlight: ['discount', 'broker'],
    },
    {
      name: 'crash-in-hand',
      title: 'A crash mid-handling',
      narration: 'Bob orders $100, and the saga host crashes while his order is in its hands. Ten minutes later it is restarted.',
      notes:
        'The broker saw the connection drop and put Bob’s order back in line, unacked. On restart it arrives again, the saga reads $550 and Bob gets his 10%. A crash after the save but before the ack would bring it back too; the handler sees the order is already in the saga data and only requests the timeout again. Delivered at least once, applied once.',
      commands: [order(BOB), { do: 'wait', ms: 250 }, { do: 'saga.crash', actor: 'discount' }, { do: 'wait', ms: 10 * MINUTE }, { do: 'saga.restart', actor: 'discount' }],
      until: untilStored(5),
      highlight: ['discount', 'broker'],
      predict: {
        question: 'The saga host crashed holding Bob’s order. What happens to the order once the host is back?',
        choices: ['It is lost: only the crashed host had it', 'It is delivered again, and Bob gets 10% off', 'It is applied twice, once per delivery'],
        answer: 1,
        explain: 'The order was never acked, so the broker still has it: it goes back in line when the connection drops and comes again after the restart. The saga data already holds $550, so Bob’s order gets its 10%.',
        giveaway: ['again', 'redeliver', '10%'],
      },
    },
    {
      name: 'timeouts-fire',
      title: 'The timeouts fire',
      narration: 'Days pass in a blink. Day 6: last week’s $450 comes off. Day 7: Ann’s and Bob’s $100 each. Alice’s saga is back to $0, exactly as the rule’s window says.',
      notes:
        'Two restarts would change nothing here: the timeouts are messages on the broker’s disk, and the saga data is a row in the store. On RabbitMQ, NServiceBus sends a 7-day timeout through its delay levels; on SQS, through 900-second hops.',
      commands: [],
      highlight: ['broker', 'store'],
    },
  ],
};
