/**
 * The event bus on NATS core pub/sub, for several instances ([Note: one path for events]).
 * Each event kind has its own subject under `seccam.events.` (`seccam.events.grant.revoked`,
 * …) and every instance subscribes to all of them; payloads are the same JSON as on the
 * PostgreSQL bus, parsed at the boundary. NATS, like LISTEN/NOTIFY, delivers at most once:
 * while the link is down, `publish` throws {@link BusUnavailableError} and events sent by
 * others are lost to this instance; when the client has reconnected, `onResync` listeners
 * re-check the database ([Note: after a gap]).
 */
import type { Subscription } from '@nats-io/transport-node';
import { parseBusEvent, type BusEvent } from './bus-event.ts';
import type { BusListener, EventBus } from './event-bus.ts';
import type { NatsLink } from './nats-link.ts';

export const EVENTS_SUBJECT_PREFIX = 'seccam.events';

/** The subject an event travels on. */
export function eventSubject(event: Pick<BusEvent, 'kind'>): string {
  return `${EVENTS_SUBJECT_PREFIX}.${event.kind}`;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Subscribes to every event subject on `link`; the bus owns the link from then on (its `close` closes it). */
export function openNatsEventBus(link: NatsLink): EventBus {
  return new NatsEventBus(link);
}

class NatsEventBus implements EventBus {
  private readonly listeners = new Set<BusListener>();
  private readonly subscription: Subscription;

  constructor(private readonly link: NatsLink) {
    this.subscription = link.connection.subscribe(`${EVENTS_SUBJECT_PREFIX}.>`, {
      callback: (error, msg) => {
        if (error) return;
        const event = parseBusEvent(decoder.decode(msg.data));
        if (event && eventSubject(event) === msg.subject) this.deliver(event);
      },
    });
  }

  // async: a link that is down rejects the promise rather than throwing at the call.
  // eslint-disable-next-line @typescript-eslint/require-await
  async publish(event: BusEvent): Promise<void> {
    this.link.ensureConnected().publish(eventSubject(event), encoder.encode(JSON.stringify(event)));
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onResync(listener: () => void): () => void {
    return this.link.onRestored(listener);
  }

  isListening(): boolean {
    return this.link.isConnected();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscription.unsubscribe();
    await this.link.close();
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
