/**
 * `npm run broker`: start a local nats-server for live mode (loopback only, JetStream and
 * WebSocket on, a temporary store that is deleted on exit) and print the URL to paste.
 */
import { startNatsServer } from './lib/nats-server.ts';

try {
  const server = await startNatsServer();
  process.stdout.write(
    [
      'nats-server is running on this machine only (127.0.0.1).',
      '',
      `  WebSocket URL for live mode:  ${server.wsUrl}`,
      `  NATS URL for Node clients:    ${server.url}`,
      '',
      'Open a scene, press L (or the "Live" button) and paste the WebSocket URL.',
      'Press Ctrl-C to stop; the temporary store is removed.',
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
}
