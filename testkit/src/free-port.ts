import { once } from 'node:events';
import { connect, createServer } from 'node:net';

/**
 * A port free right now on 127.0.0.1, for a test API whose public origin must be known before it
 * starts (a page served from it signs that origin into its logins, and sockets are checked against it).
 */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** True when something accepts a TCP connection on 127.0.0.1:`port` now (a child server is up). */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
