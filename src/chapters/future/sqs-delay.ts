/**
 * Scene 8 of chapter 2, delayed delivery on SQS (STORYBOARD.md): SQS's DelaySeconds stops at
 * 900 s, so a 7-day SendMessage is refused; NServiceBus laps the message round a FIFO delay
 * queue (a queue-level delay of 900 s), re-sending it with what is left until that fits, then
 * hands it to the destination with DelaySeconds = the rest. The learner types the delay (the
 * scene's `inputs`); every lap is drawn, and a relay that crashes between its re-send and its
 * delete makes the handler take the message twice. A world of the SQS family (src/actors/sqs).
 */
import { sqsHops } from '../../actors/sqs/hops.ts';
import { spoken } from '../../actors/sqs/hops.ts';
import type { KernelConfig } from '../../kernel/types.ts';
import type { Prediction, Scene, SceneInputs, StageDecl, Step } from '../types.ts';
import { DAY, FUTURE_WORLD, ORDER_AMOUNT } from './cast.ts';
import './families.ts';

/** The delay the scene opens with: the talk's example, 2,800 s = 900 + 900 + 900 + 100. */
export const SQS_SCENE_DELAY_S = 2_800;
/** The chapter's message from the future: 7 days, in seconds. */
export const SEVEN_DAYS_S = (7 * DAY) / 1000;
/**
 * The longest delay this scene takes: 14 days, SQS's longest retention. The technique itself has
 * no cap (every lap is a fresh message), but longer only adds laps to the same picture.
 */
export const SQS_SCENE_MAX_DELAY_S = (14 * DAY) / 1000;
/** One network hop, each way: the simulated distance between an endpoint and SQS. */
export const SQS_LATENCY_MS = 50;

/** The actors' names. */
const API = 'api';
const DELAY_QUEUE = 'discount-delay.fifo';
const RELAY = 'relay';
const DESTINATION = 'discount';
const HANDLER = 'handler';

/** What the message says: take the order's amount off Alice's running total. */
const BODY = `\u2212${ORDER_AMOUNT}`;

/** The world: the Order API, the discount endpoint's input queue and its delay queue, the relay and the handler. */
export const SQS_KERNEL: KernelConfig = {
  seed: 1,
  network: { latencyMs: SQS_LATENCY_MS, jitterMs: 0 },
  actors: [
    { name: API, kind: 'sqs.sender', config: { destination: DESTINATION, delayQueue: DELAY_QUEUE } },
    { name: DELAY_QUEUE, kind: 'sqs.queue', config: { fifo: true, delaySeconds: 900 } },
    { name: RELAY, kind: 'sqs.delay-relay', config: { queue: DELAY_QUEUE, destination: DESTINATION } },
    { name: DESTINATION, kind: 'sqs.queue', config: {} },
    { name: HANDLER, kind: 'sqs.consumer', config: { queue: DESTINATION } },
  ],
};

export const SQS_STAGE: StageDecl = {
  columns: [
    // On a phone the API's row is short: a badge and a note.
    [{ id: API, kind: 'sqs.sender', title: 'Order API', phoneSize: 0.75 }],
    [
      { id: DELAY_QUEUE, kind: 'sqs.queue', title: 'Delay queue' },
      { id: RELAY, kind: 'sqs.delay-relay', title: 'Delay relay' },
    ],
    [{ id: DESTINATION, kind: 'sqs.queue', title: 'discount queue' }],
    [{ id: HANDLER, kind: 'sqs.consumer', title: 'Discount handler' }],
  ],
  edges: [
    { from: API, to: DESTINATION },
    { from: API, to: DELAY_QUEUE },
    { from: DELAY_QUEUE, to: RELAY },
    { from: RELAY, to: DESTINATION },
    { from: DESTINATION, to: HANDLER },
  ],
};

/** 2800 → "2,800". */
const n = (x: number): string => x.toLocaleString('en-US');

