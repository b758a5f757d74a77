/**
 * The sandbox: a world built from a handful of settings instead of a story, or a scene's story
 * continued from one of its steps ("fork from here"). Settings live in the link in plain words
 * (`#/nats/sandbox/2?v=1&design=naive&listeners=2&…&seed=7`), so a link reproduces the exact run;
 * every value is checked, and one out of range or malformed is clamped or replaced by its default
 * with a sentence saying so. Pure, no DOM.
 */
import { DESIGN_LABELS, channelFor, channelsOf } from './chaos.ts';
import type { Command, Design, ListenerConfig, Ms, Payload, SubscriptionConfig, WorldConfig } from '../../actors/nats/types.ts';
import { baseConfig } from '../../actors/nats/world.ts';
import { money, quote } from '../../lib/format.ts';
import type { Scene, Step } from '../types.ts';

export const SANDBOX_ID = 'sandbox';
/** The version of the link's settings this build writes. A link with another `v` gets a notice. */
export const SANDBOX_VERSION = 1;

/** The designs the sandbox offers: the four the chapter builds, and solution #1, one copy of the naive listener. */
export type SandboxDesign = Design | 'single-copy';

export const SANDBOX_DESIGNS: readonly { value: SandboxDesign; label: string }[] = [
  { value: 'naive', label: DESIGN_LABELS.naive },
  { value: 'single-copy', label: 'Single copy of Account Srv' },
  { value: 'last-sequence', label: DESIGN_LABELS['last-sequence'] },
  { value: 'publisher-last-seq', label: DESIGN_LABELS['publisher-last-seq'] },
  { value: 'per-user-number', label: DESIGN_LABELS['per-user-number'] },
];

export interface SandboxParams {
  design: SandboxDesign;
  /** Copies of Account Srv (1 with 'single-copy'). */
  listeners: number;
  /** Listeners join the queue group 'myQueueGroup' (share the work) or each get every message. */
  queueGroup: boolean;
  /** Durable subscriptions: the server remembers what was acked across a restart. */
  durable: boolean;
  ackWaitMs: Ms;
  /** Time each listener takes per event. */
  processMs: Ms;
  /** Unacked messages a subscription may have before the server stops sending. */
  maxInflight: number;
  /** Users whose events are published, 1 or 2 (a fork keeps its scene's users). */
  users: number;
  /** Events published one second apart (after the story, in a fork). */
  events: number;
  /** Seed of the network's jitter. */
  seed: number;
  /** Set when the sandbox continues a scene: the world is that scene's, up to the end of this step. */
  from?: { sceneId: string; step: number };
}

type NumberKey = 'listeners' | 'ackWaitMs' | 'processMs' | 'maxInflight' | 'users' | 'events' | 'seed';

interface NumberSpec {
  key: NumberKey;
  /** Name in the link. */
  url: string;
  label: string;
  /** Milliseconds shown and written as seconds. */
  seconds?: boolean;
  min: number;
  max: number;
  /** Why the bounds are what they are, for the clamping sentence. */
  minWhy?: string;
  maxWhy: string;
}

/** Every number the sandbox takes, with its bounds (in ms for times). The settings form uses the same list. */
export const NUMBER_SPECS: readonly NumberSpec[] = [
  { key: 'listeners', url: 'listeners', label: 'Listeners', min: 1, max: 3, minWhy: 'someone has to do the work', maxWhy: 'three copies are enough to show any race, and fit on the stage' },
  { key: 'ackWaitMs', url: 'ackwait', label: 'Ack wait', seconds: true, min: 1_000, max: 120_000, minWhy: 'the server refuses an ack wait under 1 s', maxWhy: 'the sandbox runs for minutes, not hours' },
  { key: 'processMs', url: 'process', label: 'Time per event', seconds: true, min: 100, max: 60_000, maxWhy: 'a minute per event is already a stuck listener' },
  { key: 'maxInflight', url: 'inflight', label: 'Max in flight', min: 1, max: 16_384, minWhy: 'a subscription needs room for one message', maxWhy: '16384 is the client’s default and more than any sandbox run sends' },
  { key: 'users', url: 'users', label: 'Users', min: 1, max: 2, minWhy: 'events need someone to belong to', maxWhy: 'two users, their marks and their checks fit in the database table' },
  { key: 'events', url: 'events', label: 'Events', min: 0, max: 9, maxWhy: 'each event is a step, and nine is plenty to click through' },
  { key: 'seed', url: 'seed', label: 'Seed', min: 0, max: 2 ** 32 - 1, maxWhy: 'seeds are 32-bit numbers' },
];

