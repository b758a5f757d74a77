/**
 * Start and stop a local nats-server (Debian's package: JetStream and WebSocket built in) on
 * loopback, with free ports and a temporary store directory. Used by the conformance tests, the
 * live-mode end-to-end test and `npm run broker`. Only 127.0.0.1, ever.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  /** nats://127.0.0.1:PORT for Node clients. */
  url: string;
  /** ws://127.0.0.1:PORT for browser clients. */
  wsUrl: string;
  stop(): Promise<void>;
}

/** The nats-server binary: $NATS_SERVER_PATH, then Debian's /usr/sbin, then PATH. */
export function natsServerPath(): string {
  const fromEnv = process.env.NATS_SERVER_PATH;
  if (fromEnv) return fromEnv;
  return existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
}

/** A port nobody listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Start a server and resolve once it says it is ready (or reject with its output). */
export async function startNatsServer(opts: { timeoutMs?: number } = {}): Promise<RunningServer> {
  const [port, wsPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'out-of-order-nats-'));
  const conf = join(dir, 'nats.conf');
  writeFileSync(
    conf,
    [
      `listen: "127.0.0.1:${port}"`,
      `jetstream { store_dir: "${join(dir, 'js')}" }`,
      `websocket { listen: "127.0.0.1:${wsPort}", no_tls: true }`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(natsServerPath(), ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      cleanup();
      reject(new Error(`nats-server did not start within ${opts.timeoutMs ?? 10_000} ms:\n${output}`));
    }, opts.timeoutMs ?? 10_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (output.includes('Server is ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (e) => {
      clearTimeout(timer);
      cleanup();
      reject(new Error(`could not run ${natsServerPath()}: ${e.message}. Install it with: apt-get install nats-server`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      cleanup();
      reject(new Error(`nats-server exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => {
          cleanup();
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
