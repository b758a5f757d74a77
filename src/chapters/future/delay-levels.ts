/**
 * Scene 9: delayed delivery on RabbitMQ, the learner's delay (STORYBOARD.md, chapter 2). The
 * delay is written as 28 bits; NServiceBus publishes the message to the exchange of its highest
 * 1 bit with the bits as its routing key, and the message falls through the delay levels: it
 * waits in the TTL queue of every level whose bit is 1 and passes straight through every level
 * whose bit is 0. The topology is built in the simulated broker from its own exchanges, queues
 * and bindings (actors/rabbitmq/delay.ts), and the broker routes with its own topic matcher.
 *
 * `delayLevelsScene(delay)` makes the scene for any delay; `inputs.apply` remakes it for what
 * the learner types, or refuses with a sentence. The default is the talk's 42 s.
 */
import { DELIVERY_EXCHANGE, delayBits, delayPath, delayProblem, delayRoutingKey, delayTopology, firstLevel, humanDelay, LEVELS, levelName, MAX_DELAY_S, queuesWaited } from '../../actors/rabbitmq/delay.ts';
import type { RabbitCommand } from '../../actors/rabbitmq/types.ts';
import { RABBIT_KINDS } from '../../actors/rabbitmq/world.ts';
import type { Prediction, Scene, SceneInputs, Step } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

/** The talk's example: 42 s = 101010₂. */
export const DEFAULT_DELAY_S = 42;
/** A week in seconds: the chapter's window. */
export const WEEK_S = 7 * 24 * 3600;
/** The destination endpoint: its queue binds `#.discount` on delay-delivery. */
export const DESTINATION = 'discount';

const BROKER = 'rabbit';
const PUBLISHER = 'orders';

/** "32 s, 8 s and 2 s". */
const and = (xs: readonly string[]): string => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/** "42 s", "7 days (604,800 s)". */
const delayWords = (delay: number): string => (delay < 60 ? `${delay} s` : `${humanDelay(delay)} (${delay.toLocaleString('en-US')} s)`);

/** The bits from the first level down, as the talk's slide writes them: '101010'. */
const significantBits = (delay: number): string => delayBits(delay).slice(LEVELS - 1 - firstLevel(delay)).join('');

/** Two digits: 5 → '05'. */
const nn = (level: number): string => String(level).padStart(2, '0');

/** What happens below the first level, in words: "04 passes it on, 03 keeps it 8 s, …". */
function fallWords(delay: number): string {
  const below = delayPath(delay).slice(1);
  if (below.length === 0) return `queue ${levelName(0)} dead-letters it to ${DELIVERY_EXCHANGE}, which routes it to ${DESTINATION}`;
  // Runs of 0 bits read as one hop: "05 to 01 pass it on".
  const parts: string[] = [];
  for (let i = 0; i < below.length; ) {
    const s = below[i]!;
    if (s.bit === 1) {
      parts.push(`${nn(s.level)} keeps it ${humanDelay(s.waits)}`);
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < below.length && below[j + 1]!.bit === 0) j++;
    parts.push(j === i ? `${nn(s.level)} passes it on` : `${nn(s.level)} to ${nn(below[j]!.level)} pass it on`);
    i = j + 1;
  }
  return `${and(parts)}, then ${DELIVERY_EXCHANGE} routes it to ${DESTINATION}`;
}

/** The prediction of the first step, when the delay makes a fair question of it (two or more waits, not every level). */
function howManyQueues(delay: number): Prediction | undefined {
  const waits = queuesWaited(delay).length;
  const span = firstLevel(delay) + 1;
  if (waits < 2 || waits === span) return undefined;
  return {
    question: `${delayWords(delay)} is ${significantBits(delay)} in binary. In how many of the 28 level queues will the message wait?`,
    choices: [`${waits}: one for each 1 bit`, `${span}: every level from ${nn(span - 1)} down`, `1: ${levelName(span - 1)}, for the whole ${humanDelay(delay)}`],
    answer: 0,
    explain: `A level whose bit is 0 binds 0.# straight to the exchange below it: no queue, no wait. Only the 1 bits send it into a queue, for ${and(queuesWaited(delay).map((q) => humanDelay(2 ** Number(q.slice(-2)))))}: ${humanDelay(delay)} in all.`,
    giveaway: ['one for each 1 bit', 'for each 1 bit'],
  };
}

