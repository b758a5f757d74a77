/**
 * The entry point of `npm run chaos`: runs the command (chaosCommand.ts) as a process, its exit
 * code 2 on bad input.
 *
 *   npm run chaos -- --list
 *   npm run chaos -- --scenario nats/ordering --design naive --count 300 --seed 7
 */
import { execute, processIo } from './args.ts';
import { CHAOS_USAGE, chaos } from './chaosCommand.ts';

process.exitCode = await execute(chaos, CHAOS_USAGE, process.argv.slice(2), processIo());
