/**
 * Amazon SQS's limits on delays, and NServiceBus's way round them as a pure function: a delay of
 * at most 900 s goes straight to the destination with DelaySeconds; a longer one laps the
 * destination's `-delay.fifo` queue (a queue-level delay of 900 s) until what is left fits, then
 * goes to the destination with DelaySeconds = the rest (FACTS.md §3). The relay machine does the
 * same thing for real in the world; tests hold the two together.
 */

/** DelaySeconds, per message or per queue, is 0–900 s (15 minutes). */
export const MAX_DELAY_SECONDS = 900;
/** The queue-level delay NServiceBus gives an endpoint's `-delay.fifo` queue. */
export const DELAY_QUEUE_SECONDS = 900;
/** Default VisibilityTimeout: 30 s. */
export const DEFAULT_VISIBILITY_MS = 30_000;
/** The longest VisibilityTimeout SQS takes: 12 h. */
export const MAX_VISIBILITY_MS = 12 * 3_600_000;
/** A FIFO queue drops a send whose MessageDeduplicationId it took within the last 5 minutes. */
export const DEDUP_WINDOW_MS = 5 * 60_000;

/** One stretch of a delayed message's wait. */
export interface Hop {
  /** 'delay-queue': one lap of the FIFO delay queue; 'destination': the last wait, with DelaySeconds. */
  queue: 'delay-queue' | 'destination';
  /** Seconds waited on this hop. */
  seconds: number;
  /** The delay still to go when the message is sent for this hop (the attribute it carries, or DelaySeconds). */
  remaining: number;
}

/**
 * The hops of a delay in whole seconds, in order.
 * @example sqsHops(600) // [{ queue: 'destination', seconds: 600, remaining: 600 }]
 * @example sqsHops(2800).map((h) => h.seconds) // [900, 900, 900, 100]
 * @example sqsHops(1925).map((h) => h.remaining) // [1925, 1025, 125]
 */
export function sqsHops(delaySeconds: number): Hop[] {
  if (!Number.isInteger(delaySeconds) || delaySeconds < 0) throw new RangeError(`a delay is a whole number of seconds, 0 or more (not ${delaySeconds})`);
  const hops: Hop[] = [];
  let left = delaySeconds;
  while (left > MAX_DELAY_SECONDS) {
    hops.push({ queue: 'delay-queue', seconds: DELAY_QUEUE_SECONDS, remaining: left });
    left -= DELAY_QUEUE_SECONDS;
  }
  hops.push({ queue: 'destination', seconds: left, remaining: left });
  return hops;
}

/**
 * Why SQS refuses a DelaySeconds, or undefined when it takes it.
 * @example delayRefusal(604_800) // 'DelaySeconds must be between 0 and 900; 604,800 is not'
 */
export function delayRefusal(delaySeconds: number): string | undefined {
  if (Number.isInteger(delaySeconds) && delaySeconds >= 0 && delaySeconds <= MAX_DELAY_SECONDS) return undefined;
  return `DelaySeconds must be between 0 and ${MAX_DELAY_SECONDS}; ${delaySeconds.toLocaleString('en-US')} is not`;
}

/** The tone every hop's token is drawn in: the message takes an amount off a total, as a withdraw does. */
export const TONE = { kind: 'withdraw' } as const;

/**
 * A stretch of time as a speaker says it: "42 s", "15 min", "46 min 40 s", "7 days".
 * @example spoken(2800) // '46 min 40 s'
 */
export function spoken(s: number): string {
  if (s < 60) return `${s} s`;
  if (s % 86_400 === 0) return `${s / 86_400} day${s === 86_400 ? '' : 's'}`;
  if (s >= 86_400) return `${(s / 86_400).toFixed(1)} days`;
  if (s % 3_600 === 0) return `${s / 3_600} h`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (m >= 60) return `${Math.floor(m / 60)} h ${m % 60} min${rest ? ` ${rest} s` : ''}`;
  return `${m} min${rest ? ` ${rest} s` : ''}`;
}