/** The chain of remaining delays, shortened when long: "2,800 → 1,900 → 1,000" or "604,800 → 603,900 → … → 1,800". */
function chain(remaining: readonly number[]): string {
  if (remaining.length <= 5) return remaining.map(n).join(' \u2192 ');
  return [...remaining.slice(0, 2).map(n), '\u2026', n(remaining[remaining.length - 1]!)].join(' \u2192 ');
}

/** Said once in every step's notes: where the behaviour comes from. */
const SOURCES =
  'SQS cannot run in a browser, so this follows the AWS documentation (DelaySeconds 0–900, FIFO queues take only a queue-level delay, visibility timeout 30 s by default) and NServiceBus’s SQS transport documentation (FACTS §3, §5). Simplified: each receive is a long poll that waits as long as it takes (real ones last up to 20 s and are asked again), and every hop to or from SQS takes 50 ms.';

const refusedStep: Step = {
  name: 'straight-refused',
  title: 'Seven days, straight in',
  narration: `The Order API asks SQS to hold “take ${ORDER_AMOUNT} off Alice’s total” for 7 days: one SendMessage to the discount queue with DelaySeconds 604,800. SQS refuses it. DelaySeconds stops at 900: fifteen minutes.`,
  notes: `This is the plain API call, no library in between. SQS answers InvalidParameterValue: DelaySeconds must be between 0 and 900, on a standard queue or as a queue-level delay. Fifteen minutes is the longest a message can wait before it is first seen. ${SOURCES}`,
  commands: [{ do: 'sqs.send', sender: API, body: BODY, delaySeconds: SEVEN_DAYS_S, straight: true }],
  highlight: [API, DESTINATION],
};

/** The steps for a delay over 900 s: into the delay queue, the laps, on time, and a duplicate on the handover. */
function lappingSteps(delay: number): Step[] {
  const hops = sqsHops(delay);
  const laps = hops.filter((h) => h.queue === 'delay-queue');
  const last = hops[hops.length - 1]!;
  const afterFirst = hops[1]!.remaining;
  const network = (2 * hops.length * SQS_LATENCY_MS) / 1000;
  const predict: Prediction = {
    question: `Same ${n(delay)} s, but this time the relay dies just after it passes the message on to the discount queue, before it removes it from the delay queue. What does the Discount handler get?`,
    choices: ['The message once, on time', 'The message twice', 'Nothing: the message is lost'],
    answer: 1,
    explain:
      'Passing the message on and deleting it from the delay queue are two separate calls to SQS, with no transaction around them. The copy nobody deleted shows up again when its 30 s visibility timeout runs out, and the relay, back on its feet, passes it on a second time.',
    giveaway: ['twice', 'duplicate', 'second', 'again'],
  };
  return [
    {
      name: 'into-the-delay-queue',
      title: 'Into the delay queue',
      narration: `NServiceBus sends ${n(delay)} s to discount-delay.fifo instead, the whole delay in a message attribute. That FIFO queue holds every message 900 s; then the relay works out what is left: ${n(afterFirst)} s.`,
      notes: `A FIFO queue takes no DelaySeconds per message, only one delay for the whole queue, and NServiceBus sets it to the maximum, 900 s. The attribute is NServiceBus.AmazonSQS.DelaySeconds. The relay works out what is left from SQS’s own timestamps (SentTimestamp, first receive), not its own clock, so a relay running a little late does not stretch the delay. ${SOURCES}`,
      commands: [{ do: 'sqs.send', sender: API, body: BODY, delaySeconds: delay }],
      until: { kind: 'event', match: { kind: 'sqs-deleted', msg: 2 } },
      highlight: [DELAY_QUEUE, RELAY],
    },
    {
      name: 'laps',
      title: laps.length === 1 ? 'One lap, then the rest' : 'Lap after lap',
      narration:
        laps.length === 1
          ? `One lap was enough: ${n(last.seconds)} s is left, which fits, so the relay sends it to the discount queue with DelaySeconds ${n(last.seconds)}.`
          : `While over 900 s is left, the relay sends it round the delay queue again: ${chain(laps.map((h) => h.remaining))}, ${n(laps.length)} laps of 900 s. The last ${n(last.seconds)} s it waits on the discount queue, as DelaySeconds.`,
      notes: `${n(delay)} s = ${laps.length <= 5 ? laps.map(() => '900').join(' + ') : `${n(laps.length)} × 900`} + ${n(last.seconds)}. Every lap is a fresh message: a receive, a send and a delete, so 7 days is 671 laps and about 2,000 requests; NServiceBus’s documentation prices a one-year delay at about 3.5 cents. If the relay crashes between a lap’s send and its delete, the FIFO queue drops the second send, because it has seen its deduplication id in the last 5 minutes; a relay down for longer than that would make a second copy. ${SOURCES}`,
      commands: [],
      until: { kind: 'event', match: { kind: 'sqs-stored', msg: 2, from: DESTINATION } },
      highlight: [DELAY_QUEUE, RELAY, DESTINATION],
    },
    {
      name: 'on-time',
      title: 'On the dot',
      narration: `The discount queue shows the message once its ${n(last.seconds)} s are up, and the handler takes ${ORDER_AMOUNT} off Alice’s total ${spoken(delay)} after it was sent. The only extra is the network: ${network} s.`,
      notes: `${n(delay)} s after the send, plus 50 ms each way on every one of the ${hops.length} hops. The delay never drifts, because each lap subtracts what SQS says the message really waited. ${SOURCES}`,
      commands: [],
      highlight: [DESTINATION, HANDLER],
    },
    {
      name: 'duplicate',
      title: 'A hop that happens twice',
      narration: `Again, but the relay crashes after passing the message on and before deleting it. Thirty seconds later the delay queue shows that copy again, the relay passes it on twice, and the handler takes ${ORDER_AMOUNT} off twice.`,
      notes: `This is why NServiceBus says delayed messages may arrive more than once: SQS has no transaction that spans two queues. The last hop, into the standard discount queue, has no deduplication, so the handler must be idempotent (remember which messages it has applied) or the total drops by ${ORDER_AMOUNT * 2} instead of ${ORDER_AMOUNT}. ${SOURCES}`,
      commands: [
        { do: 'sqs.crash-after-send', actor: RELAY, handover: true },
        { do: 'sqs.send', sender: API, body: BODY, delaySeconds: delay },
      ],
      highlight: [RELAY, HANDLER],
      predict,
    },
  ];
}

