/**
 * Server events, fanned out to every API instance through PostgreSQL LISTEN/NOTIFY.
 *
 * [Note: one path for events]
 * Everything that must reach sockets possibly held by another instance — a revoked grant
 * closing watch sockets, a `rekey` for the driver's ingest socket, a new frame for live
 * viewers, GraphQL subscription events — is published here. `publish` sends a NOTIFY; every
 * instance (this one included) receives it from its LISTEN and hands it to local subscribers.
 * One instance needs nothing but its own database; PGlite delivers NOTIFY to its own listeners.
 * Payloads are small JSON (ids and numbers, never frame bytes: NOTIFY is capped at 8000 bytes).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';

export const EVENTS_CHANNEL = 'seccam_events';

export type BusEvent =
  | { kind: 'stream.started'; streamId: string; ownerId: string }
  | { kind: 'stream.ended'; streamId: string; ownerId: string; seq: number }
  | { kind: 'stream.frame'; streamId: string; seq: number; origin: string }
  | { kind: 'grant.created'; grantId: string; driverId: string; dispatcherId: string }
  | { kind: 'grant.revoked'; grantId: string; driverId: string; dispatcherId: string }
  | { kind: 'epoch.published'; streamId: string; ownerId: string; epoch: number; recipientIds: string[] }
  | { kind: 'sessions.ended'; userId: string; sessionIds: string[] | null };

export type BusEventKind = BusEvent['kind'];
type Listener = (event: BusEvent) => void;

const KINDS = new Set<BusEventKind>([
  'stream.started',
  'stream.ended',
  'stream.frame',
  'grant.created',
  'grant.revoked',
  'epoch.published',
  'sessions.ended',
]);

export class EventBus {
  /** Identifies this instance in `stream.frame` events (its own frames arrive by the fast path). */
  readonly instanceId = randomUUID();
  private readonly listeners = new Set<Listener>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(private readonly database: Database) {}

  async start(): Promise<void> {
    this.unlisten = await this.database.listen(EVENTS_CHANNEL, (payload) => {
      const event = parseBusEvent(payload);
      if (!event) return;
      for (const l of this.listeners) {
        try {
          l(event);
        } catch {
          // A listener's failure must not stop delivery to the others.
        }
      }
    });
  }

  async stop(): Promise<void> {
    await this.unlisten?.();
    this.listeners.clear();
  }

  async publish(event: BusEvent): Promise<void> {
    await this.database.db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`);
  }

  /** Registers a listener; returns the function that removes it. */
  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events as an async iterable (GraphQL subscriptions). Ends when `signal` aborts or `return()` is called. */
  iterate(filter: (e: BusEvent) => boolean | Promise<boolean>, maxQueued = 256): AsyncIterableIterator<BusEvent> {
    const queue: BusEvent[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    const off = this.on((e) => {
      if (queue.length >= maxQueued) queue.shift(); // a subscriber that does not read loses the oldest, never grows
      queue.push(e);
      wake?.();
    });
    const finish = (): IteratorResult<BusEvent> => {
      done = true;
      off();
      wake?.();
      return { done: true, value: undefined };
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next(): Promise<IteratorResult<BusEvent>> {
        while (!done) {
          const e = queue.shift();
          if (e) {
            if (await filter(e)) return { done: false, value: e };
            continue;
          }
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
        return { done: true, value: undefined };
      },
      return: () => Promise.resolve(finish()),
      throw: () => Promise.resolve(finish()),
    };
  }
}

/** Parses a NOTIFY payload; anything unexpected is dropped. */
export function parseBusEvent(payload: string): BusEvent | null {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null || !('kind' in value)) return null;
    return KINDS.has((value as { kind: BusEventKind }).kind) ? (value as BusEvent) : null;
  } catch {
    return null;
  }
}
