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
import { RABBIT_KINDS } from '../../actors/rabbitmq/cast.ts';
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

/** The routing key after its leading zeros, as the narration says it: dotted when short, counted when long (a phone cannot wrap a 40-character word). */
function keyTail(delay: number): string {
  const bits = significantBits(delay);
  return bits.length <= 12 ? `${bits.split('').join('.')}.${DESTINATION}` : `those ${bits.length} bits, one word each, then ${DESTINATION}`;
}

/** Two digits: 5 → '05'. */
const nn = (level: number): string => String(level).padStart(2, '0');

/**
 * What happens from one level down, in words: "04 passes it on, 03 keeps it 8 s, …, then
 * delay-delivery routes it to discount". `from` is the first level to tell.
 */
function fallWords(delay: number, from: number): string {
  const below = delayPath(delay).filter((s) => s.level <= from);
  if (below.length === 0) return `${DELIVERY_EXCHANGE} routes it to ${DESTINATION}`;
  const waits = below.filter((s) => s.bit === 1);
  // A long way down is told as a whole, not level by level.
  if (waits.length > 4) {
    const each = waits.length > 6 ? 'each for half as long as the one before' : `for ${and(waits.map((s) => humanDelay(s.waits)))}`;
    const zeros = below.length > waits.length ? ', and the levels whose bit is 0 pass it on' : '';
    return `${waits.length} more queues keep it, ${each}${zeros}; ${DELIVERY_EXCHANGE} routes it to ${DESTINATION}`;
  }
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

/** The second level the message waits at, if any: where the first step after the first wait leaves it. */
const secondWait = (delay: number): number | undefined => delayPath(delay).slice(1).find((s) => s.bit === 1)?.level;

/** From the first level down to the next queue, in words: "04's bit is 0, so it passes straight on to 03, whose queue keeps it 8 s". */
function toSecondWords(delay: number): string {
  const first = firstLevel(delay);
  const second = secondWait(delay);
  if (second === undefined) return first === 0 ? `${DELIVERY_EXCHANGE} takes it to ${DESTINATION}` : `every bit below is 0, so it passes straight on down to ${DELIVERY_EXCHANGE} and ${DESTINATION}`;
  const skipped = first - second - 1;
  const passes = skipped === 0 ? '' : skipped === 1 ? `${nn(first - 1)}’s bit is 0, so it passes straight on to ` : `the bits of ${nn(first - 1)} to ${nn(second + 1)} are 0, so it passes straight on to `;
  if (skipped === 0) return `${levelName(second)}’s bit is 1, so it goes into queue ${levelName(second)}, which keeps it ${humanDelay(2 ** second)}`;
  return `${passes}${levelName(second)}, whose queue keeps it ${humanDelay(2 ** second)}`;
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
        : `The Order API wants this message at Discount in ${delayWords(delay)}. That is ${significantBits(delay)} in binary, so the routing key is ${zeros === 0 ? '' : `${zeros} zeros, then `}${keyTail(delay)}, published straight to ${levelName(first)}, the level of its highest 1 bit.`,
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
      narration: `Queue ${levelName(first)} holds every message ${humanDelay(2 ** first)} (its TTL) and nobody reads it. Then it dead-letters the message to ${first === 0 ? DELIVERY_EXCHANGE : levelName(first - 1)}: ${toSecondWords(delay)}.`,
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
          ? `Discount has it ${humanDelay(delay)} after the broker took it, with one x-death entry: the queue of ${levelName(first)}.`
          : `Then ${fallWords(delay, secondWait(delay)! - 1).replace(/^(\d\d)(?= (passes|keeps|to) )/, 'level $1')}. Discount has it ${humanDelay(delay)} after the broker took it, and x-death names the ${waited.length} queues it waited in.`,
      notes: `The waits add up to the delay: ${and(waited.map((q) => humanDelay(2 ** Number(q.slice(-2)))))} = ${humanDelay(delay)}. Each dead-lettering adds an x-death entry (queue, reason expired, exchange, routing keys, count); only x-death[0] is the latest, the rest are not in time order. The simulation routes inside the broker in no time. The same topology, scaled to 6 levels of 100 ms, runs on a real RabbitMQ 3.10 in the conformance tests: 40 random delays wait in the same queues there, and arrive 6 to 30 ms later than the simulation says.`,
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
    notes: 'The maximum is (1 << 28) − 1 seconds; the talk’s slide rounds it to 2^28. What NServiceBus does with a longer delay was not checked (FACTS.md §3 ⚠): here the sender refuses it with a sentence, because 29 bits would not fit the routing key. Type a delay in the field beside the narration to remake the scene. NServiceBus 7+ calls them nsb.v2.delay-level-NN and makes them quorum queues; the simulation names them delay-level-NN and does not model queue types.',
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
        // Two small boxes (a pill each) on a short phone row; the ladder gets the width on a projector.
        [
          { id: PUBLISHER, kind: RABBIT_KINDS.publisher, title: 'Order API', phoneSize: 0.8 },
          { id: DESTINATION, kind: RABBIT_KINDS.consumer, title: 'Discount', phoneSize: 0.8 },
        ],
        [{ id: BROKER, kind: RABBIT_KINDS.delayLevels, title: 'RabbitMQ' }],
      ],
      widths: [0.9, 1.1],
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