/** The steps for one delay. */
function stepsFor(delay: number): Step[] {
  const send: RabbitCommand = { do: 'rabbitmq.send-delayed', publisher: PUBLISHER, delay, destination: DESTINATION, label: humanDelay(delay) };
  const first = firstLevel(delay);
  const waited = queuesWaited(delay);
  const key = delayRoutingKey(delay, DESTINATION);
  const zeros = LEVELS - 1 - first;
  const predict = howManyQueues(delay);
  const publish: Step = {
    name: 'publish',
    title: `${humanDelay(delay)} as 28 bits`,
    narration:
      delay === 0
        ? `A delay of 0 has no 1 bit: the Order API publishes to ${levelName(0)}, whose bit is 0, and the message goes straight on to ${DELIVERY_EXCHANGE} and Discount.`
        : `The Order API wants this message at Discount in ${delayWords(delay)}. That is ${significantBits(delay)} in binary, so the routing key is ${zeros} zeros, then ${significantBits(delay).split('').join('.')}.${DESTINATION}, published straight to ${levelName(first)}, the level of its highest 1 bit.`,
    notes: `This is NServiceBus's RabbitMQ transport (DelayInfrastructure.cs): 28 levels, one per bit from 2^27 s down to 2^0 s. The routing key is ${key}. Nothing in RabbitMQ knows about delays: these are ordinary topic exchanges, queues with a TTL and dead-letter exchanges, and the broker here routes with its own topic matcher.`,
    commands: [send],
    until: { kind: 'event', match: { kind: 'amqp-enqueue' } },
    highlight: [PUBLISHER, BROKER],
    ...(predict ? { predict } : {}),
  };
  if (delay === 0) {
    return [
      publish,
      {
        name: 'delivered',
        title: 'No wait at all',
        narration: 'Discount has it one network hop later. No queue held it, so its x-death header is empty.',
        notes: 'On the real server (FACTS.md §6) a delay of 0 arrived in 5 ms with no x-death: it only crossed exchange-to-exchange bindings.',
        commands: [],
        highlight: [DESTINATION],
      },
      anyDelay(delay),
    ];
  }
  return [
    publish,
    {
      name: 'first-wait',
      title: `${humanDelay(2 ** first)} in ${levelName(first)}`,
      narration: `Queue ${levelName(first)} keeps every message for ${humanDelay(2 ** first)} (its x-message-ttl), then dead-letters it to exchange ${first === 0 ? DELIVERY_EXCHANGE : levelName(first - 1)}. Nobody consumes from it: the waiting is the whole job.`,
      notes: `Every message in a level's queue has the same TTL, so the one at the head is always the next to expire. That matters: RabbitMQ only expires messages at the head of a queue, and a long TTL in front holds back a short one behind it (measured: 10 s then 1 s, both dead-lettered at 10 s). Fixed TTLs per level avoid that.`,
      commands: [],
      until: { kind: 'event', match: { kind: 'amqp-enqueue' } },
      highlight: [BROKER],
    },
    {
      name: 'fall-through',
      title: 'Down the ladder',
      narration:
        waited.length === 1
          ? `From here it only falls: ${fallWords(delay)}. Discount has it ${humanDelay(delay)} after the broker took it, with one x-death entry.`
          : `Then ${fallWords(delay)}. Discount has it ${humanDelay(delay)} after the broker took it, and x-death names the ${waited.length} queues it waited in.`,
      notes: `The waits add up to the delay: ${and(waited.map((q) => humanDelay(2 ** Number(q.slice(-2)))))} = ${humanDelay(delay)}. Each dead-lettering adds an x-death entry (queue, reason expired, exchange, routing keys, count); only x-death[0] is the latest, the rest are not in time order. The simulation routes inside the broker in no time; the real RabbitMQ 3.10 took 42 units of 100 ms as 4,208 ms (FACTS.md §6).`,
      commands: [],
      highlight: [BROKER, DESTINATION],
    },
    anyDelay(delay),
  ];
}

