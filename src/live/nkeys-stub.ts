/**
 * Stands in for @nats-io/nkeys in the browser build. nats.js only calls it to sign a server's
 * nonce with an NKEY seed (NKEY or JWT authentication); live mode connects to a server on this
 * machine without credentials, so it never does, and leaving the real module out spares about
 * 14 KiB of gzipped JavaScript (tweetnacl and nkeys). If anything ever calls it, it says why.
 */
const unsupported = (): never => {
  throw new Error('NKEY authentication is not part of this build: live mode connects to a local server without credentials.');
};

export const fromSeed = unsupported;
export const encode = unsupported;
