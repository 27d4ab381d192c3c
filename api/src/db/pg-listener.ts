/**
 * The one PostgreSQL connection that LISTENs, kept alive across outages.
 *
 * [Note: a listener that comes back]
 * LISTEN needs a connection of its own, outside the pool, held for the life of the process. When
 * the path to the server breaks, that connection emits `error` (an unhandled `error` event would
 * end the process) and every notification sent until a new connection LISTENs again is lost for
 * good: PostgreSQL keeps no backlog for a listener that is gone. So the listener:
 *
 * - handles `error` and `end` on its client, and never lets either escape;
 * - proves the connection alive with a small query every `listenerHeartbeatMs` (a path that
 *   drops packets silently raises no error by itself), and treats a failed or late answer as a
 *   lost connection;
 * - reconnects with exponential backoff and jitter, and LISTENs again on every channel that
 *   still has handlers;
 * - then tells `onRestored` subscribers, who must re-check in the database whatever a lost
 *   notification could have told them (see [Note: after a gap] in event-bus/event-bus.ts).
 */
import pg from 'pg';
import type { DatabaseLimits } from '../limits.ts';
import type { Logger } from '../logger.ts';
import { isDatabaseUnreachable } from './errors.ts';

type Handler = (payload: string) => void;
type ListenerLimits = Pick<DatabaseLimits, 'connectTimeoutMs' | 'listenerHeartbeatMs' | 'listenerRetryInitialMs' | 'listenerRetryMaxMs'>;

export type ListenerState = 'idle' | 'listening' | 'reconnecting' | 'closed';

export class PgListener {
  #state: ListenerState = 'idle';
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #attempt = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #heartbeatInFlight = false;
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #restored = new Set<() => void>();

  constructor(
    private readonly url: string,
    private readonly limits: ListenerLimits,
    private readonly logger: Pick<Logger, 'info' | 'warn'> | undefined,
  ) {}

  /** `listening` while LISTEN is in place; `reconnecting` while notifications can be lost. */
  get state(): ListenerState {
    return this.#state;
  }

  /**
   * Calls `onPayload` for every notification on `channel`. The first call connects (and throws
   * if the server cannot be reached); later ones only LISTEN, or leave it to the reconnect.
   */
  async listen(channel: string, onPayload: Handler): Promise<() => Promise<void>> {
    if (this.#state === 'closed') throw new Error('the listener is closed');
    let handlers = this.#handlers.get(channel);
    const isNew = !handlers;
    handlers ??= new Set();
    handlers.add(onPayload);
    this.#handlers.set(channel, handlers);
    if (this.#state === 'idle') {
      try {
        await this.#connectOnce();
      } catch (e) {
        this.#handlers.delete(channel);
        throw e;
      }
    } else if (isNew) {
      await this.#command(`LISTEN ${pg.escapeIdentifier(channel)}`);
    }
    return async () => {
      handlers.delete(onPayload);
      if (handlers.size > 0 || this.#handlers.get(channel) !== handlers) return;
      this.#handlers.delete(channel);
      await this.#command(`UNLISTEN ${pg.escapeIdentifier(channel)}`);
    };
  }

  /** Calls `onRestored` each time LISTEN is back after a loss; returns the function that unsubscribes. */
  onRestored(onRestored: () => void): () => void {
    this.#restored.add(onRestored);
    return () => this.#restored.delete(onRestored);
  }

  async close(): Promise<void> {
    this.#state = 'closed';
    clearTimeout(this.#retryTimer);
    clearInterval(this.#heartbeatTimer);
    const client = this.#client;
    this.#client = undefined;
    if (client) await this.#end(client);
  }

  /** The first connection, shared by concurrent first `listen` calls. */
  #connectOnce(): Promise<void> {
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  /** A new client that LISTENs on every channel with handlers; becomes the current one on success. */
  async #connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.limits.connectTimeoutMs,
      query_timeout: this.limits.connectTimeoutMs,
      keepAlive: true,
    });
    client.on('error', (e) => {
      this.#lost(client, e);
    });
    client.on('end', () => {
      this.#lost(client, undefined);
    });
    client.on('notification', (n) => {
      this.#dispatch(n.channel, n.payload ?? '');
    });
    try {
      await client.connect();
      for (const channel of this.#handlers.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (e) {
      await this.#end(client);
      throw e;
    }
    if (this.#state === 'closed') {
      await this.#end(client);
      return;
    }
    this.#client = client;
    this.#state = 'listening';
    this.#heartbeatTimer = setInterval(() => {
      this.#heartbeat(client);
    }, this.limits.listenerHeartbeatMs);
    this.#heartbeatTimer.unref();
  }

  /** LISTEN/UNLISTEN on the current client; a lost connection is left to the reconnect, which LISTENs from `#handlers`. */
  async #command(sql: string): Promise<void> {
    const client = this.#client;
    if (this.#state !== 'listening' || !client) return;
    try {
      await client.query(sql);
    } catch (e) {
      if (!isDatabaseUnreachable(e)) throw e;
      this.#lost(client, e);
    }
  }

  #heartbeat(client: pg.Client): void {
    if (this.#heartbeatInFlight || client !== this.#client) return;
    this.#heartbeatInFlight = true;
    client
      .query('SELECT 1')
      .catch((e: unknown) => {
        this.#lost(client, e);
      })
      .finally(() => {
        this.#heartbeatInFlight = false;
      });
  }

  #lost(client: pg.Client, error: unknown): void {
    if (client !== this.#client || this.#state !== 'listening') return;
    this.#client = undefined;
    this.#state = 'reconnecting';
    clearInterval(this.#heartbeatTimer);
    void this.#end(client);
    this.logger?.warn('database listener lost; notifications may be missed until it reconnects', { error: describe(error) });
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#state === 'closed') return;
    const { listenerRetryInitialMs: initial, listenerRetryMaxMs: max } = this.limits;
    const ceiling = Math.min(max, initial * 2 ** Math.min(this.#attempt, 30));
    const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.#attempt += 1;
    this.#retryTimer = setTimeout(() => {
      this.#connect().then(
        () => {
          this.#onReconnected();
        },
        (e: unknown) => {
          this.logger?.warn('database listener: reconnect failed', { attempt: this.#attempt, error: describe(e) });
          this.#scheduleReconnect();
        },
      );
    }, delayMs);
    this.#retryTimer.unref();
  }

  #onReconnected(): void {
    if (this.#state !== 'listening') return;
    this.logger?.info('database listener is back; re-checking what may have been missed', { attempts: this.#attempt });
    this.#attempt = 0;
    for (const callback of [...this.#restored]) {
      try {
        callback();
      } catch (e) {
        this.logger?.warn('database listener: a restore callback failed', { error: describe(e) });
      }
    }
  }

  #dispatch(channel: string, payload: string): void {
    for (const handler of [...(this.#handlers.get(channel) ?? [])]) {
      try {
        handler(payload);
      } catch {
        // One handler's failure must not stop delivery to the others (they log their own).
      }
    }
  }

  /** Ends `client`; on a path that stopped answering, its socket is destroyed after a connect timeout. */
  async #end(client: pg.Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => {
        resolve('late');
      }, this.limits.connectTimeoutMs);
    });
    const ended = client.end().then(
      () => 'ended' as const,
      () => 'ended' as const,
    );
    if ((await Promise.race([ended, late])) === 'late') client.connection.stream.destroy();
    clearTimeout(timer);
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) return e.message;
  return e === undefined ? 'connection ended' : JSON.stringify(e);
}