const SWITCHES = [
  { key: 'queueGroup', url: 'queue', label: 'Queue group' },
  { key: 'durable', url: 'durable', label: 'Durable' },
] as const;

/**
 * The names the sandbox reads from its link's query, besides `f` (the injected faults, which
 * any scene's link may carry): the settings version, the scene a fork continues, and each setting.
 */
export const SANDBOX_SETTINGS: readonly string[] = ['v', 'from', 'design', ...NUMBER_SPECS.map((s) => s.url), ...SWITCHES.map((s) => s.url)];

/** Names of users, in the order the sandbox adds them. */
export const SANDBOX_USERS = ['Jim', 'Mary'] as const;
const LISTENER_IDS = ['A', 'B', 'C'] as const;
export const QUEUE_NAME = 'myQueueGroup';
export const DURABLE_NAME = 'account-srv';
/** The client's default max in flight (node-nats-streaming). */
export const DEFAULT_MAX_INFLIGHT = 16_384;
const DEFAULT_ACK_WAIT_MS = 30_000;
/** Virtual time between two published events. */
export const EVENT_GAP_MS = 1_000;
/** The sandbox's network jitter per hop, up to: enough for the seed to matter, never reordering a connection. */
export const SANDBOX_JITTER_MS = 150;

/** A user's events, in turn: the slides' +$70, +$40, −$100 first, and then more that a correct run can always afford. */
const AMOUNTS = [70, 40, -100, 30, -20, 60, -50, 10, -30] as const;

export const DEFAULT_PARAMS: SandboxParams = {
  design: 'naive',
  listeners: 2,
  queueGroup: true,
  durable: true,
  ackWaitMs: DEFAULT_ACK_WAIT_MS,
  processMs: 1_000,
  maxInflight: DEFAULT_MAX_INFLIGHT,
  users: 1,
  events: 3,
  seed: 1,
};

/** Scenes one can fork: a stage and a broker (not the explorer's panel, not HTTP or threads). */
export const canFork = (scene: Scene): boolean => !scene.panel && !scene.kernel && scene.id !== SANDBOX_ID && scene.chapter === 'nats';

/** The settings that describe a scene's world as it is (what a fork starts from). */
export function paramsFromScene(scene: Scene, step: number): SandboxParams {
  const w = scene.world;
  const first: SubscriptionConfig | undefined = w.listeners[0]?.subscriptions[0];
  return {
    design: w.design,
    listeners: w.listeners.length,
    queueGroup: first?.queue !== undefined,
    durable: first?.durable !== undefined,
    ackWaitMs: first?.ackWaitMs ?? DEFAULT_ACK_WAIT_MS,
    processMs: w.listeners[0]?.processMs ?? DEFAULT_PARAMS.processMs,
    maxInflight: first?.maxInflight ?? DEFAULT_MAX_INFLIGHT,
    users: Object.keys(w.users).length,
    events: 0,
    seed: w.seed,
    from: { sceneId: scene.id, step },
  };
}

export interface ParsedSandbox {
  params: SandboxParams;
  /** One sentence per value that had to be corrected or was ignored. */
  notices: string[];
}

const fmtSeconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))}`;
const shown = (spec: NumberSpec, v: number): string => (spec.seconds ? `${fmtSeconds(v)} s` : String(v));
const ON = /^(1|on|true|yes)$/i;
const OFF = /^(0|off|false|no)$/i;

/**
 * Reads sandbox settings from a link's query (or the settings form, which writes the same words).
 * Never throws: what cannot be used is replaced, and `notices` says what and why.
 * @example parseSandbox('listeners=9', scenes).notices // ['Listeners 9 is more than 3 (three copies are enough…), so 3.']
 */
export function parseSandbox(query: string | URLSearchParams, scenes: readonly Scene[]): ParsedSandbox {
  const q = typeof query === 'string' ? new URLSearchParams(query.replace(/^\?/, '')) : query;
  const notices: string[] = [];
  const known = new Set([...SANDBOX_SETTINGS, 'f']);

  const v = q.get('v')?.trim();
  if (v !== undefined && v !== String(SANDBOX_VERSION)) {
    const n = Number(v);
    notices.push(
      Number.isInteger(n) && n > SANDBOX_VERSION
        ? `This link comes from a newer version of Out of Order (settings version ${quote(v)}); what this version understands of it is used.`
        : `This link comes from an older or unknown version of Out of Order (settings version ${quote(v)}); what still makes sense is used and the rest is set to its default.`,
    );
  }
  const unknown = [...new Set([...q.keys()].filter((k) => !known.has(k)))];
  if (unknown.length > 0) notices.push(`${unknown.map(quote).join(', ')} ${unknown.length === 1 ? 'is not a sandbox setting and was' : 'are not sandbox settings and were'} ignored.`);

  // A fork starts from its scene's own settings; a fresh sandbox from the defaults.
  let base: SandboxParams = DEFAULT_PARAMS;
  const from = q.get('from')?.trim();
  if (from) {
    const m = /^(.+)\.(-?\d+)$/.exec(from);
    const scene = m ? scenes.find((s) => s.id === m[1]) : undefined;
    if (!m || !scene) notices.push(`The sandbox was to continue ${quote(m?.[1] ?? from)}, which is not a scene of this version, so it starts fresh.`);
    else if (!canFork(scene)) notices.push(`${quote(scene.title)} has no broker on its stage to continue from, so the sandbox starts fresh.`);
    else {
      const asked = Number(m[2]);
      const step = Math.max(0, Math.min(scene.steps.length - 1, asked));
      if (step !== asked) notices.push(`${quote(scene.title)} has ${scene.steps.length} steps, so the sandbox continues from ${step === 0 ? 'the first' : 'the last'}.`);
      base = paramsFromScene(scene, step);
    }
  }

  const p: SandboxParams = { ...base };
  const design = q.get('design')?.trim();
  if (design !== undefined) {
    const found = SANDBOX_DESIGNS.find((d) => d.value === design.toLowerCase());
    if (found) p.design = found.value;
    else notices.push(`There is no design called ${quote(design)}; the sandbox uses ${quote(label(base.design))}.`);
  }
  for (const spec of NUMBER_SPECS) {
    const raw = q.get(spec.url)?.trim();
    if (raw === undefined) continue;
    if (!/^-?\d+(\.\d+)?$/.test(raw)) {
      notices.push(`${spec.label} ${quote(raw)} is not a number, so it is ${shown(spec, base[spec.key])}.`);
      continue;
    }
    // Times are given in seconds and kept to a tenth of one; counts are whole.
    let value = spec.seconds ? Math.round(Number(raw) * 10) * 100 : Number(raw);
    if (!spec.seconds && !Number.isInteger(value)) {
      const whole = Math.round(value);
      notices.push(`${spec.label} ${raw} is not a whole number, so it is ${whole}.`);
      value = whole;
    }
    if (value < spec.min) {
      notices.push(`${spec.label} ${spec.seconds ? `${raw} s` : raw} is under ${shown(spec, spec.min)}${spec.minWhy ? ` (${spec.minWhy})` : ''}, so it is ${shown(spec, spec.min)}.`);
      value = spec.min;
    } else if (value > spec.max) {
      notices.push(`${spec.label} ${spec.seconds ? `${raw} s` : raw} is more than ${shown(spec, spec.max)} (${spec.maxWhy}), so it is ${shown(spec, spec.max)}.`);
      value = spec.max;
    }
    p[spec.key] = value;
  }
  for (const sw of SWITCHES) {
    const raw = q.get(sw.url)?.trim();
    if (raw === undefined) continue;
    if (ON.test(raw)) p[sw.key] = true;
    else if (OFF.test(raw)) p[sw.key] = false;
    else notices.push(`${sw.label} ${quote(raw)} is neither on nor off, so it is ${base[sw.key] ? 'on' : 'off'}.`);
  }
  if (p.design === 'single-copy' && p.listeners !== 1) {
    if (q.get('listeners') !== null) notices.push(`A single copy of Account Srv is one listener, so there is 1, not ${p.listeners}.`);
    p.listeners = 1;
  }
  if (p.from && p.users !== base.users) {
    notices.push(`A sandbox continuing a scene keeps that scene’s ${base.users === 1 ? 'user' : `${base.users} users`}, so ${p.users} ${p.users === 1 ? 'user was' : 'users were'} not used.`);
    p.users = base.users;
  }
  return { params: p, notices };
}

const label = (d: SandboxDesign): string => SANDBOX_DESIGNS.find((x) => x.value === d)!.label;

/**
 * Sandbox settings as a link's query, every value written out (so a link keeps its meaning even
 * if a later version changes a default).
 * @example formatSandbox(DEFAULT_PARAMS) // 'v=1&design=naive&listeners=2&queue=on&durable=on&ackwait=30&process=1&inflight=16384&users=1&events=3&seed=1'
 */
export function formatSandbox(p: SandboxParams): string {
  const parts: [string, string][] = [
    ['v', String(SANDBOX_VERSION)],
    ['design', p.design],
    ['listeners', String(p.listeners)],
    ['queue', p.queueGroup ? 'on' : 'off'],
    ['durable', p.durable ? 'on' : 'off'],
    ['ackwait', fmtSeconds(p.ackWaitMs)],
    ['process', fmtSeconds(p.processMs)],
    ['inflight', String(p.maxInflight)],
    ['users', String(p.users)],
    ['events', String(p.events)],
    ['seed', String(p.seed)],
    ...(p.from ? [['from', `${p.from.sceneId}.${p.from.step}`] as [string, string]] : []),
  ];
  return parts.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/** The design the world runs: 'single-copy' is the naive design with one listener. */
const worldDesign = (d: SandboxDesign): Design => (d === 'single-copy' ? 'naive' : d);

/** One listener's subscriptions in a fresh sandbox: every channel of the design, as the settings say. */
function freshSubscriptions(p: SandboxParams): SubscriptionConfig[] {
  return channelsOf(worldDesign(p.design)).map((channel) => ({
    channel,
    ...(p.queueGroup ? { queue: QUEUE_NAME } : {}),
    ...(p.durable ? { durable: DURABLE_NAME } : {}),
    deliverAll: true,
    ackWaitMs: p.ackWaitMs,
    maxInflight: p.maxInflight,
  }));
}

/** A subscription with the settings that differ from its scene's applied. */
function adjustSubscription(s: SubscriptionConfig, base: SandboxParams, p: SandboxParams): SubscriptionConfig {
  const out: SubscriptionConfig = { ...s };
  if (p.queueGroup !== base.queueGroup) {
    if (p.queueGroup) out.queue = QUEUE_NAME;
    else delete out.queue;
  }
  if (p.durable !== base.durable) {
    if (p.durable) out.durable = DURABLE_NAME;
    else delete out.durable;
  }
  if (p.ackWaitMs !== base.ackWaitMs) out.ackWaitMs = p.ackWaitMs;
  if (p.maxInflight !== base.maxInflight) out.maxInflight = p.maxInflight;
  return out;
}

/**
 * A fork's world: the scene's own, with only the settings that were changed applied, so a fork
 * left as it is continues exactly the world the scene showed.
 */
function forkWorld(scene: Scene, base: SandboxParams, p: SandboxParams): WorldConfig {
  const w = scene.world;
  let listeners: ListenerConfig[] = w.listeners.map((l) => ({
    ...l,
    ...(p.processMs !== base.processMs ? { processMs: p.processMs } : {}),
    subscriptions: l.subscriptions.map((s) => adjustSubscription(s, base, p)),
  }));
  if (p.listeners < listeners.length) listeners = listeners.slice(0, p.listeners);
  while (listeners.length < p.listeners) {
    const last = listeners[listeners.length - 1]!;
    listeners.push({ ...last, id: LISTENER_IDS[listeners.length]! });
  }
  return { ...w, seed: p.seed, design: worldDesign(p.design), listeners };
}

/** The channel a fork's new event goes on: the scene's channel for that user or that kind, as its story used them. */
function forkChannel(scene: Scene, design: Design, payload: Payload): string {
  const kind = payload.kind === 'withdraw' ? 'withdraw' : 'deposit';
  const candidates = [`account:${payload.user.toLowerCase()}`, `account:${kind}`, channelFor(design, kind)];
  return candidates.find((c) => scene.channels.includes(c)) ?? scene.channels[0] ?? channelFor(design, kind);
}

/** The events a sandbox publishes: users take turns, each with the next amount of their own list. */
export function sandboxEvents(users: readonly string[], count: number): Payload[] {
  const turns = new Map<string, number>();
  const out: Payload[] = [];
  for (let i = 0; i < count; i++) {
    const user = users[i % users.length]!;
    const k = turns.get(user) ?? 0;
    turns.set(user, k + 1);
    const amount = AMOUNTS[k % AMOUNTS.length]!;
    out.push({ kind: amount > 0 ? 'deposit' : 'withdraw', user, amount: Math.abs(amount) });
  }
  return out;
}

/** What a correct system ends with: every published event applied once, in publish order, refusing an overdraft. */
export function serialBalances(users: Record<string, number>, steps: readonly Step[]): Record<string, number> {
  const out = { ...users };
  for (const s of steps) {
    for (const c of s.commands) {
      if (c.do !== 'publish') continue;
      const { kind, user, amount } = c.payload;
      const now = out[user] ?? 0;
      if (kind === 'deposit') out[user] = now + amount;
      else if (kind === 'withdraw' && now >= amount) out[user] = now - amount;
    }
  }
  return out;
}

const eventWords = (p: Payload): string => `${p.user} ${p.kind === 'deposit' ? 'deposits' : 'withdraws'} ${money(p.amount)}`;

/** The settings in one sentence, for the narration and the settings dialog. */
export function describeParams(p: SandboxParams): string {
  const who = p.listeners === 1 ? 'One copy of Account Srv' : `${p.listeners} copies of Account Srv`;
  const sharing = p.listeners === 1 ? '' : p.queueGroup ? ' share the work in a queue group' : ' each get every message (no queue group)';
  const sub = p.durable ? 'durable subscriptions' : 'subscriptions the server forgets on a restart';
  const inflight = p.maxInflight === DEFAULT_MAX_INFLIGHT ? '' : `, at most ${p.maxInflight} unacked at a time`;
  return `${label(p.design)}. ${who}${sharing}, with ${sub}, an ack wait of ${fmtSeconds(p.ackWaitMs)} s${inflight}, and ${fmtSeconds(p.processMs)} s per event.`;
}

/**
 * The sandbox as a scene the deck plays like any other: a fresh world (set-up, one step per
 * event, then a step that lets it settle), or a fork (the scene's steps up to the fork, then the
 * new events and the settling step).
 * @example sandboxScene(DEFAULT_PARAMS, scenes).steps.length // 5
 */
export function sandboxScene(p: SandboxParams, scenes: readonly Scene[]): Scene {
  const origin = p.from ? scenes.find((s) => s.id === p.from!.sceneId) : undefined;
  const design = worldDesign(p.design);
  let world: WorldConfig;
  let story: Step[] = [];
  let channels: string[];
  if (origin && p.from) {
    world = forkWorld(origin, paramsFromScene(origin, p.from.step), p);
    // The story so far, as it was told; the learner has already answered its questions.
    // A step that waits for something a removed listener would do waits until things are quiet instead.
    const gone = new Set(origin.world.listeners.filter((l) => !world.listeners.some((k) => k.id === l.id)).map((l) => `listener:${l.id}`));
    const waitsOnGone = (s: Step) => s.until?.kind === 'event' && (gone.has(s.until.match.to ?? '') || gone.has(s.until.match.from ?? ''));
    story = origin.steps.slice(0, p.from.step + 1).map(({ predict: _asked, ...s }) => (waitsOnGone(s) ? { ...s, until: { kind: 'quiet' } } : s));
    channels = origin.channels;
  } else {
    const users = Object.fromEntries(SANDBOX_USERS.slice(0, p.users).map((u) => [u, 0]));
    const listeners = LISTENER_IDS.slice(0, p.listeners).map((id) => ({ id, processMs: p.processMs, subscriptions: freshSubscriptions(p) }));
    world = baseConfig({ seed: p.seed, design, users, listeners, jitterMs: SANDBOX_JITTER_MS });
    channels = channelsOf(design);
  }
  const listenerParties = world.listeners.map((l) => `listener:${l.id}`);
  const payloads = sandboxEvents(Object.keys(world.users), p.events);
  const events: Step[] = payloads.map((payload, i) => {
    const channel = origin ? forkChannel(origin, design, payload) : channelFor(design, payload.kind === 'withdraw' ? 'withdraw' : 'deposit');
    return {
      name: `event-${i + 1}`,
      title: `Event ${i + 1} of ${payloads.length}: ${eventWords(payload)}`,
      narration: `${eventWords(payload)}, published on ${channel}.${i + 1 < payloads.length ? ` The next event follows ${EVENT_GAP_MS / 1000} s later.` : ' That was the last one.'} Break something at any moment: X, or click a listener.`,
      notes: 'Ask the room what a fault right now would do, then inject it and watch.',
      commands: [{ do: 'publish', channel, payload } satisfies Command],
      until: { kind: 'for', ms: EVENT_GAP_MS },
      highlight: [`channel:${channel}`],
    };
  });
  const expected = serialBalances(world.users, [...story, ...events]);
  const expectedWords = Object.entries(expected)
    .map(([u, b]) => `${u} ${money(b)}`)
    .join(', ');
  const settle: Step = {
    name: 'settle',
    title: origin ? 'In the sandbox: let it run' : 'Let it run to the end',
    narration: `Nothing more is published. The world runs until every message is acked or given up on. A correct run ends with ${expectedWords}: compare the table.`,
    notes: 'If the balances differ, scrub back and find the moment it went wrong; the link in the address bar reproduces this exact run.',
    commands: [],
    highlight: ['storage'],
  };
  const setup: Step = {
    name: 'setup',
    title: 'Your sandbox',
    narration: `${describeParams(p)} ${payloads.length === 0 ? 'No events yet: change the settings to publish some.' : `${payloads.length} ${payloads.length === 1 ? 'event' : 'events'} will go out, one a second.`} Break something with X, or change the settings.`,
    notes: 'Take a question from the room: change the setting it is about and play it.',
    commands: [],
    highlight: listenerParties,
  };
  const title = origin && p.from ? `Sandbox: ${origin.title}, from step ${p.from.step + 1}` : 'Sandbox';
  return {
    id: SANDBOX_ID,
    chapter: 'nats',
    title,
    summary: origin ? `“${origin.title}” continued in the sandbox. ${describeParams(p)}` : `A world of your own. ${describeParams(p)}`,
    channels,
    world,
    expected,
    steps: origin ? [...story, ...events, settle] : [setup, ...events, settle],
  };
}
