import { createServer } from 'node:net';

/**
 * A port nothing listens on now, for a child that cannot bind port 0 and say which it got (a Kafka broker, the
 * Temporal SDK's Prometheus exporter): the system picks it, so tests sharing a machine do not pick the same one.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
