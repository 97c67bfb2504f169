import { createServer } from 'node:net';

/**
 * A TCP port that is free on 127.0.0.1 right now: listen on port 0, read the port the kernel chose,
 * close. Another process may still take it before the caller binds it, so callers that spawn a
 * server on it should be ready to retry with a new port.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close((err) => {
        if (err) reject(err);
        else if (!port) reject(new Error('could not read the port of a loopback listener'));
        else resolve(port);
      });
    });
  });
}
