/**
 * The event bus on NATS core pub/sub, for several instances ([Note: one path for events]).
 * Each event kind has its own subject under `seccam.events.` (`seccam.events.grant.revoked`,
 * …) and every instance subscribes to all of them; payloads are the same JSON as on the
 * PostgreSQL bus, parsed at the boundary. NATS, like LISTEN/NOTIFY, delivers at most once:
 * while the link is down, events sent by others are lost to this instance; when the client has
 * reconnected, `onResync` listeners re-check the database ([Note: after a gap]).
 *
 * [Note: publishing while NATS is away]
 * An event announces a database write that is already committed. While the link is down the
 * event is handed to this instance's own subscribers at once (a revoked viewer on this instance
 * is closed now, not when NATS returns) and not queued for the others, which re-check the
 * database after their gap anyway; `publish` resolves, so the caller's answer tells the truth
 * about the write. The outage is surfaced where an operator looks: `isListening()` is false
 * (`/healthz` answers 503, `events: "reconnecting"`), each such event is logged as a warning,
 * and the resync follows the reconnect. Only a bus that was closed refuses, with
 * {@link BusUnavailableError}.
 */
import type { Subscription } from '@nats-io/transport-node';
import { parseBusEvent, type BusEvent } from './bus-event.ts';
import type { Logger } from '../logger.ts';
import { BusUnavailableError, type BusListener, type EventBus } from './event-bus.ts';
import type { NatsLink } from './nats-link.ts';

export const EVENTS_SUBJECT_PREFIX = 'seccam.events';

/** The subject an event travels on. */
export function eventSubject(event: Pick<BusEvent, 'kind'>): string {
  return `${EVENTS_SUBJECT_PREFIX}.${event.kind}`;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Subscribes to every event subject on `link`; the bus owns the link from then on (its `close` closes it). */
export function openNatsEventBus(link: NatsLink, logger: Pick<Logger, 'warn'>): EventBus {
  return new NatsEventBus(link, logger);
}

class NatsEventBus implements EventBus {
  private readonly listeners = new Set<BusListener>();
  private readonly subscription: Subscription;
  private closed = false;

  constructor(
    private readonly link: NatsLink,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {
    this.subscription = link.connection.subscribe(`${EVENTS_SUBJECT_PREFIX}.>`, {
      callback: (error, msg) => {
        if (error) return;
        const event = parseBusEvent(decoder.decode(msg.data));
        if (event && eventSubject(event) === msg.subject) this.deliver(event);
      },
    });
  }

  publish(event: BusEvent): Promise<void> {
    if (this.closed) return Promise.reject(new BusUnavailableError('the event bus is closed'));
    if (!this.link.isConnected()) {
      // [Note: publishing while NATS is away]
      this.logger.warn('event bus: NATS is down; event delivered on this instance only', { kind: event.kind });
      this.deliver(structuredClone(event));
      return Promise.resolve();
    }
    this.link.connection.publish(eventSubject(event), encoder.encode(JSON.stringify(event)));
    return Promise.resolve();
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
    this.closed = true;
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
