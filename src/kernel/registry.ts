/**
 * The registry of actor kinds and commands: what families plug into the kernel. A family
 * (src/actors/<family>) registers each kind of actor it brings, as its pure rules and how to
 * build its input from an actor's config, and each command verb it owns, with the handler that
 * turns it into events for its actors. The world spawns actors by kind and dispatches commands
 * by verb through this; it knows nothing else about them.
 */
import type { AnyActorRef, AnyStateMachine } from 'xstate';
import type { AnyCommand, Ms, RunUntil, TraceBase } from './types.ts';

/** What a kind's boot hook and a command handler may do with the world. */
export interface WorldApi {
  readonly now: Ms;
  /** Hand an event to an actor, stamped with the time (dropped if the actor is not running). */
  send(to: string, event: { type: string; [k: string]: unknown }): void;
  /** Run `fire` after `delay` virtual ms; background timers do not keep the world from being quiet. */
  at(delay: Ms, fire: () => void, opts?: { background?: boolean; key?: string }): void;
  /** Hold up the next `holdable` network message to `to` by `ms` (what follows it on that connection waits behind it). */
  holdNext(to: string, ms: Ms): void;
  /** A line for the narration log at the current time. */
  note(text: string, from?: string): void;
  run(until: RunUntil): void;
  /** The running actor with this name, if any. */
  actor(name: string): AnyActorRef | undefined;
}

/**
 * A kind's pure rules: the context an actor starts with, and what each event does to it. Rules
 * never mutate what they are given: `react` returns the next context (the same object when
 * nothing changed) and what to emit. Both hosts run these very functions: the fast host
 * (kernel/fast.ts) directly, the XState world (kernel/xstate.ts) through a machine made from them.
 */
export interface KindRules<Ctx = any, E = any, I = any> {
  init(input: I): Ctx;
  react(ctx: Ctx, event: E): { ctx: Ctx; out: readonly unknown[] };
}

/**
 * One kind of actor a family brings. `C` is the config an actor of this kind is declared with.
 * A kind is its `rules` (made with `rulesKind`, kernel/rules.ts): both hosts run them. A kind may
 * instead bring an XState `machine` of its own; it then runs in the XState world alone.
 */
export interface ActorKind<C = any> {
  /** Registered name, namespaced by its family: '<family>.<kind>'. */
  kind: string;
  /** An XState machine of the kind's own, for a kind without rules (kernel/xstate.ts makes the others' from their rules). */
  machine?: AnyStateMachine;
  /** The id of the machine the XState world makes from the rules (default: the kind's name). */
  machineId?: string;
  /** The machine's input, from the actor's config and name. */
  input(config: C, name: string): unknown;
  /** The host it runs on: actors on one host share its network connections. Default: its own name. */
  host?(config: C, name: string): string;
  /** Called once it has started: schedule its own start, say. */
  boot?(world: WorldApi, config: C, name: string): void;
  /** The kind's pure rules: the fast host runs a world only of kinds that have them. */
  rules?: KindRules;
}

/** Turns one command into events for the family's actors. */
export type CommandHandler = (command: AnyCommand, world: WorldApi) => void;

/** What one family registers with the kernel. */
export interface Plugin {
  id: string;
  kinds: readonly ActorKind[];
  commands: Readonly<Record<string, CommandHandler>>;
}

export interface Registry {
  kind(name: string): ActorKind;
  command(verb: string): CommandHandler;
  readonly plugins: readonly Plugin[];
  /**
   * Adds a family after the start (a chapter's chunk brings its own families when it loads).
   * Adding the same plugin object again does nothing; a clash is the same mistake as at creation.
   */
  add(plugin: Plugin): void;
}

/**
 * A registry of the given families. Two families claiming one kind or one verb is a mistake
 * caught here, with both names in the message.
 * @example createRegistry([plugin]).kind('toy.echo').rules
 */
export function createRegistry(initial: readonly Plugin[]): Registry {
  const kinds = new Map<string, { kind: ActorKind; by: string }>();
  const commands = new Map<string, { handler: CommandHandler; by: string }>();
  const plugins: Plugin[] = [];
  const claim = (p: Plugin): void => {
    for (const k of p.kinds) {
      const taken = kinds.get(k.kind);
      if (taken) throw new Error(`actor kind "${k.kind}" is registered by both ${taken.by} and ${p.id}`);
    }
    for (const verb of Object.keys(p.commands)) {
      const taken = commands.get(verb);
      if (verb === 'wait') throw new Error(`${p.id} registers "wait", which the kernel owns`);
      if (taken) throw new Error(`command "${verb}" is registered by both ${taken.by} and ${p.id}`);
    }
    for (const k of p.kinds) kinds.set(k.kind, { kind: k, by: p.id });
    for (const [verb, handler] of Object.entries(p.commands)) commands.set(verb, { handler, by: p.id });
    plugins.push(p);
  };
  for (const p of initial) claim(p);
  return {
    plugins,
    add: (p) => {
      if (!plugins.includes(p)) claim(p);
    },
    kind(name) {
      const k = kinds.get(name);
      if (!k) throw new Error(`no family registers the actor kind "${name}" (known: ${[...kinds.keys()].join(', ')})`);
      return k.kind;
    },
    command(verb) {
      const c = commands.get(verb);
      if (!c) throw new Error(`no family handles the command "${verb}"`);
      return c.handler;
    },
  };
}

export type { TraceBase };
