/**
 * The topic exchange's matcher, as RabbitMQ defines it: a routing key and a binding pattern are
 * words separated by dots; in a pattern `*` stands for exactly one word and `#` for zero or more
 * words. Pure, and checked by a property test against a reference (a regular expression) in
 * tests/unit/future-rabbitmq.test.ts.
 *
 * @example topicMatches('*.*.1.#', '0.0.1.0.dest') // true
 * @example topicMatches('#.dest', 'dest') // true: # may stand for no words at all
 */

/** Whether `key` matches the binding `pattern` of a topic exchange. */
export function topicMatches(pattern: string, key: string): boolean {
  const p = pattern.split('.');
  const k = key.split('.');
  // Memoised on (pattern word, key word): a pattern of many `#` stays linear enough for the keys we route.
  const memo = new Map<number, boolean>();
  const at = (i: number, j: number): boolean => {
    const id = i * (k.length + 1) + j;
    const known = memo.get(id);
    if (known !== undefined) return known;
    let r: boolean;
    if (i === p.length) r = j === k.length;
    else if (p[i] === '#') r = at(i + 1, j) || (j < k.length && at(i, j + 1));
    else r = j < k.length && (p[i] === '*' || p[i] === k[j]) && at(i + 1, j + 1);
    memo.set(id, r);
    return r;
  };
  return at(0, 0);
}
