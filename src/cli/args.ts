/**
 * What the command-line tools share: a command is a function of its arguments that writes
 * through an `Io` and fails with a UsageError; `execute` turns that failure into one line, the
 * usage and exit code 2 (what a shell expects of a bad invocation), so a command runs the same
 * as a process and inside a test.
 *
 * @example process.exitCode = await execute(trace, TRACE_USAGE, process.argv.slice(2), processIo)
 */

/** Where a command writes: its output, and its notices and errors. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** The invocation was wrong: said in one line, followed by the usage. */
export class UsageError extends Error {}

/** Stops the command: `message` is what was wrong with the invocation. */
export function fail(message: string): never {
  throw new UsageError(message);
}

/**
 * A whole non-negative number of at most `max`, or undefined when the flag was not given;
 * anything else fails with a sentence naming the flag.
 * @example whole('seed', '7') // 7; whole('seed', 'x') fails: '--seed must be a whole number, got "x"'
 */
export function whole(name: string, raw: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) fail(`--${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n > max) fail(`--${name} must be at most ${max.toLocaleString('en-US')}, got ${raw}`);
  return n;
}

/** A command of the CLI: reads its arguments, writes through `io`, throws UsageError on bad input. */
export type Command = (argv: string[], io: Io) => void | Promise<void>;

/**
 * Runs a command and gives its exit code: 0, or 2 after a UsageError (its message and the
 * usage go to `io.err`). Any other error is a bug and is thrown on.
 */
export async function execute(command: Command, usage: string, argv: string[], io: Io): Promise<number> {
  try {
    await command(argv, io);
    return 0;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n${usage}\n`);
    return 2;
  }
}

/**
 * The process's own output. It ends quietly when whoever reads it goes away
 * (`npm run trace -- … | head`), as Unix tools do.
 */
export function processIo(): Io {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  return { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };
}

/** A command's output kept as text, for tests: `{ code, stdout, stderr }` as a process would give them. */
export async function captured(command: Command, usage: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await execute(command, usage, argv, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
