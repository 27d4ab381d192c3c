/**
 * `/healthz`: whether this instance can serve, answered honestly and in bounded time.
 *
 * 200 `{ ok: true, database: "reachable", events: "listening", backend }` when a trivial query
 * answers within `healthTimeoutMs` and the event bus receives (the LISTEN connection, or the
 * NATS connection when `NATS_URL` is set); otherwise 503 with `ok: false`, `database:
 * "unreachable"` and/or `events: "reconnecting"` (while the bus is down this instance misses
 * other instances' events), and `Retry-After`. `backend` is
 * `postgres` or `pglite`. Concurrent probes share one query, so a probe storm during an outage
 * does not queue for pool slots.
 */
import type { ServerResponse } from 'node:http';
import type { Database } from '../db/client.ts';
import type { EventBus } from '../event-bus/event-bus.ts';

export interface Health {
  readonly ok: boolean;
  readonly database: 'reachable' | 'unreachable';
  readonly events: 'listening' | 'reconnecting';
  readonly backend: Database['kind'];
}

export function createHealthCheck(database: Database, bus: Pick<EventBus, 'isListening'>, timeoutMs: number): () => Promise<Health> {
  let inFlight: Promise<boolean> | undefined;
  return async () => {
    inFlight ??= database.ping(timeoutMs).finally(() => {
      inFlight = undefined;
    });
    const reachable = await inFlight;
    const listening = bus.isListening();
    return {
      ok: reachable && listening,
      database: reachable ? 'reachable' : 'unreachable',
      events: listening ? 'listening' : 'reconnecting',
      backend: database.kind,
    };
  };
}

export function sendHealth(res: ServerResponse, health: Health): void {
  res
    .writeHead(health.ok ? 200 : 503, {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...(health.ok ? {} : { 'retry-after': '1' }),
    })
    .end(JSON.stringify(health));
}