/** The last step: how far the levels go, and what happens past that. */
function anyDelay(delay: number): Step {
  return {
    name: 'any-delay',
    title: 'Any delay up to 8.5 years',
    narration: `28 levels hold up to ${MAX_DELAY_S.toLocaleString('en-US')} s, about 8.5 years. ${delay === WEEK_S ? 'A week' : 'Try 604800: a week'} waits in 7 queues; a longer delay than the maximum is refused before anything is sent.`,
    notes: 'The maximum is (1 << 28) − 1 seconds; the talk’s slide rounds it to 2^28. What NServiceBus does with a longer delay was not checked (FACTS.md §3 ⚠): here the sender refuses it with a sentence, because 29 bits would not fit the routing key. Type a delay in the field beside the narration to remake the scene.',
    commands: [],
    highlight: [BROKER],
  };
}

/** The presets offered beside the narration. */
const PRESETS = [
  { label: '42 s', value: DEFAULT_DELAY_S },
  { label: '7 days', value: WEEK_S },
  { label: 'the maximum', value: MAX_DELAY_S },
] as const;

/** The field's text as a delay, or a sentence refusing it; a fraction is rounded, with a notice. */
export function parseDelay(text: string): { delay?: number; notices: string[] } {
  const raw = text.trim().replace(/[,_\s]/g, '');
  if (raw === '' || !/^[+-]?(\d+(\.\d*)?|\.\d+)(e\d+)?$/i.test(raw)) return { notices: [`“${text.trim()}” is not a number of seconds.`] };
  const value = Number(raw);
  if (value < 0) return { notices: [delayProblem(value) ?? 'A delay cannot be negative.'] };
  const delay = Math.round(value);
  const problem = delayProblem(delay);
  if (problem) return { notices: [problem] };
  return { delay, notices: delay === value ? [] : [`Delays are whole seconds: ${value} s is rounded to ${delay} s.`] };
}

/**
 * The scene for one delay in seconds (0 to 268,435,455).
 * @example delayLevelsScene(604_800).steps[0].title // '7 days as 28 bits'
 */
export function delayLevelsScene(delay: number): Scene {
  const problem = delayProblem(delay);
  if (problem) throw new RangeError(problem);
  const inputs: SceneInputs = {
    fields: [{ name: 'delay', label: 'Delay (seconds)', value: delay, presets: PRESETS, min: 0, max: MAX_DELAY_S }],
    apply(values) {
      if (values.delay === undefined) return { scene: delayLevelsScene(delay), notices: [] };
      const parsed = parseDelay(values.delay);
      return parsed.delay === undefined ? { notices: parsed.notices } : { scene: delayLevelsScene(parsed.delay), notices: parsed.notices };
    },
  };
  return {
    id: 'delay-levels',
    chapter: 'future',
    title: 'Delayed delivery on RabbitMQ',
    summary: 'Any delay as 28 bits: the message waits only at the levels whose bit is 1.',
    channels: [],
    world: FUTURE_WORLD,
    kernel: {
      seed: 1,
      actors: [
        // The broker first: the consumer subscribes to its queue as it starts.
        { name: BROKER, kind: RABBIT_KINDS.delayLevels, config: delayTopology({ destinations: [DESTINATION] }) },
        { name: PUBLISHER, kind: RABBIT_KINDS.publisher, config: { broker: BROKER } },
        { name: DESTINATION, kind: RABBIT_KINDS.consumer, config: { broker: BROKER, queue: DESTINATION } },
      ],
      network: { latencyMs: 100, jitterMs: 0 },
    },
    stage: {
      columns: [
        [
          { id: PUBLISHER, kind: RABBIT_KINDS.publisher, title: 'Order API' },
          { id: DESTINATION, kind: RABBIT_KINDS.consumer, title: 'Discount' },
        ],
        [{ id: BROKER, kind: RABBIT_KINDS.delayLevels, title: 'RabbitMQ' }],
      ],
      edges: [
        { from: PUBLISHER, to: BROKER },
        { from: BROKER, to: DESTINATION },
      ],
    },
    expected: {},
    steps: stepsFor(delay),
    inputs,
  };
}

export const delayLevels: Scene = delayLevelsScene(DEFAULT_DELAY_S);
