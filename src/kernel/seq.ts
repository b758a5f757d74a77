/**
 * An append-only sequence shared between snapshots: a window [start, end) over one array that
 * only ever grows at its end. Appending to the newest snapshot pushes in place and returns a new
 * window (O(1)); appending to an older one, whose slot is taken by something else, copies first.
 * Taking from the front moves the window's start. So a log or a queue can be kept in pure rules
 * ("return the next context, never change the old one") without copying it on every event: every
 * snapshot still reads exactly what it held.
 *
 * @example
 *   const a = Seq.empty<number>().push(1).push(2);
 *   const b = a.push(3); // a still holds [1, 2]
 *   b.shift().toArray() // [2, 3]
 */
export class Seq<T> implements Iterable<T> {
  private readonly items: T[];
  private readonly start: number;
  private readonly end: number;

  private constructor(items: T[], start: number, end: number) {
    this.items = items;
    this.start = start;
    this.end = end;
  }

  static empty<T>(): Seq<T> {
    return new Seq<T>([], 0, 0);
  }

  /** A sequence holding a copy of `values`. */
  static of<T>(values: Iterable<T>): Seq<T> {
    const items = [...values];
    return new Seq(items, 0, items.length);
  }

  get length(): number {
    return this.end - this.start;
  }

  /** The i-th item from the front (0-based), or undefined. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.length ? this.items[this.start + i] : undefined;
  }

  first(): T | undefined {
    return this.at(0);
  }

  /**
   * The sequence with `value` at its end. Where the slot after this window already holds the very
   * same value (another snapshot appended it: two actors that keep one log share it), it is
   * taken as it is.
   */
  push(value: T): Seq<T> {
    const { items, end } = this;
    if (items.length === end) {
      items.push(value);
      return new Seq(items, this.start, end + 1);
    }
    if (items[end] === value) return new Seq(items, this.start, end + 1);
    const copy = items.slice(this.start, end);
    copy.push(value);
    return new Seq(copy, 0, copy.length);
  }

  /** The sequence without its first item. */
  shift(): Seq<T> {
    return this.length === 0 ? this : new Seq(this.items, this.start + 1, this.end);
  }

  /** The sequence without its i-th item (from the front: O(1); elsewhere: a copy). */
  without(i: number): Seq<T> {
    if (i < 0 || i >= this.length) return this;
    if (i === 0) return this.shift();
    const copy = this.toArray();
    copy.splice(i, 1);
    return new Seq(copy, 0, copy.length);
  }

  /** The sequence with its i-th item replaced (a copy). */
  with(i: number, value: T): Seq<T> {
    if (i < 0 || i >= this.length) return this;
    const copy = this.toArray();
    copy[i] = value;
    return new Seq(copy, 0, copy.length);
  }

  /** The sequence with `value` at position i (at the end: O(1); elsewhere: a copy). */
  insert(i: number, value: T): Seq<T> {
    if (i >= this.length) return this.push(value);
    const copy = this.toArray();
    copy.splice(Math.max(0, i), 0, value);
    return new Seq(copy, 0, copy.length);
  }

  map<U>(f: (value: T, i: number) => U): U[] {
    const out: U[] = [];
    for (let i = this.start; i < this.end; i++) out.push(f(this.items[i]!, i - this.start));
    return out;
  }

  some(f: (value: T) => boolean): boolean {
    for (let i = this.start; i < this.end; i++) if (f(this.items[i]!)) return true;
    return false;
  }

  toArray(): T[] {
    return this.items.slice(this.start, this.end);
  }

  /** As JSON, a plain array (the CLI's snapshots, the inspector). */
  toJSON(): T[] {
    return this.toArray();
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = this.start; i < this.end; i++) yield this.items[i]!;
  }
}