/** The steps for a delay that fits in DelaySeconds: straight in and the wait, on time, and a duplicate from a handler that crashes before its delete (no laps, so one step fewer). */
function straightSteps(delay: number): Step[] {
  const predict: Prediction = {
    question: `Same ${n(delay)} s, but this time the handler dies just after it takes ${ORDER_AMOUNT} off, before it removes the message from the queue. What happens to Alice’s total?`,
    choices: [`${ORDER_AMOUNT} off, once`, `${ORDER_AMOUNT} off twice`, 'Nothing: the message is lost'],
    answer: 1,
    explain: 'Handling and deleting are two separate steps. The copy nobody deleted shows up again when its 30 s visibility timeout runs out, and the handler, back on its feet, handles it a second time.',
    giveaway: ['twice', 'duplicate', 'second', 'again'],
  };
  return [
    {
      name: 'into-the-delay-queue',
      title: 'It fits: straight in',
      narration: `${n(delay)} s is within SQS’s 900 s, so NServiceBus sends it straight to the discount queue with DelaySeconds ${n(delay)}: no delay queue, no relay. Nobody can receive it until its ${n(delay)} s are up.`,
      notes: `Up to 900 s, NServiceBus uses SQS’s own per-message timer. While it waits, the message counts in the queue’s ApproximateNumberOfMessagesDelayed, not among the messages a consumer can see. Try 2,800 or 7 days to see the delay queue at work. ${SOURCES}`,
      commands: [{ do: 'sqs.send', sender: API, body: BODY, delaySeconds: delay }],
      until: { kind: 'event', match: { kind: 'sqs-visible', msg: 2 } },
      highlight: [API, DESTINATION],
    },
    {
      name: 'on-time',
      title: 'On the dot',
      narration: `The handler takes ${ORDER_AMOUNT} off Alice’s total ${spoken(delay)} after it was sent, plus 0.1 s of network.`,
      notes: `One hop in, one hop out, 50 ms each. ${SOURCES}`,
      commands: [],
      highlight: [DESTINATION, HANDLER],
    },
    {
      name: 'duplicate',
      title: 'Handled twice',
      narration: `Again, but the handler crashes right after it takes ${ORDER_AMOUNT} off, before it deletes the message. Thirty seconds later SQS shows the message again, and the handler takes ${ORDER_AMOUNT} off a second time.`,
      notes: `SQS delivers at least once: a message received and not deleted within its visibility timeout is received again, its ApproximateReceiveCount one higher. The handler must be idempotent. ${SOURCES}`,
      commands: [
        { do: 'sqs.crash-before-delete', actor: HANDLER },
        { do: 'sqs.send', sender: API, body: BODY, delaySeconds: delay },
      ],
      highlight: [HANDLER, DESTINATION],
      predict,
    },
  ];
}

