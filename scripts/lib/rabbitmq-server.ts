/**
 * Start and stop a local RabbitMQ (Debian's rabbitmq-server 3.10.8) on loopback, with free ports
 * and temporary data and log directories, exactly as FACTS.md §6 records it: started detached as
 * the `rabbitmq` user (Debian's wrapper drops to it when run as root, so the directories belong
 * to that user), node `<name>@localhost`, AMQP and distribution ports bound to 127.0.0.1 only, an
 * epmd of its own on a free port, a config file for the listener and an enabled-plugins file of
 * its own (empty: no plugins). Ready once `rabbitmqctl -n <node> await_startup` succeeds (it
 * fails at once with rc 69 until the node has registered with epmd, so it is retried). Stopped
 * with `rabbitmqctl -n <node> stop`; the epmd it started is then ended by its pid.
 *
 * Used by the conformance tests (tests/conformance/rabbitmq.test.ts). Another test file that
 * needs a real RabbitMQ can call `startRabbitServer()` the same way and `stop()` it in afterAll:
 * each server has its own node name, ports and epmd, so two test files may each run one at once.
 *
 *   const server = await startRabbitServer();
 *   const conn = await amqp.connect(server.url, { noDelay: true });
 *   …
 *   await server.stop();
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './nats-server.ts';

export interface RunningRabbit {
  /** amqp://guest:guest@127.0.0.1:PORT for amqplib. */
  url: string;
  port: number;
  /** The node's name, for rabbitmqctl -n. */
  node: string;
  /** Wall ms from the start command to await_startup succeeding. */
  startupMs: number;
  stop(): Promise<void>;
}

/** Debian's launcher of the server. */
export const RABBITMQ_SERVER = process.env.RABBITMQ_SERVER_PATH ?? '/usr/sbin/rabbitmq-server';
/** Debian's rabbitmqctl (it also drops to the rabbitmq user when run as root). */
export const RABBITMQCTL = process.env.RABBITMQCTL_PATH ?? '/usr/sbin/rabbitmqctl';

/** What to tell someone whose machine has no rabbitmq-server. */
export const INSTALL_HINT =
  'RabbitMQ is not installed here: install Debian’s rabbitmq-server 3.10 (as root: apt-get install -y rabbitmq-server), or on another system RabbitMQ 3.10 or later with its rabbitmq-server and rabbitmqctl, and point RABBITMQ_SERVER_PATH and RABBITMQCTL_PATH at them.';

/** Whether the programs are there; a sentence saying what to install when they are not. */
export function rabbitMissing(): string | undefined {
  return existsSync(RABBITMQ_SERVER) && existsSync(RABBITMQCTL) ? undefined : INSTALL_HINT;
}

/** The uid and gid of the rabbitmq user, if there is one (the server runs as it). */
function rabbitUser(): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', 'rabbitmq'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'rabbitmq'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<{ code: number; out: string }> =>
  new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The pid of the process listening on a TCP port of 127.0.0.1, from /proc (no name matching). */
function listenerPid(port: number): number | undefined {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN.
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) return Number(pid);
      }
    } catch {
      // A process that ended meanwhile, or one we may not look into.
    }
  }
  return undefined;
}

/**
 * Starts a RabbitMQ node and resolves once it is ready (or rejects with a sentence and its logs).
 * Throws at once, saying what to install, when rabbitmq-server is missing.
 */
export async function startRabbitServer(opts: { timeoutMs?: number; name?: string } = {}): Promise<RunningRabbit> {
  const missing = rabbitMissing();
  if (missing) throw new Error(missing);
  const user = rabbitUser();
  if (!user) throw new Error(`rabbitmq-server is installed but there is no rabbitmq user to run it as. ${INSTALL_HINT}`);
  const [port, distPort, epmdPort] = [await freePort(), await freePort(), await freePort()];
  const name = `${opts.name ?? 'ooo'}${port}`;
  const node = `${name}@localhost`;
  const dir = mkdtempSync(join(tmpdir(), 'out-of-order-rabbit-'));
  const mnesia = join(dir, 'mnesia');
  const logs = join(dir, 'log');
  const conf = join(dir, 'rabbitmq.conf');
  const plugins = join(dir, 'enabled_plugins');
  writeFileSync(conf, [`listeners.tcp.default = 127.0.0.1:${port}`, 'loopback_users.guest = true', ''].join('\n'));
  writeFileSync(plugins, '[].\n');
  for (const d of [mnesia, logs]) spawnSync('mkdir', ['-p', d]);
  // The server runs as the rabbitmq user: it must be able to write here.
  for (const p of [dir, mnesia, logs, conf, plugins]) chownSync(p, user.uid, user.gid);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RABBITMQ_MNESIA_BASE: mnesia,
    RABBITMQ_LOG_BASE: logs,
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    // An epmd of its own, so stopping this one never touches another test's node.
    ERL_EPMD_PORT: String(epmdPort),
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    RABBITMQ_CONFIG_FILE: conf,
    RABBITMQ_ENABLED_PLUGINS_FILE: plugins,
  };
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const launch = await run(RABBITMQ_SERVER, ['-detached'], env);
  const logText = () => {
    try {
      return readdirSync(logs)
        .map((f) => `${f}:\n${readFileSync(join(logs, f), 'utf8').split('\n').slice(-30).join('\n')}`)
        .join('\n');
    } catch {
      return '(no logs)';
    }
  };
  const ctl = (args: string[], ms = 30_000) => run(RABBITMQCTL, ['-n', node, ...args], env, ms);
  const cleanup = async () => {
    // Both by pid, found from the ports this node was given: the VM (the AMQP listener) and its epmd.
    const beam = listenerPid(port);
    const epmd = listenerPid(epmdPort);
    await ctl(['stop'], 30_000);
    // `stop` returns once the node has been told; wait for the VM to go before its epmd does.
    for (let i = 0; beam !== undefined && existsSync(`/proc/${beam}`) && i < 80; i++) await sleep(250);
    for (const pid of [beam, epmd]) {
      if (pid === undefined || !existsSync(`/proc/${pid}`)) continue;
      try {
        process.kill(pid, pid === beam ? 'SIGKILL' : 'SIGTERM');
      } catch {
        // Gone already.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  if (launch.code !== 0) {
    await cleanup();
    throw new Error(`rabbitmq-server -detached failed (exit ${launch.code}): ${launch.out}\n${logText()}`);
  }
  let last = '';
  for (;;) {
    const r = await ctl(['await_startup', '--timeout', '10'], 15_000);
    if (r.code === 0) break;
    last = r.out;
    if (performance.now() - started > timeoutMs) {
      await cleanup();
      throw new Error(`RabbitMQ did not start within ${timeoutMs} ms (await_startup: ${last.trim()})\n${logText()}`);
    }
    // rc 69 until the node has registered with epmd: wait a moment and ask again.
    await sleep(250);
  }
  const startupMs = Math.round(performance.now() - started);
  return { url: `amqp://guest:guest@127.0.0.1:${port}`, port, node, startupMs, stop: cleanup };
}
