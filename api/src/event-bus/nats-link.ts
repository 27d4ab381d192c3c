/**
 * One connection to NATS per instance, shared by the event bus (`nats-event-bus.ts`) and the
 * live frame relay (`streaming/frame-relay.ts`). The official client reconnects on its own,
 * forever; this module turns its status stream into the three facts the rest of the server
 * needs: whether the link is up now, a warning when it drops, and a resync when it is back
 * ([Note: after a gap] in event-bus.ts).
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../logger.ts';
import { BusUnavailableError } from './event-bus.ts';

export interface NatsLinkOptions {
  /** Longest wait for the first connection at start-up; an unreachable server fails the start. */
  readonly connectTimeoutMs: number;
  /** Delay between reconnect attempts (the client adds jitter). */
  readonly reconnectWaitMs: number;
  /** How often the client pings the server; two unanswered pings count as a lost connection. */
  readonly pingIntervalMs: number;
}

export const DEFAULT_NATS_LINK: NatsLinkOptions = Object.freeze({
  connectTimeoutMs: 5000,
  reconnectWaitMs: 500,
  pingIntervalMs: 5000,
});

export interface NatsLink {
  readonly connection: NatsConnection;
  /** True while the connection to a server is up (false while the client reconnects). */
  isConnected(): boolean;
  /** Calls `listener` each time the client is connected again after a loss. */
  onRestored(listener: () => void): () => void;
  /** Drains the subscriptions and closes the connection. */
  close(): Promise<void>;
}

/** Connects to `url`; throws {@link BusUnavailableError} (with the client's error as cause) if no server answers. */
export async function connectNats(
  url: string,
  logger: Pick<Logger, 'warn' | 'info'>,
  options: NatsLinkOptions = DEFAULT_NATS_LINK,
): Promise<NatsLink> {
  let connection: NatsConnection;
  try {
    connection = await connect({
      ...natsServersOf(url),
      name: 'seccam-api',
      timeout: options.connectTimeoutMs,
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectWaitMs,
      pingInterval: options.pingIntervalMs,
      maxPingOut: 2,
    });
  } catch (e) {
    throw new BusUnavailableError(`NATS at ${redactNatsUrl(url)} is unreachable`, { cause: e });
  }
  return new Link(connection, logger);
}

/**
 * `NATS_URL` as the client's options: the servers without credentials, and the credentials of
 * the first server that carries them (`nats://user:pass@host`, or `nats://token@host`), which
 * the client would otherwise ignore.
 */
export function natsServersOf(url: string): { servers: string[]; user?: string; pass?: string; token?: string } {
  const parsed = url.split(',').map((s) => new URL(s.trim()));
  const servers = parsed.map((u) => `${u.protocol}//${u.host}`);
  const withAuth = parsed.find((u) => u.username !== '');
  if (!withAuth) return { servers };
  const user = decodeURIComponent(withAuth.username);
  if (withAuth.password === '') return { servers, token: user };
  return { servers, user, pass: decodeURIComponent(withAuth.password) };
}

/** `url` without credentials, for logs and errors. */
export function redactNatsUrl(url: string): string {
  return url.replace(/\/\/[^@/,]*@/g, '//***@');
}

class Link implements NatsLink {
  private connected = true;
  private readonly restored = new Set<() => void>();

  constructor(
    readonly connection: NatsConnection,
    private readonly logger: Pick<Logger, 'warn' | 'info'>,
  ) {
    void this.watchStatus();
  }

  isConnected(): boolean {
    return this.connected && !this.connection.isClosed();
  }

  onRestored(listener: () => void): () => void {
    this.restored.add(listener);
    return () => this.restored.delete(listener);
  }

  async close(): Promise<void> {
    this.restored.clear();
    if (this.connection.isClosed()) return;
    await this.connection.drain().catch(() => this.connection.close());
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.connection.status()) {
      switch (status.type) {
        case 'disconnect':
        case 'staleConnection':
          if (this.connected) this.logger.warn('NATS connection lost; reconnecting (events from other instances are missed meanwhile)');
          this.connected = false;
          break;
        case 'reconnect':
          this.connected = true;
          this.logger.info('NATS connection restored; re-checking what lost events could have changed');
          for (const l of [...this.restored]) l();
          break;
        case 'close':
          this.connected = false;
          break;
        default:
          break;
      }
    }
  }
}
