/**
 * The headless entry point of `npm run trace`: runs the command (traceCommand.ts) as a process,
 * its exit code 2 on bad input.
 *
 *   npm run trace -- --list
 *   npm run trace -- nats/storage-fails --step 3 --seed 7
 *   npm run trace -- nats/sandbox --set design=naive --set listeners=3 --json
 */
import { execute, processIo } from './args.ts';
import { TRACE_USAGE, trace } from './traceCommand.ts';

process.exitCode = await execute(trace, TRACE_USAGE, process.argv.slice(2), processIo());