/**
 * A delay typed by the learner, judged: a whole number of seconds from 0 to 14 days, or a sentence saying why not.
 * @example readDelay('2,800') // { value: 2800 }
 * @example readDelay('-5').refusal // 'A delay cannot be negative: …'
 */
export function readDelay(raw: string): { value?: number; notice?: string; refusal?: string } {
  const text = raw.trim().replace(/[,_\s]/g, '').replace(/s$/i, '');
  const x = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(x)) return { refusal: `“${raw.trim()}” is not a number of seconds: type a delay such as 2800.` };
  if (x < 0) return { refusal: 'A delay cannot be negative: the message would have to arrive before it was sent.' };
  if (x > SQS_SCENE_MAX_DELAY_S)
    return {
      refusal: `This scene stops at 14 days (${n(SQS_SCENE_MAX_DELAY_S)} s), SQS’s longest retention. The laps themselves have no limit, since each one is a fresh message, but a longer delay only adds laps to the same picture.`,
    };
  const value = Math.round(x);
  return value === x ? { value } : { value, notice: `SQS counts DelaySeconds in whole seconds: ${text} s is rounded to ${n(value)} s.` };
}

/** The learner's delay: the field, its presets, and the scene remade for a new value. */
function inputsFor(delay: number): SceneInputs {
  return {
    fields: [
      {
        name: 'delay',
        label: 'Delay (seconds)',
        value: delay,
        presets: [
          { label: '42 s', value: 42 },
          { label: '2,800 s', value: 2_800 },
          { label: '7 days', value: SEVEN_DAYS_S },
        ],
        min: 0,
        max: SQS_SCENE_MAX_DELAY_S,
      },
    ],
    apply(values) {
      const raw = values.delay;
      if (raw === undefined) return { scene: sqsDelayScene(delay), notices: [] };
      const read = readDelay(raw);
      if (read.value === undefined) return { notices: [read.refusal ?? 'That delay is refused.'] };
      return { scene: sqsDelayScene(read.value), notices: read.notice ? [read.notice] : [] };
    },
  };
}

/**
 * The scene for a delay in whole seconds, 0 to 14 days.
 * @example sqsDelayScene(42).steps[1].title // 'It fits: straight in'
 */
export function sqsDelayScene(delay: number): Scene {
  return {
    id: 'sqs-delay',
    chapter: 'future',
    title: 'Delayed delivery on SQS',
    summary: 'DelaySeconds stops at 900 s; a FIFO delay queue re-sends what is left until it fits.',
    channels: [],
    world: FUTURE_WORLD,
    kernel: SQS_KERNEL,
    stage: SQS_STAGE,
    expected: {},
    steps: [refusedStep, ...(delay > 900 ? lappingSteps(delay) : straightSteps(delay))],
    inputs: inputsFor(delay),
  };
}

export const sqsDelay: Scene = sqsDelayScene(SQS_SCENE_DELAY_S);
