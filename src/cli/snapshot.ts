/**
 * A world's actors as plain JSON, for `npm run trace -- … --json`: each actor's XState state
 * value and context, with what JSON cannot hold written out in words rather than lost or
 * thrown on (Infinity, Maps, Sets, actor references, cycles). Pure.
 *
 * @example worldState(runScene(happyPath, 4).world)['storage'].context.accounts.Jim.balance // 10
 */

/** An actor as the world holds it: anything with a snapshot. */
interface HasSnapshot {
  getSnapshot(): unknown;
}

/** Looks like an XState actor reference (a spawned child kept in a context). */
const isActorRef = (v: object): v is { id: string } => typeof (v as { send?: unknown }).send === 'function' && typeof (v as { getSnapshot?: unknown }).getSnapshot === 'function';

/**
 * `value` as JSON would keep it, with nothing silently changed: a number JSON cannot hold
 * becomes its name ('Infinity'), a Map an object (or a list of [key, value] pairs when a key is
 * not a string or a number), a Set a list, an actor reference `{ actor: id }`, a cycle
 * '[circular]'; functions and undefined are left out, as JSON.stringify leaves them out.
 * @example jsonSafe({ a: Infinity, b: new Set([1]), c: undefined }) // { a: 'Infinity', b: [1] }
 */
export function jsonSafe(value: unknown, above: Set<object> = new Set()): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'object') return undefined; // undefined, functions, symbols
  if (above.has(value)) return '[circular]';
  if (isActorRef(value)) return { actor: value.id };
  above.add(value);
  try {
    const inner = (v: unknown) => jsonSafe(v, above);
    if (Array.isArray(value)) return value.map((v) => inner(v) ?? null);
    if (value instanceof Set) return [...value].map((v) => inner(v) ?? null);
    if (value instanceof Map) {
      const plain = [...value.keys()].every((k) => typeof k === 'string' || typeof k === 'number');
      if (!plain) return [...value].map(([k, v]) => [inner(k) ?? null, inner(v) ?? null]);
      return withoutUndefined([...value].map(([k, v]) => [String(k), inner(v)]));
    }
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return inner((value as { toJSON: () => unknown }).toJSON());
    return withoutUndefined(Object.entries(value).map(([k, v]) => [k, inner(v)]));
  } finally {
    above.delete(value);
  }
}

const withoutUndefined = (entries: [string, unknown][]): Record<string, unknown> => Object.fromEntries(entries.filter(([, v]) => v !== undefined));

/**
 * Every actor of a world, by name, as `{ value, context }` from its snapshot, JSON-safe.
 * @example worldState(world)['listener:A'] // { value: { running: 'idle' }, context: { id: 'A', … } }
 */
export function worldState(world: { actors: ReadonlyMap<string, HasSnapshot> }): Record<string, { value: unknown; context: unknown }> {
  const out: Record<string, { value: unknown; context: unknown }> = {};
  for (const [name, actor] of world.actors) {
    const snapshot = actor.getSnapshot() as { value?: unknown; context?: unknown };
    out[name] = { value: jsonSafe(snapshot.value) ?? null, context: jsonSafe(snapshot.context) ?? null };
  }
  return out;
}
