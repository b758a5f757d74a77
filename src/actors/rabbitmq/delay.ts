/**
 * NServiceBus's delay levels on RabbitMQ (FACTS.md §3; Particular/NServiceBus.RabbitMQ,
 * DelayInfrastructure.cs), as pure functions: a delay in whole units (seconds) is written as 28
 * bits, the routing key is those bits from the highest level down followed by the destination
 * (`0.….1.0.1.0.1.0.discount`), and the message is first published to the exchange of its highest
 * set bit. Each level N is a topic exchange `delay-level-NN` with a queue of the same name whose
 * messages live 2^N units and are then dead-lettered to the exchange one level down; the last
 * level's queue dead-letters to `delay-delivery`, where each destination binds `#.<destination>`.
 *
 * `delayTopology` builds that topology as a broker's config (exchanges, queues, bindings), so the
 * simulated broker routes the message with its own topic matcher. Fewer levels and a smaller unit
 * (6 levels of 100 ms, say) give the same design at a scale a real server test can wait for.
 *
 * @example delayBits(42).slice(-6).join('') // '101010'
 * @example delayRoutingKey(42, 'discount', 6) // '1.0.1.0.1.0.discount'
 */
import type { BrokerConfig, Ms } from './types.ts';

/** The levels NServiceBus uses: one per bit, from 2^27 down to 2^0. */
export const LEVELS = 28;
/** The longest delay 28 levels hold: (1 << 28) − 1 = 268,435,455 s, about 8.5 years. */
export const MAX_DELAY_S = 2 ** LEVELS - 1;
/** The last hop: the exchange every destination binds to. */
export const DELIVERY_EXCHANGE = 'delay-delivery';

/** The longest delay `levels` levels hold, in units. */
export const maxDelay = (levels: number = LEVELS): number => 2 ** levels - 1;

/**
 * A level's exchange and queue name, two digits.
 * @example levelName(5) // 'delay-level-05'
 */
export const levelName = (level: number): string => `delay-level-${String(level).padStart(2, '0')}`;

/**
 * The level a `delay-level-NN` name stands for, or undefined for any other name.
 * @example levelOf('delay-level-05') // 5
 */
