/**
 * JSON in a link: base64url of its UTF-8 bytes, so any value survives a URL untouched. Decoding
 * never throws: text that is not what `encodeJson` writes gives undefined, and the caller checks
 * the value's shape itself.
 */

/** @example encodeJson([1, 'a']) // 'WzEsImEiXQ' */
export function encodeJson(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The value `encodeJson` wrote, or undefined for anything else (including text over 4,000 characters). */
export function decodeJson(text: string): unknown {
  if (!/^[A-Za-z0-9_-]{1,4000}$/.test(text)) return undefined;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
  } catch {
    return undefined;
  }
}
