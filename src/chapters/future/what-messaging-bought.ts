/**
 * Scene: what messaging bought us (STORYBOARD.md, chapter 2, item 12). Ann and Bob's race of
 * "Two buyers at once", on the saga: the second commit conflicts, is retried and gets the 10% it
 * is due; the saga host crashes mid-week and an order placed meanwhile is applied right; when the
 * week turns, the discount stops exactly when the rule says. Compare shows it beside scene 2.
 */
import { sagaOrder } from '../../actors/saga/cast.ts';
import type { Scene } from '../types.ts';
import { totalKey } from '../../actors/saga/types.ts';
import { ACCOUNT, BUYERS, DAY, FUTURE_WORLD, HOUR, MINUTE, ORDER_AMOUNT } from './cast.ts';
import './families.ts';
import { HOLD_LAST_WEEK, sagaKernel, sagaStage, untilStored } from './saga-world.ts';

const [ANN, BOB] = BUYERS;
const order = (buyer: string) => sagaOrder(buyer, ACCOUNT, ORDER_AMOUNT);

export const whatMessagingBought: Scene = {
  id: 'what-messaging-bought',
  chapter: 'future',
  title: 'What messaging bought us',
  summary: 'Ann and Bob’s race again, on the saga: every order is right, across a crash.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: sagaKernel('saga'),
  stage: sagaStage({ host: 'Saga host', store: 'Saga store' }),
  expected: { [totalKey(ACCOUNT)]: 0, [`${ANN}’s discount`]: 0, [`${BOB}’s discount`]: 20 },
  steps: [
    {
      name: 'race-again',
      title: 'The race again',
      narration: 'Ann and Bob each order $100 at the same instant, on a week that stands at $450: the very race of “Two buyers at once”.',
      notes:
        'Both orders are handled at once and both read $450. Ann’s commit lands first: no discount, $550. Bob’s finds the version moved and is refused; the broker hands it back at once, it reads $550, and Bob gets his $10 off. In scene 2 both read $450, both were written, and nobody got the discount.',
      commands: [HOLD_LAST_WEEK, order(ANN), order(BOB)],
      until: untilStored(5),
      highlight: ['discount', 'store'],
      predict: {
        question: 'Ann and Bob order $100 at the same instant, with Alice’s week at $450. Who gets 10% off?',
        choices: ['Nobody, as in scene 2', 'Exactly one of them: the second to commit', 'Both of them'],
        answer: 1,
        explain: 'The second commit finds the saga’s version changed and fails; the broker retries it, it reads $550, and the rule gives it 10%. The same orders one at a time would give the same.',
        giveaway: ['second', 'conflict', 'retr'],
      },
    },
    {
      name: 'crash-midweek',
      title: 'A crash in the week',
      narration: 'On day 3 the saga host crashes. Half an hour later Bob orders $100 and gets his 202 at once; half an hour after that the host is back and applies it: $750, with 10% off.',
      notes: 'The week then holds last week’s $450 and Ann’s and Bob’s $200, so Bob is due his discount, and gets it an hour late on the invoice but right. Nothing in the crashed host mattered.',
      commands: [{ do: 'wait', ms: 3 * DAY }, { do: 'saga.crash', actor: 'discount' }, { do: 'wait', ms: 30 * MINUTE }, order(BOB), { do: 'wait', ms: 30 * MINUTE }, { do: 'saga.restart', actor: 'discount' }],
      until: untilStored(7),
      highlight: ['discount', 'web'],
    },
    {
      name: 'week-turns',
      title: 'When the week turns',
      narration: 'Day 6 takes last week’s $450 off, day 7 the two racing orders. An hour later Ann orders $100: the week holds only Bob’s $100 from day 3, and she rightly gets no discount.',
      notes:
        'The discount stops exactly when the rule says, because each amount leaves the total exactly 7 days after it came in. No batch job recomputed anything, and no clock in a process had to survive.',
      commands: [{ do: 'wait', ms: 4 * DAY }, order(ANN)],
      until: untilStored(9),
      highlight: ['broker', 'store'],
    },
    {
      name: 'side-by-side',
      title: 'Side by side with scene 2',
      narration: 'Every order got what a sequential run of the same orders gives: Ann $0 off, Bob $10 twice. Then the last amounts come off and the week is back to $0.',
      notes:
        'Open Compare with “Two buyers at once” beside this scene to show the two endings together: there, two orders of $100 on $450 and no discount; here, the same race and the second order gets its $10. (The deck’s other side by side runs chaos schedules; this one compares two scenes.) Messaging did not make the race go away. It made the loser of the race try again.',
      commands: [],
      highlight: ['store'],
    },
  ],
};