export function levelOf(name: string): number | undefined {
  const m = /^delay-level-(\d{2})$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** A sentence saying why a delay cannot be sent, or undefined when it can. */
export function delayProblem(delay: number, levels: number = LEVELS): string | undefined {
  if (!Number.isFinite(delay)) return 'A delay has to be a number of seconds.';
  if (!Number.isInteger(delay)) return `A delay is a whole number of seconds; ${delay} is not.`;
  if (delay < 0) return `A delay cannot be negative (${delay} s): a message cannot be sent into the past.`;
  if (delay > maxDelay(levels)) {
    return `${delay.toLocaleString('en-US')} s is more than ${levels} levels can hold: the longest delay is ${maxDelay(levels).toLocaleString('en-US')} s${levels === LEVELS ? ' (about 8.5 years)' : ''}. Nothing was sent.`;
  }
  return undefined;
}

/**
 * The delay's bits, highest level first: index 0 is level `levels − 1`, the last is level 0.
 * Throws for a delay the levels cannot hold (check delayProblem first).
 * @example delayBits(42, 6) // [1, 0, 1, 0, 1, 0]
 */
export function delayBits(delay: number, levels: number = LEVELS): (0 | 1)[] {
  const problem = delayProblem(delay, levels);
  if (problem) throw new RangeError(problem);
  const bits: (0 | 1)[] = [];
  // Arithmetic rather than bit operators: a 32-bit shift would wrap past 2^31.
  for (let level = levels - 1; level >= 0; level--) bits.push(Math.floor(delay / 2 ** level) % 2 === 1 ? 1 : 0);
  return bits;
}

/** The bit of one level. */
export const bitAt = (delay: number, level: number): 0 | 1 => (Math.floor(delay / 2 ** level) % 2 === 1 ? 1 : 0);

/**
 * The routing key: the bits from the highest level down, then the destination.
 * @example delayRoutingKey(10, 'some-address').startsWith('0.0.0') // true, and it ends '1.0.1.0.some-address'
 */
export const delayRoutingKey = (delay: number, destination: string, levels: number = LEVELS): string => `${delayBits(delay, levels).join('.')}.${destination}`;

/**
 * The level the message is first published at: its highest set bit (0 for a delay of 0 or 1, as
 * NServiceBus has it).
 * @example firstLevel(42) // 5
 */
export function firstLevel(delay: number, levels: number = LEVELS): number {
  const bits = delayBits(delay, levels);
  const i = bits.indexOf(1);
  return i < 0 ? 0 : levels - 1 - i;
}

/** One level on the message's way down: whether it waits there (its bit is 1) and for how long. */
export interface LevelStop {
  level: number;
  name: string;
  bit: 0 | 1;
  /** Units it waits in this level's queue: 2^level when the bit is 1, else 0. */
  waits: number;
}

/**
 * The levels a message passes, from its first level down to 0, and which queues it waits in.
 * @example delayPath(42).filter((s) => s.bit === 1).map((s) => s.name) // ['delay-level-05', 'delay-level-03', 'delay-level-01']
 */
export function delayPath(delay: number, levels: number = LEVELS): LevelStop[] {
  const from = firstLevel(delay, levels);
  const stops: LevelStop[] = [];
  for (let level = from; level >= 0; level--) {
    const bit = bitAt(delay, level);
    stops.push({ level, name: levelName(level), bit, waits: bit === 1 ? 2 ** level : 0 });
  }
  return stops;
}

/** The queues a delay waits in, highest first. */
export const queuesWaited = (delay: number, levels: number = LEVELS): string[] => delayPath(delay, levels).filter((s) => s.bit === 1).map((s) => s.name);

/**
 * A level's binding pattern: `*.` once for each level above it, then the bit and `#`.
 * @example levelPattern(25, 1) // '*.*.1.#'
 */
export const levelPattern = (level: number, bit: 0 | 1, levels: number = LEVELS): string => `${'*.'.repeat(levels - 1 - level)}${bit}.#`;

/**
 * The whole delay topology as a broker's config: `levels` topic exchanges and their TTL queues,
 * `delay-delivery`, and for each destination its queue bound `#.<destination>` on delay-delivery.
 * A unit of 1000 ms is NServiceBus's seconds; 100 ms is the scaled-down copy a real server test
 * waits for.
 */
export function delayTopology(o: { destinations: readonly string[]; levels?: number; unitMs?: Ms }): BrokerConfig {
  const levels = o.levels ?? LEVELS;
  const unitMs = o.unitMs ?? 1000;
  const config: BrokerConfig = { exchanges: [], queues: [], bindings: [] };
  for (let level = levels - 1; level >= 0; level--) {
    const name = levelName(level);
    const below = level === 0 ? DELIVERY_EXCHANGE : levelName(level - 1);
    config.exchanges.push({ name, type: 'topic' });
    config.queues.push({ name, messageTtlMs: 2 ** level * unitMs, deadLetterExchange: below });
    config.bindings.push({ source: name, destination: name, destinationType: 'queue', pattern: levelPattern(level, 1, levels) });
    config.bindings.push({ source: name, destination: below, destinationType: 'exchange', pattern: levelPattern(level, 0, levels) });
  }
  config.exchanges.push({ name: DELIVERY_EXCHANGE, type: 'topic' });
  for (const d of o.destinations) {
    config.queues.push({ name: d });
    config.bindings.push({ source: DELIVERY_EXCHANGE, destination: d, destinationType: 'queue', pattern: `#.${d}` });
  }
  return config;
}

/**
 * A number of units as a person says it: "42 s", "7 days", "4.3 years". Whole units below a
 * minute; one decimal at most above.
 * @example humanDelay(604_800) // '7 days'
 */
export function humanDelay(seconds: number): string {
  const round = (x: number) => Number(x.toFixed(1)).toLocaleString('en-US');
  const plural = (x: number, unit: string) => `${round(x)} ${unit}${round(x) === '1' ? '' : 's'}`;
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${round(seconds / 60)} min`;
  if (seconds < 86_400) return plural(seconds / 3600, 'hour');
  if (seconds < 365 * 86_400) return plural(seconds / 86_400, 'day');
  return plural(seconds / (365 * 86_400), 'year');
}
