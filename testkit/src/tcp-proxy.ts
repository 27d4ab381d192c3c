/**
 * A TCP proxy a test can cut: put between the API and PostgreSQL, it takes the path away
 * (every open connection reset, every new one reset at once) and gives it back, while the
 * server itself keeps running. Bytes pass through untouched.
 */
import { once } from 'node:events';
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** The proxy's port on 127.0.0.1. */
  readonly port: number;
  /** Connections passing through now. */
  readonly openConnections: number;
  /** Whether the path is cut. */
  readonly isCut: boolean;
  /** `url` (a postgres:// URL of the target) with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** Resets every open connection and every new one, until {@link restore}. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { readonly host: string; readonly port: number }): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let isCut = false;
  const server = createServer((client) => {
    if (isCut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(target);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    port,
    get openConnections() {
      return pairs.size;
    },
    get isCut() {
      return isCut;
    },
    via: (url) => {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut: () => {
      isCut = true;
      for (const [client, upstream] of [...pairs]) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    restore: () => {
      isCut = false;
    },
    close: async () => {
      isCut = true;
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Host and port of a postgres:// URL (for {@link startTcpProxy}). */
export function tcpTargetOf(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: u.port ? Number(u.port) : 5432 };
}
