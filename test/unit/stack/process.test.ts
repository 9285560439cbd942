import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { assertPortFree } from '../../../src/stack/process';

describe('stack port checks', () => {
  let server: Server;
  let port: number;

  before(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('names the taken port and the setting that moves it', async () => {
    await assert.rejects(assertPortFree(port, 'KAFKA_PORT'), new RegExp(`port ${port} is already in use \\(set KAFKA_PORT`));
  });

  it('accepts a free port', async () => {
    const free = createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const freePort = (free.address() as { port: number }).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    await assertPortFree(freePort, 'MOTO_PORT');
  });
});
