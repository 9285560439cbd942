import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local webhook receiver that fails its first `failFirst` requests with 500, then accepts and records bodies. */
export interface TestWebhook {
  readonly url: string;
  /** Bodies of accepted requests, parsed. */
  readonly received: unknown[];
  /** Requests answered 500. */
  failed: number;
  close(): Promise<void>;
}

/** Starts the receiver on a free port of 127.0.0.1. */
export async function startTestWebhook(failFirst: number): Promise<TestWebhook> {
  const hook: TestWebhook = { url: '', received: [], failed: 0, close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      if (hook.failed < failFirst) {
        hook.failed += 1;
        response.writeHead(500).end();
        return;
      }
      hook.received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(hook, {
    url: `http://127.0.0.1:${port}/incidents`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
