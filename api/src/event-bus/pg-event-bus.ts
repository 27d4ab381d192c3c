/**
 * The event bus on PostgreSQL LISTEN/NOTIFY: `publish` sends a NOTIFY on one channel, every
 * instance LISTENs on it. One instance needs nothing but its own database; PGlite delivers
 * NOTIFY to its own listeners. NOTIFY payloads are capped at 8000 bytes, which is why events
 * carry ids and numbers only (see [Note: one path for events] in event-bus.ts).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { parseBusEvent, type BusEvent } from './bus-event.ts';
import type { BusListener, EventBus } from './event-bus.ts';

export const EVENTS_CHANNEL = 'seccam_events';

/** Starts listening on the events channel; resolves once LISTEN is in place. */
export async function openPgEventBus(database: Database): Promise<EventBus> {
  const bus = new PgEventBus(database);
  await bus.listen();
  return bus;
}

class PgEventBus implements EventBus {
  private readonly listeners = new Set<BusListener>();
  private unlisten: (() => Promise<void>) | undefined;
  private readonly resyncOffs = new Set<() => void>();

  constructor(private readonly database: Database) {}

  async listen(): Promise<void> {
    this.unlisten = await this.database.listen(EVENTS_CHANNEL, (payload) => {
      const event = parseBusEvent(payload);
      if (event) this.deliver(event);
    });
  }

  async publish(event: BusEvent): Promise<void> {
    await this.database.db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`);
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onResync(listener: () => void): () => void {
    const off = this.database.onListenRestored(listener);
    this.resyncOffs.add(off);
    return () => {
      off();
      this.resyncOffs.delete(off);
    };
  }

  isListening(): boolean {
    return this.database.isListening();
  }

  async close(): Promise<void> {
    for (const off of this.resyncOffs) off();
    this.resyncOffs.clear();
    await this.unlisten?.();
    this.listeners.clear();
  }

  private deliver(event: BusEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A listener's failure must not stop delivery to the others.
      }
    }
  }
}
